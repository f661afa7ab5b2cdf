/**
 * A CSV field's quoting and formula guard decide by a field's first and last characters before any
 * expression runs (issue 13, the CSV export). Every UTF-16 unit, at the start, the end and inside a
 * field, must get what the plain expressions give: quotes for `"`, `,`, line breaks and `\s` at either
 * end; the guard `'` for `=`, `+`, `-`, `@`, tab, CR, and `'` before those.
 */
import { describe, expect, it } from 'vitest';
import { quote } from '../../core/files/csv-writer.ts';
import { neutraliseFormula } from '../../core/read/our-csv.ts';

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;
const GUARDED = /^'*[=+\-@\t\r]/;

const placed = (unit: string) => [unit, `a${unit}`, `${unit}a`, `a${unit}a`, `'${unit}`, `''${unit}x`];

describe('CSV quoting and the formula guard', () => {
  it('quote every field the plain expression would, and no other', () => {
    const wrong: string[] = [];
    for (let code = 0; code <= 0xffff; code++)
      for (const text of placed(String.fromCharCode(code))) {
        const expected = NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
        if (quote(text) !== expected) wrong.push(text);
      }
    expect(wrong).toEqual([]);
    expect(quote('')).toBe('');
  });

  it('guard every field the plain expression would, and no other', () => {
    const wrong: string[] = [];
    for (let code = 0; code <= 0xffff; code++)
      for (const text of placed(String.fromCharCode(code))) {
        const expected = GUARDED.test(text) ? `'${text}` : text;
        if (neutraliseFormula(text) !== expected) wrong.push(text);
      }
    expect(wrong).toEqual([]);
    expect(neutraliseFormula('')).toBe('');
  });
});
