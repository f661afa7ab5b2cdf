/**
 * A copy of a string that does not keep the text it was cut from alive. V8 represents a substring of
 * 13 or more characters as a view into its parent: every field Papa Parse cuts from a decoded chunk
 * points at that whole chunk (up to 64 KiB). A field kept past its row (a memo key, a duplicate key)
 * would then keep its chunk in memory, promoted to the old generation: a 1M-row validation held tens
 * of megabytes of such chunks and let hundreds more pile up as garbage before a full GC.
 * Prefixing forces V8 to build a new flat string; the slice is then a view into that copy alone.
 */
export function detachedText(text: string): string {
  // Shorter substrings are already copies (V8's SlicedString::kMinLength is 13), and the copy below
  // cost a third of the duplicate check on 100k claim numbers (docs/benchmarks.md, finding 3).
  if (text.length < SLICE_MIN_LENGTH) return text;
  return (' ' + text).slice(1);
}

const SLICE_MIN_LENGTH = 13;
