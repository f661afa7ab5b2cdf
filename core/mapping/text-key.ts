/**
 * How a cell meets a name the account keeps (a reference item, a SELECT/RADIO choice, a key of the
 * mapping's "values"): the same letters however they were stored. Text pasted from macOS, a PDF or a
 * web page often holds an accent as a letter and a combining mark (e + U+0301) and a non-breaking space
 * between words; both look exactly like the name a clerk sees in Trackops, so a message that the name is
 * "not one of" a list showing it could not be acted on (explore 54 item 6). Unicode NFC joins the mark
 * to its letter; every kind of space (JavaScript's \s: U+00A0, U+2007, U+202F, …) counts as one space.
 */

/** The text as a person reads it: NFC, any run of white space one space, trimmed; letter case kept. */
export function seenText(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim();
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
  if (!spaces && !marks) return null;
  const said = [
    spaces ? 'a non-breaking, special or doubled space, read as one space' : '',
    marks ? 'an accent written as a separate mark, read as the accented letter' : '',
  ].filter(Boolean);
  return said.join(', and ');
}
