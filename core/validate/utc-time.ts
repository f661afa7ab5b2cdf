/** A UTC time of day as written after a date ("14:30:00Z", "2:30 PM +00:00"), read to milliseconds. */

/** A time with its zone, as TRAILING_TIME (scalar-values.ts) captures it after a date. */
const UTC_TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?(?:\s*([AaPp])\.?[Mm]\.?)?\s*(?:Z|[+-]00:?00)$/;

/** Milliseconds after midnight UTC of a UTC time ("14:30:00Z", "2:30 PM +00:00"); null for any other. */
export function utcTimeOfDay(time: string): number | null {
  const match = UTC_TIME.exec(time.trim());
  if (!match) return null;
  let hour = Number(match[1]);
  const minute = Number(match[2]);
  const second = Number(match[3] ?? 0);
  const fraction = Number(`0.${match[4] ?? '0'}`);
  if (match[5]) hour = (hour % 12) + (/[Pp]/.test(match[5]) ? 12 : 0);
  if (hour > 23 || minute > 59 || second > 59) return null;
  return ((hour * 60 + minute) * 60 + second) * 1000 + Math.round(fraction * 1000);
}
