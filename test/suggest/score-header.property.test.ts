/**
 * scoreHeader skips a label whose Dice ceiling (from the two bigram counts) cannot reach the fuzzy
 * floor or beat the best label so far (issue 13, for speed); this keeps it equal to the plain
 * definition, every label compared, for any header and labels of any weights.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { dice, wordsAlign } from '../../core/mapping/similarity.ts';
import type { Candidate } from '../../core/suggest/candidates.ts';
import { CONSIDER, scoreHeader } from '../../core/suggest/match-headers.ts';

function plainScore(header: string, candidate: Candidate): number | null {
  if (header === '') return null;
  const exact = candidate.labels.get(header);
  if (exact !== undefined) return exact;
  let best = 0;
  for (const [label, weight] of candidate.labels) {
    const similarity = dice(header, label);
    if (similarity >= 0.7 && wordsAlign(header, label)) best = Math.max(best, similarity * weight * 0.9);
  }
  return best >= CONSIDER ? Math.round(best * 100) / 100 : null;
}

const letter = fc.constantFrom('a', 'd', 'e', 'j', 'r', 's', 't', 'u');
const word = fc.string({ unit: letter, minLength: 1, maxLength: 9 });
const phrase = fc.array(word, { minLength: 1, maxLength: 3 }).map((words) => words.join(' '));
const weight = fc.constantFrom(1, 0.98, 0.95, 0.85, 0.8, 0.6);
/** A label a letter or two away from the header (dropped, added, changed): most score as fuzzy matches. */
const nearLabel = (header: string) =>
  fc
    .array(fc.tuple(fc.nat({ max: 40 }), fc.constantFrom('drop', 'add', 'change'), letter), {
      minLength: 0,
      maxLength: 2,
    })
    .map((edits) =>
      edits.reduce((text, [at, edit, added]) => {
        const index = at % (text.length + 1);
        if (edit === 'drop') return text.slice(0, index) + text.slice(index + 1);
        if (edit === 'add') return text.slice(0, index) + added + text.slice(index);
        return text.slice(0, index) + added + text.slice(index + 1);
      }, header),
    );
const scored = phrase.chain((header) =>
  fc.tuple(
    fc.constant(header),
    fc.array(fc.tuple(fc.oneof(nearLabel(header), phrase), weight), { maxLength: 8 }),
  ),
);

it('scores a header as comparing every label would', () => {
  fc.assert(
    fc.property(scored, ([header, labels]) => {
      const candidate: Candidate = { target: 'x', description: 'x', labels: new Map(labels) };
      expect(scoreHeader(header, candidate)?.confidence ?? null).toBe(plainScore(header, candidate));
    }),
    { numRuns: 3000 },
  );
});

it('scores near spellings of the same label as before: a header one letter off a label', () => {
  const candidate: Candidate = {
    target: 'x',
    description: 'x',
    labels: new Map([
      ['adjuster email', 1],
      ['adjuster e mail address', 0.95],
      ['claim', 0.85],
    ]),
  };
  expect(scoreHeader('adjuster emial', candidate)).toMatchObject({ how: 'fuzzy' });
  expect(scoreHeader('adjuster emial', candidate)?.confidence).toBe(plainScore('adjuster emial', candidate));
});
