/**
 * Quotes a delimiter leaves in the text. Read with the delimiter a file was written with, a quote is
 * syntax: it opens a field and closes it, and only a doubled one inside (`""`) or an inch mark in an
 * unquoted field (`12" monitor`) is left as a character. Read with another delimiter, the quoting no
 * longer lines up with the fields: the quotes that opened and closed fields now sit inside unquoted
 * ones. So the count of quotes found inside unquoted fields tells a wrong delimiter from the right one
 * where counting rows cannot (the line ends inside quoted cells can make a wrong delimiter's rows look
 * regular). A quote that opens a field and never closes would swallow the rest of the text: every quote
 * after it counts, so that swallowing never looks better than reading.
 */
import { quotedFieldEnd, type QuoteRules } from './line-breaks.ts';

export function bareQuotes(text: string, rules: QuoteRules): number {
  const { quote, delimiter } = rules;
  let count = 0;
  let fieldStart = true;
  for (let index = 0; index < text.length;) {
    const character = text[index] as string;
    if (fieldStart && character === quote) {
      const end = quotedFieldEnd(text, index, rules);
      if (end === -1) {
        for (let at = text.indexOf(quote, index + 1); at !== -1; at = text.indexOf(quote, at + 1)) count++;
        return count;
      }
      index = end;
      fieldStart = false;
      continue;
    }
    if (character === delimiter || character === '\r' || character === '\n') fieldStart = true;
    else {
      if (character === quote) count++;
      fieldStart = false;
    }
    index++;
  }
  return count;
}
