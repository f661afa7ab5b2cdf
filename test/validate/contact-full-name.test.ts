/**
 * `contact.full_name` (issue 16, point 8): one column holding the adjuster's whole name fills the
 * contact's first, middle and last name, in the grammar of NAME fields ("Last, First Middle" and
 * "First Middle Last"). A mapping-only target: the body carries the three parts the API knows.
 */
import { describe, expect, it } from 'vitest';
import { MappingError, parseMapping, validateRow, validateRows, type Cell } from '../../core/index.ts';
import { collect, demoReference, sheetOf } from './helpers.ts';

const base = {
  version: 1,
  constants: { case_type_id: 1, case_region_id: 1, created_on: '2026-11-02', 'client.country': 'US' },
  columns: [
    { column: 'Carrier', target: 'client.name' },
    { column: 'Adjuster', target: 'contact.full_name' },
    { column: 'Email', target: 'contact.email' },
  ],
};
const MAPPING = parseMapping(base, 'full-name.json');
const HEADERS = ['Carrier', 'Adjuster', 'Email'];
const reference = demoReference();

function contactOf(name: Cell) {
  const outcome = validateRow({ row: 2, cells: ['Acme', name, 'a@b.example'] }, HEADERS, MAPPING, {
    reference,
  });
  return { outcome, contact: (outcome.body as { contact?: unknown } | undefined)?.contact };
}

describe('contact.full_name', () => {
  it('"Last, First Middle" and "First Middle Last" fill first, middle and last name', () => {
    expect(contactOf('Whitfield, Dana J').contact).toEqual({
      first_name: 'Dana',
      middle_name: 'J',
      last_name: 'Whitfield',
      email: 'a@b.example',
    });
    expect(contactOf('Dana Whitfield').contact).toEqual({
      first_name: 'Dana',
      last_name: 'Whitfield',
      email: 'a@b.example',
    });
  });

  it('a blank name is the column left empty (not "nothing maps it"), a number is not a name', () => {
    expect(contactOf('').outcome.problems.map((p) => [p.code, p.column, p.message])).toEqual([
      [
        'required_blank',
        'Adjuster',
        'Adjuster is empty; contact last name is required for a new case request',
      ],
    ]);
    expect(contactOf('12 Main St').outcome.problems.map((p) => [p.code, p.column])).toEqual([
      ['invalid_full_name', 'Adjuster'],
    ]);
  });

  it('in update mode all three parts are sent, so a name without a middle name clears the old one', async () => {
    const update = parseMapping(
      {
        version: 1,
        mode: 'update',
        match: 'case_request_number',
        columns: [
          { column: 'Request', target: 'case_request_number' },
          { column: 'Adjuster', target: 'contact.full_name' },
        ],
      },
      'update.json',
    );
    const [outcome] = await collect(
      validateRows(sheetOf(['Request', 'Adjuster'], [['REQ-1', 'Dana Whitfield']]), update),
    );
    expect(outcome!.body).toEqual({
      contact: { first_name: 'Dana', middle_name: '', last_name: 'Whitfield' },
    });
  });

  it('mapping the name whole and by parts is refused', () => {
    const both = {
      ...base,
      columns: [...base.columns, { column: 'Adjuster Last', target: 'contact.last_name' }],
    };
    expect(() => parseMapping(both, 'both.json')).toThrow(MappingError);
    expect(() => parseMapping(both, 'both.json')).toThrow(
      "columns[3].target: the contact's name is already mapped whole by columns[1] (contact.full_name); map it whole or by parts, not both",
    );
  });
});
