/**
 * The settle window of a write in doubt starts when the client's last attempt of it left, not its
 * first (earlier-sends.ts). The client tries a PUT again after no answer (5 attempts) and any write
 * after a 429, so its last attempt can leave well after the first; a resume that measured the window
 * from the first decided while that last attempt could still land: it read an update back before it
 * landed and sent it again, or created a row a second time.
 *
 * Spawned CLI runs over real HTTP: a sandbox behind a proxy (last-retry-proxy.ts) that stores a write
 * only at the client's last attempt of it, late, and never answers. The windows are
 * TRACKOPS_TEST_SETTLE_MS (said on stderr): each test's window, measured from the first attempt, ends
 * before the last one lands, and measured from the last, after.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startLastRetryProxy, type LastRetryProxy } from '../batch/last-retry-proxy.ts';
import { connectionEnv, exited, importCli, spawnImport, TEMPLATE } from './import-helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

let sandbox: RunningSandbox | undefined;
let proxy: LastRetryProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await sandbox?.close();
  proxy = sandbox = undefined;
});

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 25) {
    if (waited > 30_000) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** One journal's lines, as written (the retry's departure is one of them). */
async function journalLines(path: string): Promise<Record<string, unknown>[]> {
  return (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** An update sheet for REQ-00001's notes, in `dir`. */
function updateSheet(dir: string): { csv: string; mapping: string } {
  const csv = join(dir, 'edit.csv');
  const mapping = join(dir, 'edit.json');
  writeFileSync(csv, 'Number,Notes\nREQ-00001,First edit\n');
  writeFileSync(
    mapping,
    JSON.stringify({
      version: 1,
      mode: 'update',
      match: 'case_request_number',
      columns: [
        { column: 'Number', target: 'case_request_number' },
        { column: 'Notes', target: 'notes' },
      ],
    }),
  );
  return { csv, mapping };
}

async function startRunning(options: Parameters<typeof startLastRetryProxy>[1]) {
  let at = Date.now();
  // A second per write (API-NOTES: whole-second timestamps), so each write moves updated_at.
  sandbox = await startSandbox({ port: 0, rate: 1000, now: () => new Date((at += 1000)) });
  proxy = await startLastRetryProxy(sandbox.baseUrl, options);
  return { sandbox, proxy, dir: await mkdtemp(join(tmpdir(), 'last-retry-')) };
}

/** `args` through `url`, spawned as a user runs it (or, for a set-up, by `run`: in this process). */
const connected = (
  running: RunningSandbox,
  args: string[],
  url: string,
  settleMs: number,
  run: typeof runCli = runCli,
) =>
  run([...args, '--url', url, '--user', running.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: running.token,
    TRACKOPS_TEST_RETRY_WAIT_MS: '0',
    TRACKOPS_TEST_SETTLE_MS: String(settleMs),
  });

describe("a write in doubt is settled only once its client's last attempt has had its window", () => {
  it("an update whose fifth attempt lands late: the resume waits from that attempt's departure and sends nothing", async () => {
    // Attempts 1-4 get no answer (1 s timeout each); the fifth is stored 7 s after it left. The window
    // (9 s) from the first attempt ends about 5 s after the fifth left: before it lands.
    const { sandbox, proxy, dir } = await startRunning({ method: 'PUT', storedAttempt: 5, heldMs: 7000 });
    const { csv, mapping } = updateSheet(dir);
    const command = ['import', csv, '--mapping', mapping, '--results', join(dir, 'a.json')];
    const first = await connected(sandbox, [...command, '--timeout', '1'], proxy.baseUrl, 9000);
    expect(first.code, first.stderr).toBe(1);
    expect(proxy.attempts).toHaveLength(5);
    expect(proxy.stored, 'the fifth attempt is still held').toHaveLength(0);
    const journal = join(dir, 'a.journal.jsonl');
    const retries = (await journalLines(journal)).filter((line) => line.type === 'intent' && line.attempt);
    expect(
      retries.map((line) => line.attempt),
      'each retry journalled before it left',
    ).toEqual([2, 3, 4, 5]);

    proxy.armed = false;
    const resumed = await connected(sandbox, [...command, '--resume', '--json'], proxy.baseUrl, 9000);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    const lastLeft = proxy.attempts[4]!;
    expect(resumed.stderr).toMatch(
      /waiting \d+ s \(until \d\d:\d\d:\d\d\) before reading the request back again: row 2's earlier update left at \d\d:\d\d:\d\d \(its attempt 5; the first left at \d\d:\d\d:\d\d\) without an answer/,
    );
    expectUntil(resumed.stderr, lastLeft + 9000);
    // The fifth attempt landed during the wait; the resume read it back and sent no PUT of its own.
    expect(proxy.stored.map((put) => put.held)).toEqual([true]);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ updated: 1, failed: 0 });
    const rows = (JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as { rows: unknown[] }).rows;
    expect(rows).toEqual([expect.objectContaining({ row: 2, status: 'updated' })]);
  }, 90_000);

  it("a revert's put-back whose fifth attempt lands late: revert --resume waits from that attempt and sends nothing", async () => {
    const { sandbox, proxy, dir } = await startRunning({ method: 'PUT', storedAttempt: 5, heldMs: 7000 });
    const before = sandbox.account().case_requests.find((request) => request.id === 1)!.notes;
    const { csv, mapping } = updateSheet(dir);
    proxy.armed = false;
    // The import the revert undoes is set-up, run by the import command's own code in this process (an
    // update import as spawned is the test above's); both reverts, what this test is about, are spawned.
    const imported = await connected(
      sandbox,
      ['import', csv, '--mapping', mapping, '--results', join(dir, 'a.json')],
      proxy.baseUrl,
      9000,
      cliInProcess,
    );
    expect(imported.code, imported.stderr).toBe(0);
    proxy.stored.length = 0;
    proxy.armed = true;
    const journal = join(dir, 'a.journal.jsonl');
    const first = await connected(
      sandbox,
      ['revert', '--journal', journal, '--timeout', '1'],
      proxy.baseUrl,
      9000,
    );
    expect(first.code, first.stderr).toBe(1);
    expect(proxy.attempts).toHaveLength(5);
    const lastLeft = proxy.attempts[4]!;
    // Its advice names the minute after the window that starts at the last attempt.
    expect(first.stdout).toMatch(/Run the revert again with --resume after \d\d:\d\d/);
    expect([minuteAfter(lastLeft + 7500), minuteAfter(lastLeft + 9000)]).toContain(minutesSaid(first.stdout));

    proxy.armed = false;
    const resumed = await connected(
      sandbox,
      ['revert', '--journal', journal, '--resume', '--results', join(dir, 'undo.json')],
      proxy.baseUrl,
      9000,
    );
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(
      /revert: waiting \d+ s \(until \d\d:\d\d:\d\d\) before reading REQ-00001 back: row 2's earlier put-back left at \d\d:\d\d:\d\d \(its attempt 5; the first left at \d\d:\d\d:\d\d\) without an answer/,
    );
    expectUntil(resumed.stderr, lastLeft + 9000);
    expect(proxy.stored.map((put) => put.held)).toEqual([true]);
    expect(sandbox.account().case_requests.find((request) => request.id === 1)!.notes).toBe(before);
    const rows = JSON.parse(await readFile(join(dir, 'undo.json'), 'utf8')).rows as { status: string }[];
    expect(rows.map((row) => row.status)).toEqual(['reverted']);
  }, 90_000);

  it('a create sent again after a 429, killed while that attempt is held: the resume waits from its departure and creates it once', async () => {
    // The first POST is refused with 429 (Retry-After 4 s); the second is stored 8 s after it left.
    // The window (10 s) from the first attempt ends 6 s after the second left: before it lands.
    const { sandbox, proxy, dir } = await startRunning({
      method: 'POST',
      storedAttempt: 2,
      heldMs: 8000,
      throttleSeconds: 4,
    });
    makeRows(join(dir, 'rows.csv'), 1, 'LRC');
    const before = sandbox.account().case_requests.length;
    const command = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'a.json', '--json'];
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl };
    const child = spawnImport(command, dir, env);
    await until(() => proxy.attempts.length >= 2, 'the second create reached the proxy');
    child.kill('SIGKILL');
    expect((await exited(child)).signal).toBe('SIGKILL');
    const retried = (await journalLines(join(dir, 'a.journal.jsonl'))).filter(
      (line) => line.type === 'intent' && line.attempt === 2,
    );
    expect(retried, 'the second attempt journalled before it left').toHaveLength(1);

    proxy.armed = false;
    const resumed = await importCli([...command, '--resume'], dir, {
      ...env,
      TRACKOPS_TEST_SETTLE_MS: '10000',
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    const lastLeft = proxy.attempts[1]!;
    expectUntil(resumed.stderr, lastLeft + 10_000);
    await until(() => proxy.stored.some((post) => post.held), 'the held create was stored');
    expect(sandbox.account().case_requests.length - before, 'the row created once').toBe(1);
    expect(proxy.stored.map((post) => post.held)).toEqual([true]);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ created: 1, failed: 0 });
  }, 90_000);
});

/**
 * The "(until 10:42:07)" the wait says, as ms today: the window's end measured from the attempt that
 * left at (about) `lastLeft`. It is journalled just before it leaves and said to the second, so it lies
 * within a second before the end measured by the proxy's clock; the first attempt's is seconds earlier.
 */
function expectUntil(stderr: string, end: number): void {
  const said = /\(until (\d\d):(\d\d):(\d\d)\)/.exec(stderr);
  expect(said, stderr).not.toBeNull();
  const day = new Date(end);
  day.setHours(Number(said![1]), Number(said![2]), Number(said![3]), 0);
  expect(day.getTime()).toBeGreaterThan(end - 1500);
  expect(day.getTime()).toBeLessThanOrEqual(end);
}

/** The "after 10:43" of a resume's advice. */
function minutesSaid(text: string): string {
  return /--resume after (\d\d:\d\d)/.exec(text)![1]!;
}

/** "10:43": the first whole minute at or after `ms`. */
function minuteAfter(ms: number): string {
  const date = new Date(Math.ceil(ms / 60_000) * 60_000);
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}
