/**
 * Excel and LibreOffice turn a zip typed 03101 into the number 3101 when a sheet is opened and saved
 * again ("General" cells). An update fed such a sheet would "change" every stored 03101 to 3101. A text
 * target whose value a plain number cell gave (RowOutcome.numberTexts), whose request holds the same
 * digits with leading zeros, keeps what the request holds, and the row says so: it is a guess, and the
 * guess a clerk wants (the zeros were never theirs to drop, and refusing the cell would hold back the
 * row's real changes). A clerk who means 3101 formats the column as Text: a text cell is taken as typed.
 *
 * A round-trip CSV the tool wrote, opened and saved again by a spreadsheet, is text throughout, and the
 * spreadsheet re-read its text on the way: 0042 → 42, 1e5 → 1.00E+05, 00012345678901234567 →
 * 1.23456789012346E+016 (15 digits kept), 4111111111111111 → 4111111111111110 (15 digits kept, written out
 * whole by LibreOffice once the file went through a workbook), 1/2 → 01/02/26 (explore 14 item 1), and
 * saved as Windows-1252, ß-日本-7 → ß-??-7 (a ? for each character that code page cannot hold), 50% →
 * 50.00%, 12:30 → 12:30:00 PM (LibreOffice). In such a file a text cell whose text is exactly what a
 * spreadsheet makes of the stored value is not the clerk's edit: the stored value is kept, with a note
 * that it guessed (kept rather than refused, as above: the row's real edits are sent). A cell in
 * scientific notation of a number of 16 or more digits that the stored value does not explain is
 * refused, naming the cell: its digits past the 15th are lost, and sending it would write a number no
 * one typed.
 * Its line breaks are rewritten too: a note Trackops holds with `\r\n` comes back with `\n`, and the
 * request keeps its own (not said: the text is the same to a clerk, nothing was guessed).
 * Used by the dry run (validate/plan-import.ts) and the send (send-row.ts) alike, on the merged body, so
 * the preview and the PUT agree. No request.
 */
import type { CaseRequestRecord, CaseRequestUpdateBody, CustomFieldEntry } from '../api/types.ts';
import {
  compareStoredDay,
  editedCentury,
  provenOrder,
  samePartialDay,
  type DayOrder,
  type FileDayOrder,
} from '../mapping/spreadsheet-dates.ts';
import { dateInWords } from '../mapping/calendar.ts';
import type { WaysOut } from '../problems/ways-out.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';

export interface KeptZeros {
  target: string;
  column: string;
  /** What the number cell gave ("3101") and what the request holds and keeps ("03101"). */
  given: string;
  stored: string;
  /**
   * What the spreadsheet did: dropped leading zeros, wrote the number (or percentage) another way, read
   * a date or a time of day, or saved
   * the file in an encoding that cannot hold some of the text's characters (each written as `?`).
   */
  kind: 'zeros' | 'number' | 'date' | 'time' | 'charset';
  /** The cell was text of a round-trip CSV (not a number cell). */
  text?: true;
  /**
   * A date whose order the file does not prove, taken as the stored day in one reading: the day its
   * other reading would be (said, for a clerk who meant that one).
   */
  otherDay?: string;
}

/** What a row's text cells are, for keepStoredZeros (RowOutcome.numberTexts). */
export interface NumberText {
  target: string;
  column: string;
  /** Text of a round-trip CSV. */
  text?: true;
  /**
   * A round-trip CSV's date in a spreadsheet's short form, in a column without a date format: sent as
   * is it would be refused, so it is the stored day, an edit read in the file's order, or refused.
   */
  shortDate?: true;
}

/** A short-form date that is not the stored day and whose day cannot be told (spreadsheet_date_unread). */
export interface UnreadDate {
  target: string;
  column: string;
  given: string;
  stored: string;
  /** The days it can be (none: no reading is a day that exists). */
  readings: string[];
}

/** An edited short-form date whose two-digit year took a century by a guess (short_date_read). */
export interface EditedCentury {
  target: string;
  column: string;
  given: string;
  /** The stored day (YYYY-MM-DD), '' when none. */
  stored: string;
  /** What is sent, and what the spreadsheet's pivot would have read. */
  iso: string;
  pivot: string;
}

export interface LostDigits {
  target: string;
  column: string;
  given: string;
  stored: string | null;
}

export function keepStoredZeros(
  body: CaseRequestUpdateBody,
  record: CaseRequestRecord,
  numberTexts: readonly NumberText[] | undefined,
  fileOrder?: FileDayOrder,
): {
  body: CaseRequestUpdateBody;
  kept: KeptZeros[];
  lost: LostDigits[];
  unread: UnreadDate[];
  centuries: EditedCentury[];
} {
  if (!numberTexts?.length) return { body, kept: [], lost: [], unread: [], centuries: [] };
  const kept: KeptZeros[] = [];
  const centuries: EditedCentury[] = [];
  const lost: LostDigits[] = [];
  const unread: UnreadDate[] = [];
  const out: Record<string, unknown> = { ...body };
  const order = provenOrder(fileOrder);
  for (const { target, column, text, shortDate } of numberTexts) {
    const stored = storedText(record, target);
    const given = givenText(out, target);
    if (given === null || stored === given) continue;
    if (shortDate) {
      const verdict = compareStoredDay(stored ?? '', given, order);
      if (verdict?.kind === 'same') {
        setText(out, target, stored!);
        // Said only when it is a guess: the order unproven and the other reading another day.
        if (verdict.otherDay !== null)
          kept.push({
            target,
            column,
            given,
            stored: stored!,
            kind: 'date',
            text: true,
            otherDay: verdict.otherDay,
          });
        continue;
      }
      // An edit whose day is known (the file proves the order, or the value its own): sent as that day,
      // a two-digit year in the stored day's century, said when that is a guess (editedCentury).
      if (verdict?.kind === 'edited' && verdict.readings.length === 1) {
        const century = editedCentury(verdict.readings[0]!, stored ?? '');
        setText(out, target, century.iso);
        if (century.guessed)
          centuries.push({ target, column, given, stored: (stored ?? '').slice(0, 10), ...century });
        continue;
      }
      unread.push({
        target,
        column,
        given,
        stored: stored ?? '',
        readings: verdict?.readings.map((reading) => reading.iso) ?? [],
      });
      continue;
    }
    if (text && stored !== null && oneKindOfBreak(stored) === oneKindOfBreak(given)) {
      // A note Trackops holds with `\r\n`, which the spreadsheet saved with `\n`: the same text to the
      // clerk, no edit, and not theirs to rewrite: the request keeps its own, unsaid (no guess made).
      setText(out, target, storedText(record, target, false)!);
      continue;
    }
    const kind =
      stored === null ? null : text ? spreadsheetForm(stored, given, order) : zerosOnly(stored, given);
    if (kind === null) {
      if (text && lostDigits(given)) lost.push({ target, column, given, stored });
      continue;
    }
    setText(out, target, stored!);
    kept.push({ target, column, given, stored: stored!, kind, ...(text ? { text } : {}) });
  }
  return { body: out as CaseRequestUpdateBody, kept, lost, unread, centuries };
}

/** The digits of `given` are those of `stored` without its leading zeros (03101 → 3101). */
function zerosOnly(stored: string, given: string): 'zeros' | null {
  return /^0\d*$/.test(stored) && /^\d+$/.test(given) && stripZeros(stored) === stripZeros(given)
    ? 'zeros'
    : null;
}

const stripZeros = (digits: string): string => digits.replace(/^0+(?=\d)/, '');

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?$/i;
const SCIENTIFIC = /^[+-]?(\d)(?:\.(\d+))?e([+-]?\d+)$/i;
/** The significant digits Excel and LibreOffice keep of a number. */
const SPREADSHEET_DIGITS = 15;

/**
 * What a spreadsheet makes of stored text when it reads it as a number or a date and writes it back:
 * the kind, or null when `given` is not that (a clerk's edit).
 */
function spreadsheetForm(stored: string, given: string, order: DayOrder | null): KeptZeros['kind'] | null {
  if (zerosOnly(stored, given)) return 'zeros';
  if (NUMBER.test(stored) && NUMBER.test(given) && sameNumber(stored, given)) return 'number';
  // Both ways round, by the one rule (mapping/spreadsheet-dates.ts): text held that a spreadsheet read
  // as a date ("1/2" → 01/02/26), and a date held that it wrote in its short form (1966-06-17 → 6/17/1966).
  if (samePartialDay(stored, given) || compareStoredDay(stored, given, order)?.kind === 'same') return 'date';
  if (questionMarked(oneKindOfBreak(stored), oneKindOfBreak(given))) return 'charset';
  // LibreOffice reads '50%' as 0.5 and writes it back '50.00%', and '12:30' as a time, '12:30:00 PM'.
  const percents = [PERCENT.exec(stored), PERCENT.exec(given)];
  if (percents[0] && percents[1] && sameNumber(percents[0][1]!, percents[1][1]!)) return 'number';
  const times = [secondOfDay(stored), secondOfDay(given)];
  if (times[0] !== null && times[0] === times[1]) return 'time';
  return null;
}

const PERCENT = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))\s?%$/;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s?([AP]M))?$/i;

/** '12:30', '12:30:00 PM', '9:05 am' as the second of the day it names; null when it names none. */
function secondOfDay(text: string): number | null {
  const time = TIME_OF_DAY.exec(text);
  if (!time) return null;
  let hour = Number(time[1]);
  const [minute, second] = [Number(time[2]), Number(time[3] ?? 0)];
  const half = time[4]?.toUpperCase();
  if (half && (hour < 1 || hour > 12)) return null;
  if (half) hour = (hour % 12) + (half === 'PM' ? 12 : 0);
  if (hour > 23 || minute > 59 || second > 59) return null;
  return hour * 3600 + minute * 60 + second;
}

/**
 * `given` is `stored` with some of its non-ASCII characters, each alone, written as `?`: what a
 * spreadsheet saves of text its CSV's encoding cannot hold (LibreOffice or Excel saving as Windows-1252:
 * 'ß-日本-7' → 'ß-??-7', 'Łódź' → '?ód?'). Every other character is the same, in place: a clerk does not
 * type a `?` over exactly those letters.
 */
function questionMarked(stored: string, given: string): boolean {
  const held = [...stored];
  const saved = [...given];
  if (held.length !== saved.length) return false;
  let replaced = false;
  for (const [index, character] of held.entries()) {
    if (saved[index] === character) continue;
    if (saved[index] !== '?' || character.codePointAt(0)! < 0x80) return false;
    replaced = true;
  }
  return replaced;
}

/**
 * Whether `given` is what a spreadsheet makes of the text `stored` (read-only-cells.ts forgives it too);
 * `order`: the day order the file's dates prove, if any.
 */
export function isSpreadsheetForm(stored: string, given: string, order: DayOrder | null = null): boolean {
  return spreadsheetForm(stored, given, order) !== null;
}

/**
 * `given` is `stored`'s number, written with as many significant digits as `given` shows; or written
 * out whole at the 15 significant digits a spreadsheet keeps (a 16-digit account number 4111111111111111
 * held in a workbook LibreOffice saved, then written to CSV as 4111111111111110).
 */
function sameNumber(stored: string, given: string): boolean {
  const exact = Number(stored);
  const shown = Number(given);
  if (!Number.isFinite(exact) || !Number.isFinite(shown)) return false;
  if (exact === shown) return true;
  const scientific = SCIENTIFIC.exec(given);
  if (!scientific) return Number(exact.toPrecision(SPREADSHEET_DIGITS)) === shown;
  const digits = 1 + (scientific[2]?.length ?? 0);
  return Number(exact.toPrecision(Math.min(digits, 100))) === shown;
}

/** Scientific notation of a number of 16 or more digits: a spreadsheet kept 15 and wrote this. */
function lostDigits(given: string): boolean {
  const scientific = SCIENTIFIC.exec(given.trim());
  return scientific !== null && Number(scientific[3]) >= 15;
}

/** The row's notes for what was kept (number_lost_zeros, spreadsheet_reformatted), naming the request. */
export function keptZerosNotes(
  row: number,
  kept: readonly KeptZeros[],
  record: CaseRequestRecord,
  ways: WaysOut,
): Problem[] {
  return kept.map((one) => {
    const params = {
      row,
      label: one.column,
      target: one.target,
      value: one.given,
      stored: one.stored,
      kind: one.kind,
      ...(one.otherDay !== undefined ? { otherDay: dateInWords(one.otherDay) } : {}),
      request: record.case_request_number ?? `request ${record.id}`,
    };
    // A date's other reading names the host's way to set the file's order (ways-out.ts setDateOrder).
    return one.text ? problem('spreadsheet_reformatted', params, ways) : problem('number_lost_zeros', params);
  });
}

/** The row's refusals for short-form dates whose day cannot be told (spreadsheet_date_unread). */
export function unreadDateProblems(
  row: number,
  unread: readonly UnreadDate[],
  record: CaseRequestRecord,
  ways: WaysOut,
): Problem[] {
  return unread.map((one) =>
    problem(
      'spreadsheet_date_unread',
      {
        row,
        label: one.column,
        target: one.target,
        value: one.given,
        stored: one.stored,
        readings: one.readings.map(dateInWords),
        request: record.case_request_number ?? `request ${record.id}`,
      },
      ways,
    ),
  );
}

/** The row's refusals for cells whose digits a spreadsheet cut (spreadsheet_lost_digits). */
export function lostDigitsProblems(
  row: number,
  lost: readonly LostDigits[],
  record: CaseRequestRecord,
): Problem[] {
  return lost.map((one) =>
    problem('spreadsheet_lost_digits', {
      row,
      label: one.column,
      target: one.target,
      value: one.given,
      stored: one.stored ?? '',
      request: record.case_request_number ?? `request ${record.id}`,
    }),
  );
}

/**
 * Applies keepStoredZeros to a row about to update `record`: its body keeps the stored values, its
 * notes say so. Done once per row (the dry run's plan, else the send): `numberTexts` is used up. The
 * cells it refuses (lost digits, a short-form date whose day cannot be told) are returned: the caller
 * refuses the row.
 */
export function keepRowZeros(
  outcome: {
    row: number;
    notes?: Problem[];
    numberTexts?: NumberText[];
    /** The day order the round-trip CSV's dates prove (validate-rows.ts), shared by its rows. */
    dayOrder?: FileDayOrder;
  },
  body: CaseRequestUpdateBody,
  record: CaseRequestRecord,
  ways: WaysOut,
): CaseRequestUpdateBody | { refused: Problem[] } {
  const zeros = keepStoredZeros(body, record, outcome.numberTexts, outcome.dayOrder);
  delete outcome.numberTexts;
  if (zeros.lost.length > 0 || zeros.unread.length > 0)
    return {
      refused: [
        ...lostDigitsProblems(outcome.row, zeros.lost, record),
        ...unreadDateProblems(outcome.row, zeros.unread, record, ways),
      ],
    };
  // Line breaks kept as the request holds them are in the body, unsaid: no note to add.
  if (zeros.kept.length === 0 && zeros.centuries.length === 0) return zeros.body;
  outcome.notes = [
    ...(outcome.notes ?? []),
    ...keptZerosNotes(outcome.row, zeros.kept, record, ways),
    ...zeros.centuries.map((one) =>
      problem(
        'short_date_read',
        {
          row: outcome.row,
          label: one.column,
          target: one.target,
          value: one.given,
          stored: one.stored,
          sent: one.iso,
          pivot: one.pivot,
          request: record.case_request_number ?? `request ${record.id}`,
        },
        ways,
      ),
    ),
  ];
  return zeros.body;
}

const OBJECT = /^(client|contact)\.([a-z_0-9]+)$/;
const CUSTOM = /^custom_fields\.(\d+)(?:\.([a-z_0-9]+))?$/;

/** What the request holds at `target` as text (surrounding spaces off unless `trim` is false). */
function storedText(record: CaseRequestRecord, target: string, trim = true): string | null {
  const text = (value: unknown) => (trim ? textOr(value) : typeof value === 'string' ? value : null);
  const object = OBJECT.exec(target);
  if (object)
    return text(((record as Record<string, unknown>)[object[1]!] as Record<string, unknown>)?.[object[2]!]);
  const custom = CUSTOM.exec(target);
  if (custom) {
    const entry = (Array.isArray(record.custom_fields) ? record.custom_fields : []).find(
      (field) => Number(field.id) === Number(custom[1]),
    );
    const value: unknown = entry?.value;
    return custom[2] ? text(isObject(value) ? value[custom[2]] : undefined) : text(value);
  }
  return text((record as Record<string, unknown>)[target]);
}

function oneKindOfBreak(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function givenText(body: Record<string, unknown>, target: string): string | null {
  const object = OBJECT.exec(target);
  if (object) return textOr((body[object[1]!] as Record<string, unknown> | undefined)?.[object[2]!]);
  const custom = CUSTOM.exec(target);
  if (custom) {
    const entry = ((body.custom_fields ?? []) as CustomFieldEntry[]).find(
      (field) => field.id === Number(custom[1]),
    );
    const value: unknown = entry?.value;
    return custom[2] ? textOr(isObject(value) ? value[custom[2]] : undefined) : textOr(value);
  }
  return textOr(body[target]);
}

function setText(body: Record<string, unknown>, target: string, text: string): void {
  const object = OBJECT.exec(target);
  if (object) {
    body[object[1]!] = { ...(body[object[1]!] as Record<string, unknown>), [object[2]!]: text };
    return;
  }
  const custom = CUSTOM.exec(target);
  if (custom) {
    body.custom_fields = ((body.custom_fields ?? []) as CustomFieldEntry[]).map((entry) =>
      entry.id !== Number(custom[1])
        ? entry
        : custom[2]
          ? { ...entry, value: { ...(entry.value as object), [custom[2]]: text } }
          : { ...entry, value: text },
    );
    return;
  }
  body[target] = text;
}

function textOr(value: unknown): string | null {
  return typeof value === 'string' ? value.trim() : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
