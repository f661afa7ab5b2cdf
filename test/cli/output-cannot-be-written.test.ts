/**
 * A command whose own output cannot be written (explore 59 item 3): stdout on a full log disk
 * (`>/dev/full`: ENOSPC), stderr a pipe whose reader went away (`2>&1 | head -1`, a `logger` that
 * exited: EPIPE). The import used to die on its next line: an unhandled 'error' event, a Node stack
 * trace, exit 1 for rows that were all created, rows in doubt and locks left. Now the command goes on
 * (cli/output-streams.ts): every row sent once, the journal and results complete, no lock left, the
 * exit code the rows earn, a failed stdout said on stderr; validate, export and revert alike.
 * Spawned CLI against a sandbox over real HTTP; rows written by Python.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importInProcess, makeRows, storedByReference, templateMapping } from '../batch/helpers.ts';
import { BIN, TEMPLATE, connectionEnv, exited, secretSandbox } from './import-helpers.ts';

const DEV_FULL = '/dev/full';

/** The CLI run with stdout written to /dev/full (every write: ENOSPC), stderr read by the test. */
async function withStdoutOnFullDisk(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number | null; stderr: string }> {
  const full = openSync(DEV_FULL, 'w');
  try {
    const child = spawn(process.execPath, [BIN, command, ...args], {
      cwd,
      env,
      stdio: ['ignore', full, 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const { code } = await exited(child);
    return { code, stderr };
  } finally {
    closeSync(full);
  }
}

const outcomes = async (journal: string) =>
  (await readFile(journal, 'utf8')).split('\n').filter((line) => line.includes('"type":"outcome"'));
const locksIn = async (folder: string) =>
  existsSync(folder) ? (await readdir(folder)).filter((name) => name.endsWith('.lock')) : [];

/** What must never reach a user: Node's report of an 'error' event nobody listened for. */
const STACK_TRACE = /node:events|Unhandled 'error'|^\s+at /m;

describe('import: its output cannot be written', () => {
  it('stdout on a full disk: every row created once, exit 0, the journal whole, no lock, said on stderr', async () => {
    if (!existsSync(DEV_FULL)) throw new Error('this test needs /dev/full (Linux)');
    const dir = await mkdtemp(join(tmpdir(), 'cli-out-full-'));
    makeRows(join(dir, 'rows.csv'), 3, 'OFD');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    try {
      const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '50/s', '--results', 'res.csv', '--json'];
      const run = await withStdoutOnFullDisk('import', args, dir, connectionEnv(sandbox));
      expect(run.stderr).not.toMatch(STACK_TRACE);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toContain(
        'trackops-bulk: import: standard output cannot be written (ENOSPC): what import prints there is lost, but it is not stopped for that: its journal (and a --results file) record every row.\n',
      );
      expect(await outcomes(join(dir, 'res.journal.jsonl'))).toHaveLength(3);
      expect(await readFile(join(dir, 'res.csv'), 'utf8')).toMatch(/created/);
      expect(await locksIn(dir)).toEqual([]);
      expect(await locksIn(process.env.TRACKOPS_RUN_LOCKS!)).toEqual([]);
      const stored = storedByReference(sandbox.account(), 'OFD-');
      expect(stored.size).toBe(3);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('stderr a pipe closed after its first line (`2>&1 | head -1`): the run goes on to its end, each row once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-err-gone-'));
    makeRows(join(dir, 'rows.csv'), 4, 'EPG');
    // Seeded 5xx answers, so that the import has things to say on stderr while it sends.
    const { sandbox } = await secretSandbox({ rate: 1000, faults: 'error5xx=0.3,seed=3' });
    try {
      // No back-off of seconds between tries; the first line on stderr is then the note that says so, and
      // the lines about the answers lost on purpose ("… got no answer …") come while rows are sent. A
      // create answered 5xx is looked for again 0.05 s after the first look, not 10 s.
      const args = [
        'rows.csv',
        '--mapping',
        TEMPLATE,
        '--rate',
        '50/s',
        '--recheck-after',
        '0.05',
        '--results',
        'res.csv',
        '--json',
      ];
      const child = spawn(process.execPath, [BIN, 'import', ...args], {
        cwd: dir,
        env: { ...connectionEnv(sandbox), TRACKOPS_TEST_RETRY_WAIT_MS: '0' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      let firstLine = '';
      child.stderr!.on('data', (chunk: Buffer) => {
        firstLine += chunk.toString();
        // As `head -1` does: the reader takes its line and goes; the next write meets a closed pipe.
        if (firstLine.includes('\n')) child.stderr!.destroy();
      });
      const { code } = await exited(child);
      // The first line (the test wait's note) went through; the pipe was closed before any row was sent.
      expect(firstLine).toContain('TRACKOPS_TEST_RETRY_WAIT_MS is set');
      const summary = JSON.parse(stdout);
      expect(summary).toMatchObject({ rows: 4, valid: 4 });
      expect(summary.interrupted, stdout).toBe(false);
      expect(summary.created + summary.failed).toBe(4);
      expect(code).toBe(summary.failed === 0 ? 0 : 1);
      expect(await outcomes(join(dir, 'res.journal.jsonl'))).toHaveLength(4);
      expect(existsSync(join(dir, 'res.unfinished.csv'))).toBe(false);
      expect(await locksIn(dir)).toEqual([]);
      const stored = storedByReference(sandbox.account(), 'EPG-');
      expect(stored.size).toBe(summary.created);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  }, 90_000);
});

describe('validate, export and revert: stdout on a full disk', () => {
  it('each finishes its work, no stack trace, the exit code its work earns', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-out-full-others-'));
    const { sandbox } = await secretSandbox({ rate: 1000 });
    try {
      const env = connectionEnv(sandbox);
      makeRows(join(dir, 'original.csv'), 2, 'OFO');
      makeRows(join(dir, 'new.csv'), 2, 'OFN');
      await importInProcess({
        file: join(dir, 'original.csv'),
        mapping: await templateMapping(),
        mode: 'create',
        sandbox,
        journal: join(dir, 'create.journal.jsonl'),
      });
      makeRows(join(dir, 'changed.csv'), 2, 'OFO', [], 'Aurora');
      await importInProcess({
        file: join(dir, 'changed.csv'),
        mapping: { ...(await templateMapping()), match: 'reference_value_1' },
        mode: 'update',
        sandbox,
        journal: join(dir, 'update.journal.jsonl'),
      });

      const validate = await withStdoutOnFullDisk(
        'validate',
        ['new.csv', '--mapping', TEMPLATE, '--rate', '50/s', '--report', 'report.json', '--json'],
        dir,
        env,
      );
      expect(validate.stderr).not.toMatch(STACK_TRACE);
      expect(validate.code, validate.stderr).toBe(0);
      expect(validate.stderr).toContain('validate: standard output cannot be written (ENOSPC)');
      expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')).summary).toMatchObject({
        valid: 2,
      });

      const exported = await withStdoutOnFullDisk(
        'export',
        ['--out', 'all.csv', '--rate', '50/s', '--json'],
        dir,
        env,
      );
      expect(exported.stderr).not.toMatch(STACK_TRACE);
      expect(exported.code, exported.stderr).toBe(0);
      expect(exported.stderr).toContain('the exported file is written as usual');
      expect(await readFile(join(dir, 'all.csv'), 'utf8')).toContain('OFO-');

      const reverted = await withStdoutOnFullDisk(
        'revert',
        ['--journal', 'update.journal.jsonl', '--rate', '50/s'],
        dir,
        env,
      );
      expect(reverted.stderr).not.toMatch(STACK_TRACE);
      expect(reverted.code, reverted.stderr).toBe(0);
      // The updates were put back: the city is Denver again on both requests.
      const stored = storedByReference(sandbox.account(), 'OFO-');
      expect(stored.size).toBe(2);
      for (const [reference, [request]] of stored)
        expect(JSON.stringify(request), reference).not.toContain('Aurora');
    } finally {
      await sandbox.close();
    }
  }, 90_000);
});
