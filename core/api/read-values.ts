/**
 * Scalars as a server may write them (API-NOTES Tolerance: "numbers and booleans may come as strings;
 * dates as YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or ISO with a zone"), read back to the one form the rest of
 * core uses: numbers, booleans, dates `YYYY-MM-DD`, UTC timestamps `YYYY-MM-DD HH:MM:SS`.
 * What cannot be read safely is kept as it came, never guessed.
 */

export function toNumberOrKeep(value: unknown): unknown {
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return value;
}

/** A list of ids: an array, a JSON array, or comma-separated text. */
export function toIdList(value: unknown): unknown {
  if (typeof value === 'string') {
    const parsed = parseJsonArray(value);
    const items = parsed ?? value.split(',').filter((piece) => piece.trim() !== '');
    return items.map(toNumberOrKeep);
  }
  return Array.isArray(value) ? value.map(toNumberOrKeep) : value;
}

export function toBoolean(value: unknown): unknown {
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    if (word === '1' || word === 'true' || word === 'yes') return true;
    if (word === '0' || word === 'false' || word === 'no' || word === '') return false;
    return value;
  }
  if (value === 1) return true;
  if (value === 0) return false;
  return value;
}

/**
 * A calendar date (`created_on`, `due_on`, DATE fields). A server that stores dates in a DATETIME
 * column writes `2024-01-02 00:00:00` or `2024-01-02T00:00:00-07:00`: midnight, in any zone, is the
 * date as written (a date is "as determined by the user", seed, not an instant). Any other time of day
 * is not a date we can read without guessing a zone, so it is kept as it came.
 */
const MIDNIGHT_DATE = /^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00(?:\.0+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?)?$/;

export function toDateOrKeep(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const day = MIDNIGHT_DATE.exec(value.trim());
  return day ? day[1] : value;
}

/** Whether `value` is a date-only value written with a midnight time (it reads as that date). */
export function isMidnightDate(value: unknown): value is string {
  return typeof value === 'string' && /[ T]/.test(value.trim()) && MIDNIGHT_DATE.test(value.trim());
}

const PLAIN_UTC = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;
const ISO_STAMP = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * A system timestamp (`created_at`, `updated_at`) as UTC `YYYY-MM-DD HH:MM:SS` (API-NOTES Known: all
 * timestamps are UTC). An ISO time with a zone is converted to UTC; one without a zone is UTC, or local
 * time `zoneMinutes` ahead of UTC when a write's answer showed the server stamps so (stamp-zone.ts); Unix
 * seconds (or milliseconds) are read as such. Anything else is kept as it came.
 */
export function toUtcTimestampOrKeep(value: unknown, zoneMinutes = 0): unknown {
  if (typeof value === 'number') return fromEpoch(value) ?? value;
  if (typeof value !== 'string') return value;
  const text = value.trim();
  if (PLAIN_UTC.test(text) && zoneMinutes === 0) return text;
  if (/^\d{9,13}$/.test(text)) return fromEpoch(Number(text)) ?? value;
  const stamp = ISO_STAMP.exec(text);
  if (!stamp) return value;
  if (stamp[4] === undefined && zoneMinutes !== 0) {
    const millis = Date.parse(`${stamp[1]}T${stamp[2]}${stamp[3] ?? ':00'}Z`) - zoneMinutes * 60_000;
    return Number.isNaN(millis) ? value : utcText(new Date(millis));
  }
  const zone = stamp[4] ?? 'Z';
  const offset =
    zone === 'Z' ? 'Z' : zone.replace(/^([+-]\d{2})(\d{2})$/, '$1:$2').replace(/^([+-]\d{2})$/, '$1:00');
  const ms = Date.parse(`${stamp[1]}T${stamp[2]}${stamp[3] ?? ':00'}${offset}`);
  return Number.isNaN(ms) ? value : utcText(new Date(ms));
}

function fromEpoch(value: number): string | undefined {
  if (!Number.isFinite(value) || value < 1e9) return undefined;
  return utcText(new Date(value >= 1e12 ? value : value * 1000));
}

/** A moment as the API writes its stamps: UTC `YYYY-MM-DD HH:MM:SS`. */
export function utcText(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

export function parseJsonObject(value: unknown): Record<string, unknown> | undefined {
  if (typeof value !== 'string' || !value.trimStart().startsWith('{')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function parseJsonArray(value: string): unknown[] | undefined {
  if (!value.trimStart().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
