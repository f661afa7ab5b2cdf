/**
 * Upsert with constants meant for new referrals (a carrier's name, its intake contact): a constant is
 * sent with every row, so each row that finds its request overwrites that request's value too. Through
 * the CLI against a sandbox over real HTTP: the dry run names each such constant with how many matched
 * rows it would change and what to do instead; offline it names them without a count; the import says it
 * before sending. What is sent is unchanged.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;
let rows: string;
let mapping: string;

const WAYS =
  "If they are meant for new requests only, give them as columns of the file instead (a blank cell leaves a request's value as it is), " +
  'or import the new rows in a separate run in create mode';

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
  rows = join(dir, 'upsert.csv');
  // Rows 2 and 3 find requests 1 and 2; row 4 is new. Only the notes are typed: the carrier and its
  // intake address come from the mapping's constants.
  runPython(
    'import csv,sys\nw=csv.writer(open(sys.argv[1],"w",newline=""))\nw.writerows([' +
      '["Claim","Notes"],' +
      '["CLM-2026-010400","edited one"],' +
      '["CLM-2026-010437","edited two"],' +
      '["CLM-2099-000001","new"]])',
    [rows],
  );
  mapping = join(dir, 'upsert.json');
  await writeFile(
    mapping,
    JSON.stringify({
      version: 1,
      mode: 'upsert',
      match: 'reference_value_1',
      constants: {
        case_type_id: 1,
        case_region_id: 1,
        created_on: '2026-11-23',
        'client.name': 'Northwind Mutual',
        'contact.email': 'intake@northwind.example',
        'client.country': 'US',
        'contact.full_name': 'Intake Desk',
      },
      columns: [
        { column: 'Claim', target: 'reference_value_1' },
        { column: 'Notes', target: 'notes' },
      ],
    }),
  );
});
afterAll(() => sandbox.close());

const connected = (command: string, args: string[]) =>
  runCli([command, ...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

describe('upsert: constants sent with updates too are said, with the matched rows they change', () => {
  it('the connected dry run names each constant that would overwrite matched requests, and how many', async () => {
    const run = await connected('validate', [rows, '--mapping', mapping]);
    const note = run.stdout.split('\n').find((line) => line.includes("(constant 'Northwind Mutual')"));
    expect(note).toBeDefined();
    expect(note).toContain("Client name (constant 'Northwind Mutual') would change it on 2 matched rows");
    expect(note).toContain(
      "Contact email (constant 'intake@northwind.example') would change it on 2 matched rows",
    );
    expect(note).toContain(
      'these constants are sent with every row that finds its request, not only with rows that create one',
    );
    expect(note).toContain(WAYS);
    // Case type is said by the create-only note (an update cannot send it), not here.
    expect(note).not.toContain('Case type');
  });

  it("the dry run's report says it too, with the same counts", async () => {
    const out = join(dir, 'report.json');
    await connected('validate', [rows, '--mapping', mapping, '--report', out]);
    const report = JSON.parse(await readFile(out, 'utf8')) as ValidationReport;
    expect(report.reading?.find((note) => note.includes("(constant 'Northwind Mutual')"))).toContain(
      "Client name (constant 'Northwind Mutual') would change it on 2 matched rows",
    );
  });

  it('offline, the same constants are named without a count', async () => {
    const run = await runCli(['validate', rows, '--mapping', mapping]);
    const note = run.stdout.split('\n').find((line) => line.includes("(constant 'Northwind Mutual')"));
    expect(note).toContain('connect to the account to count the matched rows they change');
    expect(note).not.toContain('would change it on');
  });

  it('the import says it before sending, and sends what it sent before', async () => {
    const run = await connected('import', [
      rows,
      '--mapping',
      mapping,
      '--results',
      join(dir, 'results.json'),
    ]);
    const note = run.stderr.split('\n').find((line) => line.includes("(constant 'Northwind Mutual')"));
    expect(note).toMatch(
      /^import: note: Date received \(constant '2026-11-23'\), Client name \(constant 'Northwind Mutual'\)/,
    );
    expect(note).toContain('these constants are sent with every row that finds its request');
    expect(note).toContain(
      'trackops-bulk validate with the same mapping and connection counts the matched rows they change',
    );
    expect(run.stdout).toContain('Created 1, updated 2, failed 0');
    expect(run.code).toBe(0);
    const record = sandbox.account().case_requests.find((request) => request.id === 1)!;
    expect(record.client?.name).toBe('Northwind Mutual');
  });
});
