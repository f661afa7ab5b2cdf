/**
 * Values compared as a server may write them back (API-NOTES Tolerance: "numbers and booleans may come
 * as strings; dates as YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or ISO with a zone"; a server may trim or
 * re-space text). Two things compare values the account holds with values we send, and both use these:
 * - the lost-create reconcile (batch/fingerprint.ts), which also folds letters to one case, because a
 *   false "not found" there costs a duplicate request;
 * - the change preview and the "unchanged" decision (validate/field-changes.ts), which keeps case and
 *   spacing (heldText): a clerk who corrects "smith" to "Smith", or lays a note out in two paragraphs,
 *   means it, and a false "unchanged" would drop the edit (explore 33 item 3).
 */

/** The value as text, surrounding white space off; '' for null and undefined. */
export function rawText(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}

/** White space collapsed: "  Check  gym\nvisits " and "Check gym visits" are one text. */
export function spacedText(value: unknown): string {
  return rawText(value).replace(/\s+/g, ' ');
}

/**
 * Text as an edit is told from no edit: surrounding white space off (the cell check trims it) and line
 * breaks as one kind (a spreadsheet saves a stored `\r\n` as `\n`: no one typed that). Every other
 * space or line break is the clerk's: two paragraphs instead of one line, a double space taken out.
 */
export function heldText(value: unknown): string {
  return rawText(value).replace(/\r\n?/g, '\n');
}

/** White space collapsed and letters in one case (the reconcile's comparison). */
export function plainText(value: unknown): string {
  return spacedText(value).toLowerCase();
}

/** 3, "3" and "3.0" are one number; text that is not a number is compared as spaced text. */
export function numberText(value: unknown): string {
  const text = rawText(value);
  return text !== '' && Number.isFinite(Number(text)) ? String(Number(text)) : spacedText(text);
}

/** A date to the day: "2024-01-02", "2024-01-02 00:00:00" and "2024-01-02T00:00:00-07:00" are one day. */
export function dayText(value: unknown): string {
  const text = rawText(value);
  return /^\d{4}-\d{2}-\d{2}/.exec(text)?.[0] ?? spacedText(text);
}
