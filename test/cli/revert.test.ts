/**
 * `trackops-bulk revert` end to end (issue 18, done-when): a spawned CLI against a sandbox over real
 * HTTP. A revert SIGKILLed half-way and resumed puts every request back exactly once (PUTs counted per
 * request in the sandbox's log) and byte for byte; starting it again without --resume is refused with
 * the command that finishes it; a revert of a journal that only created sends nothing and lists the
 * creates with their ids and numbers. The token appears nowhere.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { startSandbox, type AccountFile, type StoredCaseRequest } from '../../sandbox/index.ts';
import { importInProcess, makeRows, templateMapping } from '../batch/helpers.ts';
import {
  BIN,
  SECRET_TOKEN,
  connectionEnv,
  exited,
  secretSandbox,
  waitForOutcomes,
  type CliResult,
} from './import-helpers.ts';
import { spawn } from 'node:child_process';

const execFileAsync = promisify(execFile);
const ROWS = 40;

async function revertCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, 'revert', ...args], { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** An account holding ROWS requests created by an import, and that import's (create-only) journal. */
async function seeded(dir: string): Promise<{ account: AccountFile; createJournal: string }> {
  const original = join(dir, 'original.csv');
  makeRows(original, ROWS, 'RVK');
  const seedSandbox = await startSandbox({ port: 0, rate: 1000 });
  const createJournal = join(dir, 'create.journal.jsonl');
  try {
    await importInProcess({
      file: original,
      mapping: await templateMapping(),
      mode: 'create',
      sandbox: seedSandbox,
      journal: createJournal,
    });
    const account = seedSandbox.account();
    account.credentials = [{ username: 'importer', token: SECRET_TOKEN }];
    return { account, createJournal };
  } finally {
    await seedSandbox.close();
  }
}

function steppingClock(): () => Date {
  let at = Date.now();
  return () => new Date((at += 1000));
}

const mine = (account: AccountFile) =>
  account.case_requests.filter((request) => request.reference_value_1?.startsWith('RVK-'));
const withoutUpdatedAt = ({ updated_at: _at, ...rest }: StoredCaseRequest) => rest;

describe('revert (CLI)', () => {
  it('SIGKILL half-way, then --resume: every request put back once, byte for byte; the token is nowhere', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-revert-kill-'));
    const { account } = await seeded(dir);
    const { sandbox, log } = await secretSandbox({
      account,
      rate: 1000,
      faults: 'latency=30-120ms,seed=5',
      now: steppingClock(),
    });
    // Resumed at once after the kill: no settle window for the PUTs it cut off (revert-put-in-doubt
    // has its own test of the window).
    const env = { ...connectionEnv(sandbox), TRACKOPS_TEST_SETTLE_MS: '0' };
    try {
      const before = structuredClone(mine(sandbox.account()));
      const changed = join(dir, 'changed.csv');
      makeRows(changed, ROWS, 'RVK', [], 'Aurora', 'Changed');
      const journal = join(dir, 'update.journal.jsonl');
      const summary = await importInProcess({
        file: changed,
        mapping: { ...(await templateMapping()), match: 'reference_value_1' },
        mode: 'update',
        sandbox,
        journal,
      });
      expect(summary).toMatchObject({ updated: ROWS, failed: 0 });
      const fromRevert = log.length;
      const committedBefore = sandbox.stats().writesCommitted;

      const args = ['--journal', 'update.journal.jsonl', '--rate', '10/s', '--concurrency', '2', '--json'];
      const child = spawn(process.execPath, [BIN, 'revert', ...args], {
        cwd: dir,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const output: string[] = [];
      child.stdout!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.stderr!.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      await waitForOutcomes(join(dir, 'update.journal.revert.jsonl'), 12);
      child.kill('SIGKILL');
      expect((await exited(child)).signal).toBe('SIGKILL');
      const putsAtKill = log.slice(fromRevert).filter((entry) => entry.method === 'PUT').length;
      expect(putsAtKill).toBeGreaterThanOrEqual(12);
      expect(putsAtKill).toBeLessThan(ROWS);

      // Started again without --resume: refused, with the command that finishes it.
      const fresh = await revertCli(args, dir, env);
      expect(fresh.code).toBe(2);
      expect(fresh.stderr).toMatch(/already started .*--resume/);

      const resumed = await revertCli([...args, '--resume'], dir, env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({
        updates: ROWS,
        reverted: ROWS,
        conflict: 0,
        failed: 0,
      });

      // Every request written once: the sandbox committed exactly one write per request, and each got
      // one answered PUT. A second PUT of one request follows only a first that the kill cut off before
      // the sandbox wrote it (its check found the old values still there).
      expect(sandbox.stats().writesCommitted - committedBefore).toBe(ROWS);
      const answered = new Map<string, number>();
      for (const entry of log.slice(fromRevert)) {
        if (entry.method !== 'PUT') continue;
        if (entry.status === 'dropped') continue;
        expect(entry.status).toBe(200);
        answered.set(entry.url, (answered.get(entry.url) ?? 0) + 1);
      }
      expect(answered.size).toBe(ROWS);
      for (const [url, count] of answered) expect(count, url).toBe(1);

      // Finished: started again, it says so and what it did, not "finish it" (explore 14 item 8).
      const again = await revertCli(args, dir, env);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(
        `this journal was already reverted (${join(dir, 'update.journal.revert.jsonl')}): ${ROWS} requests put back; ` +
          'the revert is finished and nothing is left to send',
      );

      const after = mine(sandbox.account());
      for (const request of before) {
        const now = after.find((r) => r.id === request.id)!;
        expect(JSON.stringify(withoutUpdatedAt(now))).toBe(JSON.stringify(withoutUpdatedAt(request)));
      }
      for (const name of await readdir(dir))
        expect(await readFile(join(dir, name), 'utf8'), name).not.toContain(SECRET_TOKEN);
      expect(output.join('') + resumed.stdout + resumed.stderr).not.toContain(SECRET_TOKEN);
    } finally {
      await sandbox.close();
    }
  }, 180_000);

  it('a journal that only created: sends nothing, lists every create with its id and number', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-revert-create-'));
    const { account, createJournal } = await seeded(dir);
    const { sandbox, log } = await secretSandbox({ account, rate: 1000 });
    try {
      const result = await revertCli(
        ['--journal', createJournal, '--results', 'revert.json', '--rate', '100/s'],
        dir,
        connectionEnv(sandbox),
      );
      expect(result.code).toBe(1); // creates are left for a person
      expect(log.filter((entry) => entry.method !== 'GET')).toEqual([]);
      const created = mine(sandbox.account());
      for (const request of created) expect(result.stdout).toContain(`${request.case_request_number}`);
      expect(result.stdout).toMatch(/0 updates of the import: 0 put back.*40 created by the import/s);
      const report = JSON.parse(await readFile(join(dir, 'revert.json'), 'utf8'));
      expect(report.rows).toHaveLength(ROWS);
      for (const row of report.rows) {
        const request = created.find((r) => r.id === row.id)!;
        expect(row).toMatchObject({ status: 'created', case_request_number: request.case_request_number });
      }
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
