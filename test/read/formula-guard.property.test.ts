/**
 * The formula guard is reversible: any text the tool writes into one of its own CSVs (a results or
 * report file, a round-trip export) reads back as it was, whatever run of `'` and formula characters it
 * starts with; a CSV from elsewhere keeps a leading `'` as written, and the reading notes say so.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesSource, openSheet, readingNotes } from '../../core/index.ts';
import { csvLine } from '../../core/files/csv-writer.ts';
import { allRows } from './helpers.ts';

const encoder = new TextEncoder();
const starts = fc.constantFrom("'", "''", '=', '+', '-', '@', '\t', '\r', "'=", "''+", '', 'x');
const text = fc
  .tuple(starts, starts, fc.string({ maxLength: 6 }))
  .map(([a, b, rest]) => a + b + rest)
  // A cell of only spaces and tabs reads as blank; a header-like value would be taken for a repeated header.
  .filter((value) => value.trim() !== '' && !value.startsWith('_'));

describe('the formula guard read back', () => {
  it('a results file: every text cell reads back as written, the header is recognised as ours', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 5 }), async (values) => {
        const csv =
          '\uFEFF' +
          csvLine(['Notes', '_status', '_id', '_case_request_number', '_error']) +
          values.map((value) => csvLine([value, 'failed', null, null, 'x'])).join('');
        const sheet = await openSheet(bytesSource('run1.csv', encoder.encode(csv)), { delimiter: ',' });
        const rows = await allRows(sheet);
        expect(rows.map((row) => row.cells[0])).toEqual(values);
        expect(sheet.formulaGuards?.().ours).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it("writes a value that starts with ' before a formula character with one more '", () => {
    expect(csvLine(["'=x", '=x', "'x", 'x'])).toBe("''=x,'=x,'x,x\r\n");
  });

  it('a round-trip CSV header is ours: its guards are taken off and the reading notes say how many', async () => {
    const csv =
      csvLine(['id', 'updated_at', 'notes', 'contact.phone_office']) +
      csvLine(['7', '2026-01-02 03:04:05', "'=x", '+1 555']);
    const sheet = await openSheet(bytesSource('rt.csv', encoder.encode(csv)));
    const [row] = await allRows(sheet);
    expect(row!.cells).toEqual(['7', '2026-01-02 03:04:05', "'=x", '+1 555']);
    expect(readingNotes(sheet).join(' ')).toContain('was taken off 2 cells (first: row 2, column "notes")');
  });

  it("a CSV not written by the tool keeps the ' and the reading notes name the first such cell", async () => {
    const csv = "Claim,Phone\r\nCLM-1,'+1 303 555 1212\r\nCLM-2,303\r\n'=CLM-3,'-x\r\n";
    const sheet = await openSheet(bytesSource('referrals.csv', encoder.encode(csv)));
    const rows = await allRows(sheet);
    expect(rows.map((row) => row.cells)).toEqual([
      ['CLM-1', "'+1 303 555 1212"],
      ['CLM-2', '303'],
      ["'=CLM-3", "'-x"],
    ]);
    expect(readingNotes(sheet)).toEqual([
      `3 cells of referrals.csv start with ' before =, +, -, @, a tab or a carriage return (first: row 2, column "Phone") and are read as written, the ' included: ` +
        `trackops-bulk takes that ' off only in a CSV it recognises as its own (a round-trip export, or a report or results file with its _status column). ` +
        `If it is a spreadsheet's guard and not part of the value, remove it from those cells.`,
    ]);
  });
});
