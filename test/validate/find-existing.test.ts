/**
 * What checking the rows against the account costs, said before it starts (issue 13): the words of the
 * dry run's and the import's opening line, and of their summaries.
 */
import { describe, expect, it } from 'vitest';
import { checkCostWords, checkDoneWords } from '../../core/validate/find-existing.ts';

describe('the cost of the check, in words', () => {
  it("a look-up per row on a large account, a listing on a small one, at the run's pace", () => {
    expect(checkCostWords({ keys: 200, accountSize: 48_000, strategy: 'per-key', requests: 200 }, 1)).toBe(
      'checking 200 rows against 48,000 requests: 200 look-ups, about 3 min at 1/s',
    );
    expect(checkCostWords({ keys: 19, accountSize: 36, strategy: 'listing', requests: 1 }, 0.5)).toBe(
      'checking 19 rows against 36 requests: a listing of the account in 1 page, about 4 s at 30/min',
    );
    expect(
      checkCostWords({ keys: 20_000, accountSize: 900_000, strategy: 'listing', requests: 9_000 }, 1),
    ).toBe(
      'checking 20,000 rows against 900,000 requests: a listing of the account in 9,000 pages, about 2.5 h at 1/s',
    );
    expect(checkDoneWords({ keys: 1, accountSize: 50_000, strategy: 'per-key', requests: 1 })).toBe(
      '1 row was checked against 50,000 requests with 1 look-up',
    );
  });
});
