import { describe, expect, it } from 'vitest';
import { resolveDate, resolveDateRange, resolveTimestamp } from '../../core/export/relative-dates.ts';
import { InputError } from '../../core/errors.ts';
import { buildExportFilters, completedTimes, resolvedDates } from '../../core/export/filters.ts';

// A Wednesday late in the UTC day: east of UTC it is already Thursday (the zone is given in each call).
const now = new Date('2025-03-19T23:30:00Z');

describe('relative dates (CONTRACTS section 1), for an office on UTC', () => {
  it('resolves each contract form', () => {
    expect(resolveDate('--created-from', '2025-02-28', now, 'UTC')).toBe('2025-02-28');
    expect(resolveDate('--created-from', 'today', now, 'UTC')).toBe('2025-03-19');
    expect(resolveDate('--created-from', 'yesterday', now, 'UTC')).toBe('2025-03-18');
    expect(resolveDate('--created-from', '-7d', now, 'UTC')).toBe('2025-03-12');
    expect(resolveDate('--created-from', '-1m', now, 'UTC')).toBe('2025-02-19');
    expect(resolveDate('--created-from', 'start-of-month', now, 'UTC')).toBe('2025-03-01');
    expect(resolveDate('--created-from', 'start-of-last-month', now, 'UTC')).toBe('2025-02-01');
    expect(resolveDate('--created-from', ' Today ', now, 'UTC')).toBe('2025-03-19');
  });

  it('clamps -1m to the shorter month and crosses year ends', () => {
    expect(resolveDate('--due-to', '-1m', new Date('2024-03-31T12:00:00Z'), 'UTC')).toBe('2024-02-29');
    expect(resolveDate('--due-to', 'start-of-last-month', new Date('2025-01-10T00:00:00Z'), 'UTC')).toBe(
      '2024-12-01',
    );
    expect(resolveDate('--due-to', '-1d', new Date('2025-01-01T00:00:00Z'), 'UTC')).toBe('2024-12-31');
  });

  it('turns dates into whole-day timestamps for the *_system and updated_* filters', () => {
    expect(resolveTimestamp('--updated-from', '2025-03-01', now, 'start', 'UTC')).toBe('2025-03-01 00:00:00');
    expect(resolveTimestamp('--updated-to', 'yesterday', now, 'end', 'UTC')).toBe('2025-03-18 23:59:59');
    expect(resolveTimestamp('--updated-to', '2025-03-01T08:15:00Z', now, 'end', 'UTC')).toBe(
      '2025-03-01 08:15:00',
    );
  });

  it('reads a time to the minute as the whole minute: a "from" from :00, a "to" through :59 (explore 35 item 1)', () => {
    // As a date alone is the whole day: sent as 23:59:00, a request updated at 23:59:30 on a month's
    // last day was in neither month's export.
    expect(resolveTimestamp('--updated-to', '2026-11-30 23:59', now, 'end', 'UTC')).toBe(
      '2026-11-30 23:59:59',
    );
    expect(resolveTimestamp('--updated-from', '2026-11-30 23:59', now, 'start', 'UTC')).toBe(
      '2026-11-30 23:59:00',
    );
    expect(resolveTimestamp('--updated-to', '2025-03-01T08:15Z', now, 'end', 'UTC')).toBe(
      '2025-03-01 08:15:59',
    );
    // Seconds given are sent as given, whichever the edge.
    expect(resolveTimestamp('--updated-to', '2026-11-30 23:59:00', now, 'end', 'UTC')).toBe(
      '2026-11-30 23:59:00',
    );
  });

  it('a timestamp flag that cannot read a value names the time form it takes (explore 35 item 5)', () => {
    for (const bad of ['2026-11-30 9h00', '2026-11-30T09:00:00 CET', 'next week']) {
      expect(() => resolveTimestamp('--updated-from', bad, now, 'start', 'UTC')).toThrow(
        `--updated-from '${bad}' is not a date or time this tool understands; use a time as YYYY-MM-DD HH:MM or YYYY-MM-DD HH:MM:SS in UTC (e.g. 2025-03-31 13:45, or with its zone: 2025-03-31T15:45+02:00), a date as YYYY-MM-DD (the whole UTC day) or a relative form (e.g. today, yesterday, -7d, -1m, start-of-month, start-of-last-month)`,
      );
    }
    expect(() => resolveTimestamp('--updated-to', '2026-02-30 10:00', now, 'end', 'UTC')).toThrow(
      /^--updated-to '2026-02-30 10:00' is not a day that exists; use a time as YYYY-MM-DD HH:MM/,
    );
  });

  it('reads a time as other programs write it: a one-digit hour, a fraction of a second, a zone offset (in UTC)', () => {
    expect(resolveTimestamp('--updated-from', '2026-11-30 9:05', now, 'start', 'UTC')).toBe(
      '2026-11-30 09:05:00',
    );
    expect(resolveTimestamp('--updated-to', '2026-11-30T09:05:07.250Z', now, 'end', 'UTC')).toBe(
      '2026-11-30 09:05:07',
    );
    expect(resolveTimestamp('--updated-from', '2026-11-30T00:30:00+02:00', now, 'start', 'UTC')).toBe(
      '2026-11-29 22:30:00',
    );
    expect(resolveTimestamp('--updated-to', '2026-11-30T19:00-0530', now, 'end', 'UTC')).toBe(
      '2026-12-01 00:30:59',
    );
  });

  it('takes the years before 100 as the days they are (Date.UTC read 0001 as 1901)', () => {
    expect(resolveDate('--created-from', '0001-01-01', now, 'UTC')).toBe('0001-01-01');
    expect(resolveDate('--created-from', '0099-12-31', now, 'UTC')).toBe('0099-12-31');
    expect(resolveTimestamp('--updated-from', '0001-01-01', now, 'start', 'UTC')).toBe('0001-01-01 00:00:00');
    expect(() => resolveDate('--created-from', '0000-01-01', now, 'UTC')).toThrow(/not a day that exists/);
    expect(() => resolveDate('--created-from', '0004-02-30', now, 'UTC')).toThrow(/not a day that exists/);
    // 4 AD was a leap year in the proleptic Gregorian calendar, as Excel and ISO 8601 count it.
    expect(resolveDate('--created-from', '0004-02-29', now, 'UTC')).toBe('0004-02-29');
  });

  it("without the relative forms (the app's boxes), advises only what the box takes", () => {
    const box = { relative: false };
    expect(() => resolveTimestamp('"Updated from (UTC)"', '30/11/2026', now, 'start', 'UTC', box)).toThrow(
      `"Updated from (UTC)" '30/11/2026' is not a date or time this tool understands; use a date as YYYY-MM-DD (the whole day) or a time as YYYY-MM-DD HH:MM, in UTC (e.g. 2025-03-31 or 2025-03-31 13:45)`,
    );
    expect(() => resolveTimestamp('"Updated from (UTC)"', 'yesterday', now, 'start', 'UTC', box)).toThrow(
      `"Updated from (UTC)" 'yesterday' is not a date or time this box takes: it takes no relative forms (type the date itself); use a date as YYYY-MM-DD (the whole day) or a time as YYYY-MM-DD HH:MM, in UTC (e.g. 2025-03-31 or 2025-03-31 13:45)`,
    );
    expect(() => resolveDate('"Due from"', '2026-02-30', now, 'UTC', box)).toThrow(
      `"Due from" '2026-02-30' is not a day that exists; use a date as YYYY-MM-DD (e.g. 2025-03-31)`,
    );
    expect(resolveTimestamp('"Updated to (UTC)"', '2026-11-30 23:59', now, 'end', 'UTC', box)).toBe(
      '2026-11-30 23:59:59',
    );
  });

  it('each timestamp filter gets its edge of the day: the first second for a "from", the last for a "to"', () => {
    // explore 13 item 2: created_from_system was sent as the day's last second, leaving the day out.
    const sent = buildExportFilters(
      {
        created_from_system: 'today',
        created_to_system: 'today',
        updated_from: '2025-03-01',
        updated_to: '2025-03-01',
      },
      { now, timeZone: 'UTC' },
    );
    expect(sent).toMatchObject({
      created_from_system: '2025-03-19 00:00:00',
      created_to_system: '2025-03-19 23:59:59',
      updated_from: '2025-03-01 00:00:00',
      updated_to: '2025-03-01 23:59:59',
    });
  });

  it('gives the app its presets as inclusive ranges, weeks from Monday', () => {
    expect(resolveDateRange('this-week', now, 'UTC')).toEqual({ from: '2025-03-17', to: '2025-03-23' });
    expect(resolveDateRange('last-week', now, 'UTC')).toEqual({ from: '2025-03-10', to: '2025-03-16' });
    expect(resolveDateRange('this-month', now, 'UTC')).toEqual({ from: '2025-03-01', to: '2025-03-31' });
    expect(resolveDateRange('last-month', now, 'UTC')).toEqual({ from: '2025-02-01', to: '2025-02-28' });
    expect(resolveDateRange('last-7-days', now, 'UTC')).toEqual({ from: '2025-03-13', to: '2025-03-19' });
    // Sunday belongs to the week that started the Monday before.
    expect(resolveDateRange('this-week', new Date('2025-03-23T10:00:00Z'), 'UTC').from).toBe('2025-03-17');
  });

  it('rejects bad input naming the flag, the value and examples', () => {
    for (const bad of ['2025-02-30', 'last tuesday', '-7', '03/01/2025', '']) {
      let error: unknown;
      try {
        resolveDate('--created-from', bad, now);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toContain(`--created-from '${bad}'`);
      expect((error as Error).message).toContain('start-of-last-month');
    }
    expect(() => resolveTimestamp('--updated-to', '2025-03-01 25:00', now, 'end', 'UTC')).toThrow(
      /^--updated-to '2025-03-01 25:00' is not a time of day that exists \(hours 00 to 23/,
    );
    // A sentence, not "'2025-02-30' is that day does not exist" (issue 17).
    expect(() => resolveDate('--due-from', '2025-02-30', now, 'UTC')).toThrow(
      /^--due-from '2025-02-30' is not a day that exists; use a date as YYYY-MM-DD/,
    );
  });
});

describe("relative dates are the office's calendar days, not the UTC day (explore 25 item 3)", () => {
  // 18:30 on Saturday 5 December in Denver: already 01:30 on the 6th in UTC.
  const denverEvening = new Date('2026-12-06T01:30:00Z');
  // 08:00 on Tuesday 1 December in Sydney: still 30 November in UTC.
  const sydneyMorning = new Date('2026-11-30T21:00:00Z');

  it("today, yesterday and the month's start are the day the clerk's calendar shows", () => {
    expect(resolveDate('--created-from', 'today', denverEvening, 'America/Denver')).toBe('2026-12-05');
    expect(resolveDate('--created-from', 'yesterday', denverEvening, 'America/Denver')).toBe('2026-12-04');
    expect(resolveDate('--created-from', 'today', sydneyMorning, 'Australia/Sydney')).toBe('2026-12-01');
    expect(resolveDate('--created-from', 'yesterday', sydneyMorning, 'Australia/Sydney')).toBe('2026-11-30');
    // On the last evening of November in Denver, "start-of-month" is still 1 November.
    const lastEvening = new Date('2026-12-01T02:00:00Z');
    expect(resolveDate('--due-from', 'start-of-month', lastEvening, 'America/Denver')).toBe('2026-11-01');
    expect(resolveDate('--due-from', 'start-of-month', lastEvening, 'UTC')).toBe('2026-12-01');
  });

  it("the app's presets use the same day", () => {
    expect(resolveDateRange('today', denverEvening, 'America/Denver')).toEqual({
      from: '2026-12-05',
      to: '2026-12-05',
    });
    expect(resolveDateRange('this-month', sydneyMorning, 'Australia/Sydney')).toEqual({
      from: '2026-12-01',
      to: '2026-12-31',
    });
  });

  it('the hosts are told which filters were relative and what they became', () => {
    const raw = { created_from: 'today', created_to: '2026-12-31', updated_from: '-7d' };
    const filters = buildExportFilters(raw, { now: denverEvening, timeZone: 'America/Denver' });
    expect(resolvedDates(raw, filters, 'America/Denver')).toEqual([
      { name: 'created_from', given: 'today', sent: '2026-12-05' },
      // A timestamp's relative day is Denver's, its first second sent in UTC (explore 57 item 3).
      { name: 'updated_from', given: '-7d', sent: '2026-11-28 07:00:00', day: '2026-11-28' },
    ]);
  });

  it("a relative form on a timestamp flag is this computer's day from its first to its last second, sent in UTC (explore 57 item 3)", () => {
    // Sent as the whole UTC day, "last month" in Los Angeles left out a request entered at 23:30 on
    // the month's last day and took in the next month's first evening.
    const laDecember = new Date('2026-12-06T20:00:00Z');
    const sent = buildExportFilters(
      { created_from_system: 'start-of-last-month', created_to_system: 'end-of-last-month' },
      { now: laDecember, timeZone: 'America/Los_Angeles' },
    );
    expect(sent).toMatchObject({
      created_from_system: '2026-11-01 07:00:00',
      created_to_system: '2026-12-01 07:59:59',
    });
    // East of UTC the day starts the evening before, in UTC.
    expect(resolveTimestamp('--updated-from', 'today', sydneyMorning, 'start', 'Australia/Sydney')).toBe(
      '2026-11-30 13:00:00',
    );
    // A day that daylight saving makes 23 hours long (Los Angeles, 8 March 2026) is whole, no more.
    const dstDay = new Date('2026-03-09T20:00:00Z');
    expect(resolveTimestamp('--updated-from', 'yesterday', dstDay, 'start', 'America/Los_Angeles')).toBe(
      '2026-03-08 08:00:00',
    );
    expect(resolveTimestamp('--updated-to', 'yesterday', dstDay, 'end', 'America/Los_Angeles')).toBe(
      '2026-03-09 06:59:59',
    );
    // A date typed as such is still the whole UTC day (docs/export.md).
    expect(resolveTimestamp('--updated-to', '2026-03-08', dstDay, 'end', 'America/Los_Angeles')).toBe(
      '2026-03-08 23:59:59',
    );
  });

  it("a UTC time typed as other programs write it is a time sent (UTC), never a day of this computer's calendar (explore 53 item 3)", () => {
    for (const [given, sent] of [
      ['2026-11-30 9:05', '2026-11-30 09:05:00'],
      ['2026-11-30T16:05:00.250Z', '2026-11-30 16:05:00'],
      ['2026-11-30T09:05-07:00', '2026-11-30 16:05:00'],
    ] as const) {
      const raw = { updated_from: given };
      const filters = buildExportFilters(raw, { now: denverEvening, timeZone: 'America/Denver' });
      expect(resolvedDates(raw, filters), given).toEqual([]);
      expect(completedTimes(raw, filters), given).toEqual([{ name: 'updated_from', given, sent }]);
    }
    // Typed as the API takes it: sent as typed, nothing to say.
    const exact = { updated_from: '2026-11-30 09:05:00' };
    expect(completedTimes(exact, buildExportFilters(exact, { now: denverEvening }))).toEqual([]);
  });
});
