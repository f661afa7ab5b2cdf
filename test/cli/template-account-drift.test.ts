/**
 * Explore 34 items 4 and 5: a template made last month, checked against an account whose admin has
 * changed its reference data since. What no longer fits is the template's, and the words say so in the
 * clerk's terms: a value the column's "values" translates names the translation (the cell is right), and
 * is a problem of the mapping, said once with its rows; a field the account deleted names the column
 * and the subject group, not "subjects.1.custom_fields.206", and offers the field of the header's name
 * the account has now; a field not enabled for the case type names the column first. A spawned CLI
 * against the sandbox over real HTTP; the sheet written by Python's csv module.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../core/index.ts';
import { loadDemoAccount, startSandbox, type AccountFile, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

const WRITE_CSV = `
import csv, sys
rows = [
    ['Claim #', 'Region', 'Priority', 'Carrier', 'Country', 'Adjuster Email', 'Claimant', 'Vehicle Plate', 'Vehicle Color', 'Loss Date'],
    ['CLM-8101', 'MW', 'Rush', 'Acme Mutual', 'US', 'dana@acme.example', 'Alvarez, Sofia', 'CO-1', 'Silver', ''],
    ['CLM-8102', 'MW', 'Normal', 'Acme Mutual', 'US', 'dana@acme.example', 'Chen, Li', 'CO-2', 'Black', '11/2/2026'],
]
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as out:
    csv.writer(out).writerows(rows)
`;

/** Last month's template: the carrier's codes translated by "values". */
const TEMPLATE = {
  version: 1,
  mode: 'create',
  constants: { case_type_id: 2 },
  subjects: [
    { subject_type_id: 1, is_primary: true, is_pinned: true },
    { subject_type_id: 2, is_primary: false, is_pinned: false },
  ],
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Region', target: 'case_region_id', lookup: 'case_regions', values: { MW: 'Midwest' } },
    { column: 'Priority', target: 'custom_fields.12', values: { Rush: 'High' } },
    { column: 'Carrier', target: 'client.name' },
    { column: 'Country', target: 'client.country' },
    { column: 'Adjuster Email', target: 'contact.email' },
    { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
    { column: 'Vehicle Plate', target: 'subjects.1.custom_fields.201' },
    { column: 'Vehicle Color', target: 'subjects.1.custom_fields.206', values: { Silver: 'Gray' } },
    { column: 'Loss Date', target: 'custom_fields.15', dateFormat: 'M/D/YYYY' },
  ],
};

/** This month's account: Midwest renamed, Priority's High renamed, the Vehicle's Color field replaced. */
function nextMonth(account: AccountFile): AccountFile {
  account.case_requests = [];
  account.case_regions.find((region) => region.name === 'Midwest')!.name = 'Central';
  // Background Check (2) enables Priority (12) still, and not Date of Loss (15).
  account.case_types.find((type) => type.id === 2)!.field_ids = [11, 12, 16, 17];
  account.fields.find((field) => field.id === 12)!.choices = ['Normal', 'High priority', 'Urgent'];
  const color = account.fields.find((field) => field.id === 206)!;
  account.fields = [
    ...account.fields.filter((field) => field.id !== 206),
    { ...color, id: 210, choices: ['Black', 'White', 'Silver', 'Grey'] },
  ];
  const vehicle = account.subject_types.find((type) => type.id === 2)!;
  vehicle.field_ids = [...vehicle.field_ids!.filter((id) => id !== 206), 210];
  return account;
}

let dir = '';
let sandbox: RunningSandbox;
let file = '';
let template = '';

const validate = (args: string[] = []) =>
  runCli(['validate', file, '--mapping', template, '--rate', '100/s', ...args], {
    TRACKOPS_URL: sandbox.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
  });

describe('a template against an account changed since it was made', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'template-drift-'));
    file = join(dir, 'month2.csv');
    template = join(dir, 'template.json');
    runPython(WRITE_CSV, [file]);
    await writeFile(template, JSON.stringify(TEMPLATE));
    sandbox = await startSandbox({ port: 0, account: nextMonth(await loadDemoAccount()) });
  });
  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('a translated value that no longer fits names the translation, once, among the problems of the mapping', async () => {
    const report = join(dir, 'report.json');
    const run = await validate(['--report', report]);
    expect(run.code).toBe(1);
    const mappingPart = run.stdout.slice(run.stdout.indexOf('Problems of the mapping'));
    // Both rows say MW: one line, with its two rows; the cell is right, the translation is not.
    expect(mappingPart).toContain(
      "  2 rows: Region 'MW', which the mapping's values turn into 'Midwest', is not one of: Central, Mountain West, " +
        "Northeast, Pacific Northwest, Southeast, Southwest; change the translation of 'MW' in the column's values (the template), or remove it",
    );
    expect(mappingPart).toContain(
      "  1 row: Priority 'Rush', which the mapping's values turn into 'High', is not one of: Normal, High priority, Urgent; " +
        "change the translation of 'Rush' in the column's values (the template), or remove it",
    );
    // Not per row: a clerk would edit cells that are right.
    expect(run.stdout).not.toMatch(/row 2: Region/);
    const saved = JSON.parse(await readFile(report, 'utf8')) as ValidationReport;
    const region = saved.rows.find((row) => row.row === 2)!.errors.find((error) => error.column === 'Region');
    expect(region).toMatchObject({
      code: 'lookup_not_found',
      value: 'MW', // the cell as the sheet holds it
      scope: 'mapping',
    });
    expect(region!.message).toContain("'MW', which the mapping's values turn into 'Midwest',");
    // An untranslated cell is the row's own problem, as before ('Normal' fits; 'Black' has no translation).
    expect(run.stdout).not.toContain("Priority 'Normal'");
  });

  it("a field the account deleted names the column and the group, and offers the field of the header's name", async () => {
    const run = await validate();
    expect(run.stdout).toContain(
      "Vehicle Color goes to Vehicle 1's field 206, which the account no longer has (deleted, or replaced by another field): " +
        'choose another field for this column, or leave the column out of the mapping ("Do not import this column"; in a mapping file: ' +
        'delete its entry in "columns"). The account\'s Vehicle fields include Color (field 210), whose name the column\'s header holds: ' +
        'if that is the field, choose it for the column (in a mapping file: "target": "subjects.1.custom_fields.210")',
    );
    expect(run.stdout).not.toContain('subjects.1.custom_fields.206:');
    expect(run.stdout).not.toContain('fix the mapping');
  });

  it('the offered field, taken, settles it; a field not enabled for the case type names the column first', async () => {
    const fixed = {
      ...TEMPLATE,
      columns: TEMPLATE.columns.map((column) =>
        column.column === 'Vehicle Color'
          ? { column: 'Vehicle Color', target: 'subjects.1.custom_fields.210' }
          : column,
      ),
    };
    await writeFile(template, JSON.stringify(fixed));
    const run = await validate();
    expect(run.stdout).not.toContain('Vehicle Color');
    expect(run.stdout).toContain(
      `row 3: Loss Date '11/2/2026': Date of Loss (field 15) is not enabled for case type "Background Check", so '11/2/2026' cannot be set; ` +
        'clear the cell (or leave the column out of the mapping), or enable the field for that case type in Trackops',
    );
    await writeFile(template, JSON.stringify(TEMPLATE));
  });
});
