/**
 * A round-trip CSV's columns an update cannot change (case_type_id, case_region_id, budget_money,
 * budget_hours, case_request_number, every subject column): `map` leaves them out, so an edit in one
 * was dropped without a word and the row called "unchanged: Trackops already holds every value this row
 * gives" (explore 14 item 3). The XLSX round trip refuses such an edit (read_only_column); a CSV keeps
 * no record of the export, so its cells are compared with what the request holds now, and a cell that
 * differs refuses the row, naming the cell and the value to put back. The comparison forgives what a
 * spreadsheet makes of a value (batch/stored-zeros.ts), the forms the export writes (a date's day of
 * a date-time, 1500 for "1500.00") and, in a money or number column (budget, or a subject's field
 * holding a number), the stored number as a currency or thousands format shows it ("$750.00",
 * "2,500.00"), and digits past a spreadsheet's 15th (0.3 for 0.30000000000000004: every save writes it
 * so), and a date as a spreadsheet rewrote it in its short form (6/17/1966 for 1966-06-17, in the order
 * the file's dates prove: mapping/spreadsheet-dates.ts). Used by the dry run's plan and by the send; no
 * request.
 */
import type { CaseRequestRecord, CustomFieldEntry } from '../api/types.ts';
import { compositeValue, fieldValue, subjectInGroup } from '../export/record-values.ts';
import { parseTarget } from '../mapping/targets.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import { isSpreadsheetForm } from '../batch/stored-zeros.ts';
import {
  compareStoredDay,
  provenOrder,
  storedDayAsWritten,
  type DayOrder,
  type FileDayOrder,
} from '../mapping/spreadsheet-dates.ts';
import { formatProof, readNumber } from '../mapping/number-format.ts';
import { dateInWords } from '../mapping/calendar.ts';
import { asSpreadsheetShows } from '../read/spreadsheet-digits.ts';
import type { WaysOut } from '../problems/ways-out.ts';

/** A cell of a column an update cannot change: its header (the target path) and its text. */
export interface ReadOnlyCell {
  column: string;
  text: string;
}

/** The headers of a round-trip CSV that name a target an update cannot change (none is mapped). */
export function readOnlyHeaders(headers: readonly string[], mapped: ReadonlySet<string>): number[] {
  const found: number[] = [];
  headers.forEach((header, index) => {
    if (mapped.has(header)) return;
    const target = parseTarget(header);
    if (!target || target.path === 'id') return;
    if (
      (target.kind === 'param' && !target.spec.update) ||
      (target.kind === 'custom' && target.subject !== null)
    )
      found.push(index);
    else if (header === 'case_request_number') found.push(index);
  });
  return found;
}

const SUBJECT = /^subjects\.(\d+)\.custom_fields\.(\d+)(?:\.([a-z_0-9]+))?$/;

/**
 * The cells that differ from what `record` holds, as refusals of the row (read_only_cell_differs), and
 * the notes of cells taken as the stored day by a guess (short_date_read): in one reading of an order
 * the file does not prove, or with a two-digit year whose century only the stored day gives.
 */
export function readOnlyRefusals(
  row: number,
  cells: readonly ReadOnlyCell[],
  record: CaseRequestRecord,
  fileOrder: FileDayOrder | undefined,
  ways: WaysOut,
): { refused: Problem[]; notes: Problem[] } {
  const order = provenOrder(fileOrder);
  // Subject columns are numbered by group across the export ("subjects.1" the second group); a group is
  // one subject type (its fields) and the slot is its place among the groups of the same fields.
  const groupFields = new Map<number, Set<number>>();
  for (const cell of cells) {
    const subject = SUBJECT.exec(cell.column);
    if (!subject) continue;
    const group = Number(subject[1]);
    if (!groupFields.has(group)) groupFields.set(group, new Set());
    groupFields.get(group)!.add(Number(subject[2]));
  }
  const request = record.case_request_number ?? `request ${record.id}`;
  const held = cells.map((cell) => storedOf(cell.column, record, groupFields));
  // Number cells: the budget columns, and any whose stored value is a number (a subject's money or
  // number field: a spreadsheet formats it as it formats budget). The decimal mark they show where it
  // is plain ("2.500,00", "12,50") settles a text such as "2.500" that reads both ways; without it,
  // the export's own point (a comma groups thousands).
  const isNumber = (index: number) =>
    isNumberColumn(cells[index]!.column) || PLAIN_NUMBER.test(held[index] ?? '');
  const numbers = cells.filter((_cell, index) => isNumber(index));
  const decimal = formatProof(numbers.map((cell) => cell.text))?.decimal ?? '.';
  const problems: Problem[] = [];
  const notes: Problem[] = [];
  for (const [index, cell] of cells.entries()) {
    const stored = held[index];
    const given = cell.text.trim();
    if (stored === undefined || stored === given) continue;
    // The stored day as a spreadsheet rewrote it: unedited, but said where that took a guess (explore
    // 61's left items: taken in one reading, or by its last two digits, without a word).
    const day = compareStoredDay(stored, given, order);
    if (day?.kind === 'same') {
      if (day.otherDay !== null || day.centuryFromStored)
        notes.push(
          problem(
            'short_date_read',
            {
              row,
              label: cell.column,
              target: cell.column,
              value: cell.text,
              stored: stored.slice(0, 10),
              request,
              readOnly: true,
              ...(day.otherDay !== null ? { order: day.order, otherDay: dateInWords(day.otherDay) } : {}),
              ...(day.centuryFromStored ? { twoDigits: storedYearDigits(given) } : {}),
            },
            ways,
          ),
        );
      continue;
    }
    if (sameValue(stored, given, order)) continue;
    if (isNumber(index) && sameShownNumber(stored, given, decimal)) continue;
    // A stored day the cell is not, in any reading the file's order allows: no "put back" (Excel
    // rewrites what is typed back at the next save), but what Excel does and the way round it.
    if (compareStoredDay(stored, given, order)?.kind === 'edited') {
      problems.push(
        problem(
          'read_only_date_differs',
          {
            row,
            label: cell.column,
            target: cell.column,
            value: cell.text,
            stored,
            shown: storedDayAsWritten(stored, given, order),
            request,
          },
          ways,
        ),
      );
      continue;
    }
    problems.push(
      problem('read_only_cell_differs', {
        row,
        label: cell.column,
        target: cell.column,
        value: cell.text,
        stored,
        request,
      }),
    );
  }
  return { refused: problems, notes };
}

/** The two digits a short-form date writes its year with ("66" of "6/17/66"). */
function storedYearDigits(given: string): string {
  return /(\d{2})(?:\s.*)?$/.exec(given.trim())?.[1] ?? given;
}

/** What the request holds for a read-only column, as text; undefined when it cannot be told. */
function storedOf(
  column: string,
  record: CaseRequestRecord,
  groupFields: Map<number, Set<number>>,
): string | undefined {
  const subject = SUBJECT.exec(column);
  if (!subject) {
    const target = parseTarget(column);
    if (!target || target.kind !== 'param' || !Object.hasOwn(record, target.name)) {
      return column === 'case_request_number' ? textOf(record.case_request_number) : undefined;
    }
    return textOf((record as unknown as Record<string, unknown>)[target.name]);
  }
  const group = Number(subject[1]);
  const fields = groupFields.get(group)!;
  const sameFields = (other: Set<number>) =>
    other.size === fields.size && [...other].every((id) => fields.has(id));
  const slot = [...groupFields.entries()].filter(
    ([index, other]) => index < group && sameFields(other),
  ).length;
  // The type is that of a subject of the request holding one of the group's fields: none, none held.
  const typed = (record.subjects ?? []).find((candidate) =>
    (candidate.custom_fields ?? []).some((entry: CustomFieldEntry) => fields.has(Number(entry.id))),
  );
  if (!typed) return '';
  const held = subjectInGroup(record, { subjectTypeId: Number(typed.subject_type_id), slot });
  const raw = fieldValue(held?.custom_fields, Number(subject[2]));
  if (!subject[3]) return compositeValue(raw) ? undefined : textOf(raw);
  const parts = compositeValue(raw);
  if (parts) return textOf(parts[subject[3]]);
  // A value sent as one line of text cannot be told part by part.
  return raw === undefined || raw === null || raw === '' ? '' : undefined;
}

function textOf(value: unknown): string | undefined {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A money or number column (budget_money, budget_hours): its cells may carry a spreadsheet's format. */
function isNumberColumn(column: string): boolean {
  const target = parseTarget(column);
  return target?.kind === 'param' && (target.spec.type === 'decimal' || target.spec.type === 'int');
}

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/**
 * `given` is the stored number as a spreadsheet's Currency or Comma format shows it ("$750.00",
 * "2,500.00", "750,00 €", "2.500,00"): the same number, not an edit (explore 16 item 4). Read by the rule
 * every number cell is read by (mapping/number-format.ts), so a text is taken at its one reading; one
 * that reads two ways ("2.500", "2,500") at the decimal mark `decimal`. Any other number (750.01 over
 * 750) is still an edit, and refused.
 */
function sameShownNumber(stored: string, given: string, decimal: '.' | ','): boolean {
  if (!PLAIN_NUMBER.test(stored)) return false;
  const read = readNumber(given, null);
  if (read.ok) return sameShown(read.value, Number(stored));
  if (read.reason !== 'ambiguous') return false;
  return sameShown(decimal === read.separator ? read.asDecimal : read.asGrouping, Number(stored));
}

/** Two numbers a spreadsheet shows alike (15 significant digits). */
function sameShown(a: number, b: number): boolean {
  return asSpreadsheetShows(a) === asSpreadsheetShows(b);
}

function sameValue(stored: string, given: string, order: DayOrder | null): boolean {
  if (stored === given) return true;
  if (stored === '' || given === '') return false;
  const number = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;
  // As a spreadsheet shows them (15 significant digits): 0.30000000000000004 is the 0.3 every save of
  // the file writes, not an edit the clerk could undo (read/spreadsheet-digits.ts).
  if (number.test(stored) && number.test(given) && sameShown(Number(stored), Number(given))) return true;
  // A date-time written as its day; booleans as 1/0.
  if (/^\d{4}-\d{2}-\d{2}[T ]/.test(stored) && stored.slice(0, 10) === given) return true;
  if ((stored === 'true' && given === '1') || (stored === 'false' && given === '0')) return true;
  // A date as a spreadsheet rewrote it (6/17/1966 for 1966-06-17), in the file's order when it proves one.
  return isSpreadsheetForm(stored, given, order);
}
