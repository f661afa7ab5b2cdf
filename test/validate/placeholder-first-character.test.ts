/**
 * placeholderIn answers most cells from their first two characters (issue 13: it runs on every row of
 * every checked column): a letter or digit no placeholder word starts with, or goes on with; a first
 * character no word starts with ("(" of a phone number) and a letter or digit after it. The answer must
 * be the full rule's for any cell: the rule as it was before the shortcuts is the reference here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeholderIn } from '../../core/validate/placeholder-words.ts';
import type { ValuePlan } from '../../core/validate/value-plan.ts';

const WORDS = new Set([
  'n/a',
  'n.a.',
  'n.a',
  'na',
  'not applicable',
  'none',
  'unknown',
  'unk',
  'tbd',
  'null',
]);

/** The rule without the shortcut, for a column with no values or choices of its own. */
function reference(cell: string): string | null {
  const text = cell.trim();
  if (text === '' || text.length > 16) return null;
  if (/[\p{L}\p{N}]/u.test(text) && !WORDS.has(text.toLowerCase())) return null;
  return text;
}

const plan = { values: null, choices: null, fieldType: 'INPUT' } as unknown as ValuePlan;

const pieces = fc.constantFrom(
  'N/A',
  'n.a.',
  'NA',
  'Na',
  'None',
  'UNKNOWN',
  'unk',
  'TBD',
  'null',
  '-',
  '—',
  '?',
  ' ',
  '\t',
  'a',
  'Z',
  '9',
  'é',
  'Ñ',
  'x',
  '(',
  ')',
  '/',
  '.',
  '555',
  'Ngu',
  'Unk',
  'NH',
  'Tom',
  '\u00a0',
);

describe('placeholderIn', () => {
  it('gives the full rule for a cell starting with any ASCII character', () => {
    const wrong: string[] = [];
    for (let code = 0; code < 0x80; code++)
      for (const rest of ['', '/a', 'a', 'one', 'ull', 'bd', 'nknown', 'ot applicable', ' ', '1', '-'])
        for (const cell of [String.fromCharCode(code) + rest, String.fromCharCode(code) + rest.toUpperCase()])
          if (placeholderIn(plan, cell) !== reference(cell)) wrong.push(cell);
    expect(wrong).toEqual([]);
  });

  it('gives the full rule for a cell starting with any two ASCII characters', () => {
    const wrong: string[] = [];
    for (let first = 0; first < 0x80; first++)
      for (let second = 0; second < 0x80; second++) {
        const start = String.fromCharCode(first, second);
        for (const rest of ['', 'a', 'A', 'own', 'known', ' ', '-', '1', '\u00e9', '\u00a0'])
          if (placeholderIn(plan, start + rest) !== reference(start + rest)) wrong.push(start + rest);
      }
    expect(wrong).toEqual([]);
  });

  it('gives the full rule for any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces, { maxLength: 4 }).map((parts) => parts.join('')),
        ),
        (cell) => {
          expect(placeholderIn(plan, cell)).toBe(reference(cell));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
