/**
 * A row that is an earlier import's create with a value or two corrected since (core's near-edit.ts):
 * told from another referral by how many values differ and how many agree, and never taken when a
 * row of the file holds that create whole (EarlierCreates.near after take).
 */
import { describe, expect, it } from 'vitest';
import { EarlierCreates, type EarlierCreate } from '../../core/batch/earlier-creates.ts';
import { contentKeysOf, contentOf } from '../../core/batch/fingerprint.ts';
import {
  compareParts,
  editedWords,
  isNearEdit,
  partsOf,
  readParts,
  valueAt,
  valuesOf,
} from '../../core/batch/near-edit.ts';
import type { CaseRequestCreateBody } from '../../core/api/types.ts';
import type { AccountReference } from '../../core/account/reference.ts';
import { loadDemoAccount } from '../../sandbox/index.ts';

const referral = (overrides: Record<string, unknown> = {}): CaseRequestCreateBody =>
  ({
    case_type_id: 1,
    case_region_id: 1,
    created_on: '2026-11-23',
    due_on: '2026-12-07',
    client: { name: 'Acme Mutual', city: 'Denver', country: 'US' },
    contact: { first_name: 'Dana', last_name: 'Whitfield', email: 'dana@acme.example' },
    notes: 'Back injury claimed',
    custom_fields: [{ id: 12, value: '2026-11-15' }],
    subjects: [
      {
        subject_type_id: 1,
        is_primary: true,
        is_pinned: true,
        custom_fields: [
          { id: 11, value: { first_name: 'Sofia', last_name: 'Alvarez' } },
          { id: 14, value: '1986-03-03' },
        ],
      },
    ],
    ...overrides,
  }) as CaseRequestCreateBody;

const sent = (row: number, id: number, body: CaseRequestCreateBody): [string, EarlierCreate] => [
  contentOf(body),
  {
    journal: '/j/a.journal.jsonl',
    file: 'rows.csv',
    row,
    id,
    caseRequestNumber: `REQ-${id}`,
    at: '2026-12-05T10:00:00.000Z',
    answered: true,
    parts: partsOf(body),
  },
];

const compare = (a: CaseRequestCreateBody, b: CaseRequestCreateBody) =>
  compareParts(valuesOf(a), readParts(partsOf(b)));

describe('partsOf and isNearEdit', () => {
  it('names each value by the path a mapping gives it, subjects and custom field parts included', () => {
    const paths = [...valuesOf(referral()).keys()];
    expect(paths).toContain('client.name');
    expect(paths).toContain('custom_fields.12');
    expect(paths).toContain('subjects.0.custom_fields.11.first_name');
    // The group's structure is the same on every row: not a value.
    expect(paths.some((path) => path.endsWith('is_primary') || path.endsWith('subject_type_id'))).toBe(false);
    expect(valueAt(referral(), 'subjects.0.custom_fields.11.first_name')).toBe('Sofia');
    expect(valueAt(referral(), 'client.city')).toBe('Denver');
    expect(valueAt(referral(), 'custom_fields.12')).toBe('2026-11-15');
  });

  it('one or two values corrected is an edit; three, or a referral of few values, is not', () => {
    const one = compare(referral(), referral({ notes: 'Back injury claimed.' }));
    expect(one.differs).toEqual(['notes']);
    expect(isNearEdit(one)).toBe(true);
    const two = compare(referral(), referral({ notes: 'x', due_on: '2026-12-08' }));
    expect(isNearEdit(two)).toBe(true);
    const three = compare(
      referral(),
      referral({ notes: 'x', due_on: '2026-12-08', created_on: '2026-11-24' }),
    );
    expect(three.differs).toHaveLength(3);
    expect(isNearEdit(three)).toBe(false);
    // A value left blank on one side differs too.
    expect(compare(referral(), referral({ notes: undefined })).differs).toEqual(['notes']);
    // Only a file's constants agree: two referrals, not one corrected.
    const sparse = (name: string) =>
      ({
        case_type_id: 1,
        case_region_id: 1,
        client: { name: 'Acme' },
        notes: name,
      }) as CaseRequestCreateBody;
    expect(isNearEdit(compare(sparse('a'), sparse('b')))).toBe(false);
    expect(isNearEdit(compare(referral(), referral()))).toBe(false);
  });

  it("says what differs in a clerk's words with this row's value, and counts what it left blank", () => {
    const body = referral({ notes: 'Back injury claimed.' });
    expect(editedWords({ differs: ['notes'], dropped: 1 }, body)).toBe('Notes ("Back injury claimed." here)');
    expect(editedWords({ differs: ['notes'], dropped: 2 }, body)).toBe(
      'Notes ("Back injury claimed." here), 1 value that row had, blank here',
    );
  });

  it("names a looked-up value by the account's name for it, not the id the body sends", async () => {
    const account = await loadDemoAccount();
    const reference = {
      case_regions: account.case_regions,
      case_services: account.case_services,
    } as unknown as AccountReference;
    const region = account.case_regions[1]!;
    const services = account.case_services.slice(0, 2);
    const body = referral({ case_region_id: region.id, case_services_list: services.map(({ id }) => id) });
    expect(
      editedWords({ differs: ['case_region_id', 'case_services_list'], dropped: 2 }, body, { reference }),
    ).toBe(
      `Region ("${region.name}" here), Services ("${services.map(({ name }) => name).join('; ')}" here)`,
    );
    // Lists not read (offline): the id, as the body holds it.
    expect(editedWords({ differs: ['case_region_id'], dropped: 1 }, body)).toBe(
      `Region ("${region.id}" here)`,
    );
  });

  it('keeps six characters a value in the journal, whatever the paths', () => {
    const parts = partsOf(referral());
    expect(parts).toMatch(/^[0-9a-f]+$/);
    expect(parts.length).toBe(6 * valuesOf(referral()).size);
    // A value emptied since is counted on the earlier side.
    const emptied = compare(referral({ notes: undefined }), referral());
    expect(emptied).toMatchObject({ differs: [], dropped: 1 });
    expect(isNearEdit(emptied)).toBe(true);
  });
});

describe('EarlierCreates.near', () => {
  it('finds the create a corrected row was, once; a row that holds a create whole keeps it', () => {
    const earlier = new EarlierCreates();
    const first = referral();
    const second = referral({
      notes: 'Neck injury',
      client: { name: 'Acme Mutual', city: 'Boulder', country: 'US' },
      subjects: [
        {
          subject_type_id: 1,
          is_primary: true,
          is_pinned: true,
          custom_fields: [{ id: 11, value: { first_name: 'Lee', last_name: 'Chan' } }],
        },
      ],
    });
    earlier.add(...sent(2, 37, first));
    earlier.add(...sent(3, 38, second));
    // Row 3 unchanged takes its own; row 2 corrected finds 37, and only once.
    expect(earlier.take(3, contentOf(second))?.id).toBe(38);
    const corrected = referral({ notes: 'Back injury claimed.' });
    expect(earlier.take(2, contentOf(corrected))).toBeNull();
    const found = earlier.near(2, contentOf(corrected), corrected);
    expect(found?.create.id).toBe(37);
    expect(found?.differs).toEqual(['notes']);
    expect(earlier.near(9, contentOf(corrected), corrected)).toBeNull();
    // Checked again unchanged (the app's grid): the same answer.
    expect(earlier.near(2, contentOf(corrected), corrected)?.create.id).toBe(37);
    // A row holding 38 whole is not anyone's correction.
    const near38 = { ...second, notes: 'Neck injury!' } as CaseRequestCreateBody;
    expect(earlier.near(4, contentOf(near38), near38)).toBeNull();
  });

  it('a row that holds the create whole later still claims it: the content comes first', () => {
    const earlier = new EarlierCreates();
    const other = referral({ notes: 'Neck injury', client: { name: 'Beta Mutual' } });
    earlier.add(...sent(2, 37, referral()));
    earlier.add(...sent(3, 38, other));
    expect(earlier.take(3, contentOf(other))?.id).toBe(38);
    const corrected = referral({ notes: 'Back injury claimed.' });
    // Row 2 corrected; the create's very content is in row 7 (rows moved).
    expect(earlier.near(2, contentOf(corrected), corrected)?.create.id).toBe(37);
    expect(earlier.take(7, contentOf(referral()))?.id).toBe(37);
    expect(earlier.near(2, contentOf(corrected), corrected)).toBeNull();
  });

  it('only an import being run again: another of its rows held whole by this file', () => {
    const earlier = new EarlierCreates();
    const other = referral({ notes: 'Neck injury', client: { name: 'Beta Mutual' } });
    earlier.add(...sent(2, 37, referral()));
    const corrected = referral({ notes: 'Back injury claimed.' });
    // Another file much like it, even at the same row: not taken for a correction.
    expect(earlier.near(2, contentOf(corrected), corrected)).toBeNull();
    expect(earlier.near(5, contentOf(corrected), corrected)).toBeNull();
    // The same import run again (another of its rows held whole): it is.
    earlier.add(...sent(3, 38, other));
    expect(earlier.take(3, contentOf(other))?.id).toBe(38);
    expect(earlier.near(5, contentOf(corrected), corrected)?.create.id).toBe(37);
  });

  it('journals written before parts were recorded give nothing to compare', () => {
    const earlier = new EarlierCreates();
    const other = referral({ notes: 'Neck injury', client: { name: 'Beta Mutual' } });
    earlier.add(...sent(3, 38, other));
    expect(earlier.take(3, contentOf(other))?.id).toBe(38);
    const [content, create] = sent(2, 37, referral());
    earlier.add(content, { ...create, parts: null });
    const corrected = referral({ notes: 'Back injury claimed.' });
    expect(earlier.near(2, contentOf(corrected), corrected)).toBeNull();
  });
});

describe('line breaks a spreadsheet rewrote', () => {
  it('a cell saved again with LF for CRLF is the same content and the same values', () => {
    const crlf = referral({ notes: 'Back injury claimed.\r\nCheck gym visits.' });
    const lf = referral({ notes: 'Back injury claimed.\nCheck gym visits.' });
    expect(contentOf(lf)).toBe(contentOf(crlf));
    expect(partsOf(lf)).toBe(partsOf(crlf));
    // A journal written before holds the raw text's hash (c1:): still found by its second key.
    const [, legacy] = contentKeysOf(crlf);
    const earlier = new EarlierCreates();
    earlier.add(legacy, { ...sent(2, 37, crlf)[1], parts: null });
    expect(earlier.take(2, contentKeysOf(crlf))?.id).toBe(37);
  });
});
