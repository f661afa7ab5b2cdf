/**
 * How much one line or cell may hold before the reader refuses it. A hostile or broken file (one 50 MB
 * line, a quote that never closes) otherwise costs memory and time out of all proportion: a record is
 * re-examined each time a chunk arrives until its end is seen. Excel's own cell limit is 32,767
 * characters; 1 MB of text is far beyond any referral.
 */
import { thousands } from '../thousands.ts';

export const DEFAULT_MAX_LINE_CHARS = 1024 * 1024;

function size(chars: number): string {
  return chars >= 1024 * 1024 && chars % (1024 * 1024) === 0
    ? `${chars / (1024 * 1024)} MB`
    : `${thousands(chars)} characters`;
}

/** "Row 12 … holds more than 1 MB of text …": the refusal of a line or cell past the limit. */
export function tooLongMessage(where: string, what: 'cell' | 'line', limit: number, hint = ''): string {
  return `${where} holds more than ${size(limit)} of text in one ${what}, more than this tool reads (Excel itself keeps at most 32,767 characters in a cell).${hint} Check the file: it is probably damaged or not the export you meant.`;
}
