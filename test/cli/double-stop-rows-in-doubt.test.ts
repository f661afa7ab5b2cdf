/**
 * A second Ctrl-C aborts the requests in flight; the rows whose answer it cut are in doubt, and
 * `--resume` looks for them before sending anything. The stop names each such row as the clerk sees it
 * (its row in the file, and the value the resume looks for it by), in the words and in `--json`
 * (`rows_in_doubt`, a key added to the summary and to the error object of a stop without counts):
 * "1 row is in doubt" alone sent the clerk to the results file to find which.
 * - a double Ctrl-C while a create is in flight (the stop prints its counts);
 * - a second Ctrl-C after an error stopped the run while a create was in flight (no counts).
 * Spawned CLI runs over HTTP against the sandbox, through a proxy that holds one create's answer (the
 * create is stored, its answer never comes), then the resume, which finds it and creates every row once.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { TEMPLATE, exited, importCli, spawnImport, waitForIntents } from './import-helpers.ts';

let sandbox: RunningSandbox;
let proxy: AnsweringProxy | null = null;
let dir: string;
let env: NodeJS.ProcessEnv;
/** Lets the held create's answer go (as an error), so that the proxy can close. */
let release: () => void = () => {};

/** Never answered: the create is stored by the sandbox, its answer held until the test ends. */
const held = () => () =>
  new Promise<never>((_resolve, reject) => (release = () => reject(new Error('held'))));

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await mkdtemp(join(tmpdir(), 'cli-double-stop-'));
  env = {
    ...process.env,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
    XDG_DATA_HOME: join(dir, 'data'),
    TRACKOPS_RUN_LOCKS: join(dir, 'run-locks'),
  };
});
afterEach(async () => {
  release();
  await proxy?.close();
  await sandbox.close();
});

/** `args` run until `intents` writes have left, then Ctrl-C twice: its exit code and output. */
async function stoppedTwice(args: string[], journal: string, intents: number) {
  const child = spawnImport(args, dir, { ...env, TRACKOPS_URL: proxy!.baseUrl });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = exited(child);
  await waitForIntents(join(dir, journal), intents);
  // The held create has left (its intent is written before it does): the first press lets it finish,
  // the second cuts it.
  await new Promise((resolve) => setTimeout(resolve, 200));
  child.kill('SIGINT');
  await new Promise((resolve) => setTimeout(resolve, 200));
  child.kill('SIGINT');
  const { code } = await ended;
  return { code, stdout, stderr };
}

/** The resume, through the sandbox itself: each of the file's rows is stored once. */
async function resumedOnce(args: string[], prefix: string, rows: number): Promise<void> {
  const resumed = await importCli([...args, '--resume'], dir, {
    ...env,
    TRACKOPS_URL: sandbox.baseUrl,
    TRACKOPS_TEST_SETTLE_MS: '0',
  });
  expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
  const stored = storedByReference(sandbox.account(), `${prefix}-`);
  expect(stored.size).toBe(rows);
  for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
}

describe('a double Ctrl-C while a create is in flight', () => {
  it('rule: the stop names the row in doubt by its row and its Claim #, in words and in --json', async () => {
    makeRows(join(dir, 'rows.csv'), 4, 'DBL');
    makeRows(join(dir, 'more.csv'), 4, 'DBJ', [], 'Golden', 'Other');
    // The second create of each run is stored, its answer held.
    proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method, path, nth }) =>
      method === 'POST' && /\/case\/requests$/.test(path) && (nth === 2 || nth === 4) ? held() : 'forward',
    );
    const args = [
      'rows.csv',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--concurrency',
      '1',
      '--journal',
      'run.jsonl',
    ];
    const words = await stoppedTwice(args, 'run.jsonl', 2);
    expect(words.code, words.stdout + words.stderr).toBe(130);
    // The second data row of the file is its row 3 (the header is row 1).
    expect(words.stdout).toContain(
      "1 row is in doubt (it may have reached Trackops, and its answer was lost or cut short): row 3 (Claim # 'DBL-0001'). " +
        '--resume looks for it in Trackops first (a create by the value named, among the requests created since it was sent) ' +
        'and sends again only what Trackops does not hold.',
    );
    expect(words.stderr).toContain(
      `Stopped. To finish the run: trackops-bulk import rows.csv --mapping ${TEMPLATE} --rate 100/s --concurrency 1 --resume --journal run.jsonl`,
    );

    const jsonArgs = [
      'more.csv',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--concurrency',
      '1',
      '--journal',
      'more.jsonl',
      '--json',
    ];
    const json = await stoppedTwice(jsonArgs, 'more.jsonl', 2);
    expect(json.code, json.stdout + json.stderr).toBe(130);
    expect(JSON.parse(json.stdout)).toMatchObject({
      interrupted: true,
      rows_in_doubt: [
        { row: 3, op: 'create', column: 'Claim #', target: 'reference_value_1', value: 'DBJ-0001' },
      ],
    });
    // The keys CONTRACTS names are there as before.
    for (const key of [
      'rows',
      'valid',
      'invalid',
      'created',
      'updated',
      'skipped',
      'failed',
      'requests',
      'retries',
      'seconds',
    ])
      expect(JSON.parse(json.stdout), key).toHaveProperty(key);

    await resumedOnce(args, 'DBL', 4);
    await resumedOnce(jsonArgs.slice(0, -1), 'DBJ', 4);
  }, 90_000);
});

describe('a second Ctrl-C after an error stopped the run while a create was in flight', () => {
  it('rule: the stop without counts names the row in doubt too, in words and in --json', async () => {
    makeRows(join(dir, 'rows.csv'), 5, 'SWD');
    makeRows(join(dir, 'more.csv'), 5, 'SWE', [], 'Golden', 'Other');
    // Two creates in flight at once: the second of each run stored and its answer held, the third
    // refused 401 (the run stops, waiting for the second), the first passed.
    let refusing = true;
    proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method, path, nth }) => {
      if (method !== 'POST' || !/\/case\/requests$/.test(path)) return 'forward';
      if (nth === 2 || nth === 5) return held();
      if (refusing && (nth === 3 || nth === 6))
        return {
          status: 401,
          headers: { 'content-type': 'application/json' },
          body: '{"message":"Invalid credentials"}',
        };
      return 'forward';
    });
    const args = [
      'rows.csv',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--concurrency',
      '2',
      '--journal',
      'run.jsonl',
    ];
    const words = await stoppedTwice(args, 'run.jsonl', 3);
    expect(words.code, words.stdout + words.stderr).toBe(130);
    expect(words.stderr).toContain(
      'trackops-bulk: import: stopped: Trackops refused POST case/requests with 401',
    );
    expect(words.stderr).toContain(
      "1 row is in doubt (it may have reached Trackops, and its answer was lost or cut short): row 3 (Claim # 'SWD-0001'). " +
        '--resume looks for it in Trackops first',
    );

    const jsonArgs = [
      'more.csv',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--concurrency',
      '2',
      '--journal',
      'more.jsonl',
      '--json',
    ];
    const json = await stoppedTwice(jsonArgs, 'more.jsonl', 3);
    expect(json.code, json.stdout + json.stderr).toBe(130);
    const error = JSON.parse(json.stdout);
    expect(error).toMatchObject({
      error: { exit: 130 },
      rows_in_doubt: [
        { row: 3, op: 'create', column: 'Claim #', target: 'reference_value_1', value: 'SWE-0001' },
      ],
    });

    refusing = false;
    await resumedOnce(args, 'SWD', 5);
    await resumedOnce(jsonArgs.slice(0, -1), 'SWE', 5);
  }, 120_000);
});
