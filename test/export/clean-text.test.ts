/**
 * cleanText skips its replace when a quick test finds nothing to clean; that shortcut must give
 * exactly what the replace gives, for any text (controls, lone and paired surrogates, CR/LF mixes).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanText } from '../../core/export/record-values.ts';

/* eslint-disable no-control-regex -- the reference implementation matches control characters */
const NOT_IN_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */
// Line ends are kept as Trackops holds them (`\r\n` too): an export writes what Trackops holds.
const reference = (text: string) => text.replace(NOT_IN_XML, '');

const awkward = fc.constantFrom(
  '\r',
  '\n',
  '\t',
  '\u0000',
  '\u000B',
  '\u001F',
  '\uD83D',
  '\uDE00',
  '😀',
  '\uFFFE',
  '\uFFFF',
  'é',
  'a',
  ' ',
);

describe('cleanText', () => {
  it('equals the plain cleaning for any text', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary' }),
          fc.array(awkward).map((parts) => parts.join('')),
        ),
        (text) => {
          expect(cleanText(text)).toBe(reference(text));
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('keeps ordinary text as it is and cleans what XML forbids', () => {
    expect(cleanText('Jöhn "J" Doe, 12 Main St\tApt 4\nline')).toBe('Jöhn "J" Doe, 12 Main St\tApt 4\nline');
    expect(cleanText('a\r\nb\rc\u0007d\uD800e😀')).toBe('a\r\nb\rcde😀');
  });
});
