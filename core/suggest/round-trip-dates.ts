/**
 * The date formats `map` proposes for a round-trip CSV that a spreadsheet opened and saved: Excel
 * rewrites every ISO date in the computer's short form (2026-06-28 → 6/28/2026), after which no
 * mapped date column could be read without a format (explore 57 item 5). The order is the file's:
 * one program wrote all its dates, so a value of any date column that reads one way only (6/28/2026)
 * proves it for the columns whose own values do not. Said as a guess, naming the value that proves it.
 */
import type { AccountReference } from '../account/reference.ts';
import type { MappingColumn } from '../mapping/schema.ts';
import { isShortDate, provenOrder } from '../mapping/spreadsheet-dates.ts';
import { parseTarget } from '../mapping/targets.ts';
import { cellText } from '../read/cell-text.ts';
import type { SourceRow } from '../read/types.ts';
import { roundTripDayOrder } from '../validate/round-trip-day-order.ts';
import type { SuggestionNote } from './types.ts';

/** Sets `dateFormat` on the mapped date columns whose values a spreadsheet rewrote; the notes say so. */
export function proposeRoundTripDates(
  headers: readonly string[],
  columns: MappingColumn[],
  rows: readonly SourceRow[],
  reference: AccountReference | undefined,
): SuggestionNote[] {
  const watch = roundTripDayOrder(headers);
  for (const row of rows) watch.watch(row.cells);
  const order = provenOrder(watch.order);
  const proof = order === 'month-first' ? watch.order.monthFirst : watch.order.dayFirst;
  const notes: SuggestionNote[] = [];
  const unproven: string[] = [];
  for (const column of columns) {
    if (!isDateColumn(column.target, reference)) continue;
    const index = headers.indexOf(column.column);
    const texts = rows.map((row) => cellText(row.cells[index] ?? null).trim()).filter((text) => text !== '');
    const example = texts.find(isShortDate);
    if (example === undefined) continue;
    if (!order) {
      unproven.push(`${column.column} ("${example}")`);
      continue;
    }
    column.dateFormat = formatLike(example, order);
    notes.push({
      column: column.column,
      level: 'warning',
      message:
        `dates read as ${column.dateFormat}, a guess: a spreadsheet saved this file and wrote its dates in its short form ("${example}"), ` +
        `and "${proof}" can only be read ${order}; one program wrote every date of the file, so in one order. Check it`,
    });
  }
  if (unproven.length > 0)
    notes.push({
      column: null,
      level: 'decide',
      message:
        `a spreadsheet saved this file and wrote its dates in its short form (${unproven.join(', ')}), and no date in it tells whether the month or the day comes first: ` +
        'a date that is the day the request holds in either order is taken as unedited, and an edited date is refused; to send edited dates, set "dateFormat" to "M/D/YYYY" or "D/M/YYYY" ' +
        '(as the computer that saved it writes dates) on their columns',
    });
  return notes;
}

/** created_on, due_on, and a whole custom field that is a DATE or BIRTHDAY field (offline: any). */
function isDateColumn(targetPath: string, reference: AccountReference | undefined): boolean {
  const target = parseTarget(targetPath);
  if (!target) return false;
  if (target.kind === 'param') return target.spec.type === 'date';
  if (target.kind !== 'custom' || target.part !== null || target.subject !== null) return false;
  if (!reference) return true;
  const field = reference.fields.find((one) => one.id === target.fieldId);
  const tag = String(field?.field_type_tag ?? '').toUpperCase();
  return tag === 'DATE' || tag === 'BIRTHDAY';
}

/** The format that writes dates as `example` does, in `order` ("6/28/2026" month-first: "M/D/YYYY"). */
function formatLike(example: string, order: 'month-first' | 'day-first'): string {
  const match = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d)/.exec(example)!;
  const wide = match[1]!.length === 2 && match[3]!.length === 2;
  const [month, day] = wide ? ['MM', 'DD'] : ['M', 'D'];
  const parts = order === 'month-first' ? [month, day] : [day, month];
  return [...parts, match[4]!.length === 2 ? 'YY' : 'YYYY'].join(match[2]!);
}
