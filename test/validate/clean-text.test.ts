/**
 * isCleanText is the per-cell path's shortcut past `trim()` and the refused-character test: a text it
 * calls clean must be exactly what the general rule keeps and accepts, under every rule (property, on
 * texts drawn around every boundary the rules name), and the texts of a referral sheet must take it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCleanText } from '../../core/validate/clean-text.ts';
import { REFUSED } from '../../core/validate/text-characters.ts';

/** Characters at and around every range edge of the rules, of white space and of the shortcut. */
const EDGES = [
  0x00, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x1f, 0x20, 0x21, 0x41, 0x7e, 0x7f, 0x80, 0x85, 0x9f, 0xa0,
  0xa1, 0xac, 0xad, 0xae, 0xe9, 0x5ff, 0x600, 0x61b, 0x61c, 0x61d, 0x167f, 0x1680, 0x1681, 0x180d, 0x180e,
  0x180f, 0x1ec5, 0x1fff, 0x2000, 0x200a, 0x200b, 0x200f, 0x2010, 0x2014, 0x2019, 0x2026, 0x2027, 0x2028,
  0x2029, 0x202a, 0x202e, 0x202f, 0x205f, 0x2060, 0x2064, 0x2066, 0x2069, 0x3000, 0x3001, 0xd7ff, 0xd800,
  0xdfff, 0xe000, 0xfeff, 0xffff,
];
const character = fc.oneof(
  fc.constantFrom(...EDGES).map((code) => String.fromCharCode(code)),
  fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)),
  fc.constantFrom('a', 'Z', '7', ' ', ',', '-', '@', 'ñ', 'Ø', '’'),
);
const text = fc.array(character, { maxLength: 12 }).map((characters) => characters.join(''));

describe('isCleanText', () => {
  it('calls clean only a text that trimming keeps as it is, not empty, that no rule refuses', () => {
    fc.assert(
      fc.property(text, (value) => {
        if (!isCleanText(value)) return;
        expect(value.trim()).toBe(value);
        expect(value).not.toBe('');
        for (const rule of Object.values(REFUSED)) expect(rule.test(value)).toBe(false);
      }),
      { numRuns: 20000 },
    );
  });

  it('takes the texts of a referral sheet and leaves the rest to the general rule', () => {
    for (const clean of [
      'CLM-100000',
      'Granite State Casualty',
      'Nguyễn',
      'O’Brien',
      'Rush — court date set, see file',
      '"Denver, CO"',
      '$13,787.56',
      'a\tb',
      '東京',
      'Ελλάδα',
    ])
      expect([clean, isCleanText(clean)]).toEqual([clean, true]);
    for (const other of [
      '',
      ' x',
      'x ',
      '\u00a0x',
      'x\t',
      'line\nbreak',
      'bob\u200b@x.com',
      'soft\u00adhyphen',
      'NUL\u0000',
      'DEL\u007f',
      '\ufeffBOM',
      'x\u3000',
      '\u200bx',
    ])
      expect([other, isCleanText(other)]).toEqual([other, false]);
  });
});
