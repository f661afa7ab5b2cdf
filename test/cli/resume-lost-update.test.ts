/**
 * A mapped update SIGKILLed while its PUTs are on their way: the sandbox stores them, their answers
 * never arrive (a proxy holds them). A colleague then changes the Notes of one request in Trackops, and
 * the import is resumed (defect: the resume sent the row again, overwrote the colleague's note, said
 * `updated` and exited 0; revert then forgot the due date the first write changed).
 * Rules: a row whose answer was lost is read back before anything is sent again; a field changed in
 * Trackops since (holding neither the value read before the first write nor the row's) is a
 * `conflict`, both values shown, nothing sent; a row Trackops already holds is `updated`, said as found
 * applied by the earlier run, nothing sent; the undo keeps the values from before the first write.
 * A round-trip import killed the same way: its resume says the rows were found applied by the killed
 * run (they were sent), not "unchanged (Trackops already holds their values, not sent)".
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { startHeldUpdateAnswerProxy } from '../batch/proxies.ts';
import {
  BIN,
  connectionEnv,
  exited,
  importCli,
  secretSandbox,
  spawnImport,
  type CliResult,
} from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

const execFileAsync = promisify(execFile);

async function revertCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, 'revert', ...args], { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const MAPPING = {
  version: 1,
  mode: 'update',
  match: 'reference_value_1',
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Due Date', target: 'due_on', dateFormat: 'M/D/YYYY' },
    { column: 'Instructions', target: 'notes' },
  ],
};

describe('import --resume after lost update answers', () => {
  it('a field changed in Trackops since is a conflict, a landed row is found applied; nothing is sent again; revert keeps the first values', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-resume-lost-update-'));
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const proxy = await startHeldUpdateAnswerProxy(sandbox.baseUrl);
    const env = connectionEnv(sandbox);
    try {
      const requestOf = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!;
      const first = requestOf(1);
      const second = requestOf(2);
      await writeFile(
        join(dir, 'u.csv'),
        `Claim #,Due Date,Instructions\r\n${first.reference_value_1},4/15/2027,clerk notes\r\n${second.reference_value_1},4/15/2027,clerk notes 2\r\n`,
      );
      await writeFile(join(dir, 'u.json'), JSON.stringify(MAPPING));
      const args = [
        'u.csv',
        '--mapping',
        'u.json',
        '--rate',
        '50/s',
        '--concurrency',
        '2',
        '--results',
        'r.csv',
      ];

      const child = spawnImport(args, dir, { ...env, TRACKOPS_URL: proxy.baseUrl });
      for (let waited = 0; new Set(proxy.held()).size < 2; waited += 50) {
        if (waited > 60_000) throw new Error('the two updates never reached the sandbox');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGKILL');
      expect((await exited(child)).signal).toBe('SIGKILL');
      expect(requestOf(1)).toMatchObject({ due_on: '2027-04-15', notes: 'clerk notes' });

      // A colleague's change, made in Trackops after the lost answer.
      const colleague = await fetch(`${sandbox.baseUrl}/case/requests/1`, {
        method: 'PUT',
        headers: {
          'Content-Type': 'application/json',
          Accept: 'application/json',
          Authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
        },
        body: JSON.stringify({ casefile_request: { notes: 'colleague: client called' } }),
      });
      expect(colleague.status).toBe(200);

      const fromResume = log.length;
      const resumed = await importCli([...args, '--resume'], dir, env);
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(1);
      expect(log.slice(fromResume).filter((entry) => entry.method === 'PUT')).toHaveLength(0);
      expect(resumed.stdout).toMatch(/updated 1, failed 1/);
      expect(resumed.stdout).toMatch(
        /row 2 .*was changed in Trackops since an earlier run of this import read it.*Notes is now 'colleague: client called', this row sets 'clerk notes'.*not sent again/,
      );
      expect(resumed.stdout).toMatch(/row 3 .*found applied by an earlier run of this import/);
      expect(requestOf(1)).toMatchObject({ due_on: '2027-04-15', notes: 'colleague: client called' });

      // The undo still knows request 1 was changed (not touched: the colleague's note), and puts
      // request 2 back to the values from before the first write.
      const dry = await revertCli(['--journal', 'r.journal.jsonl', '--dry-run', '--rate', '100/s'], dir, env);
      expect(dry.stdout).toMatch(
        /row 2: REQ-00001 changed in Trackops since the import, not touched:\n\s+Notes: the import set 'clerk notes', Trackops now holds 'colleague: client called'/,
      );
      expect(dry.stdout).toContain(`Notes: 'clerk notes 2' → '${second.notes}'`);
      expect(dry.stdout).toContain(`Due date: '2027-04-15' → '${second.due_on}'`);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 120_000);

  it('a round trip killed mid-PUT: the resume says each landed row was found applied by the earlier run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-resume-lost-round-trip-'));
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const proxy = await startHeldUpdateAnswerProxy(sandbox.baseUrl);
    // Every run goes through the proxy: a round trip is refused on another API address than its
    // export's (another account, as far as the file can tell), and the proxy's is another one.
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl };
    try {
      // The export is set-up, written by the export command's own code in this process (spawned, the
      // round-trip export is test/cli/export.test.ts's); the import killed and its resume are spawned.
      const exported = await commandInProcess(
        'export',
        ['--out', 'rt.xlsx', '--columns', 'round-trip', '--rate', '100/s'],
        dir,
        env,
      );
      expect(exported.stdout).toMatch(/Exported \d+ case requests/);
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(join(dir, 'rt.xlsx'));
      const sheet = book.getWorksheet('Case Requests')!;
      const headers = (sheet.getRow(1).values as unknown[]).map(String);
      sheet.eachRow((row) => {
        const id = String(row.getCell(headers.indexOf('id')).value);
        if (id === '3' || id === '5') row.getCell(headers.indexOf('notes')).value = `Edited ${id}`;
      });
      await book.xlsx.writeFile(join(dir, 'rt-edited.xlsx'));
      const args = ['rt-edited.xlsx', '--rate', '50/s', '--concurrency', '2', '--results', 'r.csv'];

      const child = spawnImport(args, dir, env);
      for (let waited = 0; new Set(proxy.held()).size < 2; waited += 50) {
        if (waited > 60_000) throw new Error('the two updates never reached the sandbox');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      child.kill('SIGKILL');
      expect((await exited(child)).signal).toBe('SIGKILL');

      const fromResume = log.length;
      const resumed = await importCli([...args, '--resume'], dir, env);
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      expect(log.slice(fromResume).filter((entry) => entry.method === 'PUT')).toHaveLength(0);
      // The two edited rows are updated (found applied), not unchanged; the 34 unedited ones are.
      expect(resumed.stdout).toMatch(
        /updated 2, unchanged 34 \(Trackops already holds their values, not sent\), failed 0/,
      );
      expect(resumed.stdout).toMatch(/row \d+ \(REQ-00003\): found applied by an earlier run of this import/);
      expect(resumed.stdout).toMatch(/row \d+ \(REQ-00005\): found applied by an earlier run of this import/);
      const outcomes = (await readFile(join(dir, 'r.journal.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; status?: string; note?: { code: string } })
        .filter((line) => line.type === 'outcome');
      expect(outcomes).toHaveLength(2);
      for (const outcome of outcomes)
        expect(outcome).toMatchObject({ status: 'updated', note: { code: 'applied_earlier' } });
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 120_000);
});
