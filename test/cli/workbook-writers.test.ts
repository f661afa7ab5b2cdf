/**
 * `trackops-bulk validate` on workbooks from openpyxl and xlsxwriter (test/fixtures/read/
 * make-writer-fixtures.py), as a user runs it: what the file does not hold, or a clerk does not see,
 * is said on the terminal and in the report.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../core/index.ts';
import { tempDir } from '../report/helpers.ts';
import { fixture } from '../read/helpers.ts';
import { REQUIRED_CONSTANTS } from '../validate/helpers.ts';
import { runCli } from './run-cli.ts';

const MAPPING = {
  version: 1,
  constants: REQUIRED_CONSTANTS,
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Budget', target: 'budget_money' },
    { column: 'Zip', target: 'client.zip' },
  ],
};

async function validate(file: string, columns = MAPPING.columns) {
  const dir = await tempDir();
  const mapping = join(dir, 'mapping.json');
  const report = join(dir, 'report.json');
  await writeFile(mapping, JSON.stringify({ ...MAPPING, columns }));
  const run = await runCli(['validate', fixture(file), '--mapping', mapping, '--report', report]);
  return { run, report: JSON.parse(await readFile(report, 'utf8')) as ValidationReport };
}

describe('validate on workbooks from Python libraries', () => {
  it('openpyxl formulas with no saved result: exit 1, the cells named on the terminal and in the report', async () => {
    const { run, report } = await validate('openpyxl-formulas.xlsx');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'row 3: Claim #: A3 holds a formula (="OPX-"&TEXT(2,"000")) whose result was not saved with the file',
    );
    expect(report.summary).toMatchObject({ rows: 2, valid: 1, invalid: 1 });
    expect(report.rows[1]!.errors.map((error) => error.code)).toEqual(['unsaved_formula', 'unsaved_formula']);
  });

  it('a value merged down over rows: the rows under its top named with the range, exit 1', async () => {
    const { run, report } = await validate('merged-down.xlsx', [
      ...MAPPING.columns,
      { column: 'Services', target: 'notes' },
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "row 3: Services: D3 is part of the merged range D2:D4, whose value 'Surveillance; Skip Trace' is in D2 only",
    );
    expect(report.rows.filter((row) => row.status === 'invalid').map((row) => row.row)).toEqual([3, 4]);
  });

  it('rows hidden by hand and by a filter: validate says which and that they are checked too; the report lists them', async () => {
    const { run, report } = await validate('hidden-rows.xlsx');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '3 rows are hidden in Excel (rows 3, 5, 7; the sheet has a filter, which hides rows) and were checked too: an import sends them like any other row.',
    );
    expect(run.stdout).toContain('The column "Notes" is hidden in Excel and is read like any other.');
    expect(report.summary).toMatchObject({
      rows: 6,
      valid: 6,
      hiddenRows: [3, 5, 7],
      hiddenColumns: ['Notes'],
    });
  });

  it('import says after its counts that the hidden rows were imported too', async () => {
    const dir = await tempDir();
    const mapping = join(dir, 'mapping.json');
    await writeFile(mapping, JSON.stringify(MAPPING));
    const run = await runCli([
      'import',
      fixture('hidden-rows.xlsx'),
      '--mapping',
      mapping,
      '--sandbox',
      '--sandbox-data',
      join(dir, 'account.json'),
      '--results',
      join(dir, 'results.json'),
    ]);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      '3 rows are hidden in Excel (rows 3, 5, 7; the sheet has a filter, which hides rows) and were imported too.',
    );
    const results = JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')) as {
      summary: Record<string, number>;
    };
    expect(results.summary).toMatchObject({ created: 6, hiddenRows: 3 });
  });

  it('a hidden sheet the mapping names: validate and import say that Excel hides it, and which sheets it shows', async () => {
    const dir = await tempDir();
    const mapping = join(dir, 'mapping.json');
    await writeFile(mapping, JSON.stringify({ ...MAPPING, source: { sheet: 'Referrals' } }));
    const report = join(dir, 'report.json');
    const checked = await runCli([
      'validate',
      fixture('hidden-sheet.xlsx'),
      '--mapping',
      mapping,
      '--report',
      report,
    ]);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain(
      'Sheet "Referrals" is hidden in Excel (the sheets it shows: "Sheet1", "Property") and was checked: an import sends its rows like any other.',
    );
    const summary = (JSON.parse(await readFile(report, 'utf8')) as ValidationReport).summary;
    expect(summary).toMatchObject({ rows: 2, valid: 2, hiddenSheet: 'Referrals' });
    const imported = await runCli([
      'import',
      fixture('hidden-sheet.xlsx'),
      '--mapping',
      mapping,
      '--sandbox',
      '--sandbox-data',
      join(dir, 'account.json'),
      '--results',
      join(dir, 'results.json'),
    ]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(
      'Sheet "Referrals" is hidden in Excel (the sheets it shows: "Sheet1", "Property") and its rows were imported.',
    );
  });

  it('a 19-digit claim number typed as a number: named as Excel shows it, exit 1', async () => {
    const { run } = await validate('long-numbers.xlsx', MAPPING.columns.slice(0, 2));
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'row 3: Claim # is the number 1.23456789012346E+18: Excel keeps only 15 digits',
    );
    expect(run.stdout).toContain('row 5: Claim # is the number 1.23E+15');
  });
});
