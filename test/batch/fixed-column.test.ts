/**
 * A file whose every row was corrected (a column fixed throughout) holds no earlier create whole, so
 * the near-edit rule had no sign that its import was being run again and every row was created a
 * second time. Core's EarlierCreates.recogniseFixedColumn (fixed-column.ts) finds that import from the
 * rows themselves: each pairs with one of its creates by that referral's own values, one column
 * changed throughout; another month's file of the same name and places, agreeing only in the file's
 * constants, does not.
 */
import { describe, expect, it } from 'vitest';
import { EarlierCreates, type EarlierCreate } from '../../core/batch/earlier-creates.ts';
import { contentOf, contentKeysOf } from '../../core/batch/fingerprint.ts';
import { partsOf } from '../../core/batch/near-edit.ts';
import type { CaseRequestCreateBody } from '../../core/api/types.ts';

/** Row `index` of a month's referral file: the carrier's constants, and that referral's own values. */
const referral = (
  index: number,
  month = 'nov',
  change: { phone?: string; region?: number; claimantOwn?: boolean } = {},
): CaseRequestCreateBody =>
  ({
    case_type_id: 1,
    case_region_id: change.region ?? 1,
    due_on: '2026-12-07',
    client: { name: 'Acme Mutual', city: 'Denver', country: 'US' },
    contact: { first_name: 'Dana', last_name: 'Whitfield', email: 'dana@acme.example' },
    // The same instructions on every other row: a value many rows share, not a referral's own.
    notes: index % 2 === 0 ? 'Check gym visits' : 'Back injury claimed',
    subjects: [
      {
        subject_type_id: 1,
        is_primary: true,
        is_pinned: true,
        custom_fields: [
          ...(change.claimantOwn === false
            ? []
            : [
                {
                  id: 11,
                  value: { first_name: `First ${month} ${index}`, last_name: `Last ${month} ${index}` },
                },
              ]),
          { id: 14, value: `19${60 + index}-${month === 'nov' ? '03' : '07'}-0${1 + (index % 9)}` },
          { id: 15, value: change.phone ?? `(720) 555-${month === 'nov' ? 1 : 2}${100 + index}` },
        ],
      },
    ],
  }) as CaseRequestCreateBody;

/** The earlier import of `bodies` (file `file`, journal `journal`), rows from 2, into a fresh list. */
function imported(
  bodies: CaseRequestCreateBody[],
  file = 'referrals.xlsx',
  journal = '/j/nov.journal.jsonl',
) {
  const earlier = new EarlierCreates('referrals.xlsx');
  addImport(earlier, bodies, file, journal);
  return earlier;
}

function addImport(
  earlier: EarlierCreates,
  bodies: CaseRequestCreateBody[],
  file: string,
  journal: string,
  from = 0,
): void {
  bodies.forEach((body, index) => {
    const create: EarlierCreate = {
      journal,
      file,
      row: index + 2,
      id: 100 + from + index,
      caseRequestNumber: `REQ-${100 + from + index}`,
      at: '2026-12-05T10:00:00.000Z',
      answered: true,
      parts: partsOf(body),
    };
    earlier.add(contentOf(body), create);
  });
}

/** The file's rows checked as the runner and the dry runs check them: by content, then the pass over. */
function checked(earlier: EarlierCreates, bodies: CaseRequestCreateBody[]) {
  const rows = bodies.map((body, index) => ({ row: index + 2, body }));
  const toCreate = rows.filter(({ row, body }) => earlier.take(row, contentKeysOf(body)) === null);
  earlier.recogniseFixedColumn(toCreate);
  return toCreate.map(({ row, body }) => earlier.near(row, contentOf(body), body));
}

const six = (month = 'nov', change: Parameters<typeof referral>[2] = {}) =>
  [0, 1, 2, 3, 4, 5].map((index) => referral(index, month, change));

describe('a file whose every row was corrected, imported again', () => {
  it('rule: one column fixed on every row is that import run again; each row is its own create corrected', () => {
    const earlier = imported(six());
    const fixed = six('nov').map((body, index) =>
      referral(index, 'nov', { phone: `(303) 555-0${100 + index}` }),
    );
    expect(fixed.map(contentOf)).not.toEqual(six().map(contentOf));
    const found = checked(earlier, fixed);
    expect(earlier.runAgain).toBe(true);
    expect(found.map((edited) => edited?.create.id)).toEqual([100, 101, 102, 103, 104, 105]);
    expect(found.every((edited) => edited?.differs.join() === 'subjects.0.custom_fields.15')).toBe(true);
  });

  it('rule: the region fixed throughout (the same new value on every row) is found as well', () => {
    const earlier = imported(six());
    const found = checked(earlier, six('nov', { region: 3 }));
    expect(found.map((edited) => edited?.differs)).toEqual(Array(6).fill(['case_region_id']));
  });

  it('rule: sorted since, the rows still find their own creates (a place is no evidence)', () => {
    const earlier = imported(six());
    const fixed = six('nov', { region: 3 }).reverse();
    expect(checked(earlier, fixed).map((edited) => edited?.create.id)).toEqual([
      105, 104, 103, 102, 101, 100,
    ]);
  });

  it("rule: another month's file of the same name, rows at the same places, is not taken for a correction", () => {
    const earlier = imported(six());
    expect(checked(earlier, six('dec'))).toEqual(Array(6).fill(null));
    expect(earlier.runAgain).toBe(false);
  });

  it('rule: rows agreeing only in values many rows share (the constants, common instructions) are not one referral', () => {
    // A sparse sheet: no claimant name column, so a month's rows differ in a date of birth and a phone.
    const earlier = imported(six('nov', { claimantOwn: false }));
    const december = [0, 1, 2, 3, 4, 5].map((index) => {
      const body = referral(index + 10, 'dec', { claimantOwn: false });
      return { ...body, notes: index % 2 === 0 ? 'Check gym visits' : 'Back injury claimed' };
    });
    expect(checked(earlier, december)).toEqual(Array(6).fill(null));
    expect(earlier.runAgain).toBe(false);
  });

  it('rule: a trial of two rows, then the whole file with a column fixed: the two are held, the rest created', () => {
    const earlier = imported(six().slice(0, 2));
    const found = checked(earlier, six('nov', { region: 3 }));
    expect(found.map((edited) => edited?.create.id ?? null)).toEqual([100, 101, null, null, null, null]);
  });

  it('rule: only the rows found wrong, cut out of a large import and fixed, are held', () => {
    const many = [...Array(40).keys()].map((index) => referral(index));
    const earlier = imported(many);
    const cut = [7, 21, 33].map((index) => referral(index, 'nov', { phone: '(303) 555-0000' }));
    expect(checked(earlier, cut).map((edited) => edited?.create.id)).toEqual([107, 121, 133]);
  });

  it('rule: one referral like an earlier one in a large import is not enough (a second claim of a claimant)', () => {
    const earlier = imported([...Array(40).keys()].map((index) => referral(index)));
    const december = [...Array(10).keys()].map((index) => referral(index, 'dec'));
    december[4] = referral(7, 'nov', { region: 3 });
    expect(checked(earlier, december)).toEqual(Array(10).fill(null));
  });

  it('rule: a one-row import fixed and run again pairs once', () => {
    const earlier = imported([referral(0)]);
    expect(checked(earlier, [referral(0, 'nov', { region: 3 })])[0]?.create.id).toBe(100);
  });

  it('rule: a large file under another name is not compared (cost), one of the name the import recorded is', () => {
    const rows = [...Array(2001).keys()].map((index) => referral(index));
    const fixed = rows.map((_, index) => referral(index, 'nov', { region: 3 }));
    const other = new EarlierCreates('referrals-fixed.xlsx');
    addImport(other, rows, 'referrals.xlsx', '/j/nov.journal.jsonl');
    other.recogniseFixedColumn(fixed.map((body, index) => ({ row: index + 2, body })));
    expect(other.runAgain).toBe(false);
    // The same name in another case and folder, as Windows and macOS name files.
    const same = new EarlierCreates('C:\\Users\\clerk\\Referrals.XLSX');
    addImport(same, rows, 'referrals.xlsx', '/j/nov.journal.jsonl');
    same.recogniseFixedColumn(fixed.map((body, index) => ({ row: index + 2, body })));
    expect(same.runAgain).toBe(true);
  });

  it('rule: an import a row holds whole is run again already; its other creates are not compared twice', () => {
    const earlier = imported(six());
    const fixed = six('nov', { region: 3 });
    fixed[0] = referral(0);
    const found = checked(earlier, fixed);
    expect(earlier.takenBy(2)?.id).toBe(100);
    expect(found.map((edited) => edited?.create.id)).toEqual([101, 102, 103, 104, 105]);
  });
});
