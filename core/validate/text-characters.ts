/**
 * Characters a cell may not send (issue 17, point 10). The readers keep every character of a cell as it
 * is (an XLSX `_x0000_` arrives as U+0000); validation refuses what Trackops must not receive:
 *
 * - control characters other than tab and line breaks, anywhere (NUL and BEL reached `client.name`);
 * - line breaks, except in multi-line fields (notes, LONG fields, a whole address to split);
 * - invisible characters (zero-width space and joiners, byte-order mark, soft hyphen, bidi marks) inside
 *   e-mails and codes (country, state, zip, reference values, ids): "bob\u200B@x.com" looks right and
 *   is not the address; a claim number with one never matches the same claim again.
 *
 * Each target has one rule, compiled into one regular expression, so the per-cell cost is one test.
 */
import { fail } from './scalar-values.ts';
import type { Converted, TextRule } from './value-plan.ts';

export type { TextRule } from './value-plan.ts';

const CONTROL = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F';
const LINE_BREAKS = '\\r\\n\\u2028\\u2029';
const INVISIBLE = '\\u00AD\\u061C\\u180E\\u200B-\\u200F\\u202A-\\u202E\\u2060-\\u2064\\u2066-\\u2069\\uFEFF';

/** The characters each rule refuses (the test on the per-cell path). */
export const REFUSED: Readonly<Record<TextRule, RegExp>> = {
  'multi-line': new RegExp(`[${CONTROL}]`),
  'single-line': new RegExp(`[${CONTROL}${LINE_BREAKS}]`),
  code: new RegExp(`[${CONTROL}${LINE_BREAKS}${INVISIBLE}]`),
};

const IS_CONTROL = new RegExp(`[${CONTROL}]`);
const SHOWN = new RegExp(`[${CONTROL}${INVISIBLE}]`, 'g');
const IS_LINE_BREAK = new RegExp(`[${LINE_BREAKS}]`);

const NAMES: Record<number, string> = {
  0x00: 'NUL',
  0x07: 'BEL, the bell',
  0x08: 'backspace',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x1b: 'escape',
  0x7f: 'DEL',
  0xad: 'soft hyphen',
  0x200b: 'zero-width space',
  0x200c: 'zero-width non-joiner',
  0x200d: 'zero-width joiner',
  0x200e: 'left-to-right mark',
  0x200f: 'right-to-left mark',
  0x2060: 'word joiner',
  0xfeff: 'byte-order mark',
};

/** "U+0000" for a character. */
export function codePoint(char: string): string {
  return `U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** The text with every refused character written out ("Acme[U+0000]"), so messages can show it. */
export function visibleText(text: string): string {
  return text.replace(SHOWN, (char) => `[${codePoint(char)}]`);
}

/** The problem of the first character `rule` refuses in `text` (call when REFUSED[rule] matched). */
export function refusedCharacter(rule: TextRule, text: string): Converted {
  const found = REFUSED[rule].exec(text);
  if (!found) throw new Error('refusedCharacter: nothing refused in the text');
  const char = found[0];
  if (IS_LINE_BREAK.test(char)) return fail('multi_line_text');
  const params = {
    char: codePoint(char),
    charName: NAMES[char.codePointAt(0)!] ?? (IS_CONTROL.test(char) ? 'a control character' : ''),
    // Counted as a person counts characters, from 1.
    position: [...text.slice(0, found.index)].length + 1,
  };
  return fail(IS_CONTROL.test(char) ? 'control_character' : 'invisible_character', params, visibleText(text));
}
