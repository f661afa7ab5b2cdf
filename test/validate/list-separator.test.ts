/**
 * A list cell written with another separator than the column's "split" (explore 39 item 8): refused,
 * as before, but saying that the cell seems separated by another character, how to write it for the
 * column, and which "split" would read it as written, instead of "is not one of" a list showing both
 * names. A name that is simply not the account's keeps its "not one of" words.
 */
import { describe, expect, it } from 'vitest';
import { parseMapping, validateRow } from '../../core/index.ts';
import { demoReference, REQUIRED_CONSTANTS } from './helpers.ts';

const reference = demoReference();

function servicesProblem(cell: string, split?: string) {
  const mapping = parseMapping(
    {
      version: 1,
      constants: REQUIRED_CONSTANTS,
      columns: [
        { column: 'Claim', target: 'reference_value_1' },
        {
          column: 'Services',
          target: 'case_services_list',
          lookup: 'case_services',
          ...(split !== undefined ? { split } : {}),
        },
      ],
    },
    'm.json',
  );
  const outcome = validateRow({ row: 3, cells: ['C-1', cell] }, ['Claim', 'Services'], mapping, {
    reference,
  });
  return outcome.problems.map((problem) => [problem.code, problem.message]);
}

describe('a list cell separated otherwise than its column splits', () => {
  it('"," in a column split on ";": what to write, and the split that reads it', () => {
    expect(servicesProblem('Surveillance, Skip Trace', ';')).toEqual([
      [
        'list_other_separator',
        `Services 'Surveillance, Skip Trace' is not one name: it seems to be a list separated by ",", and this column is split on ";". ` +
          `Write it 'Surveillance; Skip Trace', or, if the whole column uses ",", set the column's "split" to ","`,
      ],
    ]);
  });

  it('";" in a column split on "," and a list in a column not split at all', () => {
    expect(servicesProblem('skip trace;surveillance', ',')[0]?.[1]).toContain(
      `separated by ";", and this column is split on ",". Write it 'skip trace, surveillance'`,
    );
    expect(servicesProblem('Surveillance / Skip Trace')).toEqual([
      [
        'list_other_separator',
        `Services 'Surveillance / Skip Trace' is not one name: it seems to be a list separated by "/", and this column is not split. ` +
          `Set the column's "split" to "/" to read it as a list`,
      ],
    ]);
  });

  it('an item that is not a name of the account, split or not, keeps "not one of"', () => {
    expect(servicesProblem('Surveillance, Hypnosis', ';')[0]?.[0]).toBe('lookup_not_found');
    expect(servicesProblem('Surveillance; Hypnosis', ';')[0]?.[1]).toMatch(
      /^Services 'Hypnosis' is not one of: /,
    );
    expect(servicesProblem('Surveillance; Skip Trace', ';')).toEqual([]);
  });
});
