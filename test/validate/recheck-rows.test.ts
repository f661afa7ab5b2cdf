/**
 * An inline fix re-checks its row and the rows sharing its in-file duplicate key, nothing else (issue
 * 13), and must leave the dry run exactly as a fresh dry run of the corrected file would: the property
 * below fixes random cells of small files full of repeated claim numbers, one after another, and
 * compares every row's outcome with validateRows on the file as corrected so far. "Leave this row out"
 * and bringing a row back are checked the same way, against validateRows with that `skip.rows`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseMapping, rowRechecker, validateRows, type Cell, type RowOutcome } from '../../core/index.ts';
import {
  CREATE_HEADERS,
  CREATE_MAPPING,
  GOOD_ROW,
  cellsOf,
  collect,
  demoReference,
  sheetOf,
} from './helpers.ts';

const reference = demoReference();
/** The sheet's header, as the rechecker is given it (its rows do not matter). */
const SHEET = sheetOf(CREATE_HEADERS, []);
const options = { reference };
const CLAIM = CREATE_HEADERS.indexOf('Claim #');
const EMAIL = CREATE_HEADERS.indexOf('Adjuster Email');
const { match: _match, ...withoutMatch } = CREATE_MAPPING;
const MAPPINGS = {
  'match on the claim number': CREATE_MAPPING,
  'no match: reference_value_1 as the key': parseMapping(withoutMatch, 'no-match.json'),
  'with skip rules': parseMapping(
    { ...CREATE_MAPPING, skip: { whenFirstCellStartsWith: ['Total'] } },
    'skip.json',
  ),
  'with a "skip after" marker': parseMapping({ ...CREATE_MAPPING, skip: { after: 'Total' } }, 'after.json'),
};

/** What the grid shows of an outcome: enough to tell any difference a person would see. */
const shown = (outcome: RowOutcome) => ({
  row: outcome.row,
  status: outcome.status,
  action: outcome.action,
  problems: outcome.problems.map((problem) => `${problem.code}: ${problem.message}`),
  body: outcome.body,
});

/** A row's cells as one of the three things it can be: a referral, the header again, or the header reordered. */
const HEADER_AGAIN = [...CREATE_HEADERS];
const HEADER_REORDERED = [CREATE_HEADERS[1]!, CREATE_HEADERS[0]!, ...CREATE_HEADERS.slice(2)];
const claims = fc.constantFrom('CLM-1', 'CLM-2', ' CLM-1 ', 'CLM-3', '', 'Total');
const emails = fc.constantFrom('a@b.example', 'bob@');

describe.each(Object.entries(MAPPINGS))('rowRechecker (%s)', (_name, mapping) => {
  it('after any sequence of fixes, every row reads as a fresh dry run of the corrected file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(claims, emails), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.boolean(), claims, emails), { minLength: 1, maxLength: 6 }),
        async (rows, fixes) => {
          const grid: Cell[][] = rows.map(([claim, email]) => {
            const cells = cellsOf(GOOD_ROW);
            cells[CLAIM] = claim;
            cells[EMAIL] = email;
            return cells;
          });
          const outcomes = await collect(validateRows(sheetOf(CREATE_HEADERS, grid), mapping, options));
          const rechecker = rowRechecker(SHEET, mapping, options);
          for (const outcome of outcomes) rechecker.track(outcome);
          const byRow = new Map(outcomes.map((outcome) => [outcome.row, outcome]));
          for (const [pick, onClaim, claim, email] of fixes) {
            const index = pick % grid.length;
            const cells = [...grid[index]!];
            if (onClaim) cells[CLAIM] = claim;
            else cells[EMAIL] = email;
            grid[index] = cells;
            const changed = rechecker.recheck({ row: index + 2, cells }, (row) => byRow.get(row));
            expect(changed[0]!.row).toBe(index + 2);
            for (const outcome of changed) byRow.set(outcome.row, outcome);
            const fresh = await collect(validateRows(sheetOf(CREATE_HEADERS, grid), mapping, options));
            expect([...byRow.values()].sort((a, b) => a.row - b.row).map(shown)).toEqual(fresh.map(shown));
          }
        },
      ),
      { numRuns: 150 },
    );
  });

  it('after any sequence of fixes, rows left out and rows brought back, every row reads as a fresh dry run with that skip.rows', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(claims, emails), { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.nat(), fc.constantFrom('fix', 'leave', 'bring back'), claims), {
          minLength: 1,
          maxLength: 8,
        }),
        async (rows, steps) => {
          const grid: Cell[][] = rows.map(([claim, email]) => {
            const cells = cellsOf(GOOD_ROW);
            cells[CLAIM] = claim;
            cells[EMAIL] = email;
            return cells;
          });
          const leftOut = new Set<number>();
          const current = () =>
            leftOut.size === 0
              ? mapping
              : { ...mapping, skip: { ...mapping.skip, rows: [...leftOut].sort((a, b) => a - b) } };
          const outcomes = await collect(validateRows(sheetOf(CREATE_HEADERS, grid), mapping, options));
          const rechecker = rowRechecker(SHEET, mapping, options);
          for (const outcome of outcomes) rechecker.track(outcome);
          const byRow = new Map(outcomes.map((outcome) => [outcome.row, outcome]));
          for (const [pick, step, claim] of steps) {
            const index = pick % grid.length;
            const row = index + 2;
            const outcome = byRow.get(row)!;
            let changed: RowOutcome[];
            if (step === 'fix') {
              const cells = [...grid[index]!];
              cells[CLAIM] = claim;
              grid[index] = cells;
              changed = rechecker.recheck({ row, cells }, (at) => byRow.get(at));
            } else if (step === 'leave') {
              // As the app offers it: only a row that is not left out already.
              if (outcome.status === 'skipped') continue;
              leftOut.add(row);
              changed = rechecker.leave(row, true, (at) => byRow.get(at));
            } else {
              // Only a row left out by its number comes back this way (a footer rule's row does not).
              if (outcome.skipped?.rule !== 'rows') continue;
              leftOut.delete(row);
              changed = rechecker.leave(row, false, (at) => byRow.get(at));
            }
            expect(changed[0]!.row).toBe(row);
            for (const next of changed) byRow.set(next.row, next);
            const fresh = await collect(validateRows(sheetOf(CREATE_HEADERS, grid), current(), options));
            expect([...byRow.values()].sort((a, b) => a.row - b.row).map(shown)).toEqual(fresh.map(shown));
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

it('rule: a row repeating the header, or below a repeat in another order, reads after any fixes as a fresh dry run reads it', async () => {
  const kinds = fc.constantFrom('referral', 'header', 'reordered');
  const cellsOfKind = (kind: string, claim: string): Cell[] =>
    kind === 'header'
      ? [...HEADER_AGAIN]
      : kind === 'reordered'
        ? [...HEADER_REORDERED]
        : (() => {
            const cells = cellsOf(GOOD_ROW);
            cells[CLAIM] = claim;
            return cells;
          })();
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(kinds, claims), { minLength: 1, maxLength: 8 }),
      fc.array(fc.tuple(fc.nat(), kinds, claims), { minLength: 1, maxLength: 6 }),
      async (rows, fixes) => {
        const grid = rows.map(([kind, claim]) => cellsOfKind(kind, claim));
        const outcomes = await collect(validateRows(sheetOf(CREATE_HEADERS, grid), CREATE_MAPPING, options));
        const rechecker = rowRechecker(SHEET, CREATE_MAPPING, options);
        for (const outcome of outcomes) rechecker.track(outcome);
        const byRow = new Map(outcomes.map((outcome) => [outcome.row, outcome]));
        for (const [pick, kind, claim] of fixes) {
          const index = pick % grid.length;
          grid[index] = cellsOfKind(kind, claim);
          const changed = rechecker.recheck({ row: index + 2, cells: grid[index]! }, (row) => byRow.get(row));
          expect(changed[0]!.row).toBe(index + 2);
          for (const outcome of changed) byRow.set(outcome.row, outcome);
          const fresh = await collect(validateRows(sheetOf(CREATE_HEADERS, grid), CREATE_MAPPING, options));
          expect([...byRow.values()].sort((a, b) => a.row - b.row).map(shown)).toEqual(fresh.map(shown));
        }
      },
    ),
    { numRuns: 150 },
  );
});

it('a fix that takes a duplicate key away gives the later row its own verdict back, and says so', async () => {
  const rows = ['CLM-1', 'CLM-1', 'CLM-1', 'CLM-2'].map((claim) =>
    cellsOf({ ...GOOD_ROW, 'Claim #': claim }),
  );
  const outcomes = await collect(validateRows(sheetOf(CREATE_HEADERS, rows), CREATE_MAPPING, options));
  expect(outcomes.map((outcome) => outcome.action)).toEqual([
    undefined,
    'duplicate_in_file',
    'duplicate_in_file',
    undefined,
  ]);
  const rechecker = rowRechecker(SHEET, CREATE_MAPPING, options);
  for (const outcome of outcomes) rechecker.track(outcome);
  const cells = [...rows[0]!];
  cells[CLAIM] = 'CLM-9';
  const changed = rechecker.recheck({ row: 2, cells }, (row) => outcomes[row - 2]);
  // Row 2 fixed; row 3 is now the first CLM-1 (valid); row 4 now names row 3. Row 5 untouched.
  expect(changed.map((outcome) => [outcome.row, outcome.status])).toEqual([
    [2, 'valid'],
    [3, 'valid'],
    [4, 'invalid'],
  ]);
  expect(changed[2]!.problems.map((problem) => problem.message).join(' ')).toMatch(/row 3/);
});

// Explore 60 item 1: a column's UTC moments are read together (validate/utc-moment-column.ts); a row the
// app re-checks reads its moment as the pass read the column, not alone (afternoon timestamps on a
// quarter hour would read alone as midnight east of UTC, the next day).
it("a re-checked row's UTC timestamp is read with its column, as the pass read it", async () => {
  const RECEIVED = CREATE_HEADERS.indexOf('Received');
  const rows = ['11/3/2026 14:30:00Z', '11/3/2026 21:15:00Z', '11/3/2026 19:47:12Z'].map(
    (received, index) => {
      const cells = cellsOf({ ...GOOD_ROW, 'Claim #': `CLM-${index + 1}` });
      cells[RECEIVED] = received;
      return cells;
    },
  );
  const outcomes = await collect(validateRows(sheetOf(CREATE_HEADERS, rows), CREATE_MAPPING, options));
  const rechecker = rowRechecker(SHEET, CREATE_MAPPING, options);
  for (const outcome of outcomes) rechecker.track(outcome);
  const cells = [...rows[0]!];
  cells[EMAIL] = 'dana@acme.example';
  const [changed] = rechecker.recheck({ row: 2, cells }, (row) => outcomes[row - 2]);
  expect(changed!.status).toBe('valid');
  expect(changed!.body?.created_on).toBe(outcomes[0]!.body?.created_on);
  expect(changed!.notes?.map((note) => note.message)).toEqual(
    outcomes[0]!.notes?.map((note) => note.message),
  );
  expect(outcomes[0]!.notes?.[0]?.message).toContain("the column's times of day differ from row to row");
});
