/**
 * Each earlier create settles one row, and a row checked again (the app's dry run re-checks a row
 * after a fix, or a row left out and brought back) keeps the one it took instead of taking another's
 * or finding none (core's EarlierCreates.take).
 */
import { describe, expect, it } from 'vitest';
import { EarlierCreates, type EarlierCreate } from '../../core/batch/earlier-creates.ts';

const create = (row: number, id: number | null): EarlierCreate => ({
  journal: '/j/a.journal.jsonl',
  file: 'rows.csv',
  row,
  id,
  caseRequestNumber: id === null ? null : `REQ-${id}`,
  at: '2026-12-05T10:00:00.000Z',
  answered: id !== null,
});

describe('EarlierCreates.take', () => {
  it('two identical rows take the two requests; a row checked again keeps its own', () => {
    const earlier = new EarlierCreates();
    earlier.add('c1:same', create(2, 37));
    earlier.add('c1:same', create(3, 38));
    expect(earlier.take(2, 'c1:same')?.id).toBe(37);
    expect(earlier.take(3, 'c1:same')?.id).toBe(38);
    expect(earlier.take(2, 'c1:same')?.id).toBe(37);
    expect(earlier.take(4, 'c1:same')).toBeNull();
    expect(earlier.takenBy(3)?.id).toBe(38);
  });

  it('a row whose content changed gives its request back for another row with that content', () => {
    const earlier = new EarlierCreates();
    earlier.add('c1:a', create(2, 37));
    expect(earlier.take(2, 'c1:a')?.id).toBe(37);
    expect(earlier.take(2, 'c1:b')).toBeNull();
    expect(earlier.takenBy(2)).toBeNull();
    expect(earlier.take(5, 'c1:a')?.id).toBe(37);
  });

  it('a send without an answer is taken after every answered create of that content', () => {
    const earlier = new EarlierCreates();
    earlier.add('c1:x', create(2, null));
    earlier.add('c1:x', create(3, 40));
    expect(earlier.take(2, 'c1:x')).toMatchObject({ id: 40, answered: true });
    expect(earlier.take(3, 'c1:x')).toMatchObject({ id: null, answered: false });
    expect([...earlier.ids]).toEqual([40]);
  });

  it('holds content once a create or an unanswered send is added, and not for a cut-short line alone', () => {
    // The runner computes a row's content keys only when this says some earlier create could have them.
    const earlier = new EarlierCreates();
    expect(earlier.holdsContent).toBe(false);
    earlier.addCutShort(create(4, null));
    expect(earlier.holdsContent).toBe(false);
    expect(earlier.cutShortAt(4)?.row).toBe(4);
    earlier.add('c2:doubt', create(5, null));
    expect(earlier.holdsContent).toBe(true);
    const answered = new EarlierCreates();
    answered.add('c2:made', create(6, 40));
    expect(answered.holdsContent).toBe(true);
  });
});
