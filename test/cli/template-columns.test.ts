/**
 * A template never leaves a column of the sheet out without saying so (explore 34 items 2 and 3), through
 * the CLI against a sandbox over real HTTP, with sheets written by Python's csv module:
 * - `map` on a sheet whose Region column holds a name the account lacks (the admin renamed "Midwest"
 *   to "Central") keeps the column mapped instead of putting the default region in as a constant; the
 *   dry run refuses only that row, naming the account's regions and the "values" key that would
 *   translate it (which then makes it valid), and the import files the other row under its own region;
 * - `map` on a sheet whose region and case type columns have headers it does not know ("Region Code",
 *   "Case Kind") but the account's names as values maps them as lookups, said as a guess, instead of
 *   putting the default region and the headers' best case type in as constants;
 * - next month's sheet with columns the template does not read ("Claimant SSN", "Flags"): `validate`
 *   and `import` name them in a note (text, --json, the report), and still exit as before.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { loadMappingFile } from '../../core/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCliOn } from './run-cli.ts';
import { commandInProcessOn } from './command-in-process.ts';
import { writeCsvByPython } from '../helpers/python.ts';

const HEADER = [
  'Claim #',
  'Date Received',
  'Region',
  'Carrier',
  'Country',
  'Adjuster Last',
  'Adjuster Email',
  'Claimant',
];

/** The rows as Python's csv module writes them, as a carrier's export would be. */
const writeCsv = writeCsvByPython;

let sandbox: RunningSandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

async function startAccount(renameMidwest: boolean): Promise<RunningSandbox> {
  const account = await loadDemoAccount();
  account.case_requests = [];
  if (renameMidwest) account.case_regions.find((region) => region.name === 'Midwest')!.name = 'Central';
  sandbox = await startSandbox({ port: 0, account, rate: 1000 });
  return sandbox;
}

const cli = runCliOn;

/**
 * A template made by `map` from a one-row sheet of HEADER: set-up for the last test, made by the map
 * command's own code in this process (map as spawned is every other test's here).
 */
async function mapOf(running: RunningSandbox, dir: string): Promise<string> {
  const template = join(dir, 'template.json');
  const sheet = writeCsv(join(dir, 'made-from.csv'), [
    HEADER,
    [
      'CLM-0001',
      '12/13/2026',
      'Midwest',
      'Acme Mutual',
      'US',
      'Whitfield',
      'dana@acme.example',
      'Alvarez, Sofia',
    ],
  ]);
  const mapped = await commandInProcessOn(running, 'map', [sheet, '--out', template]);
  expect(mapped.code, mapped.stderr).toBe(0);
  return template;
}

describe('map keeps a region column whose names the account lacks in part', () => {
  it('no default-region constant in its place: the dry run refuses only that row, the import files the other under its region', async () => {
    const running = await startAccount(true);
    const dir = await tempDir();
    const sheet = writeCsv(join(dir, 'month.csv'), [
      HEADER,
      [
        'CLM-8101',
        '12/13/2026',
        'Midwest',
        'Acme Mutual',
        'US',
        'Whitfield',
        'dana@acme.example',
        'Alvarez, Sofia',
      ],
      [
        'CLM-8102',
        '12/13/2026',
        'Northeast',
        'Acme Mutual',
        'US',
        'Whitfield',
        'dana@acme.example',
        'Brooks, Terrence',
      ],
    ]);
    const template = join(dir, 'template.json');
    const mapped = await cli(running, 'map', [sheet, '--out', template]);
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(mapped.stdout).not.toMatch(/default region|no region column/);
    expect(mapped.stdout).toContain(
      `Region: 1 of 2 values are not one of the account's case regions ("Midwest"): the column is mapped, and validation refuses that row until you add a "values" map translating it to:`,
    );
    expect(mapped.stdout).toContain('Left for a person (1): Region (mapped; see its note).');
    const mapping = await loadMappingFile(template);
    expect(mapping.columns).toContainEqual({
      column: 'Region',
      target: 'case_region_id',
      lookup: 'case_regions',
    });
    expect(mapping.constants?.case_region_id).toBeUndefined();

    const report = join(dir, 'dry-run.json');
    const checked = await cli(running, 'validate', [sheet, '--mapping', template, '--report', report]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(/^2 rows checked: 1 valid, 1 invalid/);
    const written = JSON.parse(await readFile(report, 'utf8')) as {
      rows: { row: number; status: string; errors?: { column: string; message: string }[] }[];
    };
    expect(written.rows.map((row) => [row.row, row.status])).toEqual([
      [2, 'invalid'],
      [3, 'valid'],
    ]);
    expect(written.rows[0]!.errors).toEqual([
      expect.objectContaining({
        column: 'Region',
        value: 'Midwest',
        message: expect.stringMatching(/'Midwest' is not one of: .*Central/),
      }),
    ]);
    // The refusal says how the template would translate it: the key to add to the column's values.
    expect(written.rows[0]!.errors![0]!.message).toMatch(
      /; if it means one of them, add it to the column's "values" in the mapping \("values": \{ "Midwest": "…" \}\) and every cell holding it is read as that name$/,
    );
    // Done as said (on a copy), the row is valid.
    const translated = JSON.parse(await readFile(template, 'utf8')) as {
      columns: { column: string; values?: Record<string, string> }[];
    };
    translated.columns.find((column) => column.column === 'Region')!.values = { Midwest: 'Central' };
    const fixed = join(dir, 'translated.json');
    await writeFile(fixed, JSON.stringify(translated));
    const again = await cli(running, 'validate', [sheet, '--mapping', fixed]);
    expect(again.code, again.stdout).toBe(0);

    const imported = await cli(running, 'import', [
      sheet,
      '--mapping',
      template,
      '--results',
      join(dir, 'r.csv'),
    ]);
    expect(imported.code).toBe(1);
    const stored = running
      .account()
      .case_requests.map((request) => [request.reference_value_1, request.case_region_id]);
    // Northeast is region 5 in the demo account; the Midwest row was not sent.
    expect(stored).toEqual([['CLM-8102', 5]]);
  });
});

describe("map recognises a region or case type column by the account's names in it", () => {
  it('a "Region Code" and a "Case Kind" column are mapped as lookups, said as a guess, and every row goes under its own region and case type', async () => {
    const running = await startAccount(false);
    const dir = await tempDir();
    const header = ['Claim #', 'Date Received', 'Region Code', 'Case Kind', 'Carrier', 'Country'];
    const sheet = writeCsv(join(dir, 'codes.csv'), [
      [...header, 'Adjuster Last', 'Adjuster Email'],
      [
        'CLM-8301',
        '12/13/2026',
        'Northeast',
        'Background Check',
        'Acme Mutual',
        'US',
        'Whitfield',
        'd@acme.example',
      ],
      [
        'CLM-8302',
        '12/14/2026',
        'Southwest',
        'Activity Check',
        'Acme Mutual',
        'US',
        'Whitfield',
        'd@acme.example',
      ],
    ]);
    const template = join(dir, 'template.json');
    const mapped = await cli(running, 'map', [sheet, '--out', template]);
    expect(mapped.code, mapped.stderr).toBe(0);
    // Before: no column recognised, so every row went to the default region "Mountain West".
    expect(mapped.stdout).not.toMatch(/default region/);
    expect(mapped.stdout).toMatch(/Region Code +case_region_id +80% +values\n/);
    expect(mapped.stdout).toContain(
      `Region Code: warning: recognised by its values, not its header: every value is one of the account's case regions (Northeast, Southwest), so it is mapped to Region (case_region_id), looked up by name; a guess: check it, or choose another target`,
    );
    expect(mapped.stdout).toContain(`Case Kind: warning: recognised by its values, not its header`);
    const mapping = await loadMappingFile(template);
    expect(mapping.constants).toBeUndefined();
    expect(mapping.columns).toEqual(
      expect.arrayContaining([
        { column: 'Region Code', target: 'case_region_id', lookup: 'case_regions' },
        { column: 'Case Kind', target: 'case_type_id', lookup: 'case_types' },
      ]),
    );

    const imported = await cli(running, 'import', [
      sheet,
      '--mapping',
      template,
      '--results',
      join(dir, 'r.csv'),
    ]);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const stored = running
      .account()
      .case_requests.map((request) => [
        request.reference_value_1,
        request.case_region_id,
        request.case_type_id,
      ]);
    // The demo account: Northeast 5, Southwest 3; Background Check 2, Activity Check 3.
    expect(stored).toEqual([
      ['CLM-8301', 5, 2],
      ['CLM-8302', 3, 3],
    ]);
  });
});

describe("columns next month's sheet has that the template does not read", () => {
  it('are named once by validate and import (text, --json, report); nothing is refused for them', async () => {
    const running = await startAccount(false);
    const dir = await tempDir();
    const month1 = writeCsv(join(dir, 'month1.csv'), [
      HEADER,
      [
        'CLM-8101',
        '12/13/2026',
        'Midwest',
        'Acme Mutual',
        'US',
        'Whitfield',
        'dana@acme.example',
        'Alvarez, Sofia',
      ],
    ]);
    const template = join(dir, 'template.json');
    // The template is set-up, made by the map command's own code in this process (map as spawned is the
    // two tests above); every validate and import here is spawned.
    expect((await commandInProcessOn(running, 'map', [month1, '--out', template])).code).toBe(0);
    // The template reads every column of the sheet it was made from: nothing to say.
    const first = await cli(running, 'validate', [month1, '--mapping', template, '--json']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).not.toHaveProperty('unreadColumns');

    const month2 = writeCsv(join(dir, 'month2.csv'), [
      [...HEADER, 'Claimant SSN', 'Flags'],
      [
        'CLM-8201',
        '1/4/2027',
        'Midwest',
        'Acme Mutual',
        'US',
        'Whitfield',
        'dana@acme.example',
        'Brooks, Terrence',
        '123-45-6789',
        'Rush',
      ],
    ]);
    const note = `${month2} has 2 columns the mapping does not read: 'Claimant SSN', 'Flags': not imported; add them to the mapping to import them`;
    const report = join(dir, 'month2-report.json');
    const checked = await cli(running, 'validate', [month2, '--mapping', template, '--report', report]);
    expect(checked.code).toBe(0);
    expect(checked.stdout.split(note)).toHaveLength(2);
    expect(checked.stdout).toContain(`Note: ${note}\n`);
    expect(JSON.parse(await readFile(report, 'utf8'))).toMatchObject({ reading: [note] });

    const json = await cli(running, 'validate', [month2, '--mapping', template, '--json']);
    expect(JSON.parse(json.stdout)).toMatchObject({
      valid: 1,
      invalid: 0,
      reading: [note],
      unreadColumns: ['Claimant SSN', 'Flags'],
    });

    const imported = await cli(running, 'import', [
      month2,
      '--mapping',
      template,
      '--results',
      join(dir, 'r.csv'),
    ]);
    expect(imported.code).toBe(0);
    expect(imported.stderr).toContain(`import: note: ${note}\n`);
    expect((imported.stdout + imported.stderr).split(note)).toHaveLength(2);
    expect(running.account().case_requests.map((request) => request.reference_value_1)).toEqual(['CLM-8201']);

    // A results file fed back in: the tool's own columns (_status, _id, …) are not the carrier's.
    const again = await cli(running, 'import', [
      join(dir, 'r.csv'),
      '--mapping',
      template,
      '--results',
      join(dir, 'r2.csv'),
      '--json',
    ]);
    expect(JSON.parse(again.stdout)).toMatchObject({ unreadColumns: ['Claimant SSN', 'Flags'] });
  });

  it("a round-trip CSV's read-only columns (updated_at, the subjects) are not named: the export writes them for reference", async () => {
    const running = await startAccount(false);
    const dir = await tempDir();
    // The request the export holds is set-up, created by the import command's own code in this process
    // (spawned, an import is the other tests' here); so are the round-trip export (spawned, test/cli/export.test.ts's
    // "writes a round-trip CSV") and the mapping map makes of it (map as spawned is the tests above). The
    // validate of the export, what this test is about, is spawned.
    const created = await commandInProcessOn(running, 'import', [
      writeCsv(join(dir, 'one.csv'), [
        HEADER,
        [
          'CLM-8301',
          '1/4/2027',
          'Midwest',
          'Acme Mutual',
          'US',
          'Whitfield',
          'dana@acme.example',
          'Lee, Ann',
        ],
      ]),
      '--mapping',
      await mapOf(running, dir),
      '--results',
      join(dir, 'r.csv'),
    ]);
    expect(created.code, created.stderr).toBe(0);
    const exported = join(dir, 'round-trip.csv');
    expect(
      (await commandInProcessOn(running, 'export', ['--out', exported, '--columns', 'round-trip'])).code,
    ).toBe(0);
    const mapping = join(dir, 'round-trip.json');
    expect((await commandInProcessOn(running, 'map', [exported, '--out', mapping])).code).toBe(0);
    const checked = await cli(running, 'validate', [exported, '--mapping', mapping, '--json']);
    expect(checked.code, checked.stderr).toBe(0);
    expect(JSON.parse(checked.stdout)).not.toHaveProperty('unreadColumns');
  });
});
