/**
 * Dates and UTC timestamps as the API speaks them (API-NOTES Known: dates `YYYY-MM-DD`, all timestamps
 * UTC). Timestamps are written `YYYY-MM-DD HH:MM:SS` (API-NOTES Assumed), which sorts as text.
 */

/** True only for a `YYYY-MM-DD` that exists on the calendar (no 2026-02-30). */
export function isIsoDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function formatTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * A timestamp filter value as `YYYY-MM-DD HH:MM:SS` for text comparison. A bare date means the start of
 * that day for `*_from` and its last second for `*_to`, so `updated_to=2026-07-01` includes all of July 1st.
 * Also accepts ISO 8601 (`2026-07-01T10:00:00Z`, with an offset, converted to UTC). Null when unreadable.
 */
export function timestampBound(text: string, edge: 'start' | 'end'): string | null {
  const trimmed = text.trim();
  if (isIsoDate(trimmed)) return `${trimmed} ${edge === 'start' ? '00:00:00' : '23:59:59'}`;
  const plain = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(trimmed);
  if (plain) {
    const [, day, hours, minutes, seconds] = plain;
    if (!day || !isIsoDate(day) || Number(hours) > 23 || Number(minutes) > 59 || Number(seconds ?? 0) > 59)
      return null;
    return `${day} ${hours}:${minutes}:${seconds ?? (edge === 'start' ? '00' : '59')}`;
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(trimmed)) {
    const parsed = new Date(trimmed);
    if (!Number.isNaN(parsed.getTime()) && isIsoDate(trimmed.slice(0, 10))) return formatTimestamp(parsed);
  }
  return null;
}
