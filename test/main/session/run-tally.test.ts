/**
 * The dry run's counts kept as rows change (main/session/run-tally.ts, issue 13): after any sequence of
 * fixes and rows left out or brought back, taking the changed rows' old outcomes out and their new ones
 * in gives exactly what core's counters give counting every row again, the order of ties included.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ChangeTally,
  dateOrderChoices,
  summarize,
  type BlankPolicy,
  type Problem,
  type RowOutcome,
} from '../../../core/index.ts';
import { RunTally } from '../../../main/session/run-tally.ts';

const POLICIES: BlankPolicy[] = [
  {
    column: 'Notes',
    target: 'notes',
    label: 'Notes',
    clears: false,
    words: 'blank cells leave Notes as it is',
  },
  {
    column: 'City',
    target: 'client.city',
    label: 'Client city',
    clears: true,
    words: 'blank cells clear Client city',
  },
];

const mappingProblem = fc.constantFrom<Problem>(
  {
    row: null,
    column: null,
    target: 'case_type_id',
    value: null,
    code: 'required_unmapped',
    message: 'Nothing maps the case type',
    scope: 'mapping',
  },
  {
    row: null,
    column: 'Region',
    target: 'region_id',
    value: null,
    code: 'lookup_unavailable',
    message: 'Region is not in the account',
    scope: 'mapping',
  },
  {
    row: null,
    column: 'Flag',
    target: 'flag_ids',
    value: null,
    code: 'lookup_unavailable',
    message: 'Flag is not in the account',
    scope: 'mapping',
  },
);
const cellProblem: fc.Arbitrary<Problem> = fc.record({
  row: fc.constant(null),
  column: fc.constantFrom('Email', 'Date'),
  target: fc.constant(null),
  value: fc.constant('x'),
  code: fc.constant('invalid_email' as Problem['code']),
  message: fc.constant('Not an email'),
});
/** Refused dates of two columns: both ways (apart or the same day), one way only, neither, two-digit years. */
const dateProblem: fc.Arbitrary<Problem> = fc.record({
  row: fc.constant(null),
  column: fc.constantFrom('Born', 'Seen'),
  target: fc.constant(null),
  value: fc.constantFrom(
    '4/12/1980',
    '1/1/1960',
    '13/4/1975',
    '4/13/2026',
    '2/30/1980',
    '3/9/85',
    '5-6-2001',
  ),
  code: fc.constant('invalid_date' as Problem['code']),
  message: fc.constant('Not a date'),
});
const change = fc.constantFrom(
  { target: 'notes', label: 'Notes', column: 'Notes', old: 'a', new: 'b' },
  { target: 'client.city', label: 'Client city', column: 'City', old: 'a', new: 'b' },
  { target: 'due_date', label: 'Due date', column: null, old: 'a', new: 'b' },
);

/** An outcome for a row: any status, with problems of the mapping, actions and changes mixed. */
const outcome = fc.oneof(
  fc.record({
    status: fc.constant('skipped' as const),
    skipped: fc.record({
      rule: fc.constantFrom('rows', 'whenFirstCellStartsWith'),
      reason: fc.constant('left out'),
    }),
  }),
  fc.record({
    status: fc.constant('invalid' as const),
    problems: fc.array(fc.oneof(mappingProblem, cellProblem, dateProblem), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    status: fc.constant('valid' as const),
    action: fc.constantFrom('create', 'update', 'unchanged'),
    changes: fc.uniqueArray(change, { selector: (one) => one.target, maxLength: 3 }),
  }),
);

function make(row: number, shape: Record<string, unknown>): RowOutcome {
  return { row, problems: [], cells: [], ...shape } as unknown as RowOutcome;
}

/** Core's dateOrderChoices as the app's summary carries them (the first of the rows each order settles). */
function fullDateOrders(outcomes: RowOutcome[]) {
  return dateOrderChoices(outcomes).map(({ orders, ...choice }) => ({
    ...choice,
    orders: orders.map(({ firstRows, ...order }) => ({ ...order, firstRow: firstRows[0] })),
  }));
}

function fullChanges(outcomes: RowOutcome[]) {
  const tally = new ChangeTally(POLICIES);
  for (const one of outcomes) tally.add(one);
  return tally.summary();
}

describe('RunTally', () => {
  it('equals a full recount by core after random fixes and rows left out', () => {
    fc.assert(
      fc.property(
        fc.array(outcome, { minLength: 1, maxLength: 40 }),
        fc.array(fc.array(fc.tuple(fc.nat(), outcome), { minLength: 1, maxLength: 4 }), { maxLength: 25 }),
        (initial, steps) => {
          const outcomes: RowOutcome[] = [];
          const positions = new Map<number, number>();
          const tally = new RunTally({ outcomes, positions }, POLICIES);
          initial.forEach((shape, index) => {
            // Sheet rows with gaps (blank rows skipped by the reader), as a dry run numbers them.
            const one = make(2 + index * 2, shape);
            positions.set(one.row, outcomes.length);
            outcomes.push(one);
            tally.add(one);
          });
          expect(tally.summary(3)).toEqual(summarize(outcomes, 3));
          expect(tally.dateOrderChoices()).toEqual(fullDateOrders(outcomes));
          for (const step of steps) {
            // As DryRuns does with a fix's answer: the fixed row first, then others, each once.
            const changed = new Map<number, RowOutcome>();
            for (const [pick, shape] of step) {
              const row = outcomes[pick % outcomes.length]!.row;
              if (!changed.has(row)) changed.set(row, make(row, shape));
            }
            const before = [...changed.values()].map((after) => {
              const at = positions.get(after.row)!;
              const old = outcomes[at]!;
              outcomes[at] = after;
              return old;
            });
            for (const old of before) tally.remove(old);
            for (const after of changed.values()) tally.add(after);
            expect(tally.summary(3)).toEqual(summarize(outcomes, 3));
            expect(tally.changes()).toEqual(fullChanges(outcomes));
            expect(tally.dateOrderChoices()).toEqual(fullDateOrders(outcomes));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('keeps ties in the order the sheet first shows them after the first row holding one goes', () => {
    const outcomes: RowOutcome[] = [];
    const positions = new Map<number, number>();
    const tally = new RunTally({ outcomes, positions }, POLICIES);
    const notes = { target: 'notes', label: 'Notes', column: 'Notes', old: 'a', new: 'b' };
    const city = { target: 'client.city', label: 'Client city', column: 'City', old: 'a', new: 'b' };
    const rows = [
      make(2, { status: 'valid', action: 'update', changes: [notes] }),
      make(3, { status: 'valid', action: 'update', changes: [city] }),
      make(4, { status: 'valid', action: 'update', changes: [notes, city] }),
    ];
    for (const one of rows) {
      positions.set(one.row, outcomes.length);
      outcomes.push(one);
      tally.add(one);
    }
    expect(tally.changes()!.fields.map((field) => field.target)).toEqual(['notes', 'client.city']);
    // Row 2 left out: both fields now first appear in row 3 / row 4 → city (row 3) comes first.
    const left = make(2, { status: 'skipped', skipped: { rule: 'rows', reason: 'left out' } });
    outcomes[0] = left;
    tally.remove(rows[0]!);
    tally.add(left);
    expect(tally.changes()).toEqual(fullChanges(outcomes));
    expect(tally.changes()!.fields.map((field) => field.target)).toEqual(['client.city', 'notes']);
    expect(tally.summary()).toEqual(summarize(outcomes));
  });
});
