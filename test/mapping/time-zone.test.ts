/**
 * The one place core asks for this computer's zone and a wall clock (core/mapping/time-zone.ts): the
 * export's relative dates and the reading of UTC moments (validate/zoned-date.ts) both go through it,
 * so the two agree on which day a moment is.
 */
import { describe, expect, it } from 'vitest';
import { thisComputerTimeZone, wallClockAt, wallClockDate } from '../../core/mapping/time-zone.ts';
import { localDayOfUtc } from '../../core/export/relative-dates.ts';
import { zonedDay } from '../../core/validate/zoned-date.ts';

describe("a moment's wall clock in a zone", () => {
  it("is the zone's own date and hour, midnight as hour 0", () => {
    // Sydney keeps daylight saving (UTC+11) on 31 March 2026: 13:00Z is midnight of 1 April there.
    const instant = Date.parse('2026-03-31T13:00:00.000Z');
    const sydney = wallClockAt(instant, 'Australia/Sydney');
    expect(sydney).toEqual({ year: 2026, month: 4, day: 1, hour: 0, minute: 0, second: 0 });
    expect(wallClockDate(sydney)).toBe('2026-04-01');
    expect(wallClockDate(wallClockAt(instant, 'America/Denver'))).toBe('2026-03-31');
  });

  it("is this computer's zone by default, for the export's days and a UTC moment's day alike", () => {
    const zone = thisComputerTimeZone();
    expect(zone).toBe(new Intl.DateTimeFormat().resolvedOptions().timeZone);
    // The UTC moment's reading and the export's local day name the same day here.
    const read = zonedDay('2026-03-31', '13:00:00.000Z');
    expect(read?.note.params.zone).toBe(zone);
    expect(read?.note.params.hereDate).toBe(localDayOfUtc('2026-03-31 13:00:00'));
  });
});
