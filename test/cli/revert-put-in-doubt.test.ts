/**
 * A revert's own PUT that got no answer may still land (a slow server stores it after the client gave
 * up), so `revert --resume` decides it only once that PUT's settle window has passed, as an import's
 * update in doubt is (earlier-sends.ts): it waits out the rest of the window, saying until when, reads
 * the request back once, then decides. Before, a resume started at once read the request before the
 * slow PUT landed, took it for not put back and sent it again.
 *
 * Spawned reverts over real HTTP (the import undone, set-up, the import command's own code in this
 * process): a sandbox, and a proxy in front of it that holds the first PUT past
 * the client's --timeout before passing it on (stored after the client gave up), then resets the
 * client's retries of it. The settle window is TRACKOPS_TEST_SETTLE_MS (said on stderr), 8 s here.
 */
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';
import { pass, running, startProxy } from '../batch/proxies.ts';

/** How long the proxy holds the first put-back before the sandbox stores it (the client waits 1 s). */
const HELD_MS = 5000;
const SETTLE_MS = 8000;

interface SlowPutProxy {
  baseUrl: string;
  /** PUTs that reached the sandbox, by the run they came in. */
  stored: { run: number; at: number }[];
  /** Which run the proxy serves now: in run 1 the first PUT is held and its retries reset. */
  run: number;
  close(): Promise<void>;
}

async function startSlowPutProxy(target: string): Promise<SlowPutProxy> {
  let putsSeen = 0;
  const state: SlowPutProxy = { baseUrl: '', stored: [], run: 1, close: async () => {} };
  const proxy = await startProxy(target, async (request, response, _body, forward) => {
    const put = request.method === 'PUT';
    if (put && state.run === 1) {
      putsSeen += 1;
      if (putsSeen > 1) return void response.socket?.destroy();
      // The first put-back: stored after the client gave up on it, its answer never sent.
      await new Promise((resolve) => setTimeout(resolve, HELD_MS));
      await forward();
      state.stored.push({ run: 1, at: Date.now() });
      return void response.socket?.destroy();
    }
    const answer = await forward();
    if (put) state.stored.push({ run: state.run, at: Date.now() });
    pass(response, answer);
  });
  Object.assign(state, running(proxy));
  return state;
}

let sandbox: RunningSandbox;
let proxy: SlowPutProxy;
let dir: string;

beforeEach(async () => {
  let at = Date.now();
  // A second per write (API-NOTES: whole-second timestamps), so each write moves updated_at.
  sandbox = await startSandbox({ port: 0, rate: 1000, now: () => new Date((at += 1000)) });
  proxy = await startSlowPutProxy(sandbox.baseUrl);
  dir = await tempDir();
});
afterEach(async () => {
  await proxy.close();
  await sandbox.close();
});

const env = () => ({
  TRACKOPS_TOKEN: sandbox.token,
  TRACKOPS_TEST_RETRY_WAIT_MS: '0',
  TRACKOPS_TEST_SETTLE_MS: String(SETTLE_MS),
});
const connected = (args: string[], url = sandbox.baseUrl) =>
  runCli([...args, '--url', url, '--user', sandbox.username, '--rate', '100/s'], env());

describe("revert --resume decides a put-back in doubt only after that PUT's settle window", () => {
  it('resumed at once after a timed-out PUT: waits, saying until when, reads back once, and does not send it again', async () => {
    const before = sandbox.account().case_requests.find((request) => request.id === 1)!.notes;
    writeFileSync(join(dir, 'edit.csv'), 'Number,Notes\nREQ-00001,First edit\n');
    writeFileSync(
      join(dir, 'edit.json'),
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
    // The import undone is set-up, run by the import command's own code in this process (the same requests,
    // journal and results as spawned; an update import as spawned is test/cli/results-generations.test.ts's
    // "update: a colleague's correction…"). Both reverts are spawned.
    const imported = await cliInProcess(
      [
        'import',
        join(dir, 'edit.csv'),
        '--mapping',
        join(dir, 'edit.json'),
        '--results',
        join(dir, 'edit-res.csv'),
        '--url',
        sandbox.baseUrl,
        '--user',
        sandbox.username,
        '--rate',
        '100/s',
      ],
      env(),
    );
    expect(imported.code, imported.stderr).toBe(0);
    const journal = join(dir, 'edit-res.journal.jsonl');

    // The undo's PUT is held past the client's 1 s timeout; its retries are reset: no answer at all.
    const first = await connected(['revert', '--journal', journal, '--timeout', '1'], proxy.baseUrl);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toMatch(
      /it may have been stored\. Run the revert again with --resume after \d\d:\d\d: it reads the request back before sending anything, and a resume started sooner waits until then before it decides this request/,
    );
    expect(proxy.stored, 'the first PUT is still held when the resume starts').toHaveLength(0);

    // The clerk resumes at once, the first PUT still in the server's hands.
    proxy.run = 2;
    const resumed = await connected(
      ['revert', '--journal', journal, '--resume', '--results', join(dir, 'undo.json')],
      proxy.baseUrl,
    );
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(resumed.stderr).toContain('TRACKOPS_TEST_SETTLE_MS is set');
    // Its window is measured from the client's last retry (reset by the proxy: it may have reached Trackops).
    expect(resumed.stderr).toMatch(
      /revert: waiting \d+ s \(until \d\d:\d\d:\d\d\) before reading REQ-00001 back: row 2's earlier put-back left at \d\d:\d\d:\d\d \(its attempt 5; the first left at \d\d:\d\d:\d\d\) without an answer and Trackops may still be storing it/,
    );
    // The held PUT landed during the wait, and the resume sent none of its own.
    expect(proxy.stored.map((put) => put.run)).toEqual([1]);
    expect(sandbox.account().case_requests.find((request) => request.id === 1)!.notes).toBe(before);
    const rows = JSON.parse(await readFile(join(dir, 'undo.json'), 'utf8')).rows as {
      status: string;
      message: string;
    }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'reverted',
      message: expect.stringMatching(/^put back by an earlier run of this revert, whose answer was lost/),
    });
  }, 60_000);
});
