/**
 * Journal lines (format version 2) read back exactly what was written, and any one character changed
 * anywhere in a line is detected (issue 17: an edited journal was read as the truth).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeJournalLine, encodeJournalLine } from '../../core/batch/journal-lines.ts';

const event = fc.record({
  type: fc.constantFrom('intent', 'outcome'),
  row: fc.integer({ min: 2, max: 1_048_576 }),
  status: fc.constantFrom('created', 'updated', 'failed', 'duplicate'),
  id: fc.integer({ min: 1, max: 2 ** 31 }),
  note: fc.string(),
});

describe('journal line format', () => {
  it('decode(encode(line, seq)) gives the line back with its sequence number', () => {
    fc.assert(
      fc.property(event, fc.nat(), (line, seq) => {
        const decoded = decodeJournalLine(encodeJournalLine(line, seq));
        expect(decoded).toEqual({ ok: true, value: { ...line, seq, sum: expect.any(String) } });
      }),
    );
  });

  it('one character changed anywhere in a line is detected', () => {
    fc.assert(
      fc.property(
        event,
        fc.nat(),
        fc.nat(),
        fc.string({ minLength: 1, maxLength: 1 }),
        (line, seq, at, replacement) => {
          const text = encodeJournalLine(line, seq);
          const index = at % text.length;
          fc.pre(text[index] !== replacement);
          const changed = text.slice(0, index) + replacement + text.slice(index + 1);
          expect(decodeJournalLine(changed).ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });
});
