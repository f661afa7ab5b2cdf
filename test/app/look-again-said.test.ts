/**
 * The wait before the send's second look for another computer's import of the file is said on the send
 * screen while it lasts (explore 30 item 3: 2 to 30 s before the first row in which the app showed
 * nothing). Another PC's trial of the first rows (the command line, with its own data folder, so its
 * journals are not this app's) leaves their claim numbers created minutes ago: the app's send waits and
 * looks again, and its status says what it waits for and how long. The app through its HTTP bridge;
 * rows written by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DryRunPage, ImportStatus, SourceView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE } from '../cli/import-helpers.ts';
import { runCli } from '../cli/run-cli.ts';
import { callVerb } from './http-bridge.ts';

let app: RunningWebApp;
let dir = '';
const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-look-again-'));
  app = await startWebApp({
    staticDir: '/nonexistent',
    log: () => {},
    runLocksDir: join(dir, 'app', 'run-locks'),
    sandbox: { rate: 1000 },
  });
});
afterAll(() => app.close());

it('the send says it waits, how long and why, before its first row; then sends the rest', async () => {
  const file = join(dir, 'rows.csv');
  makeRows(file, 12, 'LAS');
  // The other PC: its trial of 5 rows, its journals and lists in its own data folder.
  const trial = await runCli(
    [
      'import',
      file,
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--limit',
      '5',
      '--results',
      join(dir, 'pc.csv'),
    ],
    {
      TRACKOPS_URL: app.sandbox.baseUrl,
      TRACKOPS_USER: app.sandbox.username,
      TRACKOPS_TOKEN: app.sandbox.token,
      TRACKOPS_RUN_LOCKS: join(dir, 'pc', 'run-locks'),
    },
  );
  expect(trial.stdout).toContain('Created 5');

  const source = await call<SourceView>('openSource', {
    name: 'rows.csv',
    bytesBase64: (await readFile(file)).toString('base64'),
  });
  await call('previewSheet', { sourceId: source.sourceId });
  const { runId } = await call<{ runId: string }>('startDryRun', {
    sourceId: source.sourceId,
    profileId: 'sandbox',
    mapping: JSON.parse(await readFile(TEMPLATE, 'utf8')),
  });
  for (;;) {
    const page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 1, onlyErrors: false });
    if (page.summary.state === 'done') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await call('startImport', { runId, profileId: 'sandbox' });
  const said: NonNullable<ImportStatus['lookingAgain']>[] = [];
  let status: ImportStatus;
  for (;;) {
    status = await call<ImportStatus>('importStatus', { runId });
    if (status.lookingAgain) said.push(status.lookingAgain);
    if (status.state === 'done' || status.state === 'failed') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(said.length).toBeGreaterThan(0);
  expect(said[0]!.seconds).toBeGreaterThanOrEqual(2);
  expect(said[0]!.message).toMatch(
    /^Waiting \d+ s before sending anything: 5 of this file's Claim Numbers were created in Trackops in the last minutes, not by an import on this computer, so Trackops is looked at again for another import of this file running now$/,
  );
  // Nothing more was being added: the rest is sent, and the notice is gone.
  expect(status).toMatchObject({ state: 'done', created: 7, lookingAgain: null });
}, 90_000);
