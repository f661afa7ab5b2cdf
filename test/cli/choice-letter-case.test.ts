/**
 * A SELECT field whose choices differ only in letter case ("High" and "HIGH": an office that added the
 * second years ago), as Trackops keeps them, through the CLI against a sandbox over real HTTP
 * (explore 54 item 1):
 * - a cell written exactly as one choice is stored as that choice, not as the look-alike listed last;
 * - a cell that is neither exactly ("high") is refused naming both, never settled by a guess;
 * - in a round-trip XLSX edited by openpyxl, "HIGH" changed to "High" is an edit, sent and stored.
 * And a choice written with a non-breaking space, or a region whose accent is a separate mark (e +
 * U+0301), is the account's own (explore 54 item 6): the choice is sent as the account spells it, with
 * a note, and a "values" key typed as the message shows the cell finds it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCliOn } from './run-cli.ts';
import { commandInProcessOn } from './command-in-process.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

const cli = runCliOn;

/** The rows as Python's csv module writes them, as a carrier's export would be. */
const writeCsv = writeCsvByPython;

const HEADER = [
  'Claim #',
  'Date Received',
  'Region',
  'Priority',
  'Carrier',
  'Adjuster Last',
  'Adjuster Email',
];
const row = (claim: string, region: string, priority: string) => [
  claim,
  '11/23/2026',
  region,
  priority,
  'Acme Mutual',
  'Doe',
  'doe@acme.example',
];

function template(values: { region?: Record<string, string>; priority?: Record<string, string> } = {}) {
  return {
    version: 1,
    mode: 'create',
    constants: { case_type_id: 1, 'client.country': 'US' },
    columns: [
      { column: 'Claim #', target: 'reference_value_1' },
      { column: 'Date Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
      {
        column: 'Region',
        target: 'case_region_id',
        lookup: 'case_regions',
        ...(values.region ? { values: values.region } : {}),
      },
      {
        column: 'Priority',
        target: 'custom_fields.12',
        ...(values.priority ? { values: values.priority } : {}),
      },
      { column: 'Carrier', target: 'client.name' },
      { column: 'Adjuster Last', target: 'contact.last_name' },
      { column: 'Adjuster Email', target: 'contact.email' },
    ],
  };
}

const priorityOf = (running: RunningSandbox, claim: string) =>
  running
    .account()
    .case_requests.find((request) => request.reference_value_1 === claim)
    ?.custom_fields?.find((field) => field.id === 12)?.value;

describe('choices that differ only in letter case', () => {
  it('store a cell written exactly as one choice as that choice, and refuse a cell that is neither', async () => {
    const account = await loadDemoAccount();
    account.case_requests = [];
    account.fields.find((field) => field.id === 12)!.choices = ['Normal', 'High', 'HIGH', 'Urgent'];
    sandbox = await startSandbox({ port: 0, account, rate: 1000 });
    const dir = await tempDir();
    const sheet = writeCsv(join(dir, 'in.csv'), [
      HEADER,
      row('P-1', 'Midwest', 'High'),
      row('P-2', 'Midwest', 'HIGH'),
      row('P-3', 'Midwest', 'high'),
      row('P-4', 'Midwest', 'urgent'),
    ]);
    const mapping = join(dir, 'map.json');
    await writeFile(mapping, JSON.stringify(template()));

    const dry = await cli(sandbox, 'validate', [sheet, '--mapping', mapping]);
    expect(dry.stdout).toContain('4 rows checked: 3 valid, 1 invalid');
    expect(dry.stdout).toContain(
      "row 4: Priority 'high' matches several choices that differ only in letter case: 'High', 'HIGH'; " +
        'Trackops keeps them apart, so write the cell exactly as the one it means',
    );

    const run = await cli(sandbox, 'import', [
      sheet,
      '--mapping',
      mapping,
      '--results',
      join(dir, 'res.csv'),
    ]);
    expect(run.stdout).toContain('Created 3');
    expect(priorityOf(sandbox, 'P-1')).toBe('High');
    expect(priorityOf(sandbox, 'P-2')).toBe('HIGH');
    // One look-alike only: a cell's letter case is still not asked for.
    expect(priorityOf(sandbox, 'P-4')).toBe('Urgent');
    expect(priorityOf(sandbox, 'P-3')).toBeUndefined();
  }, 120_000);

  it('tell "HIGH" edited to "High" in a round-trip XLSX as an edit, and send it', async () => {
    const account = await loadDemoAccount();
    account.fields.find((field) => field.id === 12)!.choices = ['Normal', 'High', 'HIGH', 'Urgent'];
    const request = account.case_requests.find((each) => each.id === 3)!;
    request.custom_fields!.find((field) => field.id === 12)!.value = 'HIGH';
    sandbox = await startSandbox({ port: 0, account, rate: 1000 });
    const dir = await tempDir();
    const file = join(dir, 'rt.xlsx');
    // The export the test edits is set-up, made by the export command's own code in this process (a
    // round-trip export as spawned is test/cli/export.test.ts's); the dry run and import stay spawned.
    expect(
      (await commandInProcessOn(sandbox, 'export', ['--out', file, '--columns', 'round-trip'])).code,
    ).toBe(0);
    const edit = [
      'import openpyxl,sys',
      'wb=openpyxl.load_workbook(sys.argv[1]); ws=wb.worksheets[0]',
      'h=[c.value for c in ws[1]]',
      'for r in ws.iter_rows(min_row=2):',
      '  if str(r[h.index("id")].value)=="3": r[h.index("custom_fields.12")].value="High"',
      'wb.save(sys.argv[1])',
    ].join('\n');
    runPython(edit, [file]);

    const dry = await cli(sandbox, 'validate', [file]);
    expect(dry.stdout).toContain('1 edited since the export');
    const run = await cli(sandbox, 'import', [file, '--mode', 'update', '--results', join(dir, 'res.csv')]);
    expect(run.stdout).toContain('updated 1');
    const stored = sandbox.account().case_requests.find((each) => each.id === 3)!;
    expect(stored.custom_fields!.find((field) => field.id === 12)!.value).toBe('High');
  }, 180_000);
});

describe('a name or choice stored with invisible differences', () => {
  it('is the account\'s own, and a "values" key typed as the message shows it finds the cell', async () => {
    const account = await loadDemoAccount();
    account.case_requests = [];
    account.case_regions.push({ id: 9, name: 'Montréal', is_default: false });
    account.fields.find((field) => field.id === 12)!.choices = ['Normal', 'Very High', 'Urgent'];
    sandbox = await startSandbox({ port: 0, account, rate: 1000 });
    const dir = await tempDir();
    const decomposed = 'Montre\u0301al';
    const sheet = writeCsv(join(dir, 'in.csv'), [
      HEADER,
      row('M-1', decomposed, 'Normal'),
      row('M-2', 'Midwest', 'Very\u00a0High'),
      row('M-3', 'Montre\u0301al-Nord', 'Normal'),
    ]);
    const mapping = join(dir, 'map.json');
    // The key typed as a message shows the cell (composed), for a cell whose accent is a separate mark.
    await writeFile(
      mapping,
      JSON.stringify(template({ region: { 'Montr\u00e9al-Nord': 'Montr\u00e9al' } }), null, 1),
    );

    const dry = await cli(sandbox, 'validate', [sheet, '--mapping', mapping]);
    expect(dry.stdout).toContain('3 rows checked: 3 valid, 0 invalid');
    expect(dry.stdout).toContain(
      "Priority 'Very\u00a0High' is sent as the choice 'Very High': the cell holds a non-breaking, special or doubled space, read as one space",
    );
    const run = await cli(sandbox, 'import', [
      sheet,
      '--mapping',
      mapping,
      '--results',
      join(dir, 'res.csv'),
    ]);
    expect(run.stdout).toContain('Created 3');
    const regionOf = (claim: string) =>
      sandbox!.account().case_requests.find((request) => request.reference_value_1 === claim)?.case_region_id;
    expect(regionOf('M-1')).toBe(9);
    expect(regionOf('M-3')).toBe(9);
    expect(priorityOf(sandbox, 'M-2')).toBe('Very High');
  }, 120_000);
});
