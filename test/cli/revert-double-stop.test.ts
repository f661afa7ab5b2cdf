/**
 * A second Ctrl-C during an undo aborts the put-back in flight: its answer is cut, so it is in doubt,
 * and `revert --resume` reads its request back before sending anything for it. The stop names it as the
 * clerk knows it (the import's row and the request's number), in the words and in `--json`'s error
 * object (`rows_in_doubt`, the shape an import's stop gives an update in doubt): "aborted. To finish it"
 * alone left the clerk to guess which request might hold a half-made undo.
 * Spawned CLI over HTTP (the import, set-up, in this process): the import straight to the sandbox, the revert through a proxy that stores the
 * second put-back and holds its answer; then the resume, straight to the sandbox, puts every request
 * back once.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { BIN, exited, waitForIntents } from './import-helpers.ts';
import { runCli } from './run-cli.ts';
import { commandInProcess } from './command-in-process.ts';
import { spawn } from 'node:child_process';

let sandbox: RunningSandbox;
let proxy: AnsweringProxy | null = null;
let dir: string;
/** Lets the held put-back's answer go (as an error), so that the proxy can close. */
let release: () => void = () => {};

beforeEach(async () => {
  let at = Date.now();
  // A second per write (whole-second timestamps), so each write moves updated_at.
  sandbox = await startSandbox({ port: 0, rate: 1000, now: () => new Date((at += 1000)) });
  dir = await mkdtemp(join(tmpdir(), 'cli-revert-double-stop-'));
});
afterEach(async () => {
  release();
  await proxy?.close();
  await sandbox.close();
});

const env = (url: string): NodeJS.ProcessEnv => ({
  ...process.env,
  TRACKOPS_URL: url,
  TRACKOPS_USER: sandbox.username,
  TRACKOPS_TOKEN: sandbox.token,
  XDG_DATA_HOME: join(dir, 'data'),
  TRACKOPS_RUN_LOCKS: join(dir, 'run-locks'),
  TRACKOPS_TEST_RETRY_WAIT_MS: '0',
  TRACKOPS_TEST_SETTLE_MS: '0',
});

/**
 * An update of the notes of requests 1-4 by their number: the import the revert undoes. Set-up, run by
 * the import command's own code in this process (the same requests, journal and results as spawned; an
 * update import as spawned is test/cli/results-generations.test.ts's "update: a colleague's correction…").
 * Every revert is spawned.
 */
async function imported(): Promise<string> {
  await writeFile(
    join(dir, 'edit.csv'),
    'Number,Notes\nREQ-00001,Edit 1\nREQ-00002,Edit 2\nREQ-00003,Edit 3\nREQ-00004,Edit 4\n',
  );
  await writeFile(
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
  const run = await commandInProcess(
    'import',
    [
      join(dir, 'edit.csv'),
      '--mapping',
      join(dir, 'edit.json'),
      '--results',
      join(dir, 'edit-res.csv'),
      '--rate',
      '100/s',
    ],
    dir,
    env(sandbox.baseUrl),
  );
  expect(run.code, run.stdout + run.stderr).toBe(0);
  return join(dir, 'edit-res.journal.jsonl');
}

/** The revert through the proxy until its second put-back has left, then Ctrl-C twice. */
async function stoppedTwice(args: string[], revertJournal: string) {
  const child = spawn(process.execPath, [BIN, 'revert', ...args], {
    cwd: dir,
    env: env(proxy!.baseUrl),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = exited(child);
  await waitForIntents(revertJournal, 2);
  // The held put-back has left (its intent is written before it does): the first press lets it
  // finish, the second cuts it.
  await new Promise((resolve) => setTimeout(resolve, 200));
  child.kill('SIGINT');
  await new Promise((resolve) => setTimeout(resolve, 200));
  child.kill('SIGINT');
  const { code } = await ended;
  return { code, stdout, stderr };
}

describe('a double Ctrl-C while a put-back is in flight', () => {
  it('rule: the stop names the put-back in doubt by its row and request, in words and in --json; the resume puts each back once', async () => {
    const before = new Map(
      sandbox
        .account()
        .case_requests.filter((request) => request.id <= 4)
        .map((request) => [request.id, request.notes]),
    );
    const journal = await imported();
    // Put back from the undo's journal: the second PUT is stored by the sandbox, its answer held.
    let puts = 0;
    let holding = true;
    proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method }) => {
      if (method !== 'PUT') return 'forward';
      puts += 1;
      return holding && puts === 2
        ? () => new Promise<never>((_resolve, reject) => (release = () => reject(new Error('held'))))
        : 'forward';
    });
    const revertJournal = join(dir, 'undo.jsonl');
    const args = [
      '--journal',
      journal,
      '--revert-journal',
      revertJournal,
      '--concurrency',
      '1',
      '--rate',
      '100/s',
      '--json',
    ];
    const stopped = await stoppedTwice(args, revertJournal);
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(130);
    // Row 3 of the import's file is its second data row: REQ-00002.
    expect(stopped.stderr).toContain(
      '1 put-back is in doubt (it may have reached Trackops, and its answer was cut short): row 3 (REQ-00002). ' +
        '--resume waits out the time it could still land, reads its request back, ' +
        'and sends again only what does not hold the values from before the import.',
    );
    expect(stopped.stderr).toContain('Stopped. To finish the revert: ');
    expect(JSON.parse(stopped.stdout)).toMatchObject({
      interrupted: true,
      rows_in_doubt: [{ row: 3, op: 'update', id: 2, case_request_number: 'REQ-00002' }],
    });

    expect(puts, 'the run stopped after its second put-back').toBe(2);
    // The resume, through the same proxy (answering now): the put-back in doubt is read back and
    // found landed, so only the two never sent go.
    holding = false;
    puts = 0;
    const resumed = await runCli(['revert', ...args.slice(0, -1), '--resume'], env(proxy.baseUrl));
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(puts, 'PUTs of the resume: rows 4 and 5 only').toBe(2);
    for (const [id, notes] of before)
      expect(
        sandbox.account().case_requests.find((request) => request.id === id)!.notes,
        `request ${id}`,
      ).toBe(notes);
  }, 90_000);
});

describe('a second Ctrl-C after a refusal stopped the undo while a put-back was in flight', () => {
  it('rule: the stop without counts names the put-back in doubt too, in words and in --json', async () => {
    const journal = await imported();
    // Two put-backs in flight at once: the second stored and its answer held, the third refused 401
    // (the run stops, waiting for the second).
    let puts = 0;
    let refusing = true;
    proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method }) => {
      if (method !== 'PUT' || !refusing) return 'forward';
      puts += 1;
      if (puts === 2)
        return () => new Promise<never>((_resolve, reject) => (release = () => reject(new Error('held'))));
      if (puts === 3)
        return {
          status: 401,
          headers: { 'content-type': 'application/json' },
          body: '{"message":"Invalid credentials"}',
        };
      return 'forward';
    });
    const revertJournal = join(dir, 'undo.jsonl');
    const args = [
      '--journal',
      journal,
      '--revert-journal',
      revertJournal,
      '--concurrency',
      '2',
      '--rate',
      '100/s',
      '--json',
    ];
    const stopped = await stoppedTwice(args, revertJournal);
    expect(stopped.code, stopped.stdout + stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain('1 put-back is in doubt');
    expect(stopped.stderr).toContain('row 3 (REQ-00002)');
    expect(JSON.parse(stopped.stdout)).toMatchObject({
      error: { exit: 130 },
      rows_in_doubt: [{ row: 3, op: 'update', id: 2, case_request_number: 'REQ-00002' }],
    });
    refusing = false;
    const resumed = await runCli(['revert', ...args.slice(0, -1), '--resume'], env(proxy.baseUrl));
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
  }, 90_000);
});
