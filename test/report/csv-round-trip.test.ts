/**
 * Round trip (STYLE: property tests for round trips): whatever text the source cells hold, the CSV
 * validation report read back by our own reader gives the same text in the same row and column:
 * formula-like text is written with a leading apostrophe, which the reader takes off again in a file it
 * recognises as ours (by its _status and _errors columns), and text that starts with an apostrophe keeps it.
 */
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cellText, fileSource, openSheet, openValidationReport, type RowOutcome } from '../../core/index.ts';
import { tempDir } from './helpers.ts';

const piece = fc.constantFrom(
  ',',
  '"',
  '\n',
  '\r\n',
  ' ',
  '=',
  '-',
  '@',
  ';',
  '\t',
  'é',
  '€',
  '中',
  '😀',
  'a',
  'Z',
  '0',
  "'",
);
const text = fc
  .array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 6 })
  .map((parts) => parts.join(''));
const cell = fc.oneof(text, fc.integer({ min: -1e6, max: 1e6 }), fc.constant(null));

describe('CSV validation report round trip', () => {
  it('every cell reads back as the text it was written from', async () => {
    const dir = await tempDir();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(cell, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 8 }),
        async (table) => {
          const path = join(dir, `r${run++}.csv`);
          const headers = ['Alpha', 'Beta', 'Gamma'];
          const report = await openValidationReport(path, {
            file: 'x.csv',
            sheet: null,
            mode: 'create',
            headers,
            headerRow: 1,
          });
          const outcomes: RowOutcome[] = table.map((cells, index) => ({
            row: index + 2,
            status: 'valid',
            problems: [],
            cells,
          }));
          for (const outcome of outcomes) await report.add(outcome);
          await report.close({ rows: outcomes.length, valid: outcomes.length, invalid: 0, skippedBlank: 0 });

          const sheet = await openSheet(fileSource(path), { headerRow: 1 });
          expect(sheet.headers).toEqual([...headers, '_status', '_errors']);
          const read: string[][] = [];
          for await (const row of sheet.rows()) read[row.row - 2] = row.cells.slice(0, 3).map(cellText);
          const expected = table.map((cells) => cells.map(cellText));
          expect(read).toEqual(expected);
        },
      ),
      { numRuns: 60 },
    );
  });
});
