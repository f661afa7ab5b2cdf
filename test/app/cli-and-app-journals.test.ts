/**
 * The command line and the desktop app see each other's sends (explore 21): one person imports a
 * carrier's sheet with the CLI, another sends the same sheet from the app (or the other way round),
 * into the same account. Rows without a claim number, which the account's duplicate check cannot see,
 * were created twice: each tool read only its own journals. Both now remember their journals in the
 * lists beside the run locks' folder they share, and read them: the second tool's dry run says the
 * rows were already sent, and its send or import creates nothing. A standalone sandbox over HTTP, the
 * CLI spawned, the app through its HTTP bridge; rows written by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DryRunPage, ImportStatus, ProfilesView, SourceView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE } from '../cli/import-helpers.ts';
import { runCli } from '../cli/run-cli.ts';
import { callVerb } from './http-bridge.ts';

let app: RunningWebApp;
let account: RunningSandbox;
let profileId = '';
let dir = '';
const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);
const stored = (note: string) =>
  account.account().case_requests.filter((request) => request.notes?.startsWith(`${note} `)).length;
const cli = (command: string, file: string, results?: string) =>
  runCli(
    [command, file, '--mapping', TEMPLATE, '--rate', '100/s', ...(results ? ['--results', results] : [])],
    { TRACKOPS_URL: account.baseUrl, TRACKOPS_USER: account.username, TRACKOPS_TOKEN: account.token },
  );

beforeAll(async () => {
  account = await startSandbox({ port: 0, rate: 1000 });
  app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
  const view = await call<ProfilesView>('saveProfile', {
    name: 'Shared account',
    baseUrl: account.baseUrl,
    user: account.username,
    token: account.token,
    settings: { require_client_address: false, require_client_phone: false },
    pace: { ratePerSecond: 50, concurrency: 1 },
  });
  profileId = view.profiles.find((profile) => profile.name === 'Shared account')!.id;
  dir = await mkdtemp(join(tmpdir(), 'cli-and-app-'));
});
afterAll(async () => {
  await app.close();
  await account.close();
});

async function appDryRun(file: string): Promise<DryRunPage> {
  const source = await call<SourceView>('openSource', {
    name: 'rows.csv',
    bytesBase64: (await readFile(file)).toString('base64'),
  });
  await call('previewSheet', { sourceId: source.sourceId });
  const { runId } = await call<{ runId: string }>('startDryRun', {
    sourceId: source.sourceId,
    profileId,
    mapping: JSON.parse(await readFile(TEMPLATE, 'utf8')),
  });
  for (;;) {
    const page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 10, onlyErrors: false });
    if (page.summary.state === 'done') return page;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function appSend(runId: string): Promise<ImportStatus> {
  await call('startImport', { runId, profileId });
  for (;;) {
    const status = await call<ImportStatus>('importStatus', { runId });
    if (status.state === 'done') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('the CLI imported the sheet: the app says its rows were sent and creates nothing', async () => {
  const file = join(dir, 'cli-first.csv');
  makeRows(file, 2, 'CAF', [0, 1], 'Denver', 'CLI first', 'Claim #');
  expect((await cli('import', file, join(dir, 'cli.csv'))).stdout).toContain('Created 2');

  const page = await appDryRun(file);
  expect(page.summary).toMatchObject({ rows: 2, valid: 0, sentEarlier: 2 });
  expect(page.rows.map((row) => row.sentEarlier?.file)).toEqual(['cli-first.csv', 'cli-first.csv']);
  expect(await appSend(page.summary.runId)).toMatchObject({ created: 0, skipped: 2 });
  expect(stored('CLI first')).toBe(2);
}, 60_000);

it('the app sent the sheet: validate says already sent, and the CLI creates nothing', async () => {
  const file = join(dir, 'app-first.csv');
  makeRows(file, 2, 'AFC', [0, 1], 'Denver', 'App first', 'Claim #');
  expect(await appSend((await appDryRun(file)).summary.runId)).toMatchObject({ created: 2 });

  expect((await cli('validate', file)).stdout).toContain('An import would: 2 already sent.');
  const run = await cli('import', file, join(dir, 'after-app.csv'));
  expect(run.stdout).toMatch(/Created 0, .* skipped 2/);
  expect(stored('App first')).toBe(2);
}, 60_000);
