/**
 * How a cell meets a name the account keeps (a reference item, a SELECT/RADIO choice, a key of the
 * mapping's "values"): the same letters however they were stored. Text pasted from macOS, a PDF or a
 * web page often holds an accent as a letter and a combining mark (e + U+0301) and a non-breaking space
 * between words; both look exactly like the name a clerk sees in Trackops, so a message that the name is
 * "not one of" a list showing it could not be acted on (explore 54 item 6). Unicode NFC joins the mark
 * to its letter; every kind of space (JavaScript's \s: U+00A0, U+2007, U+202F, …) counts as one space.
 */

/**
 * Characters that show nothing (zero-width space, non-joiner and joiner, left-to-right and right-to-left
 * marks, word joiner, soft hyphen, a byte-order mark inside the text): pasted from a web page or an
 * e-mail with a name, "Midwest\u200B" looks exactly like "Midwest" and was refused as "not one of" a
 * list showing it.
 */
const INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/g;
const HAS_INVISIBLE = /[\u00AD\u200B-\u200F\u2060\uFEFF]/;

/**
 * The text as a person reads it: NFC, invisible characters left out, any run of white space one space,
 * trimmed; letter case kept.
 */
export function seenText(text: string): string {
  return text.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
}

/** `seenText` in lower case: how names, choices and "values" keys are matched (letter case ignored). */
export function caselessKey(text: string): string {
  return seenText(text).toLowerCase();
}

/**
 * What makes `text` differ from `seenText(text)` besides surrounding spaces, in a clerk's words; null
 * when nothing does. For the note on a value sent as the account's spelling of it.
 */
export function hiddenDifference(text: string): string | null {
  const trimmed = text.trim();
  const spaces = /[^\S ]| {2}/.test(trimmed);
  const marks = trimmed.normalize('NFC') !== trimmed;
  const invisible = HAS_INVISIBLE.test(trimmed);
  if (!spaces && !marks && !invisible) return null;
  const said = [
    spaces ? 'a non-breaking, special or doubled space, read as one space' : '',
    marks ? 'an accent written as a separate mark, read as the accented letter' : '',
    invisible ? 'an invisible character (a zero-width space, joiner or soft hyphen), left out' : '',
  ].filter(Boolean);
  return said.join(', and ');
}
