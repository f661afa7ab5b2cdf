/**
 * A request whose key differs from a row's only in letter case or spacing is never a match, and never
 * dropped without a word (through the CLI, over real HTTP): behind a server whose filter compares keys
 * case-insensitively (a proxy, as MySQL's default collation does), an upsert or create row with
 * 'clm-2026-010437' is refused as a possible duplicate of REQ-00002 and nothing is created;
 * `"duplicates": "create"` is the override; an update's "no match" names it. The whole-account listing
 * (more keys than pages) finds it too, from the sandbox alone. No request is added for it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startCaseInsensitiveFilterProxy, type RunningProxy } from '../batch/proxies.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let proxy: RunningProxy;
let dir: string;

const HEADER = ['Claim', 'Received', 'Region', 'Carrier', 'Adjuster', 'Email', 'Notes'];
const row = (claim: string, notes = 'typed in lower case') => [
  claim,
  '11/23/2026',
  'Mountain West',
  'Acme',
  'Dana Whitfield',
  'd@example.com',
  notes,
];

async function mappingFile(name: string, mode: string, extra: Record<string, unknown> = {}): Promise<string> {
  const path = join(dir, name);
  const updating = mode === 'update';
  await writeFile(
    path,
    JSON.stringify({
      version: 1,
      mode,
      match: 'reference_value_1',
      ...(updating ? {} : { constants: { case_type_id: 1, 'client.country': 'US' } }),
      columns: [
        { column: 'Claim', target: 'reference_value_1' },
        { column: 'Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
        ...(updating ? [] : [{ column: 'Region', target: 'case_region_id', lookup: 'case_regions' }]),
        { column: 'Carrier', target: 'client.name' },
        { column: 'Adjuster', target: 'contact.full_name' },
        { column: 'Email', target: 'contact.email' },
        { column: 'Notes', target: 'notes' },
      ],
      ...extra,
    }),
  );
  return path;
}

async function csv(name: string, rows: string[][]): Promise<string> {
  const path = join(dir, name);
  // Written by Python's csv module, as a clerk's export would be.
  const script =
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))';
  runPython(script, [path, JSON.stringify([HEADER, ...rows])]);
  return path;
}

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  proxy = await startCaseInsensitiveFilterProxy(sandbox.baseUrl, 'reference_value_1');
  dir = await tempDir();
});
afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

const through = (baseUrl: string, command: string, args: string[]) =>
  runCli([command, ...args, '--url', baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });
const requestsHeld = () => sandbox.account().case_requests.length;

const NEAR =
  "A case request with Claim Number 'CLM-2026-010437' (REQ-00002) differs from 'clm-2026-010437' only in letter case";

describe('a key the server matched loosely is said, never dropped', () => {
  it('upsert, one look-up: the row is refused as a possible duplicate, and nothing is created', async () => {
    const before = requestsHeld();
    const rows = await csv('upsert.csv', [row('clm-2026-010437')]);
    const mapping = await mappingFile('upsert.json', 'upsert');
    const dry = await through(proxy.baseUrl, 'validate', [rows, '--mapping', mapping]);
    expect(dry.code).toBe(1);
    // Refused, so not among what an import would send.
    expect(dry.stdout).toContain('An import would send nothing: no row is valid.');
    expect(dry.stdout).toContain(NEAR);
    expect(dry.stdout).toContain('To update it, type Claim Number as Trackops holds it');
    expect(dry.stdout).toContain('"duplicates": "create"');

    const run = await through(proxy.baseUrl, 'import', [rows, '--mapping', mapping]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('0 valid, 1 invalid. Created 0');
    expect(run.stdout).toContain(NEAR);
    expect(requestsHeld()).toBe(before);
  });

  it('create: refused the same way; "duplicates": "create" creates it, as the mapping says', async () => {
    const rows = await csv('create.csv', [row('clm-2026-010437')]);
    const refused = await through(proxy.baseUrl, 'validate', [
      rows,
      '--mapping',
      await mappingFile('create.json', 'create'),
    ]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toContain(NEAR);
    expect(refused.stdout).toContain('If it is the same claim, leave the row out');

    const allowed = await through(proxy.baseUrl, 'validate', [
      rows,
      '--mapping',
      await mappingFile('create-anyway.json', 'create', { duplicates: 'create' }),
    ]);
    expect(allowed.code).toBe(0);
    expect(allowed.stdout).toContain('An import would: 1 create.');
  });

  it('update: the exact rule stands, and "no match" names the request that differs only in letter case', async () => {
    const rows = await csv('update.csv', [row('clm-2026-010437')]);
    const run = await through(proxy.baseUrl, 'validate', [
      rows,
      '--mapping',
      await mappingFile('update.json', 'update'),
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "No case request has Reference 1 'clm-2026-010437' exactly; Reference 1 'CLM-2026-010437' (REQ-00002) differs only in letter case: " +
        'if that is the request to update, type reference 1 as Trackops holds it',
    );
  });

  it('the listing of the whole account (more keys than pages) finds keys differing in spacing too', async () => {
    // A request whose key has a space in it, created through the API as another program would.
    const created = await fetch(`${sandbox.baseUrl}/case/requests`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({
        casefile_request: {
          case_type_id: 1,
          case_region_id: 1,
          created_on: '2026-11-23',
          reference_value_1: 'CLM 2026 777',
          client: { name: 'Acme', country: 'US' },
          contact: { first_name: 'Dana', last_name: 'Whitfield', email: 'd@example.com' },
        },
      }),
    });
    expect(created.status).toBe(201);
    const number = ((await created.json()) as { case_request_number: string }).case_request_number;
    // Straight to the sandbox, whose filter is exact: three keys, one page of requests → the listing.
    const rows = await csv('listing.csv', [row('clm-2026-010437'), row('clm  2026 777'), row('CLM-2099-1')]);
    const run = await through(sandbox.baseUrl, 'validate', [
      rows,
      '--mapping',
      await mappingFile('listing.json', 'upsert'),
    ]);
    expect(run.stdout).toContain('with a listing of the account in 1 page.');
    expect(run.stdout).toContain('3 rows checked: 1 valid, 2 invalid');
    expect(run.stdout).toContain('An import would: 1 create.');
    expect(run.stdout).toContain(NEAR);
    expect(run.stdout).toContain(
      `A case request with Claim Number 'CLM 2026 777' (${number}) differs from 'clm  2026 777' only in letter case and spacing`,
    );
  });
});
