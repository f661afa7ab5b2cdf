/**
 * Core's words for a row name the CLI's flags and commands (`--reference-path regions=PATH`,
 * `trackops-bulk check`, `--resume`, `--limit`); in the app the same thing is a screen or a button, so
 * the grid and the send's results say that instead. Against an account that does not serve its regions
 * where we assume (a proxy in front of the app's sandbox answers them 404), through the app's HTTP
 * bridge; rows written by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type {
  DryRunPage,
  ImportStatus,
  ProfilesView,
  SavedFile,
  SourceView,
} from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { makeRows } from '../batch/helpers.ts';
import { startMissingListProxy, type RunningProxy } from '../batch/proxies.ts';
import { callVerb } from './http-bridge.ts';

const template = new URL('../../samples/referrals-template.json', import.meta.url);
let app: RunningWebApp;
let proxy: RunningProxy;
let file = '';
const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);

beforeAll(async () => {
  app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
  proxy = await startMissingListProxy(app.sandbox.baseUrl, 'case/regions');
  file = join(await mkdtemp(join(tmpdir(), 'app-words-')), 'rows.csv');
  makeRows(file, 3, 'AWR');
});
afterAll(async () => {
  await proxy.close();
  await app.close();
});

async function dryRun(profileId: string, mapping: object): Promise<DryRunPage> {
  const source = await call<SourceView>('openSource', {
    name: 'rows.csv',
    bytesBase64: (await readFile(file)).toString('base64'),
  });
  await call('previewSheet', { sourceId: source.sourceId });
  const { runId } = await call<{ runId: string }>('startDryRun', {
    sourceId: source.sourceId,
    profileId,
    mapping,
  });
  for (;;) {
    const page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 10, onlyErrors: false });
    if (page.summary.state === 'done') return page;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

it('rows name the Connection screen and its test, not --reference-path or trackops-bulk check', async () => {
  const view = await call<ProfilesView>('saveProfile', {
    name: 'No regions here',
    baseUrl: proxy.baseUrl,
    user: app.sandbox.username,
    token: app.sandbox.token,
    settings: { require_client_address: false, require_client_phone: false },
    pace: { ratePerSecond: 50, concurrency: 2 },
  });
  const profileId = view.profiles.find((profile) => profile.name === 'No regions here')!.id;
  const page = await dryRun(profileId, JSON.parse(await readFile(template, 'utf8')));
  const messages = page.rows.flatMap((row) => row.problems.map((problem) => problem.message));
  expect(messages.length).toBeGreaterThan(0);
  const region = messages.find((message) => message.includes('cannot be looked up'));
  expect(region).toMatch(
    /give the id instead, or say where the account serves its case regions \(under "Advanced: where the account serves its lists" on the Connection screen\)/,
  );
  for (const message of messages) expect(message).not.toMatch(/--[a-z]|trackops-bulk/);
}, 60_000);

it("a trial send's unsent rows say to send again, not --limit and --resume", async () => {
  const page = await dryRun('sandbox', JSON.parse(await readFile(template, 'utf8')));
  expect(page.summary).toMatchObject({ valid: 3 });
  const runId = page.summary.runId;
  await call('startImport', { runId, profileId: 'sandbox', limitRows: 1 });
  for (let tries = 0; tries < 1200; tries++) {
    const status = await call<ImportStatus>('importStatus', { runId });
    if (status.state === 'done') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const saved = await call<SavedFile>('saveResults', { runId, format: 'json' });
  if (saved.kind !== 'download') throw new Error('browser mode downloads');
  const { rows: results } = JSON.parse(Buffer.from(saved.bytesBase64, 'base64').toString('utf8')) as {
    rows: { row: number; errors: { message: string }[] }[];
  };
  const unsent = results.filter((result) => result.errors.some((error) => /not sent/.test(error.message)));
  expect(unsent.map((result) => result.errors[0]!.message)).toEqual([
    'not sent: the trial run of 1 row ended; send again to send it',
    'not sent: the trial run of 1 row ended; send again to send it',
  ]);
}, 60_000);

it('a name the account lacks says where the Columns step translates it, not the mapping file\'s "values"', async () => {
  const mapping = JSON.parse(await readFile(template, 'utf8')) as {
    constants?: Record<string, unknown>;
    columns: { column: string; target: string; lookup?: string }[];
  };
  // The Region column's names sent as company locations, which the account names otherwise.
  mapping.columns = mapping.columns.map((column) =>
    column.column === 'Region'
      ? { column: 'Region', target: 'company_location_id', lookup: 'company_locations' }
      : column,
  );
  mapping.constants = { ...mapping.constants, case_region_id: 1 };
  const page = await dryRun('sandbox', mapping);
  const problem = page.rows.flatMap((row) => row.problems).find((each) => each.code === 'lookup_not_found');
  expect(problem).toBeDefined();
  expect(problem!.column).toBe('Region');
  expect(problem!.message).toBe(
    `Region '${problem!.value}' is not one of: Denver HQ, Phoenix Office, Seattle Office; if it means one of them, ` +
      `choose that name where the Columns step asks what “${problem!.value}” means (under the column), ` +
      'and every cell holding it is read as that name',
  );
}, 60_000);

it('a value none of a choice field\'s choices says where the Columns step translates it, not the mapping file\'s "values"', async () => {
  const mapping = JSON.parse(await readFile(template, 'utf8')) as {
    columns: { column: string; target: string; values?: Record<string, string> }[];
  };
  // The template's Priority column without its values: the file's 'Rush' is none of the choices.
  mapping.columns = mapping.columns.map(({ values: _values, ...column }) => column);
  const page = await dryRun('sandbox', mapping);
  const problem = page.rows.flatMap((row) => row.problems).find((each) => each.code === 'invalid_choice');
  expect(problem).toMatchObject({ column: 'Priority', value: 'Rush' });
  expect(problem!.message).toBe(
    "Priority 'Rush' is not one of: Normal, High, Urgent; if it means one of them, choose it where the " +
      'Columns step asks what “Rush” means (under the column), and every cell holding it is read as that choice',
  );
}, 60_000);
