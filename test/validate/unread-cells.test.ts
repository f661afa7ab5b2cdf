/**
 * Cells whose value the file does not hold, read from workbooks the libraries carriers' systems export
 * with (test/fixtures/read/make-writer-fixtures.py), through the public reader and validateRows: a
 * formula with no saved result, or one whose saved result Excel will recalculate on opening, is a
 * problem on its row naming the cell; never blank, never xlsxwriter's 0.
 */
import { describe, expect, it } from 'vitest';
import { fileSource, openSheet, parseMapping, validateRows, type Problem } from '../../core/index.ts';
import { fixture } from '../read/helpers.ts';
import { collect, demoReference, REQUIRED_CONSTANTS } from './helpers.ts';

const reference = demoReference();
const MAPPING = {
  version: 1,
  constants: { ...REQUIRED_CONSTANTS, 'subjects.0.custom_fields.101.last_name': 'Doe' },
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

describe('cells under the top row of a merged range', () => {
  const mapping = parseMapping(
    {
      ...MAPPING,
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Services', target: 'notes' },
        { column: 'Zip', target: 'client.zip' },
        { column: 'Notes', target: 'scheduling_notes' },
      ],
    },
    'm.json',
  );

  it('each row under the top of a merge holding a value gets a problem naming the range and where its value is; nothing is copied down', async () => {
    const sheet = await openSheet(fileSource(fixture('merged-down.xlsx')));
    const outcomes = await collect(validateRows(sheet, mapping, { reference }));
    const problems = new Map(outcomes.map((outcome) => [outcome.row, outcome.problems]));
    expect(problems.get(2)).toEqual([]);
    expect(problems.get(3)).toEqual([
      expect.objectContaining({
        column: 'Services',
        code: 'merged_cell',
        value: '',
        message:
          "Services: D3 is part of the merged range D2:D4, whose value 'Surveillance; Skip Trace' is in D2 only: Excel shows it on every row of the range, but it belongs to row 2. Unmerge D2:D4 in Excel (Merge & Center off) and fill the value into each row that needs it",
      }),
    ]);
    expect(problems.get(4)!.map((problem) => [problem.column, problem.code])).toEqual([
      ['Services', 'merged_cell'],
    ]);
    expect(problems.get(5)).toEqual([]);
    // F5:F6; the empty merge E2:E3 covers nothing and is no problem.
    expect(
      problems.get(6)!.map((problem) => [problem.column, problem.code, problem.message.slice(0, 40)]),
    ).toEqual([['Notes', 'merged_cell', 'Notes: F6 is part of the merged range F5']]);
    expect(outcomes.find((outcome) => outcome.row === 2)!.body).toMatchObject({
      notes: 'Surveillance; Skip Trace',
    });
  });

  it('a value map that gives blank cells a value does not fill a merged one', async () => {
    const sheet = await openSheet(fileSource(fixture('merged-down.xlsx')));
    const filled = parseMapping(
      { ...MAPPING, columns: [{ column: 'Services', target: 'notes', values: { '': 'none given' } }] },
      'm.json',
    );
    const outcomes = await collect(validateRows(sheet, filled, { reference }));
    expect(outcomes.map((outcome) => outcome.problems.map((problem) => problem.code))).toEqual([
      [],
      ['merged_cell'],
      ['merged_cell'],
      [],
      [],
    ]);
  });
});

describe('numbers too long for Excel to have kept whole', () => {
  const mapping = parseMapping(
    {
      ...MAPPING,
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Budget', target: 'budget_money' },
        { column: 'Policy', target: 'reference_value_2' },
      ],
    },
    'm.json',
  );

  it('a number of 1e15 or more going to a text target is a problem showing it as Excel does; a number target keeps it; 15 digits pass', async () => {
    const sheet = await openSheet(fileSource(fixture('long-numbers.xlsx')));
    const outcomes = await collect(validateRows(sheet, mapping, { reference }));
    const problems = new Map(outcomes.map((outcome) => [outcome.row, outcome.problems]));
    expect(problems.get(2)).toEqual([]);
    expect(outcomes[0]!.body).toMatchObject({ reference_value_2: '123456789012345' });
    expect(problems.get(3)).toEqual([
      expect.objectContaining({
        column: 'Claim #',
        code: 'long_number',
        value: '1.23456789012346E+18',
        message:
          'Claim # is the number 1.23456789012346E+18: Excel keeps only 15 digits of a number, so the digits after the 15th were lost (they read as 0); format the column as Text in Excel and type the value again',
      }),
    ]);
    expect(problems.get(4)).toEqual([]); // Budget 1E+15 is an amount, not an identifier
    expect(problems.get(5)!.map((problem) => [problem.column, problem.value])).toEqual([
      ['Claim #', '1.23E+15'],
    ]);
  });
});
