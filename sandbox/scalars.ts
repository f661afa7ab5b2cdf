/**
 * Reading scalars the way the real API evidently does (API-NOTES "Body quirks"): the seed's own example
 * sends numbers as strings (`"budget_money": "1500"`) and a zip as a number, so integers, decimals and
 * text are read from either JSON type. Anything else (booleans, objects, `1.5` for an id) is refused.
 */

/** A positive integer id from a number or a string of digits; undefined when it is not one. */
export function readId(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    const parsed = Number(value);
    return parsed > 0 && Number.isSafeInteger(parsed) ? parsed : undefined;
  }
  return undefined;
}

/** A decimal number from a number or a plain decimal string ("1500", "12.50"); no currency signs. */
export function readDecimal(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** Text from a string, or from a number (the seed's numeric zip); undefined otherwise. */
export function readText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Deliberately simple: one @, something before it, a dotted domain after it, no spaces. */
export function isEmail(text: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(text) && !text.includes('..');
}

export function isWebLink(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.includes('.');
  } catch {
    return false;
  }
}

export function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
