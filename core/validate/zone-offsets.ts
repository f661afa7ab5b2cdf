/**
 * The UTC offsets clocks really keep, for reading a UTC moment as "midnight where clocks are UTC+X"
 * (zoned-date.ts). Every quarter hour from UTC-10:00 to UTC+13:00 was taken before, so an afternoon
 * timestamp on a quarter hour (21:15Z) was read as midnight at UTC+02:45, an offset no zone has, and
 * imported a day late (explore 60 item 1).
 *
 * The list: the offsets of the IANA zones today, standard and daylight time, and the few kept within
 * living memory that a date of birth may have been written under (Singapore and Malaysia's +07:30 until
 * 1982, Venezuela's -04:30 of 2007-2016, Pyongyang's +08:30 of 2015-2018, Norfolk Island's +11:30 until
 * 2015). Minutes east of UTC.
 */
const REAL_OFFSETS: ReadonlySet<number> = new Set([
  -12 * 60,
  -11 * 60,
  -10 * 60,
  -9 * 60 - 30, // Marquesas
  -9 * 60,
  -8 * 60,
  -7 * 60,
  -6 * 60,
  -5 * 60,
  -4 * 60 - 30, // Venezuela 2007-2016
  -4 * 60,
  -3 * 60 - 30, // Newfoundland
  -3 * 60,
  -2 * 60 - 30, // Newfoundland, daylight time
  -2 * 60,
  -1 * 60,
  0,
  1 * 60,
  2 * 60,
  3 * 60,
  3 * 60 + 30, // Iran
  4 * 60,
  4 * 60 + 30, // Afghanistan
  5 * 60,
  5 * 60 + 30, // India, Sri Lanka
  5 * 60 + 45, // Nepal
  6 * 60,
  6 * 60 + 30, // Myanmar, Cocos
  7 * 60,
  7 * 60 + 30, // Singapore, Malaysia until 1982
  8 * 60,
  8 * 60 + 30, // Pyongyang 2015-2018
  8 * 60 + 45, // Eucla
  9 * 60,
  9 * 60 + 30, // South Australia, Northern Territory
  10 * 60,
  10 * 60 + 30, // South Australia's daylight time, Lord Howe
  11 * 60,
  11 * 60 + 30, // Norfolk Island until 2015
  12 * 60,
  12 * 60 + 45, // Chatham Islands
  13 * 60,
  13 * 60 + 45, // Chatham Islands, daylight time
  14 * 60, // Line Islands
]);

/**
 * The offset, in minutes east of UTC, of a zone in use where `minutes` after midnight UTC is midnight;
 * null when no zone's clocks read midnight then. Where two zones do (10:00Z is midnight at UTC-10:00 and
 * at UTC+14:00), the one more people live under: west up to 10:00Z (Hawaii over the Line Islands), east
 * from 11:00Z (New Zealand and Tonga over Niue and American Samoa).
 */
export function midnightOffset(minutes: number): number | null {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes >= 1440) return null;
  if (minutes === 0) return 0;
  const west = -minutes;
  const east = 1440 - minutes;
  const [first, second] = minutes >= 660 ? [east, west] : [west, east];
  if (REAL_OFFSETS.has(first)) return first;
  return REAL_OFFSETS.has(second) ? second : null;
}
