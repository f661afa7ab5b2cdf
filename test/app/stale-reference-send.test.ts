/**
 * The app never sends a body built on reference lists that changed since its dry run, and its dry run
 * reads them afresh, as the CLI does (explore 34 item 1: the region "Midwest", id 4, renamed "Central"
 * and a new "Midwest" made; the app, on lists read earlier in the session, filed the row under
 * "Central" while the CLI filed it under the new "Midwest").
 *
 * Through the app's HTTP bridge, as the renderer calls it, against a sandbox account in a file that is
 * changed between the dry run and the send (the sandbox stopped, the file edited, started again on the
 * same port); rows written by Python's csv module.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { DryRunPage, ProfilesView, SourceView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { loadDemoAccount, startSandbox, type AccountFile, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows, TEMPLATE } from '../batch/helpers.ts';
import { connectionEnv, runCli } from '../cli/import-helpers.ts';
import { callVerb, finishedDryRun, finishedImport, post } from './http-bridge.ts';

let app: RunningWebApp;
let dir = '';
let dataFile = '';
let sandbox: RunningSandbox | null = null;
let profileId = '';
const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);

beforeAll(async () => {
  app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
});
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});
afterAll(() => app.close());

/** A fresh account (the demo account, no requests) in its own file, served, with a profile for it. */
async function freshAccount(name: string): Promise<void> {
  dir = await mkdtemp(join(tmpdir(), 'app-stale-reference-'));
  dataFile = join(dir, 'account.json');
  await writeFile(dataFile, JSON.stringify({ ...(await loadDemoAccount()), case_requests: [] }));
  sandbox = await startSandbox({ port: 0, rate: 1000, dataFile });
  const view = await call<ProfilesView>('saveProfile', {
    name,
    baseUrl: sandbox.baseUrl,
    user: sandbox.username,
    token: sandbox.token,
    settings: { require_client_address: false, require_client_phone: false },
    pace: { ratePerSecond: 50, concurrency: 2 },
  });
  profileId = view.profiles.find((profile) => profile.name === name)!.id;
}

/** The admin's change between the check and the send: the account stopped, its file edited, served again. */
async function adminChanges(change: (account: AccountFile) => void): Promise<void> {
  const port = sandbox!.port;
  await sandbox!.close();
  const account = JSON.parse(await readFile(dataFile, 'utf8')) as AccountFile;
  change(account);
  await writeFile(dataFile, JSON.stringify(account));
  sandbox = await startSandbox({ port, rate: 1000, dataFile });
}

async function dryRun(file: string): Promise<DryRunPage> {
  const source = await call<SourceView>('openSource', {
    name: 'rows.csv',
    bytesBase64: (await readFile(file)).toString('base64'),
  });
  const { runId } = await call<{ runId: string }>('startDryRun', {
    sourceId: source.sourceId,
    profileId,
    mapping: JSON.parse(await readFile(TEMPLATE, 'utf8')),
  });
  return finishedDryRun(app, runId, { limit: 50 });
}

const stored = () => sandbox!.account().case_requests;

it('a region renamed and made again after the dry run: nothing is sent, the change is named, and a check again sends to the region the CLI uses', async () => {
  await freshAccount('Renamed regions');
  const rows = join(dir, 'rows.csv');
  makeRows(rows, 3, 'SRS'); // every row's Region is "Mountain West" (id 1)
  const checked = await dryRun(rows);
  expect(checked.summary).toMatchObject({ valid: 3, invalid: 0 });

  await adminChanges((account) => {
    account.case_regions.find((region) => region.id === 1)!.name = 'Rockies';
    account.case_regions.push({ id: 7, name: 'Mountain West', is_default: false });
  });
  const refused = await post(app, 'startImport', { runId: checked.summary.runId, profileId });
  expect(refused.json.ok).toBe(false);
  expect(refused.json.error?.code).toBe('stale');
  expect(refused.json.error?.message).toBe(
    "Nothing was sent: the account changed since these rows were checked, in what the rows were built from: case region id 1, 'Mountain West' when the rows were checked, is now called 'Rockies' ('Mountain West' is now id 7). " +
      'Go back to the mapping and choose "Check every row (dry run)" again (the fixes made in the grid are kept): the rows are then checked against the account as it is now, and sent from that check.',
  );
  expect(stored()).toHaveLength(0);

  // Checked again in the same session: the lists are read now, not reused from the first check.
  const again = await dryRun(rows);
  expect(again.summary).toMatchObject({ valid: 3, invalid: 0 });
  await call('startImport', { runId: again.summary.runId, profileId });
  expect(await finishedImport(app, again.summary.runId)).toMatchObject({ state: 'done', created: 3 });
  expect(stored().map((request) => request.case_region_id)).toEqual([7, 7, 7]);

  // The CLI, same template, rows of its own: the same region.
  const cliRows = join(dir, 'cli-rows.csv');
  makeRows(cliRows, 1, 'SRC');
  // At 50/s, not the CLI's 1/s for an account: the region filed is this test's subject, not the pace.
  const cli = await runCli(
    'import',
    [cliRows, '--mapping', TEMPLATE, '--rate', '50/s'],
    dir,
    connectionEnv(sandbox!),
  );
  expect(cli.code, cli.stderr).toBe(0);
  expect(stored().find((request) => request.reference_value_1 === 'SRC-0000')?.case_region_id).toBe(7);
}, 120_000);

it('a choice removed, a field disabled and a subject field now required: each named, nothing sent; a check again refuses the rows as the CLI does', async () => {
  await freshAccount('Tidied fields');
  const rows = join(dir, 'rows.csv');
  makeRows(rows, 2, 'SRF'); // Priority "Rush" → High, Date of Loss given, Claimant and Vehicle groups
  const checked = await dryRun(rows);
  expect(checked.summary).toMatchObject({ valid: 2, invalid: 0 });

  await adminChanges((account) => {
    const priority = account.fields.find((field) => field.id === 12)!;
    priority.choices = ['Normal', 'Urgent'];
    const surveillance = account.case_types.find((type) => type.id === 1)!;
    surveillance.field_ids = surveillance.field_ids!.filter((id) => id !== 15);
    account.fields.find((field) => field.id === 104)!.is_required = true; // Claimant's SSN
  });
  const refused = await post(app, 'startImport', { runId: checked.summary.runId, profileId });
  expect(refused.json.error?.code).toBe('stale');
  const message = refused.json.error?.message ?? '';
  expect(message).toContain("the field 'Priority' (field 12) no longer offers the choice 'High'");
  expect(message).toContain("'Date of Loss' (field 15) is no longer enabled for case type 'Surveillance'");
  expect(message).toContain("'Claimant' now requires 'SSN' (field 104), which rows leave out");
  expect(stored()).toHaveLength(0);

  // The app's check again and the CLI's validate give the same verdicts.
  const again = await dryRun(rows);
  const cli = await runCli(
    'validate',
    [rows, '--mapping', TEMPLATE, '--json', '--rate', '50/s'],
    dir,
    connectionEnv(sandbox!),
  );
  const cliSummary = JSON.parse(cli.stdout) as { valid: number; invalid: number };
  expect(again.summary).toMatchObject({ valid: 0, invalid: 2 });
  expect({ valid: cliSummary.valid, invalid: cliSummary.invalid }).toEqual({ valid: 0, invalid: 2 });
}, 120_000);

it('a change no row uses (a service added) does not stop the send', async () => {
  await freshAccount('Services added');
  const rows = join(dir, 'rows.csv');
  makeRows(rows, 2, 'SRA');
  const checked = await dryRun(rows);
  await adminChanges((account) => account.case_services.push({ id: 27, name: 'Asset Search' }));
  await call('startImport', { runId: checked.summary.runId, profileId });
  expect(await finishedImport(app, checked.summary.runId)).toMatchObject({ state: 'done', created: 2 });
  expect(stored()).toHaveLength(2);
}, 120_000);

it('the lists cannot be read when the send starts: said, naming the connection, and nothing is sent', async () => {
  await freshAccount('Gone quiet');
  const rows = join(dir, 'rows.csv');
  makeRows(rows, 1, 'SRQ');
  const checked = await dryRun(rows);
  expect(checked.summary).toMatchObject({ valid: 1 });
  // Trackops stops answering this user: the token is replaced by the admin.
  await adminChanges((account) => {
    account.credentials = [{ username: account.credentials[0]!.username, token: 'another-token' }];
  });
  const refused = await post(app, 'startImport', { runId: checked.summary.runId, profileId });
  expect(refused.json.error?.code).toBe('api_unauthorized');
  expect(refused.json.error?.message).toMatch(
    /^Cannot read the account's reference data \(its case types, regions, services, fields…\) from http:\/\/127\.0\.0\.1:\d+\/api\/v1 as demo, so nothing was sent: Trackops refused the sign-in \(401\), saying: “Unauthenticated: .+”\. Most likely the user name or API token is wrong or no longer valid/,
  );
  expect(stored()).toHaveLength(0);
}, 120_000);
