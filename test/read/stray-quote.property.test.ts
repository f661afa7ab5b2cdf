/**
 * Property (issue 15): delimited text with stray quotes and mixed line ends is either read exactly as
 * the quoting rules say — a reference reader, written here character by character, decides what
 * "exactly" is — or refused naming the row where the damage starts; never read into merged rows.
 *
 * The reference follows the rules Excel and Papa Parse share: a field that starts with a quote runs to
 * a quote followed (after spaces) by the delimiter or a line end, or to a quote ending the text; a
 * doubled quote inside it is a quote; any other quote inside it is damage, as is a quote that never
 * closes. A quote anywhere else is text. CR, LF and CRLF outside quotes each end a record.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSheet, SheetReadError, type Cell } from '../../core/index.ts';
import { delimitedRows } from '../../core/read/delimited-rows.ts';
import type { LineBreak } from '../../core/read/delimited-layout.ts';
import { allRows, chunkedSource } from './helpers.ts';

type Reading = { rows: string[][] } | { damagedRow: number };

function reference(text: string, delimiter: string): Reading {
  const rows: string[][] = [];
  let row: string[] = [];
  let index = 0;
  const isBreak = (at: number) => text[at] === '\r' || text[at] === '\n';
  const endRecord = (at: number): number => {
    rows.push(row);
    row = [];
    return text[at] === '\r' && text[at + 1] === '\n' ? at + 2 : at + 1;
  };
  while (index < text.length) {
    // At a field start.
    if (text[index] === '"') {
      let value = '';
      let from = index + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1) return { damagedRow: rows.length + 1 };
        if (text[quote + 1] === '"') {
          value += text.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        let next = quote + 1;
        while (next < text.length && text[next] !== delimiter && (text[next] === ' ' || text[next] === '\t'))
          next++;
        if (
          quote === text.length - 1 ||
          (next < text.length && (text[next] === delimiter || isBreak(next)))
        ) {
          value += text.slice(from, quote);
          row.push(value);
          index = next;
          break;
        }
        return { damagedRow: rows.length + 1 };
      }
      if (index >= text.length) break;
      if (text[index] === delimiter) {
        index++;
        if (index >= text.length) row.push('');
        continue;
      }
      index = endRecord(index);
      continue;
    }
    let end = index;
    while (end < text.length && text[end] !== delimiter && !isBreak(end)) end++;
    row.push(text.slice(index, end));
    if (end >= text.length) break;
    if (text[end] === delimiter) {
      index = end + 1;
      if (index >= text.length) row.push('');
      continue;
    }
    index = endRecord(end);
  }
  if (row.length > 0) rows.push(row);
  return { rows };
}

const DELIMITERS = [',', ';', '\t', '|', ':'] as const;
const LINE_ENDS = ['\r\n', '\n', '\r'] as const;

/** Quotes every field that needs it, as spreadsheet programs do, and some that do not. */
function written(cell: string, delimiter: string, quoteAnyway: boolean): string {
  return quoteAnyway || /["\r\n]/.test(cell) || cell.includes(delimiter)
    ? `"${cell.replace(/"/g, '""')}"`
    : cell;
}

const damagedFile = fc
  .record({
    delimiter: fc.constantFrom(...DELIMITERS),
    detected: fc.constantFrom<LineBreak>('\r\n', '\n', '\r'),
    width: fc.integer({ min: 1, max: 4 }),
    chunkSizes: fc.array(fc.integer({ min: 1, max: 11 }), { minLength: 1, maxLength: 5 }),
  })
  .chain((base) =>
    fc.record({
      base: fc.constant(base),
      records: fc.array(
        fc.record({
          cells: fc.array(
            fc
              .array(fc.constantFrom('a', 'b', ' ', '"', base.delimiter, '\r', '\n', '\r\n', 'é'), {
                maxLength: 5,
              })
              .map((units) => units.join('')),
            { minLength: base.width, maxLength: base.width },
          ),
          quoteAnyway: fc.array(fc.boolean(), { minLength: base.width, maxLength: base.width }),
          end: fc.constantFrom(...LINE_ENDS),
        }),
        { minLength: 1, maxLength: 8 },
      ),
      finalEnd: fc.boolean(),
      strays: fc.array(fc.nat(), { maxLength: 2 }),
    }),
  );

describe('stray quotes and mixed line ends (fast-check, against a reference reader)', () => {
  it('any file is read exactly as the reference reads it, or refused at the row the reference calls damaged', async () => {
    await fc.assert(
      fc.asyncProperty(damagedFile, async ({ base, records, finalEnd, strays }) => {
        const { delimiter, detected, chunkSizes } = base;
        let text = records
          .map(
            (record, index) =>
              record.cells
                .map((cell, column) => written(cell, delimiter, record.quoteAnyway[column]!))
                .join(delimiter) + (index < records.length - 1 || finalEnd ? record.end : ''),
          )
          .join('');
        for (const at of strays) {
          const position = at % (text.length + 1);
          text = `${text.slice(0, position)}"${text.slice(position)}`;
        }
        const expected = reference(text, delimiter);
        const source = chunkedSource('random.csv', Buffer.from(text), chunkSizes);
        const read = (async () => {
          const rows: { row: number; cells: Cell[] }[] = [];
          for await (const row of delimitedRows(source, { encoding: 'utf-8', delimiter, newline: detected }))
            rows.push(row);
          return rows;
        })();
        if ('damagedRow' in expected) {
          const error = await read.then(
            () => null,
            (thrown: unknown) => thrown,
          );
          expect(error).toBeInstanceOf(SheetReadError);
          expect((error as SheetReadError).code).toBe('damaged_text');
          expect((error as SheetReadError).row).toBe(expected.damagedRow);
        } else {
          expect(await read).toEqual(
            expected.rows.map((cells, index) => ({
              row: index + 1,
              cells: cells.map((cell) => (cell === '' ? null : cell)),
            })),
          );
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('a file written correctly, with any mix of line ends, reads back cell for cell', async () => {
    await fc.assert(
      fc.asyncProperty(damagedFile, async ({ base, records }) => {
        const { delimiter, detected, chunkSizes } = base;
        const lines = records.map((record) =>
          record.cells
            .map((cell, column) => written(cell, delimiter, record.quoteAnyway[column]!))
            .join(delimiter),
        );
        // A CR end before a record written starting with LF would be one CRLF: write that end as CRLF.
        const text = lines
          .map((line, index) => {
            const end = records[index]!.end;
            const after = lines[index + 1] === '' ? records[index + 1]!.end : lines[index + 1];
            return line + (end === '\r' && after?.startsWith('\n') ? '\r\n' : end);
          })
          .join('');
        const rows: { row: number; cells: Cell[] }[] = [];
        const source = chunkedSource('clean.csv', Buffer.from(text), chunkSizes);
        for await (const row of delimitedRows(source, { encoding: 'utf-8', delimiter, newline: detected }))
          rows.push(row);
        expect(rows).toEqual(
          records.map((record, index) => ({
            row: index + 1,
            cells: record.cells.map((cell) => (cell === '' ? null : cell)),
          })),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('a comma file with one quote that never closes is refused at its row, whatever the other cells hold', async () => {
    // Times ("10:45") and spaces give ":" and the tab a consistency of their own; the delimiter is
    // sniffed, not given (CI once found a file read by the wrong delimiter, delimited-layout.ts).
    const cell = fc.constantFrom('K-1', '10:45', '12:00:01', 'Salem', 'a b', '3.5', '', 'x|y', 'p;q');
    const file = fc.integer({ min: 2, max: 5 }).chain((width) =>
      fc.record({
        width: fc.constant(width),
        rows: fc.array(fc.array(cell, { minLength: width, maxLength: width }), {
          minLength: 1,
          maxLength: 30,
        }),
        damage: fc.record({ row: fc.nat(), column: fc.nat() }),
        end: fc.constantFrom(...LINE_ENDS),
        chunkSizes: fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 5 }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(file, async ({ width, rows, damage, end, chunkSizes }) => {
        const damagedIndex = damage.row % rows.length;
        const lines = [
          Array.from({ length: width }, (_, index) => `Field ${index + 1}`).join(','),
          ...rows.map((cells, index) =>
            cells
              .map((text, column) =>
                index === damagedIndex && column === damage.column % width ? `"${text}` : text,
              )
              .join(','),
          ),
        ];
        const source = chunkedSource('damaged.csv', Buffer.from(lines.join(end)), chunkSizes);
        const error = await openSheet(source, { headerRow: 1 })
          .then((sheet) => allRows(sheet))
          .then(
            () => null,
            (thrown: unknown) => thrown,
          );
        expect(error).toBeInstanceOf(SheetReadError);
        expect((error as SheetReadError).code).toBe('damaged_text');
        expect((error as SheetReadError).row).toBe(damagedIndex + 2);
      }),
      { numRuns: 500 },
    );
  });
});
