/**
 * Cells whose value the file does not hold, read from workbooks the libraries carriers' systems export
 * with (test/fixtures/read/make-writer-fixtures.py), through the public reader and validateRows: a
 * formula with no saved result, or one whose saved result Excel will recalculate on opening, is a
 * problem on its row naming the cell; never blank, never xlsxwriter's 0.
 */
import { describe, expect, it } from 'vitest';
import { fileSource, openSheet, parseMapping, validateRows, type Problem } from '../../core/index.ts';
import { fixture } from '../read/helpers.ts';
import { collect, demoReference } from './helpers.ts';

const reference = demoReference();
const MAPPING = {
  version: 1,
  constants: {
    case_type_id: 1,
    case_region_id: 1,
    created_on: '2026-01-02',
    'client.name': 'Acme',
    'client.country': 'US',
    'contact.last_name': 'Roe',
    'contact.email': 'roe@acme.example',
    'subjects.0.custom_fields.101.last_name': 'Doe',
  },
  subjects: [{ subject_type_id: 1 }],
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Budget', target: 'budget_money' },
    { column: 'City', target: 'client.city' },
    { column: 'Zip', target: 'client.zip' },
    { column: 'Notes', target: 'notes' },
  ],
};

async function problemsOf(file: string): Promise<Map<number, Problem[]>> {
  const sheet = await openSheet(fileSource(fixture(file)));
  const outcomes = await collect(validateRows(sheet, parseMapping(MAPPING, 'm.json'), { reference }));
  return new Map(outcomes.map((outcome) => [outcome.row, outcome.problems]));
}

describe('formulas whose result the file does not hold', () => {
  it('openpyxl (no result saved): each formula cell is a problem naming the cell and the formula; the row without formulas is valid', async () => {
    const problems = await problemsOf('openpyxl-formulas.xlsx');
    expect(problems.get(2)).toEqual([]);
    expect(problems.get(3)).toEqual([
      expect.objectContaining({
        column: 'Claim #',
        code: 'unsaved_formula',
        value: '="OPX-"&TEXT(2,"000")',
        message:
          'Claim #: A3 holds a formula (="OPX-"&TEXT(2,"000")) whose result was not saved with the file: open the file in Excel and save it, or type the value',
      }),
      expect.objectContaining({
        column: 'Budget',
        code: 'unsaved_formula',
        message:
          'Budget: C3 holds a formula (=1500*1.1) whose result was not saved with the file: open the file in Excel and save it, or type the value',
      }),
    ]);
  });

  it("xlsxwriter (0 saved, recalculated on opening): every formula cell, an array formula's other cells included, is a problem; its 0 is never sent", async () => {
    const problems = await problemsOf('xlsxwriter-formulas.xlsx');
    expect(problems.get(2)).toEqual([]);
    expect(problems.get(3)!.map((problem) => [problem.column, problem.code])).toEqual([
      ['Budget', 'stale_formula'],
      ['Zip', 'stale_formula'],
      ['Notes', 'stale_formula'],
    ]);
    expect(problems.get(3)![1]!.message).toBe(
      'Zip: E3 holds a formula (=TEXT(3101,"00000")) whose saved result (\'0\') cannot be trusted: the program that wrote the file asks Excel to recalculate every formula when it opens it. Open the file in Excel and save it, or type the value',
    );
    expect(problems.get(4)!.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/^Budget: C4 holds a formula \(=ROW\(C4:C5\)\*100\) whose saved result/),
    ]);
    expect(problems.get(5)!.map((problem) => problem.message)).toEqual([
      expect.stringMatching(/^Budget: C5 holds a formula whose saved result \('0'\) cannot be trusted/),
    ]);
  });

  it('Excel-shaped results (a number, text, an empty text result, a shared formula) read as saved', async () => {
    const sheet = await openSheet(fileSource(fixture('excel-formula-results.xlsx')));
    const rows = [];
    for await (const row of sheet.rows()) rows.push(row);
    expect(rows).toEqual([
      { row: 2, cells: ['XL-001', 1650, null] },
      { row: 3, cells: ['XL-002', 1650, 'typed'] },
    ]);
  });

  it('a formula cell in a column the mapping leaves out is no problem (decided per cell)', async () => {
    const sheet = await openSheet(fileSource(fixture('openpyxl-formulas.xlsx')));
    const mapping = parseMapping(
      {
        ...MAPPING,
        columns: MAPPING.columns.filter(
          (column) => column.column !== 'Budget' && column.column !== 'Claim #',
        ),
      },
      'm.json',
    );
    const outcomes = await collect(validateRows(sheet, mapping, { reference }));
    expect(outcomes.map((outcome) => outcome.problems)).toEqual([[], []]);
  });
});
