/**
 * The app's textKey works the caseless key from the seen text (issue 13: a draft keys every distinct
 * value of every column); it must stay core's own caselessKey for any text, spaces of every kind,
 * combining marks and letters whose lower case differs in length included.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { caselessKey, seenText } from '../../../core/mapping/text-key.ts';
import { textKey } from '../../../main/session/target-help.ts';

const text = fc.oneof(
  fc.string({
    unit: fc.constantFrom('A', 'é', 'e\u0301', 'İ', 'ß', 'Σ', ' ', '\u00a0', '\u202f', '\t', 'x', 'Ⅻ'),
    maxLength: 12,
  }),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

it("gives core's seen text and caseless key for any text", () => {
  fc.assert(
    fc.property(text, (value) => {
      expect(textKey(value)).toEqual({ seen: seenText(value), caseless: caselessKey(value) });
    }),
    { numRuns: 3000 },
  );
});
