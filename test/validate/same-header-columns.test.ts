/**
 * Two columns with one header (test/fixtures/read/repeated-headers.csv, by Python's csv module, and
 * the same saved as .xlsx by LibreOffice): the mapping reads the first, and the second's values were
 * dropped without a word. The file now says which column is read, and a row whose unread column holds
 * another value is refused, naming the row, the column and the value; a mapping that names the later
 * column ("Instructions (2)") has chosen, and nothing is said.
 */
import { describe, expect, it } from 'vitest';
import { fileSource, openSheet, parseMapping, repeatedHeaderNotes, validateRows } from '../../core/index.ts';
import { fixture } from '../read/helpers.ts';
import { collect, REQUIRED_CONSTANTS } from './helpers.ts';

const COLUMNS = [
  { column: 'Claim', target: 'reference_value_1' },
  { column: 'Insured', target: 'client.name' },
  { column: 'Instructions', target: 'scheduling_notes' },
  { column: 'Notes', target: 'notes' },
];
const mappingOf = (columns: { column: string; target: string }[]) =>
  parseMapping({ version: 1, constants: REQUIRED_CONSTANTS, columns }, 'm.json');

describe.each(['repeated-headers.csv', 'repeated-headers.xlsx'])(
  '%s: a header given to two columns',
  (file) => {
    it('reads the columns apart: the later one is "Instructions (2)", "NOTES (2)"', async () => {
      const sheet = await openSheet(fileSource(fixture(file)));
      expect(sheet.headers).toEqual([
        'Claim',
        'Insured',
        'Instructions',
        'Notes',
        'Instructions (2)',
        'NOTES (2)',
      ]);
      expect(sheet.repeatedHeaders).toEqual([
        { column: 4, first: 2, header: 'Instructions' },
        { column: 5, first: 3, header: 'NOTES' },
      ]);
    });

    it('says, for the file, which column of each pair the mapping reads', async () => {
      const sheet = await openSheet(fileSource(fixture(file)));
      expect(repeatedHeaderNotes(mappingOf(COLUMNS), sheet)).toEqual([
        `${fixture(file)}: columns C and E are both headed 'Instructions'; the mapping reads C, not E ('Instructions (2)'): a row where that column holds another value is refused, naming it. To import it, rename one header and map it, or delete the column`,
        `${fixture(file)}: columns D and F are both headed 'Notes'; the mapping reads D, not F ('NOTES (2)'): a row where that column holds another value is refused, naming it. To import it, rename one header and map it, or delete the column`,
      ]);
    });

    it('refuses a row whose unread column holds another value, naming row, column and value; blank or equal values pass', async () => {
      const sheet = await openSheet(fileSource(fixture(file)));
      const outcomes = await collect(validateRows(sheet, mappingOf(COLUMNS)));
      expect(outcomes.map((outcome) => [outcome.row, outcome.status])).toEqual([
        [2, 'valid'],
        [3, 'valid'],
        [4, 'invalid'],
      ]);
      expect(outcomes[2]!.problems).toEqual([
        {
          row: 4,
          column: 'Instructions (2)',
          target: null,
          value: 'and the pool',
          code: 'repeated_header_unread',
          message:
            "Column E is also headed 'Instructions' and its value 'and the pool' is not imported (the mapping reads column C): " +
            "rename one header and map it (a mapping file can name this column 'Instructions (2)'), or delete the column",
        },
        expect.objectContaining({
          row: 4,
          column: 'NOTES (2)',
          value: 'rush',
          code: 'repeated_header_unread',
        }),
      ]);
    });

    it('says nothing when the mapping names the later column itself, or reads neither', async () => {
      const sheet = await openSheet(fileSource(fixture(file)));
      const chosen = mappingOf([
        ...COLUMNS.slice(0, 2),
        { column: 'Instructions (2)', target: 'scheduling_notes' },
        { column: 'NOTES (2)', target: 'notes' },
        { column: 'Notes', target: 'admin_notes' },
      ]);
      expect(repeatedHeaderNotes(chosen, sheet)).toEqual([]);
      const outcomes = await collect(validateRows(sheet, chosen));
      expect(outcomes.map((outcome) => outcome.status)).toEqual(['valid', 'valid', 'valid']);
      expect(outcomes[2]!.body).toMatchObject({
        scheduling_notes: 'and the pool',
        notes: 'rush',
        admin_notes: 'night shift',
      });
      const neither = mappingOf(COLUMNS.slice(0, 2));
      expect(repeatedHeaderNotes(neither, sheet)).toEqual([]);
      expect(
        (await collect(validateRows(sheet, neither))).every((outcome) => outcome.status === 'valid'),
      ).toBe(true);
    });
  },
);

/**
 * A header merged across two columns that both hold data (merged-header-across.xlsx, openpyxl: Merge &
 * Center over "Claimant", first names under B and last names under C, no row of sub-labels). Excel
 * shows "Claimant" over both; the second column was read as an unnamed "Column 3", so a mapping reading
 * "Claimant" as a full name sent "Ann" for "Ann Lee", with only a note that "Column 3" was not read.
 */
describe('merged-header-across.xlsx: a header merged across two columns', () => {
  it('names the covered column by the header, as a repeat: "Claimant (2)"', async () => {
    const sheet = await openSheet(fileSource(fixture('merged-header-across.xlsx')));
    expect(sheet.headers).toEqual(['Claim #', 'Claimant', 'Claimant (2)', 'Budget', 'Zip']);
    expect(sheet.repeatedHeaders).toEqual([{ column: 2, first: 1, header: 'Claimant' }]);
  });

  it('refuses a row whose covered column holds a value the mapping does not read', async () => {
    const sheet = await openSheet(fileSource(fixture('merged-header-across.xlsx')));
    const mapping = mappingOf([
      { column: 'Claim #', target: 'reference_value_1' },
      { column: 'Claimant', target: 'client.name' },
    ]);
    const outcomes = await collect(validateRows(sheet, mapping));
    expect(outcomes.map((outcome) => [outcome.row, outcome.status])).toEqual([
      [2, 'invalid'],
      [3, 'valid'],
    ]);
    expect(outcomes[0]!.problems).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'Claimant (2)',
        value: 'Lee',
        code: 'repeated_header_unread',
      }),
    ]);
  });
});
