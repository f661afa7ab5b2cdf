/**
 * A number written with the other decimal point than the column's ("1.500,00 €" under `"decimal": "."`)
 * is refused with why, and with what it reads as the other way and the setting that takes it: before,
 * the message only said that the decimal point came before a thousands separator.
 */
import { describe, expect, it } from 'vitest';
import { parseMapping, validateRow } from '../../core/index.ts';
import { REQUIRED_CONSTANTS } from './helpers.ts';

const MAPPING = parseMapping(
  {
    version: 1,
    constants: REQUIRED_CONSTANTS,
    columns: [{ column: 'Budget', target: 'budget_money', decimal: '.', parse: 'number' }],
  },
  'm.json',
);

function problemOf(text: string) {
  return validateRow({ row: 2, cells: [text] }, ['Budget'], MAPPING).problems;
}

describe('a number written with the other decimal point', () => {
  it('says what it reads as with "," and which setting takes it', () => {
    expect(problemOf('1.500,00 €')).toEqual([
      expect.objectContaining({
        code: 'number_separator_mismatch',
        message: expect.stringMatching(
          /^Budget '1\.500,00 €' does not fit the column's number format \(.*\): its decimal point "\." comes before a thousands separator; with "," as the decimal point it reads as 1500: if the column's numbers are written so, set "decimal": "," \(or a "locale"\) on the column in the mapping$/,
        ),
      }),
    ]);
  });

  it('adds nothing when the other decimal point does not read it either', () => {
    const [found] = problemOf('1.500.00,0,0');
    expect(found?.code).toBe('number_separator_mismatch');
    expect(found?.message).not.toMatch(/as the decimal point it reads as/);
  });

  it('a number that fits the column is read as before', () => {
    expect(problemOf('1,500.00')).toEqual([]);
  });
});
