/**
 * The results screen's counts add up to the file after a send resumed from an earlier one (exploratory
 * round 3, defect 2): the rows earlier sends wrote are shown apart, and "still to send" is what the
 * next send will send.
 */
import { describe, expect, it } from 'vitest';
import { sendCounts } from '../../renderer/src/import/send-counts.ts';

const status = { created: 0, updated: 0, failed: 0, unchanged: 0 };

describe('the results counts of a resumed send', () => {
  it('a trial of 5 after 16 were sent and the file checked again: 5 now, 16 earlier, 19 left', () => {
    // The dry run: 24 ready, 16 already sent earlier; the runner counts the 16 in created too.
    const counts = sendCounts(
      { valid: 24, sentEarlier: 16 },
      { ...status, created: 21, earlier: { created: 16, updated: 0 } },
    );
    expect(counts).toEqual({
      created: 5,
      answeredExisting: 0,
      updated: 0,
      earlier: 16,
      written: 21,
      remaining: 19,
    });
  });

  it('the rest of a trial sent from the same dry run: nothing left, 35 now and 5 earlier', () => {
    const counts = sendCounts({ valid: 40 }, { ...status, created: 40, earlier: { created: 5, updated: 0 } });
    expect(counts).toEqual({
      created: 35,
      answeredExisting: 0,
      updated: 0,
      earlier: 5,
      written: 40,
      remaining: 0,
    });
  });

  it('a first send cancelled part-way: what was sent and what is left', () => {
    const counts = sendCounts({ valid: 40 }, { ...status, created: 16, failed: 1 });
    expect(counts).toEqual({
      created: 16,
      answeredExisting: 0,
      updated: 0,
      earlier: 0,
      written: 16,
      remaining: 23,
    });
  });
});
