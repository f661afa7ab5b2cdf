/**
 * One export into a file at a time (explore 10 item 3: two exports to one --out both exited 0 with their
 * own row counts, and the file held only the last one's). As a user runs it: spawned CLIs against the
 * sandbox over HTTP. Rules:
 * - a second export into a file one export is writing is refused (exit 2), naming the file and the
 *   other run's process, and makes no request; the first finishes as asked;
 * - the lock goes with the export: after it finishes, and after Ctrl-C (exit 130);
 * - a lock a killed export left is taken over, with a note.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { BIN, exited } from './import-helpers.ts';
import { runCli } from './run-cli.ts';

let sandbox: RunningSandbox;
const requests: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => requests.push(entry.url) });
});
afterAll(() => sandbox.close());

const connection = () => ['--url', sandbox.baseUrl, '--user', sandbox.username];
const env = () => ({ ...process.env, TRACKOPS_URL: '', TRACKOPS_USER: '', TRACKOPS_TOKEN: sandbox.token });

function spawnExport(out: string, rate: string): ChildProcess {
  return spawn(process.execPath, [BIN, 'export', '--out', out, '--rate', rate, ...connection()], {
    env: env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

async function waitForFile(path: string): Promise<void> {
  for (let tries = 0; tries < 600; tries++) {
    if (
      await stat(path).then(
        () => true,
        () => false,
      )
    )
      return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${path} never appeared`);
}

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

describe('export: one export into a file at a time', () => {
  it('a second export into the file one is writing is refused (exit 2, the file and the process named, no request); the lock goes when the first ends', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-lock-'));
    const out = join(dir, 'same.xlsx');
    // 2/s: its ten or so requests take about 5 s, time enough to be held (SIGSTOP) while the second
    // tries, where 1/s kept the test waiting 10 s for it to finish.
    const first = spawnExport(out, '2/s');
    const lock = join(dir, '.same.xlsx.lock');
    await waitForFile(lock);
    // Held while the second tries, so that it cannot finish first however slow the machine is.
    first.kill('SIGSTOP');
    // A request the first had already sent may still reach the sandbox: counted before the second runs.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = requests.length;
    const second = await runCli(
      ['export', '--out', out, '--reference-value-1', 'X', '--rate', '100/s', ...connection()],
      { TRACKOPS_TOKEN: sandbox.token },
    );
    first.kill('SIGCONT');
    expect(second.code).toBe(2);
    expect(second.stderr.trim().split('\n')).toHaveLength(1);
    expect(second.stderr).toContain(
      `trackops-bulk: export: ${out} is being written by another export (process ${first.pid} on ${hostname()}`,
    );
    expect(requests.length).toBe(before);
    expect((await exited(first)).code).toBe(0);
    expect(await exists(lock)).toBe(false);
    // The file is the first export's, whole; and with the lock gone, the next export runs.
    expect((await readFile(out)).subarray(0, 2).toString()).toBe('PK');
    const third = await runCli(['export', '--out', out, '--rate', '100/s', ...connection()], {
      TRACKOPS_TOKEN: sandbox.token,
    });
    expect(third.code, third.stderr).toBe(0);
  });

  it('Ctrl-C releases the lock (exit 130, no file)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-lock-int-'));
    const out = join(dir, 'stopped.csv');
    const run = spawnExport(out, '1/min');
    await waitForFile(join(dir, '.stopped.csv.lock'));
    run.kill('SIGINT');
    expect((await exited(run)).code).toBe(130);
    expect(await exists(join(dir, '.stopped.csv.lock'))).toBe(false);
    expect(await exists(out)).toBe(false);
  });

  it('a lock a killed export left is taken over, with a note; the export runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-lock-stale-'));
    const out = join(dir, 'left.csv');
    // A process that has ended: its pid is free, as a killed export's is.
    const gone = spawn(process.execPath, ['-e', '0']);
    await exited(gone);
    const lock = join(dir, '.left.csv.lock');
    await writeFile(
      lock,
      JSON.stringify({ pid: gone.pid, host: hostname(), startedAt: '2026-01-01T00:00:00Z' }) + '\n',
    );
    const run = await runCli(['export', '--out', out, '--rate', '100/s', ...connection()], {
      TRACKOPS_TOKEN: sandbox.token,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toContain(
      `export: note: took over the lock of an export to ${out} that is no longer running (process ${gone.pid} on ${hostname()}`,
    );
    expect(await exists(lock)).toBe(false);
    expect(await exists(out)).toBe(true);
  });
});
