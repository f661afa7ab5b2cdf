/**
 * A cheap first look at a text cell: true when trimming would leave it as it is, it is not empty and no
 * rule of text-characters.ts refuses any of its characters. Most cells of a referral sheet are such text
 * (letters, digits, punctuation, accented names), so the per-cell path takes them as they are and only
 * the rest goes through `trim()` and the rule's regular expression. One pass over the characters costs
 * less than those two calls on the short texts of most columns (docs/benchmarks.md, issue 13).
 *
 * Only characters that no rule refuses and that are not white space count as clean: printable ASCII,
 * tab inside the text, U+00A1–U+1FFF but the soft hyphen, U+061C, U+1680 and U+180E, the dashes,
 * quotes and dots of U+2010–U+2027, and U+3001–U+D7FF. Anything else (line breaks, controls,
 * invisibles, U+2000–U+200F, surrogates, …) takes the general rule; test/validate/clean-text.test.ts
 * checks that a clean text is what the general rule accepts.
 */
export function isCleanText(text: string): boolean {
  const last = text.length - 1;
  if (last < 0) return false;
  // Trimmed already: no white space at either end (tab, space and no-break space are the only white
  // space characters inside the ranges below).
  const first = text.charCodeAt(0);
  const end = text.charCodeAt(last);
  if (first <= 0x20 || first === 0xa0 || end <= 0x20 || end === 0xa0) return false;
  for (let index = 0; index <= last; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x20 && code < 0x7f) continue;
    if (code === 0x09) continue;
    if (code >= 0xa0 && code < 0x2000) {
      if (code !== 0xad && code !== 0x61c && code !== 0x1680 && code !== 0x180e) continue;
    } else if ((code >= 0x2010 && code < 0x2028) || (code > 0x3000 && code < 0xd800)) continue;
    return false;
  }
  return true;
}
