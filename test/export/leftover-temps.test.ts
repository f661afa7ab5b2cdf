/**
 * An export killed outright (SIGKILL) leaves its temp file beside --out; the next export to that file
 * removes it and says so, and touches nothing else: not another file's temp files, not other names,
 * and not a temp file changed recently (another export to the same file may still be writing it).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCaseRequests } from '../../core/index.ts';
import { openAtomicStream } from '../../core/files/atomic-write.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startSlowProxy, type RunningProxy } from '../batch/proxies.ts';
import { runCli } from '../cli/run-cli.ts';
import { sandboxApi } from './sandbox-api.ts';

const bin = new URL('../../bin/trackops-bulk.mjs', import.meta.url).pathname;
let sandbox: RunningSandbox;
let slow: RunningProxy;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  slow = await startSlowProxy(sandbox.baseUrl, { slowListings: { count: 100, ms: 30_000 } });
});
afterAll(async () => {
  await slow.close();
  await sandbox.close();
});

const env = (url: string) => ({
  TRACKOPS_URL: url,
  TRACKOPS_USER: sandbox.username,
  TRACKOPS_TOKEN: sandbox.token,
});
const hourAgo = () => new Date(Date.now() - 3_600_000);

/** A CLI export SIGKILLed while it waits for the list: what it leaves beside --out. */
async function killedExport(out: string): Promise<string> {
  const child = spawn(process.execPath, [bin, 'export', '--out', out, '--rate', '200/s'], {
    env: { ...process.env, ...env(slow.baseUrl) },
    stdio: 'ignore',
  });
  const folder = join(out, '..');
  try {
    for (;;) {
      const temp = (await readdir(folder)).find((name) => /^\.e\.xlsx\.[0-9a-f]{8}\.tmp$/.test(name));
      if (temp) return temp;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  } finally {
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

describe('temp files a killed export left beside --out', () => {
  it('are removed by the next export to that file, which says so; other files are left alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-leftover-'));
    const out = join(dir, 'e.xlsx');
    const leftover = await killedExport(out);
    expect((await stat(join(dir, leftover))).size).toBe(0);
    // The killed run's file made old (as the next day's export finds it), and files that are not it.
    await utimes(join(dir, leftover), hourAgo(), hourAgo());
    const others = [
      '.other.xlsx.0123abcd.tmp',
      '.e.xlsx.notes.tmp',
      'e.xlsx.0123abcd.tmp',
      '.e.xlsx.0123abcd.tmp.bak',
    ];
    for (const name of others) {
      await writeFile(join(dir, name), 'not ours');
      await utimes(join(dir, name), hourAgo(), hourAgo());
    }

    const run = await runCli(['export', '--out', out, '--rate', '200/s', '--json'], env(sandbox.baseUrl));
    expect(run.code).toBe(0);
    const words = `removed a temporary file that an earlier export to this file left in ${dir} when it was stopped before finishing: ${leftover}`;
    expect(run.stderr).toContain(`export: note: ${words}`);
    expect((JSON.parse(run.stdout) as { notes: string[] }).notes).toContain(words);
    expect((await readdir(dir)).sort()).toEqual(['e.xlsx', ...others].sort());
  }, 30_000);

  it('are left, and named, when changed recently: another export to the file may still be writing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-leftover-live-'));
    const out = join(dir, 'e.xlsx');
    // Another export to the same file, still open (its temp file just made).
    const live = await openAtomicStream(out);
    const api = sandboxApi(sandbox);
    const result = await exportCaseRequests({
      api,
      filters: { id: 3 },
      format: 'xlsx',
      preset: 'report',
      out,
      reference: await api.getReference(),
      accountLabel: 'test',
    });
    const name = live.tempPath.slice(dir.length + 1);
    expect(await readdir(dir)).toContain(name);
    expect(result.notes).toContain(
      `left ${name} in ${dir}: a temporary file of another export to this file, changed in the last 5 minutes, so it may still be running; delete it once no export to this file runs`,
    );
    await live.abandon();
  });

  it('a temp file still being written is touched while it is open, so no other run takes it for a leftover', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-leftover-fresh-'));
    const target = await openAtomicStream(join(dir, 'e.xlsx'), { keepFreshMs: 10 });
    await utimes(target.tempPath, hourAgo(), hourAgo());
    const old = (await stat(target.tempPath)).mtimeMs;
    let now = old;
    while (now === old) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      now = (await stat(target.tempPath)).mtimeMs;
    }
    expect(now).toBeGreaterThan(old);
    await target.abandon();
  });
});
