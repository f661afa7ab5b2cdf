/** samples/README.md's promises about referrals-messy.xlsx and referrals-clean.csv, checked. */
import { describe, expect, it } from 'vitest';
import { BAD_ROWS, CLEAN, MESSY, validateSample } from './helpers.ts';

describe('samples/referrals-messy.xlsx with referrals-template.json', () => {
  it('has its header in row 4 under a title block and 30 data rows, 5–34', async () => {
    const { sheet, outcomes } = await validateSample(MESSY, false);
    expect(sheet.sheet).toBe('Referrals');
    expect(sheet.headerRow).toBe(4);
    expect(outcomes.map((outcome) => outcome.row)).toEqual(
      Array.from({ length: 30 }, (_, index) => index + 5),
    );
  });

  it('offline, exactly the six rows whose problems need no account are invalid, one problem each', async () => {
    const { outcomes } = await validateSample(MESSY, false);
    const invalid = outcomes.filter((outcome) => outcome.status === 'invalid');
    const expected = Object.entries(BAD_ROWS).filter(([, bad]) => bad.offline);
    expect(invalid.map((outcome) => outcome.row)).toEqual(expected.map(([row]) => Number(row)));
    for (const outcome of invalid) {
      const bad = BAD_ROWS[outcome.row]!;
      expect(outcome.problems).toHaveLength(1);
      expect(outcome.problems[0]).toMatchObject({
        row: outcome.row,
        column: bad.column,
        target: bad.target,
        value: bad.value,
      });
      expect(outcome.problems[0]!.message).toContain(bad.column);
    }
  });

  it('against the demo account, exactly the 11 rows of the README are invalid, each naming row, column, value and message', async () => {
    const { outcomes } = await validateSample(MESSY, true);
    const invalid = outcomes.filter((outcome) => outcome.status === 'invalid');
    expect(invalid.map((outcome) => outcome.row)).toEqual(Object.keys(BAD_ROWS).map(Number));
    for (const outcome of invalid) {
      const bad = BAD_ROWS[outcome.row]!;
      expect(outcome.problems).toHaveLength(1);
      expect(outcome.problems[0]).toMatchObject({
        row: outcome.row,
        column: bad.column,
        target: bad.target,
        value: bad.value,
      });
    }
    expect(outcomes.filter((outcome) => outcome.status === 'valid')).toHaveLength(19);
  });

  it('turns the messy cells into clean values: date cells and text dates, "$1,500.00", names, USA, groups left out when empty', async () => {
    const { outcomes } = await validateSample(MESSY, true);
    const body = (row: number) =>
      outcomes.find((outcome) => outcome.row === row)!.body as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(body(5)).toMatchObject({
      created_on: '2026-11-02',
      due_on: '2026-11-16',
      budget_money: 1500,
      case_region_id: 1,
      case_services_list: [21, 23],
    });
    expect(body(5).subjects[0].custom_fields[0]).toEqual({
      id: 101,
      value: { first_name: 'Maria', middle_name: 'L.', last_name: 'Garcia' },
    });
    expect(body(8)).toMatchObject({
      created_on: '2026-11-03',
      case_region_id: 3,
      case_services_list: [22, 24],
    });
    expect(body(9).client).toMatchObject({ country: 'US', zip: '03101' });
    expect(body(6).subjects).toHaveLength(1); // no vehicle cells: the vehicle group is left out
    expect(body(6).custom_fields).toContainEqual({ id: 12, value: 'Normal' }); // blank Priority → "Normal"
  });
});

describe('samples/referrals-clean.csv', () => {
  it('is ten rows, all valid offline and against the demo account', async () => {
    for (const live of [false, true]) {
      const { sheet, outcomes } = await validateSample(CLEAN, live);
      expect(sheet.format).toBe('csv');
      expect(outcomes).toHaveLength(10);
      expect(
        outcomes.filter((outcome) => outcome.status === 'invalid').flatMap((outcome) => outcome.problems),
      ).toEqual([]);
    }
  });
});
