/**
 * Column widths that fit the data: the header or the longest value among the first records, whichever
 * is wider, within bounds (a long note wraps in a 60-character column rather than filling the screen).
 * A sample, because the streaming writer must declare widths before the first row.
 */
import type { CaseRequestRecord } from '../api/types.ts';
import { csvField } from '../files/csv-writer.ts';
import type { ExportColumn } from './types.ts';

export const WIDTH_SAMPLE = 200;
const MIN_WIDTH = 8;
const MAX_WIDTH = 60;

export function fitWidths(columns: ExportColumn[], sample: CaseRequestRecord[]): ExportColumn[] {
  return columns.map((column) => {
    let longest = column.header.length;
    for (const record of sample) {
      const value = column.value(record);
      const text = value === null ? '' : typeof value === 'object' ? csvField(value) : String(value);
      const widest = Math.max(...text.split('\n').map((line) => line.length));
      longest = Math.max(longest, column.kind === 'money' ? widest + 4 : widest);
    }
    return { ...column, width: Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, column.width, longest + 2)) };
  });
}
