/**
 * Workbooks as faulty or unusual exporters write them (test/fixtures/read/make-foreign-writer-fixtures.py:
 * openpyxl, then one XML part rewritten), read as a spreadsheet shows them or refused, through the CLI
 * against a sandbox over real HTTP; what lands in the account is checked.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { fixture } from '../read/helpers.ts';
import { REQUIRED_CONSTANTS } from '../validate/helpers.ts';
import { runCliOn } from './run-cli.ts';

let sandbox: RunningSandbox;
let dir: string;
let mapping: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
  mapping = join(dir, 'mapping.json');
  await writeFile(
    mapping,
    JSON.stringify({
      version: 1,
      mode: 'create',
      match: 'reference_value_1',
      constants: REQUIRED_CONSTANTS,
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Budget', target: 'budget_money' },
        { column: 'Zip', target: 'client.zip' },
        { column: 'Notes', target: 'notes' },
      ],
    }),
  );
});
afterAll(() => sandbox.close());

/** The requests the account holds from these fixtures (their claim numbers start FW-). */
const stored = (account = sandbox) =>
  account
    .account()
    .case_requests.filter((request) => request.reference_value_1?.startsWith('FW-'))
    .map((request) => ({
      claim: request.reference_value_1,
      budget: request.budget_money,
      notes: request.notes,
    }));

describe('workbooks from other writers', () => {
  it('rule: a row written twice is refused before anything is sent, naming the file, sheet and row', async () => {
    const file = fixture('row-written-twice.xlsx');
    const before = stored();
    const results = join(dir, 'twice.csv');
    for (const command of ['validate', 'import']) {
      const run = await runCliOn(sandbox, command, [
        file,
        '--mapping',
        mapping,
        ...(command === 'import' ? ['--results', results] : []),
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `Sheet "Referrals" of ${file} is damaged: row 3 appears twice in it (again after row 4), and which copy is the row 3 a spreadsheet shows cannot be told. ` +
          'Open the file in Excel (it offers to repair it) or LibreOffice, check row 3 and save it again as .xlsx (Excel Workbook).',
      );
    }
    // Neither copy of row 3 (nor rows 2 and 4) was created: both used to be, as two "row 3"s.
    expect(stored()).toEqual(before);
  });

  it('rule: rows out of order and a cell written twice are refused the same way', async () => {
    const outOfOrder = await runCliOn(sandbox, 'validate', [
      fixture('rows-out-of-order.xlsx'),
      '--mapping',
      mapping,
    ]);
    expect(outOfOrder.code).toBe(2);
    expect(outOfOrder.stderr).toContain(
      'is damaged: row 3 comes after row 4 in it: it is out of order, which Excel calls damage. Open the file in Excel',
    );
    const cellTwice = await runCliOn(sandbox, 'validate', [
      fixture('cell-written-twice.xlsx'),
      '--mapping',
      mapping,
    ]);
    expect(cellTwice.code).toBe(2);
    expect(cellTwice.stderr).toContain(
      'is damaged: cell C3 comes after cell D3 in it: a cell written twice or out of order, which Excel calls damage. Open the file in Excel',
    );
  });

  it('rule: text in a number cell refuses its row, naming the cell and the text; the other rows are imported', async () => {
    const report = join(dir, 'text-in-numbers.json');
    const file = fixture('text-in-number-cells.xlsx');
    const run = await runCliOn(sandbox, 'validate', [file, '--mapping', mapping, '--report', report]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('3 rows checked: 1 valid, 2 invalid');
    expect(run.stdout).toContain(
      "row 3: Budget: C3 is a number cell that holds the text '$400.00': the program that wrote the file put text where a number goes, " +
        'so Excel calls the file damaged and LibreOffice shows another number (or 0) there. ' +
        'Open the file in Excel or LibreOffice, type the value the cell should hold and save it as .xlsx, or ask whoever sent it for a new copy',
    );
    expect(run.stdout).toContain("row 4: Budget: C4 is a number cell that holds the text '11/24/2026'");
    const written = JSON.parse(await readFile(report, 'utf8')) as ValidationReport;
    expect(written.rows.filter((row) => row.status === 'invalid').map((row) => row.errors[0]?.code)).toEqual([
      'text_in_number_cell',
      'text_in_number_cell',
    ]);

    const before = stored();
    const imported = await runCliOn(sandbox, 'import', [
      file,
      '--mapping',
      mapping,
      '--results',
      join(dir, 'text-in-numbers.csv'),
    ]);
    expect(imported.code).toBe(1);
    // Only row 2 was created: the rows whose Budget the file holds as text were sent nowhere.
    expect(stored().slice(before.length)).toEqual([{ claim: 'FW-001', budget: 1200, notes: 'first' }]);
  });

  it('rule: a row of zero height and a column of zero width are named as hidden, as hidden="1" ones are', async () => {
    const run = await runCliOn(sandbox, 'validate', [fixture('zero-height-row.xlsx'), '--mapping', mapping]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 row is hidden in Excel (row 3) and was checked too');
    expect(run.stdout).toContain('The column "Notes" is hidden in Excel and is read like any other.');
  });

  it('rule: a cell whose reference names another row than its own is refused before anything is sent, naming both', async () => {
    const file = fixture('cell-in-another-row.xlsx');
    const before = stored();
    for (const command of ['validate', 'import']) {
      const run = await runCliOn(sandbox, command, [
        file,
        '--mapping',
        mapping,
        ...(command === 'import' ? ['--results', join(dir, 'another-row.csv')] : []),
      ]);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `Sheet "Referrals" of ${file} is damaged: cell C4 is written inside row 3, and which of the two rows its value belongs to cannot be told. ` +
          'Open the file in Excel (it offers to repair it) or LibreOffice, check rows 3 and 4 and save it again as .xlsx (Excel Workbook).',
      );
    }
    // Row 3's Budget used to be read as 400 without a word, though the file says it is C4's.
    expect(stored()).toEqual(before);
  });

  it('rule: rows a sheet hides by default (zeroHeight="1") are named hidden unless given a height', async () => {
    const run = await runCliOn(sandbox, 'validate', [
      fixture('rows-hidden-by-default.xlsx'),
      '--mapping',
      mapping,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('1 row is hidden in Excel (row 3) and was checked too');
  });

  it('rule: a header cell stored as a number holding text is read as its name and said, naming the cell', async () => {
    const file = fixture('header-text-in-number-cell.xlsx');
    const run = await runCliOn(sandbox, 'validate', [file, '--mapping', mapping]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Header cell C1 ('Budget') of sheet "Referrals" of ${file} is a number cell that holds text: ` +
        'the program that wrote the file put text where a number goes, so Excel calls the file damaged and LibreOffice shows another number (or 0) there. ' +
        "It was read as the column's name, as written (no row's value comes from it).",
    );
    expect(run.stdout).toContain('3 rows checked: 3 valid, 0 invalid');
  });

  it('rule: a workbook whose every XML part is UTF-16 is read exactly and imported', async () => {
    // An account of its own: the near-edit check would take the row for a correction of FW-001 above.
    const own = await startSandbox({ port: 0, rate: 1000 });
    try {
      const run = await runCliOn(own, 'import', [
        fixture('utf16-parts.xlsx'),
        '--mapping',
        mapping,
        '--results',
        join(dir, 'utf16.csv'),
      ]);
      expect(run.stderr).not.toMatch(/damaged|not valid XML/);
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(stored(own)).toEqual([{ claim: 'FW-016', budget: 1200, notes: 'Łukasz Żółć' }]);
    } finally {
      await own.close();
    }
  });
});
