/**
 * Every data-problem code and its wording, in one place (STYLE: a stable code separate from its words;
 * one formatter so the CLI, reports and the app say the same thing). Params: `label` is the source
 * column (or "constant <target>"), `value` the cell as the user sees it, `target` the mapping target,
 * `what` the target in a clerk's words ("Region", "Claim Number": see mapping/target-words.ts; derived
 * from `target` without the account's labels when a caller does not give it).
 */
import { targetWords } from '../mapping/target-words.ts';
import type { MappingWords } from './mapping-words.ts';
import { sendOrdinal } from './send-ordinal.ts';
import { capitalised, type WaysOut } from './ways-out.ts';
import { thousands } from '../thousands.ts';

type Params = Record<string, unknown>;
/**
 * `ways`: the host's words for what to do next (ways-out.ts); only the codes of WAY_OUT_CODES use them.
 * `words`: the host's words for the template's and the account's settings (mapping-words.ts).
 */
type Wording = (p: Params, ways: WaysOut, words: MappingWords) => string;

const q = (value: unknown): string => `'${String(value ?? '')}'`;
/** What Excel does to a CSV's dates (mapping/spreadsheet-dates.ts), said where it stops a row. */
const EXCEL_DATES =
  "Excel rewrites a CSV's dates in the computer's short form when it saves the file (1966-06-17 as 6/17/1966 in the US, 17/06/1966 in the UK); that form of the stored day counts as unedited.";
/** How to edit a round-trip export without Excel rewriting its dates: the .xlsx export is the host's to name. */
const keepDates = (ways: WaysOut): string =>
  `${ways.xlsxRoundTripInstead()}, or open the CSV in Excel through Data > From Text/CSV with its date columns set to Text`;

/** Line breaks written as \r\n, \n, \r: a message shows where they are and stays on one line. */
export const shownBreaks = (text: string): string =>
  text.replace(/\r\n|\n|\r|\u2028|\u2029|\u0085/g, (lineBreak) =>
    lineBreak === '\r\n'
      ? '\\r\\n'
      : lineBreak === '\n'
        ? '\\n'
        : lineBreak === '\r'
          ? '\\r'
          : `[U+${lineBreak.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}]`,
  );
/** "(empty)" for a translation of an empty cell (`"values": { "": "Normal" }`), else the quoted text. */
const fromText = (from: unknown): string => (String(from ?? '') === '' ? 'an empty cell' : q(from));
/**
 * The value a problem is about: the cell, or, when the column's "values" translated it
 * (validate/convert-cell.ts translated), the cell and what the mapping turned it into: that is what
 * the target refused, and the cell itself is right (explore 34 item 4).
 */
const cellValue = (p: Params): string =>
  p.translatedFrom === undefined
    ? q(p.value)
    : `${fromText(p.translatedFrom)}, which the mapping's values turn into ${q(p.translatedTo ?? p.value)},`;
/**
 * What to do about a translated value refused (format.ts adds it to any problem's words): the fix is
 * in the template, once, never in the cells.
 */
export const translationFix = (p: Params): string =>
  `change the translation of ${String(p.translatedFrom ?? '') === '' ? 'an empty cell ("")' : q(p.translatedFrom)} ` +
  "in the column's values (the template), or remove it";
/**
 * How to make the template take a name the account lacks, or a choice a SELECT/RADIO field lacks, as one
 * of its own (explore 34: the refusal named the valid names but not the mapping's `values`, CONTRACTS
 * section 2, which translates a cell once for every row that holds it). Said in the mapping file's terms,
 * the key to add; the app says it in its own (main/bridge/failure.ts). One item of a list cell
 * ("Surveillance; Surv") is keyed the same way: the values translate each item too (convert-cell.ts
 * toIdList). Not for a value the column's values already translated (format.ts says to change that
 * translation), nor for a constant, which has no values.
 */
const translateAdvice = (p: Params, noun: 'name' | 'choice', words: MappingWords): string =>
  p.translatedFrom !== undefined || String(p.label).startsWith('constant ')
    ? ''
    : `; if it means one of them, ${words.translateValue(String(p.value ?? '').trim(), noun)} and every cell holding it is read as that ${noun}`;
/** A placeholder-looking value kept as written, where the host has a way to say so (`lead` + its words), else ''. */
const keptAsWritten = (p: Params, words: MappingWords, lead: string, after = ''): string => {
  const way = words.keepAsWritten(String(p.value ?? ''));
  return way === null ? '' : `${lead}${way}${after}`;
};
const list = (value: unknown): string =>
  Array.isArray(value) ? value.map(String).join(', ') : String(value ?? '');
/** The target in words: "Region", "Client country", "Claim Number". */
const what = (p: Params): string =>
  typeof p.what === 'string' ? p.what : targetWords(String(p.target ?? ''));
/** The same in the middle of a sentence: "a region", "the client country". */
const lower = (text: string): string =>
  // "Region" → "region", "Client country" → "client country"; an account's "Claim Number" stays as it is.
  /^[A-Z][a-z]+(?: [^A-Z]*)?$/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
/** A quoted text ended as a sentence: a full stop only when it has none of its own. */
const ended = (value: unknown): string => {
  const text = String(value ?? '').trim();
  return /[.!?]$/.test(text) ? text : `${text}.`;
};
/** A quoted text our sentence ends: its own final full stop dropped, so ours is not doubled. */
const unended = (value: unknown): string =>
  String(value ?? '')
    .trim()
    .replace(/\.+$/, '');
/** A write's answer as it came (cut to a readable length by api/http.ts), or that it had none. */
const answerText = (value: unknown): string => {
  const text = String(value ?? '').trim();
  return text === '' || text === '(no body)' ? 'no body' : `'${unended(text)}'`;
};
/** " (=1500*1.1)" for a formula given, nothing for a cell that only shares another's. */
const formulaText = (p: Params): string => (typeof p.formula === 'string' ? ` (=${p.formula})` : '');
/** "F2" → "2". */
// A key that lost its leading zeros: Excel and LibreOffice drop them from a "General" cell on saving.
const zerosHint = (p: Params): string =>
  String(p.differs ?? '').includes('leading zeros')
    ? ' (a spreadsheet drops leading zeros from a number cell: format the column as Text and type the zeros again)'
    : '';
const rowOf = (reference: unknown): string => String(reference ?? '').replace(/^[A-Z]+/i, '');
/** "column 'Claimant 1'", "columns 'A', 'B'", or that none is mapped. */
const columnsOf = (value: unknown): string => {
  const columns = Array.isArray(value) ? value.map(String) : [];
  if (columns.length === 0) return 'no column is mapped to it';
  return `${columns.length === 1 ? 'column' : 'columns'} ${columns.map(q).join(', ')}`;
};
/** A constant from another account's template (explore 20 item 4): where to change it, in the app and in a file. */
const changeConstant = (p: Params): string =>
  `change the ${lower(what(p))} to one of them, by name or id ("Same value on every row"; in a mapping file: ` +
  `"constants": { "${p.constant}": … })`;
/** "4", "4 and 6", "4, 6 and 9". */
const andList = (items: readonly string[]): string =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
/** "Vehicle Color goes to", "The constant custom_fields.15 goes to": who uses the field. */
const fieldUser = (p: Params): string =>
  String(p.label).startsWith('constant ') ? `The ${p.label} goes to` : `${p.label} goes to`;
/** "this column", "the constant". */
const fieldUserShort = (p: Params): string =>
  String(p.label).startsWith('constant ') ? 'the constant' : 'this column';
/** How to do without the field: take the column (or constant) out of the mapping. */
const leaveOut = (p: Params): string =>
  String(p.label).startsWith('constant ')
    ? 'remove the constant from the mapping'
    : 'leave the column out of the mapping ("Do not import this column"; in a mapping file: delete its entry in "columns")';
/** "Vehicle 1's field 206", "the case's field 206": the field as the template records it (an id). */
const fieldOf = (p: Params): string => `${p.subject ? `${p.subject}'s` : "the case's"} field ${p.fieldId}`;
const caseType = (value: unknown): string =>
  typeof value === 'number' ? `id ${value}` : `"${String(value)}"`;

/** A row refused with 403 on its own, when the row itself must change: the file is imported again. */
const refusedRowChanged = (ways: WaysOut): string =>
  `If the row itself must change instead, fix it in the file and ${ways.importChangedFile()}: rows already written are not sent again.`;

/**
 * A write refused with 403 while its verdict is pending (batch/runner.ts ImportProgress.refusedUnsettled):
 * rows before it were written with the same credentials, so the refusal is this row's (or its
 * request's) alone unless the next writes are refused too (send-row.ts REFUSED_IN_A_ROW), which is
 * taken for the credentials. Nothing else is checked: the answers to the next writes decide it, and the
 * words say only that.
 */
const refusalPending = (p: Params, ways: WaysOut): string => {
  const cause = p.request ? String(p.request) : 'this row';
  return (
    `Whether ${cause} or these credentials are the cause is not known yet: other rows were written with the same credentials, ` +
    "so this tool waits for Trackops' answer to the next write. " +
    `If it accepts the next write, or the import ends first, the refusal is taken to be ${p.request ? `a refusal of ${cause} alone` : "this row's alone"}. ` +
    `If it refuses ${String(p.inARow)} writes in a row, this one among them, they are taken for the credentials: the import stops there ` +
    `and this row counts as not sent; ${ways.sendAgain()} to send it.`
  );
};

export const PROBLEM_WORDING = {
  // Required values (seed: create table, client and contact tables).
  required_unmapped: (p) =>
    `${what(p)} is required for a new case request and nothing in the mapping gives it: map a column to it, ` +
    `or set one ${lower(what(p))} for every row ("Same value on every row"; in a mapping file: "constants": { "${p.target}": … })`,
  required_blank: (p) =>
    String(p.label).toLowerCase() === what(p).toLowerCase()
      ? `${p.label} is empty; it is required for a new case request`
      : `${p.label} is empty; ${lower(what(p))} is required for a new case request`,
  require_client_address: (p) =>
    `${what(p)} is required because the account has "Require Client Address" enabled; ` +
    (p.label === 'account setting' ? 'map a column to it' : `fill in ${p.label}`),
  require_client_phone: () =>
    'A contact phone (office, home or mobile) is required because the account has "Require Client Phone" enabled',
  // Upsert (explore, "update and upsert at scale"): an empty key finds nothing, yet is no sign that the
  // row is new, and a row created without its key could not be found again (a resume's or a second
  // run's search): so it is refused, saying how to create it.
  missing_match_value: (p) =>
    p.upsert
      ? `${p.label} is empty: an upsert finds each row's case request by its ${lower(what(p))}, so this row is neither updated nor created. ` +
        `Fill in the ${lower(what(p))} of the request it updates, or, if it is a new case request, import it in create mode`
      : `${p.label} is empty; the ${lower(what(p))} is needed to find the case request to update`,

  // Cell values.
  cell_error: (p) =>
    `${p.label} holds the spreadsheet error ${q(p.value)}; fix the formula or type the value`,
  // Cells whose value the file does not hold (read/types.ts: 'formula', 'merged', 'malformed_number').
  unsaved_formula: (p) =>
    `${p.label}: ${p.reference} holds a formula${formulaText(p)} whose result was not saved with the file: ` +
    'open the file in Excel and save it, or type the value',
  stale_formula: (p) =>
    `${p.label}: ${p.reference} holds a formula${formulaText(p)} whose saved result (${q(p.cached)}) cannot be trusted: ` +
    'the program that wrote the file asks Excel to recalculate every formula when it opens it. ' +
    'Open the file in Excel and save it, or type the value',
  merged_cell: (p) =>
    `${p.label}: ${p.reference} is part of the merged range ${p.range}, whose value ${q(p.anchorText)} is in ${p.anchor} only: ` +
    `Excel shows it on every row of the range, but it belongs to row ${rowOf(p.anchor)}. ` +
    `Unmerge ${p.range} in Excel (Merge & Center off) and fill the value into each row that needs it`,
  text_in_number_cell: (p) =>
    `${p.label}: ${p.reference} is a number cell that holds the text ${q(p.value)}: the program that wrote the file ` +
    'put text where a number goes, so Excel calls the file damaged and LibreOffice shows another number (or 0) there. ' +
    'Open the file in Excel or LibreOffice, type the value the cell should hold and save it as .xlsx, ' +
    'or ask whoever sent it for a new copy',
  long_number: (p) =>
    `${p.label} is the number ${p.shown}: Excel keeps only 15 digits of a number, so the digits after the 15th ` +
    'were lost (they read as 0); format the column as Text in Excel and type the value again',
  // The break shown as \n (\r\n, \r), so the message stays on one terminal line and shows where it is.
  // A round-trip export writes a value Trackops holds on two lines as it is (explore7 #7): say what
  // leaves such a field alone.
  // In create mode there is nothing held to leave alone (and "blank": "clear" is refused): only the fix.
  multi_line_text: (p) =>
    `${p.label} ${q(shownBreaks(String(p.value ?? '')))} has a line break; ${lower(what(p))} takes a single line: ` +
    (p.mode === 'create'
      ? 'type it on one line'
      : typeof p.held === 'string'
        ? `type it on one line. Trackops holds ${p.held.trim() ? q(shownBreaks(p.held)) : 'nothing there'}, so this cell was edited (a cell left as exported would have been sent as Trackops holds it)`
        : 'type it on one line. If you did not edit this cell (an export of a value Trackops holds on two lines), ' +
          `empty it: a blank cell leaves the field as Trackops holds it, unless the column's "blank" is "clear"`),
  control_character: (p) =>
    `${p.label} ${cellValue(p)} holds the control character ${p.char}${p.charName ? ` (${p.charName})` : ''} at position ${p.position}: ` +
    'it is invisible in most programs and cannot be sent; delete it (retype the value)',
  invisible_character: (p) =>
    `${p.label} ${cellValue(p)} holds the invisible character ${p.char}${p.charName ? ` (${p.charName})` : ''} at position ${p.position}; ` +
    `${lower(what(p))} must be exactly what a person types: delete it (retype the value)`,
  invalid_email: (p) => `${p.label} ${cellValue(p)} is not an email address; expected like name@example.com`,
  invalid_link: (p) =>
    `${p.label} ${cellValue(p)} is not a web address; expected like https://example.com/page`,
  invalid_number: (p) =>
    `${p.label} ${cellValue(p)} is not a number; expected like 1500 or 12.5${p.hint ? ` (${p.hint})` : ''}`,
  ambiguous_number: (p) =>
    `${p.label} ${cellValue(p)} could be ${p.asDecimal} or ${p.asGrouping}: ${q(p.separator)} may be a decimal point ` +
    `or a thousands separator, and the mapping gives the column no number format to say which. Set one ` +
    `("decimal": "${p.separator}" if it is the decimal point, "decimal": "${p.other}" if it separates thousands, ` +
    `or a "locale" such as "en-US" or "de-DE")`,
  inexact_number: (p) =>
    `${p.label} ${cellValue(p)} has more digits than a number sent to Trackops can hold (about 15): it would ` +
    `be sent as ${p.sent}. Round it in the file to the digits you mean`,
  number_separator_mismatch: (p) =>
    `${p.label} ${cellValue(p)} does not fit the column's number format (${p.format}): ${p.reason}` +
    (p.otherDecimal === undefined
      ? ''
      : `; with ${JSON.stringify(p.otherDecimal)} as the decimal point it reads as ${p.otherValue}: if the column's numbers are written so, set "decimal": ${JSON.stringify(p.otherDecimal)} (or a "locale") on the column in the mapping`),
  negative_number: (p) => `${p.label} ${cellValue(p)} is negative; ${lower(what(p))} must be 0 or more`,
  invalid_integer: (p) =>
    `${p.label} ${cellValue(p)} is not an id; ${lower(what(p))} takes a whole number${p.hint ? ` (${p.hint})` : ''}`,
  invalid_date: (p) =>
    `${p.label} ${cellValue(p)} is not a date in the form ${p.format}${p.hint ? `; ${p.hint}` : ''}`,
  nonexistent_date: (p) => `${p.label} ${cellValue(p)} is not a day that exists${p.why ? `: ${p.why}` : ''}`,
  ambiguous_date: (p) =>
    `${p.label} ${cellValue(p)} could be ${Array.isArray(p.readings) ? p.readings.join(' or ') : p.readings}: ` +
    `in ${p.format} a day or month without a separator may have one digit or two (Excel drops the leading ` +
    `zero of a date typed as a number), and nothing in the value says which. Type the date with separators ` +
    `or as YYYY-MM-DD (in Excel, format the column as Text first so the zero stays)`,
  date_order: (p) =>
    `${p.label} ${cellValue(p)} is not a date in ${p.format} order (${p.why}); the ${/^D/.test(String(p.format)) ? 'month' : 'day'} comes first in this value: ` +
    `if it does in the whole column, set the column's date format to ${p.swapped}`,
  date_order_doubt: (p) =>
    `${p.label} ${cellValue(p)} reads as ${p.asRead} by the mapping's ${p.format}, but row ${p.proofRow} has ` +
    `${q(p.proofValue)}, which reads only ${p.proofOrder}: check the column's order; if its dates are ` +
    `${p.proofOrder}, set the column's date format to ${p.swapped}`,
  date_cell_doubt: (p) => {
    const [month, day, year] = String(p.typed).split('/');
    return (
      `${p.label} ${cellValue(p)} is a date cell, ${p.asStored} as stored (a spreadsheet set to US dates shows it ` +
      `${p.usShown}), but row ${p.proofRow} has ${q(p.proofValue)}, text written day-first: typed day-first as ` +
      `${p.typed} in such a spreadsheet, ${p.swapped} becomes this cell, so the day meant may be ${p.swapped}. ` +
      `Not sent, as either could be meant: type the date as text, day first, which the column's format reads ` +
      `('${p.typed} for ${p.swapped}, '${day}/${month}/${year} for ${p.asStored}: in Excel an apostrophe first, or ` +
      `format the column as Text before typing; a date typed as YYYY-MM-DD there becomes a date cell again). ` +
      // The cheaper way where the cells are right (explore 60 item 2: one text cell was all the proof),
      // with the look that tells: a month by name cannot be taken for a day, whatever the settings.
      `Or check the cells instead: format the column's date cells to show the month by name (d-mmm-yyyy) and look; ` +
      `if each shows the day meant, save the file so: a date cell whose format shows the month by name or the day ` +
      `first is read as shown, and row ${p.proofRow}'s text no longer puts it in doubt`
    );
  },
  decimal_mark_doubt: (p) =>
    `${p.label} ${cellValue(p)} reads as ${p.asRead} by the mapping's ${p.format}, but row ${p.proofRow} has ` +
    `${q(p.proofValue)}, which reads only with ${JSON.stringify(p.otherDecimal)} as the decimal point: check the ` +
    `column's numbers; if ${JSON.stringify(p.otherDecimal)} is their decimal point, set "decimal": ` +
    `${JSON.stringify(p.otherDecimal)} (or a "locale") on the column in the mapping, and ${q(p.value)} reads as ${p.otherValue}`,
  // A note, not a refusal (RowOutcome.notes): an upsert row that updates sends the rest (create-only.ts).
  update_cannot_change: (p) =>
    `${p.label} ${cellValue(p)} differs from what ${p.request} holds (${p.stored === '' ? 'nothing' : q(p.stored)}), ` +
    `but an update cannot change ${lower(what(p))} (the API's update takes no such field): the rest of the row is ` +
    `updated and ${lower(what(p))} stays ${p.stored === '' ? 'empty' : q(p.stored)}; to change it, edit the request in Trackops`,
  // The same as a refusal: an upsert row whose only change is such a value (plan-import.ts; explore 33
  // item 6). Nothing would be sent, and the change would be lost unsaid: a person must make it.
  update_cannot_change_only: (p) =>
    `${p.label} ${cellValue(p)} differs from what ${p.request} holds (${p.stored === '' ? 'nothing' : q(p.stored)}), ` +
    `but an update cannot change ${lower(what(p))} (the API's update takes no such field) and the row changes nothing else: ` +
    'not sent; change it in Trackops',
  // A note, not a refusal (RowOutcome.notes): a number cell's digits without the zeros a request holds
  // (batch/stored-zeros.ts); the stored value is kept.
  number_lost_zeros: (p) =>
    `${p.label} ${cellValue(p)} is a number cell, and ${p.request} holds ${q(p.stored)}, the same digits with leading zeros, ` +
    `which a spreadsheet drops from a number cell: ${q(p.stored)} is kept (a guess). If ${q(p.value)} is meant, ` +
    'format the column as Text and type it so',
  // A note, not a refusal (RowOutcome.notes): a round-trip CSV's text that is what a spreadsheet makes of
  // the stored value (batch/stored-zeros.ts); the stored value is kept.
  spreadsheet_reformatted: (p, ways) =>
    `${p.label} ${cellValue(p)} is what a spreadsheet makes of ${q(p.stored)}, which ${p.request} holds ` +
    (p.kind === 'charset'
      ? '(a character the encoding it was saved in cannot hold written as ?): '
      : `(${p.kind === 'date' ? 'read as a date' : p.kind === 'time' ? 'read as a time of day' : p.kind === 'zeros' ? 'leading zeros dropped' : 'read as a number'} when the file was opened and saved): `) +
    `taken as unedited, ${q(p.stored)} is kept (a guess). If ${q(p.value)} is meant, edit the request in Trackops or import from the XLSX round trip` +
    // A date whose order nothing in the file proves (mapping/spreadsheet-dates.ts): which day it would
    // be the other way round, for a clerk whose spreadsheet writes dates so.
    (p.otherDay
      ? `. Nothing in the file tells whether its dates are month-first or day-first; read the other way, it would be ${p.otherDay}: if that is meant, ${ways.setDateOrder()}`
      : ''),
  // A note, not a refusal: a round-trip CSV's date in a spreadsheet's short form read by a guess
  // (mapping/spreadsheet-dates.ts). `readOnly`: a column the update cannot change, taken as the stored
  // day (validate/read-only-cells.ts) in one reading (`order`, `otherDay`) and/or by its two-digit year
  // (`twoDigits`); else an edit whose two-digit year took a century (`sent`, `pivot`: batch/stored-zeros.ts).
  short_date_read: (p, ways) => {
    if (!p.readOnly)
      return (
        `${p.label} ${cellValue(p)} writes its year with two digits: ${p.sent} is sent, ` +
        (p.stored === ''
          ? `by a spreadsheet's rule (00-29 are 2000s, 30-99 are 1900s), as ${p.request} holds no day to go by`
          : `in the century of the day ${p.request} holds (${p.stored})` +
            (p.pivot !== p.sent
              ? `, where a spreadsheet's rule (00-29 are 2000s) would read ${p.pivot}`
              : '')) +
        ' (a guess). If another century is meant, type the date as YYYY-MM-DD'
      );
    const reading = p.order === 'day-first' ? 'day first' : 'month first';
    const parts: string[] = [];
    if (p.otherDay)
      parts.push(
        `read ${reading}; nothing in the file tells whether its dates are month first or day first, and read the other way it would be ${p.otherDay}`,
      );
    if (p.twoDigits)
      parts.push(
        `its year is written with two digits ('${p.twoDigits}'), read in the century of the stored day, where a spreadsheet's rule (00-29 are 2000s, 30-99 are 1900s) would read another`,
      );
    return (
      `${p.label} ${cellValue(p)} is taken as the day ${p.request} holds (${p.stored}), unedited: ${parts.join('; ')} (a guess). ` +
      // The order is the file's, set in the host's way (the CLI's mapping, the app's Columns step).
      (p.otherDay
        ? `If the file's dates are written the other way, ${ways.setDateOrder()} to that order (M/D/YYYY or D/M/YYYY): its edited dates are read in it too. `
        : '') +
      `The Trackops update cannot change ${lower(what(p))}; if another day is meant, change it in Trackops itself`
    );
  },
  // A refusal: a round-trip CSV's cell in scientific notation of a 16+ digit number (batch/stored-zeros.ts).
  spreadsheet_lost_digits: (p) =>
    `${p.label} ${cellValue(p)} is a number of 16 or more digits in scientific notation: a spreadsheet keeps only 15 digits, so the rest are lost` +
    `${p.stored === '' ? '' : ` (${p.request} holds ${q(p.stored)})`}; not sent. Type the whole value again in a cell formatted as Text, ` +
    'or import from the XLSX round trip',
  // A refusal: a round-trip CSV's date in a spreadsheet's short form that is not the stored day and whose
  // day cannot be told (batch/stored-zeros.ts): the file's dates prove no order, or it is no real day.
  spreadsheet_date_unread: (p, ways) => {
    const readings = Array.isArray(p.readings) ? (p.readings as string[]) : [];
    return (
      `${p.label} ${cellValue(p)} ` +
      (readings.length > 1
        ? `could be ${readings.join(' or ')}, and nothing in the file tells whether its dates are month-first or day-first`
        : 'is not a day that exists') +
      ` (${p.request} holds ${p.stored === '' ? 'nothing' : q(p.stored)}); not sent. ${EXCEL_DATES} ${capitalised(ways.setDateOrder())} ` +
      '(M/D/YYYY or D/M/YYYY, as the computer that saved the file writes dates) or type the date as YYYY-MM-DD; ' +
      `to keep the file's dates as exported, ${keepDates(ways)}`
    );
  },
  // A row not sent (batch/earlier-creates.ts): an earlier import of the same file sent this content.
  // Sent without an answer: a dry run's note says the import searches first (earlier-doubts.ts), and
  // the import's says what the search found.
  // A dry run reads no request for it: it says what the journal records, what its search of the account
  // found at that id if it found it (`listed`; a listing without it sends the row: earlier_create_gone),
  // and what the import checks first.
  created_by_earlier_import: (p, ways) =>
    p.answered && p.dryRun
      ? `not to be sent: an earlier import of ${p.file} created this row's very content (its row ${p.earlierRow}, sent ${p.at}) as ${p.request ?? 'a request'}, ${ways.asEarlierImportRecords(String(p.journal))}` +
        (p.listed
          ? `, and this check's search of the account found ${p.request ?? 'it'} there. `
          : ' (Trackops was not asked). ') +
        `The import reads ${p.request ?? 'that request'} first and sends the row if Trackops no longer holds it, or holds another request at that id. ` +
        `If a second request is really wanted, ${ways.secondRequestOfEarlierCreate()}`
      : p.answered && p.doubt
        ? `not sent again: an earlier run of this journal sent this row and got no answer (in doubt), and Trackops was searched for that send (every request created since, by this row's content) without finding it; ` +
          `another import of ${p.file} created this row's very content since (its row ${p.earlierRow}, sent ${p.at}) as ${p.request ?? 'a request'}, ${ways.asEarlierImportRecords(String(p.journal))}: that is this row's request. ` +
          `If a second request is really wanted, ${ways.secondRequestOfEarlierCreate()}`
        : p.answered
          ? `not sent: an earlier import of ${p.file} created this row's very content (its row ${p.earlierRow}, sent ${p.at}) as ${p.request ?? 'a request'}, ${ways.asEarlierImportRecords(String(p.journal))}. ` +
            `If a second request is really wanted, ${ways.secondRequestOfEarlierCreate()}`
          : p.found && p.own
            ? // Found as the one request only that send can have made, edited since (own-create.ts): how.
              `not sent: an earlier import of ${p.file} sent this row's very content (its row ${p.earlierRow}, sent ${p.at}) without getting an answer, ${ways.asEarlierImportRecords(String(p.journal))}. ` +
              `No request holds that content now, but a search of Trackops found that send stored and edited since: ${p.own}. ` +
              `If a second request is really wanted, ${ways.secondRequestOfEarlierCreate()}`
            : p.found
              ? `not sent: an earlier import of ${p.file} sent this row's very content (its row ${p.earlierRow}, sent ${p.at}) without getting an answer, ${ways.asEarlierImportRecords(String(p.journal))}, and a search of Trackops found it stored as ${p.found}. ` +
                `If a second request is really wanted, ${ways.secondRequestOfEarlierCreate()}`
              : `an earlier import of ${p.file} sent this row's very content (its row ${p.earlierRow}, sent ${p.at}) and got no answer, ${ways.asEarlierImportRecords(String(p.journal))}: ` +
                'the import searches Trackops for it first (one listing of the requests created since then) and sends the row only if it is not there ' +
                '(a request that may be it, edited since, holds the row back, named)',
  // A note on a row sent (batch/runner.ts): the search for an earlier unanswered send found nothing.
  // The search compares content, then what identifies the referral (batch/identity-match.ts): both
  // can miss a request changed beyond them, so "not found" is said as what was searched, not as a fact.
  earlier_create_not_found: (p, ways) =>
    `an earlier import of ${p.file} sent this row's very content (its row ${p.earlierRow}, sent ${p.at}) and got no answer, ${ways.asEarlierImportRecords(String(p.journal))}; ` +
    "Trackops was searched for it (every request created since then, by this row's content, then by its case type and its client or reference values among requests created right after the send and edited since) and none was found, so it was sent. " +
    `A request changed beyond those since would not be found: if Trackops holds two requests for this referral, close the newer`,
  // Requests that may be the earlier create though none holds its content (batch/identity-match.ts).
  earlier_create_several: (p, ways) =>
    `not sent: an earlier import of ${p.file} sent this row's very content (its row ${p.earlierRow}, sent ${p.at}) without getting an answer, ${ways.asEarlierImportRecords(String(p.journal))}. ` +
    `No request holds this row's content now, but ${list(p.found)} ${p.why}: ${oneOrAny(p.found)} may be that create, edited since (a guess, so the row is held back, not sent). ` +
    `Check in Trackops: if one is this row's referral, nothing is left to send ${ways.heldBackEarlierCreate()}`,
  // A resume's row in doubt (batch/runner.ts step 2): what the search before sending it found.
  in_doubt_not_found: () =>
    "sent again: an earlier run of this journal sent this row and got no answer (in doubt); Trackops was searched for it (every request created since, by this row's content, then by its case type and its client or reference values among requests created right after the send and edited since) and none was found. " +
    'A request changed beyond those since would not be found: if Trackops holds two requests for this referral, close the newer',
  // A resume's row in doubt found in Trackops, while another import's journal records a create of the
  // same content too (batch/runner.ts): both are in Trackops, for one row of the file.
  in_doubt_created_twice: (p, ways) =>
    `an earlier run of this journal sent this row and got no answer (in doubt); Trackops holds that send as ${p.found}. ` +
    `Another import of ${p.file} created this row's very content as well (its row ${p.earlierRow}, sent ${p.at}) as ${p.request ?? 'a request'}, ${ways.asEarlierImportRecords(String(p.journal))}: ` +
    `Trackops holds two requests for this referral; close ${p.request ?? 'the newer'} (nothing more was sent)`,
  // A resume's row in doubt whose key the account holds (batch/duplicate-in-doubt.ts), its own send not
  // found by any search: the requests holding the key were created before that send (another's), or
  // around it (perhaps the row's own, changed since: a guess). Never sent either way.
  in_doubt_duplicate: (p, ways) =>
    `not sent: an earlier run of this journal sent this row at ${p.sent} and got no answer (in doubt); Trackops was searched for that send ` +
    "(every request created since, by this row's content, then as the one request only that send can have made, then by its case type and its client or reference values among requests created right after it and edited since) and it is not there. " +
    `Trackops already holds this row's ${p.key} in ${p.holders}: ${p.many ? 'other requests' : 'another request'} for this claim, typed in by a colleague or another tool, not this row's, ` +
    `so this row was not sent: it would be created twice. If a second request for this claim is really wanted, ${ways.secondRequestForClaimHeld()}`,
  in_doubt_duplicate_unsure: (p, ways) =>
    `not sent: an earlier run of this journal sent this row at ${p.sent} and got no answer (in doubt), and Trackops already holds this row's ${p.key}: ${p.holders}. ` +
    "No request holds that send's content now, and none was recognised as that send's create edited since, " +
    `but ${p.many ? 'one of these' : 'this one'} may still be it, changed in Trackops beyond what the searches recognise (a guess), so it is not called another's. ` +
    `Either way the claim is in Trackops, so the row was not sent again. Check ${p.names} in Trackops: if it is this row's referral, nothing is left to send. ` +
    `If it is another's, and a second request for this claim is really wanted, ${ways.secondRequestForClaimHeld()}`,
  in_doubt_several: (p, ways) =>
    `not sent: an earlier run of this journal sent this row and got no answer (in doubt); no request holds this row's content now, but ${list(p.found)} ${p.why}: ${oneOrAny(p.found)} may be this row's create, edited since (a guess, so the row is held back, not sent). ` +
    `Check in Trackops: if one is this row's referral, nothing is left to send ${ways.heldBackInDoubt()}`,
  // A note on a row sent (batch/runner.ts, earlier-creates.ts notThatCreate): the id holds another
  // request (a practice account started afresh gives its ids again), so the earlier create is not there.
  // A dry run's (`dryRun`, earlier-creates.ts earlierCreateInRead) says so from its search of the account.
  earlier_create_replaced: (p, ways) =>
    `an earlier import of ${p.file} created this row's very content (its row ${p.earlierRow}, sent ${p.at}) as ${p.request ?? 'a request'}, ` +
    `but the request Trackops holds at that id now is not the one that import created: ${p.why} ` +
    `(${ways.practiceAccountStartedAfresh()} gives its ids again); so this row ${p.dryRun ? 'would be sent again' : 'was sent'}. ` +
    (p.dryRun
      ? `If that request is this referral after all (its client or case type corrected since), an import would make a second one: leave the row out of the file`
      : `If that request is this referral after all (its client or case type corrected since), Trackops now holds two for it: close the newer`),
  // A note on a row sent (batch/runner.ts): the request an earlier import created for it is gone; a dry
  // run's says so only from a listing of the whole account (probes cannot tell).
  earlier_create_gone: (p) =>
    `an earlier import of ${p.file} created this row's very content (its row ${p.earlierRow}, sent ${p.at}) as ${p.request ?? 'a request'}, which Trackops no longer holds (deleted since?)` +
    (p.dryRun
      ? `: this check's listing of the whole account does not hold it, so an import would send the row again`
      : ': so it was sent again'),
  // An earlier create with a value or two corrected since (batch/near-edit.ts): whether it is that
  // create or another referral much like it is a guess, so the row is neither sent nor taken as sent.
  edited_since_earlier_import: (p, ways) => {
    const request = p.request ?? 'a request';
    const like =
      `this row differs only in ${p.differs} from row ${p.earlierRow} of ${p.file}, ` +
      `which an earlier import created as ${request} (sent ${p.at}, ${ways.asEarlierImportRecords(String(p.journal))})`;
    const sends = p.dryRun ? 'so the import sends this row' : 'so this row was sent';
    if (p.how === 'gone') return `${like}; Trackops no longer holds ${request} (deleted since?), ${sends}`;
    if (p.how === 'replaced')
      return `${like}; the request Trackops holds at that id now is another one (${p.why}), ${sends}`;
    return (
      `not ${p.dryRun ? 'to be ' : ''}sent: ${like}` +
      (p.how === 'unread'
        ? `, and Trackops could not be asked whether it still holds ${request}`
        : `, which Trackops still holds`) +
      '. A correction made in the file since that import? That is a guess, so the row is neither created nor counted as sent. ' +
      `If you corrected the file, ${ways.correctedRow(String(request))}`
    );
  },

  // A note, not a refusal (plan-import.ts): the key was looked up as written, one look-up per key.
  key_from_number_cell: (p) =>
    `${p.label} ${cellValue(p)} is a number cell, and a spreadsheet drops leading zeros from a number cell; the look-up by ${what(p)} ` +
    `finds ${q(p.value)} only as written, so a request that holds it with leading zeros (${q(`0${String(p.value)}`)}) would not be found and this row would be a second one (a guess either way). ` +
    'If your keys have leading zeros, format the column as Text and type them; otherwise nothing to do',
  // A note, not a refusal (validate/zoned-date.ts): a moment in UTC, imported as the day it is said to be.
  zoned_date: (p) => {
    const other = p.utcDate === p.date ? p.hereDate : p.utcDate;
    const otherWords = other === p.date ? '' : `. If the day meant is ${other}, write it as ${other}`;
    // How the column's other moments decided it (validate/utc-moment-column.ts); absent in notes
    // written before the column was read.
    const guess =
      p.column === 'alone'
        ? '; that is a guess from this value alone (the column has no other time to compare it with)'
        : p.column === 'few'
          ? "; that is a guess from the column's few such values (two or so moments an hour apart can as well be times of day): if they are, write the days as YYYY-MM-DD"
          : '';
    const zones = Array.isArray(p.columnOffsets) ? p.columnOffsets.map(String).join(' or ') : '';
    if (p.reading === 'time-of-day')
      return (
        `${p.label} ${cellValue(p)} is a moment in UTC (${p.time}), not a day: ` +
        (p.column === 'times'
          ? "the column's times of day differ from row to row, so each is when something happened"
          : p.column === 'days-until-here'
            ? `the column's moments before this row were each midnight where clocks are ${zones} and were read as the days they start there, but this one is not, so it is when something happened`
            : 'not midnight in any zone in use, so it is when something happened') +
        `, and ${lower(what(p))} takes a date only: its day in ${p.zone} (this computer's zone), ${p.date}, is imported and the time is not kept` +
        (p.utcDate === p.date ? '' : ` (its date in UTC is ${p.utcDate})`) +
        guess +
        otherWords +
        (p.column === 'days-until-here'
          ? `. If the column holds times, not days, the rows before this one were read wrong: check their dates (each row's note names the other reading)`
          : '')
      );
    if (p.reading === 'utc-day')
      return (
        `${p.label} ${cellValue(p)} is a moment in UTC (${p.time}), not a day, and not midnight in any zone: ` +
        `${lower(what(p))} takes a date only, so its date in UTC, ${p.date}, is imported and the time is not kept` +
        (other === p.date ? '' : ` (in ${p.zone}, this computer's zone, it is ${other})`) +
        otherWords
      );
    const where =
      p.reading === 'midnight-here' ? `in ${p.zone} (this computer's zone)` : `where clocks are ${p.offset}`;
    const why =
      p.column === 'days' && p.reading === 'midnight-offset'
        ? ', as a program writes a day as the moment it starts (every such date of the column is a midnight there)'
        : ', as a program writes a day as the moment it starts';
    return (
      `${p.label} ${cellValue(p)} is a moment in UTC, not a day: it is midnight at the start of ${p.date} ${where}` +
      `${why}, so ${p.date} is imported` +
      (p.utcDate === p.date ? '' : `, not its date in UTC (${p.utcDate})`) +
      (p.reading === 'midnight-offset' ? guess : '') +
      otherWords
    );
  },
  // A note, not a refusal (RowOutcome.notes): the date is imported.
  time_not_kept: (p) =>
    `${p.label} ${cellValue(p)} has a time of day (${p.time}); ${lower(what(p))} takes a date only, so ${p.date} is imported and the time is not kept`,
  // A note, not a refusal (validate/convert-cell.ts withInactiveNote): a name whose item the server marks
  // as not in use. Sent all the same: whether Trackops takes such an item is not known (inactive-mark.ts).
  lookup_inactive: (p, _ways, words) =>
    `${p.label} ${cellValue(p)} is the ${lower(what(p))} of id ${p.id}, which Trackops marks as not in use (${p.mark}): ` +
    'the row is sent with it all the same (whether Trackops takes such an item is not known); if the office has retired it, ' +
    `put the one in use in the cell${words.translateRetired()}`,
  // A note, not a refusal (validate/placeholders.ts): the cell is taken as empty for its subject group.
  subject_placeholder: (p, _ways, words) =>
    `${p.label} ${cellValue(p)} reads as a placeholder, not a value, so it is taken as an empty cell: ` +
    (p.sent
      ? `${p.subject} is sent without it`
      : `${p.subject} has nothing else on this row and is left out (no subject is made of it)`) +
    keptAsWritten(p, words, `. If ${q(p.value)} is a real value here, `),
  // A refusal (validate/placeholder-words.ts): a key that says nothing would find, or make, one request
  // for every row that holds it.
  key_placeholder: (p, _ways, words) =>
    `${p.label} ${cellValue(p)} reads as a placeholder, not a ${lower(what(p))}: ` +
    `Trackops and the next import find the request again by it, so the row is not sent with it. ` +
    `Put the real ${lower(what(p))} in the cell, or empty the cell if the request has none` +
    keptAsWritten(p, words, `; if ${q(p.value)} is the real value, `),
  // A note, not a refusal (validate/placeholders.ts placeholderNote): free text sent as written. A
  // reference value that is not the key says why it is not refused as the key is (`keyLabel`: the column
  // requests are found by, if the mapping has one).
  text_placeholder: (p, _ways, words) =>
    (p.reference === true
      ? `${p.label} ${cellValue(p)} reads as a placeholder, not a ${lower(what(p))}; it is sent as written, since a request may hold it there: ` +
        `nothing finds the request again by its ${lower(what(p))}` +
        (typeof p.keyLabel === 'string' ? ` (this import finds it by ${p.keyLabel})` : '') +
        '. '
      : `${p.label} ${cellValue(p)} reads as a placeholder, not a value; it is sent as written, since it may be meant in ${lower(what(p))}. `) +
    `If it stands for "nothing here", empty the cell` +
    keptAsWritten(p, words, '; to send it without this note, '),
  // A note, not a refusal (validate/birth-century.ts): the century a two-digit year of birth was given.
  birth_year_century: (p) =>
    `${p.label} ${cellValue(p)} has a two-digit year: ${p.read} would be ` +
    (p.received !== undefined
      ? `after the request was received (${p.received})`
      : `in the future (today is ${p.today})`) +
    `, and no one is born after that, so ${p.taken} is imported. If that is not the date of birth, write its year in full`,
  number_as_date: (p) =>
    `${p.label} ${cellValue(p)} is a number, not a date; format the column as dates or type the date as text`,
  time_as_date: (p) =>
    `${p.label} ${cellValue(p)} is ${p.kind}, not a date; ${p.target} takes a date: put the date in the cell, or map this column to a text field`,
  invalid_country: (p) =>
    `${p.label} ${cellValue(p)} is not a country; use a 2-letter ISO code such as US, CA or GB`,
  invalid_state: (p) =>
    `${p.label} ${cellValue(p)} is not a 2-character state or province code (letters or digits) such as CO, ON or 75`,
  invalid_choice: (p, _ways, words) =>
    `${p.label} ${cellValue(p)} is not one of: ${list(p.choices)}${translateAdvice(p, 'choice', words)}`,
  // Trackops keeps choices as written, so two that differ only in letter case are two choices
  // (validate/choices.ts); a cell that is neither exactly is not settled by guessing. No "values" advice:
  // its keys ignore letter case, so a key would take the cells written exactly as either choice too.
  choice_ambiguous: (p) =>
    `${p.label} ${cellValue(p)} matches several choices that differ only in letter case: ${list(
      (Array.isArray(p.choices) ? p.choices : []).map(q),
    )}; Trackops keeps them apart, so write the cell exactly as the one it means`,
  // A note, not a refusal (validate/field-values.ts): the choice is sent as the account spells it.
  choice_read_as: (p) =>
    `${p.label} ${cellValue(p)} is sent as the choice ${q(p.choice)}: the cell holds ${p.hidden}`,
  invalid_boolean: (p) =>
    `${p.label} ${cellValue(p)} is not yes or no; use yes/no, y/n, true/false, 1/0 or x`,
  invalid_yesnona: (p, _ways, words) => {
    // A translated value already has its line in "values": the fix (format.ts) says to change it.
    const meaning = p.translatedFrom !== undefined ? null : words.sayMeaning(String(p.value ?? ''));
    return (
      `${p.label} ${cellValue(p)} is not yes, no or N/A; use yes/no, y/n, true/false, 1/0, x or N/A, NA, not applicable` +
      (meaning === null ? '' : ` (or ${meaning})`)
    );
  },
  invalid_phone: (p) => `${p.label} ${cellValue(p)} is not a phone number: ${p.reason}`,
  invalid_full_name: (p) =>
    `${p.label} ${cellValue(p)} is not a name; expected "Last, First Middle" or "First Middle Last"`,
  // A note, not a refusal (validate/field-values.ts toFullName): how a whole name was read, when the
  // reading left something out or decided where the last name starts.
  full_name_read: (p) => {
    const parts = [
      p.first ? `first name ${q(p.first)}` : '',
      p.middle ? `middle name ${q(p.middle)}` : '',
      `last name ${q(p.last)}`,
    ].filter(Boolean);
    const said: string[] = [];
    if (p.title !== undefined)
      said.push(`the title ${q(p.title)} is left out (a name in Trackops has no title)`);
    if (Array.isArray(p.remarks))
      said.push(
        `${p.remarks.map(q).join(' and ')} ${p.remarks.length === 1 ? 'is' : 'are'} left out (a name has no place for a remark: ` +
          'if it matters, give it in a column of its own mapped to another field)',
      );
    if (p.particles !== undefined)
      said.push(
        `${q(p.particles)} is taken as the start of the last name; if it is not, write the name as "Last, First Middle"`,
      );
    return `${p.label} ${cellValue(p)} is read as ${parts.join(', ')}: ${said.join('; ')}`;
  },
  invalid_address: (p) =>
    `${p.label} ${cellValue(p)} could not be split into an address; expected like "2000 Blake St, Denver, CO 80202"`,
  not_a_list_item: (p) => `${p.label} ${cellValue(p)} has an empty item; separate items with ${q(p.split)}`,
  composite_needs_parts: (p) =>
    `${p.label} maps to ${p.field}, a ${p.type} field; map its parts (${list(p.parts)}) or add "parse": "${p.parse}"`,
  composite_empty: (p) => `${p.field} needs at least a first or last name; ${p.label} gives none`,
  not_utf8: (p) =>
    `${p.label} ${cellValue(p)} is not UTF-8 (byte ${p.byte} at character ${p.position}), though the rest of the file is: ` +
    'this row was saved in another encoding (probably Windows-1252, by another program); retype it, or save the whole file as UTF-8 (in Excel: "CSV UTF-8")',
  looks_utf8: (p) =>
    `${p.label} ${cellValue(p)} looks like UTF-8 (${q(p.utf8)}) in a file read as Windows-1252: this row was saved in another encoding than the rest of the file (by another program), and no one encoding reads both; ` +
    'retype it, or save the whole file in one encoding (if all of it is UTF-8, read it as UTF-8)',
  header_repeated_reordered: (p) =>
    `Row ${p.row} repeats the header in another order (${p.moved}), as where two exports were pasted together: ` +
    `the rows below it are under other columns and are refused; move them, with this row as their header, into a file of their own and import that`,
  under_reordered_header: (p) =>
    `Row ${p.row} is below row ${p.repeatRow}, which repeats the header in another order: its cells are not under the columns of row ${p.headerRow}, so it is refused; ` +
    `move rows ${p.repeatRow} on into a file of their own and import that`,
  looks_like_footer: (p) =>
    `${q(p.value)} is all the row holds: it looks like a total or footer line, not a referral; delete the row, or leave such rows out with the mapping's "skip" rules (whenFirstCellStartsWith)`,
  repeated_header_unread: (p) =>
    `Column ${p.letter} is also headed ${q(p.header)} and its value ${q(p.value)} is not imported (the mapping reads column ${p.readLetter}): ` +
    `rename one header and map it (a mapping file can name this column '${p.name}'), or delete the column`,
  cut_short: (p) =>
    `${p.label} ${p.value === '' ? '(empty)' : q(p.value)} is where the row stops: it ends after column ${p.letter} with no line end, and ${p.missing} of its ${p.width} columns are missing. ` +
    `The file looks cut short (a download or copy that stopped part-way), and this value may be cut too: a guess, so the row is not imported. ` +
    `Get the whole file again from whoever sent it and import that; if this row is whole (its last cells are blank in the sheet: some programs leave blank cells and the last line end out), end the file with a line break after it (Enter at the end of the last line in a text editor, then save) and import it again`,
  value_beyond_headers: (p) =>
    `The row has a value ${q(p.value)} in column ${p.position}, right of the last named column; give it a header or delete it`,

  // Account reference data (lookups never guess: CONTRACTS section 4).
  // With `listed`: the list was read only in part (AccountReference.incomplete), so "not there" is not known.
  lookup_not_found: (p, _ways, words) =>
    p.listed === undefined
      ? p.constant !== undefined
        ? `The constant ${what(p)} ${q(p.value)} is not one of the account's: ${list(p.names)}; ${changeConstant(p)}`
        : `${p.kind} ${cellValue(p)} is not one of: ${list(p.names)}${translateAdvice(p, 'name', words)}`
      : `${p.kind} ${cellValue(p)} is not among the ${p.listed} ${p.list} Trackops listed, and that list looked cut short ` +
        `(${p.why}): it may exist all the same. Check the name in Trackops; ${words.runCheck()} to see how this server pages its lists`,
  // A whole list item that is no name, but names only when split on another separator (list-separator.ts).
  list_other_separator: (p) =>
    `${p.label} ${cellValue(p)} is not one name: it seems to be a list separated by ${JSON.stringify(p.found)}, ` +
    (p.split !== undefined
      ? `and this column is split on ${JSON.stringify(p.split)}. Write it ${q(p.rewritten)}, or, if the whole column uses ${JSON.stringify(p.found)}, set the column's "split" to ${JSON.stringify(p.found)}`
      : `and this column is not split. Set the column's "split" to ${JSON.stringify(p.found)} to read it as a list`),
  // Names are matched whatever their letter case and spaces (CONTRACTS section 4), so look-alikes are
  // never guessed between; the id is what chooses one, and a clerk can give it where the name was given
  // (explore 54 item 7: the only advice was to rename reference data, an admin's job).
  lookup_ambiguous: (p, _ways, words) => {
    const ids = Array.isArray(p.ids) ? p.ids.map(String) : [];
    const [first = '…', ...others] = ids;
    const orOthers = others.length ? `, or ${others.join(' or ')}` : '';
    const refused =
      p.constant !== undefined ? `The constant ${what(p)} ${q(p.value)}` : `${p.kind} ${cellValue(p)}`;
    const head = `${refused} matches several (names are matched whatever their letter case and spaces): ${list(p.matches)}; `;
    if (p.constant !== undefined)
      return `${head}give the id of the one it means instead ("constants": { "${p.constant}": ${first} }${orOthers}), or make the names unique in Trackops`;
    if (p.translatedFrom !== undefined)
      return `${head}translate it to the id of the one it means (${ids.join(' or ')})`;
    return (
      `${head}${words.chooseById(String(p.value ?? '').trim(), ids)} ` +
      'and every cell holding it is read as that one, or make the names unique in Trackops'
    );
  },
  lookup_unavailable: (p, _ways, words) =>
    `${p.kind} ${cellValue(p)} cannot be looked up: ${unended(p.reason)}; give the id instead, or say where the account ` +
    `serves its ${String(p.list).replace(/_/g, ' ')} (${words.referencePathSetting(String(p.list))})`,
  id_not_found: (p, _ways, words) =>
    p.listed === undefined
      ? p.constant !== undefined
        ? `The constant ${what(p)} ${q(p.value)} is not the id of one of the account's ${p.kind}, which are: ` +
          `${list(p.names)}; ${changeConstant(p)}`
        : `${p.label} ${cellValue(p)} is not the id of one of the account's ${p.kind}`
      : `${p.label} ${cellValue(p)} is not the id of one of the ${p.listed} ${p.kind} Trackops listed, and that list looked cut short ` +
        `(${p.why}): it may exist all the same. Check it in Trackops; ${words.runCheck()} to see how this server pages its lists`,
  // The mapping's custom fields against the account: the column first, then the field as the template
  // knows it (an id, and the subject group in the account's words), then what to do (explore 34 item 5:
  // "subjects.1.custom_fields.206: the account has no custom field 206; fix the mapping" named a path
  // and an id the clerk never saw, and not the column).
  unknown_field: (p, _ways, words) =>
    p.listed === undefined
      ? `${fieldUser(p)} ${fieldOf(p)}, which the account no longer has (deleted, or replaced by another field): ` +
        `choose another field for ${fieldUserShort(p)}, or ${leaveOut(p)}` +
        (p.replacement
          ? `. The account's ${p.fieldsOf} fields include ${p.replacement}, whose name the column's header holds: ` +
            `if that is the field, choose it for the column${words.fieldTarget(String(p.replacementTarget))}`
          : '')
      : `${fieldUser(p)} ${fieldOf(p)}, which is not among the ${p.listed} fields Trackops listed, and that list looked cut short ` +
        `(${p.why}): the field may exist, and the mapping may be right. This tool cannot check it on this server: ` +
        `check the field in Trackops, and ${words.runCheck()} to see how this server pages its lists`,
  field_not_for_case: (p) =>
    `${fieldUser(p)} ${p.field} as a case field, but it belongs to a subject type: choose the field under a ` +
    `subject group instead, or ${leaveOut(p)}`,
  // With `request`: an update's, whose case type is the one the request holds (plan-import.ts;
  // explore 33 item 5): the value is fine in itself, so the fix is a blank cell for such requests.
  // With `ownField`: the row's case type has a field of the same label of its own (same-label-field.ts;
  // explore 54 item 3): clearing the cell would lose the value, and enabling this field there would give
  // that case type a second field of the name, so the way out is its own field, by a template of its own.
  field_not_enabled: (p, _ways, words) =>
    p.ownField
      ? `${p.label}${p.value ? ` ${q(p.value)}` : ''}: ${p.field} is not enabled for case type ${caseType(p.caseType)}` +
        `${p.request ? `, which ${p.request} has` : ''}, and that case type has ${p.ownField} of its own: ` +
        `a mapping sends a column to one field, so import the rows of case type ${caseType(p.caseType)} with a template of ` +
        (String(p.label).startsWith('constant ')
          ? `their own whose constant goes to that field (in a mapping file: "constants": { "${p.ownTarget}": … })`
          : words.columnToField(String(p.label), String(p.ownTarget))) +
        `, or split the file by case type. Clearing the cell would lose ${p.value ? q(p.value) : 'its value'}, and enabling ${p.field} ` +
        `for ${caseType(p.caseType)} would give it a second field of that name`
      : p.request
        ? `${p.label}${p.value ? ` ${q(p.value)}` : ''}: ${p.field} is not enabled for case type ${caseType(p.caseType)}, ` +
          `which ${p.request} has, so Trackops would refuse the row: leave the cell blank for requests of that case type ` +
          '(or enable the field for it in Trackops)'
        : `${p.label}${p.value ? ` ${q(p.value)}` : ''}: ${p.field} is not enabled for case type ${caseType(p.caseType)}` +
          (p.value
            ? `, so ${q(p.value)} cannot be set; clear the cell (or leave the column out of the mapping), or enable the field for that case type in Trackops`
            : ''),
  // "blank": "clear" on a custom field whose type has no empty value (validate/account-fields.ts).
  clear_not_possible: (p) =>
    `${p.label} is blank and the mapping says "blank": "clear", but ${p.field} is a ${p.type} field, which Trackops' API ` +
    'has no documented way to empty (only text fields and YESNONA take ""): Trackops would refuse the whole row. ' +
    `Remove "blank": "clear" from the column ${q(p.label)} in the mapping (a blank cell then leaves the field as it is), ` +
    'or give this row a value; empty the field in Trackops itself if it must be empty',
  field_wrong_subject: (p) =>
    `${fieldUser(p)} ${p.field} in ${p.subject ?? 'a subject group'}, but that field does not belong to subject type ` +
    `${p.subjectType}: choose one of ${p.subjectType}'s fields for ${fieldUserShort(p)}, or ${leaveOut(p)}`,
  part_on_simple_field: (p) =>
    `${fieldUser(p)} the part "${p.part}" of ${p.field}, a ${p.type} field, which has no parts: choose the field ` +
    'itself for the column (without the part)',
  // A note, not a refusal (body-parts.ts): the seed makes no subject required, primary or not.
  primary_subject_blank: (p) => {
    const others = Array.isArray(p.others) ? p.others.map(String) : [];
    const one = others.length === 1;
    const start =
      `${p.subject}, the primary subject group (${columnsOf(p.columns)}), is blank on this row: ` +
      `${p.upsert ? 'if the row creates a request, it' : 'the request'} would have no primary subject`;
    if (p.sameType)
      return (
        `${start}, and ${others.join(', ')} ${one ? 'is' : 'are'} sent as ${one ? 'a supporting subject' : 'supporting subjects'}. ` +
        `If ${one ? 'it is' : 'one of them is'} the case's target, move ${one ? 'its values' : 'that one'} to ${p.subject}'s columns; otherwise nothing to do`
      );
    return (
      `${start}${others.length ? `, only ${others.join(', ')} as ${one ? 'a supporting subject' : 'supporting subjects'}` : ', and no subjects'}. ` +
      `If the case has a target, fill ${p.subject}'s columns; otherwise nothing to do`
    );
  },
  // No column gives the field (groupColumns): the group is named by the columns it was made of, and,
  // where another group of its type comes first, how to undo it (explore 60 item 3: "Claimant 2nd Phone"
  // made a "Claimant 2" no column of the sheet could name).
  required_subject_field: (p) => {
    const subject = p.subject ?? `Subject ${Number(p.group) + 1}`;
    const start = `${subject} needs ${p.field}, which this row leaves empty`;
    if (Array.isArray(p.parts))
      return (
        `${start} (${p.parts.length === 1 ? 'column' : 'columns'} ${p.parts.map(q).join(', ')}): ` +
        `fill ${p.parts.length === 1 ? 'it' : 'at least one of them'}, or empty the group's other cells to leave it out`
      );
    if (!(p.label && String(p.label).startsWith('subjects['))) return start;
    const columns = Array.isArray(p.groupColumns) ? p.groupColumns.map(String) : [];
    if (columns.length === 0) return `${start}: map a column to it`;
    const madeOf = `: no column of the mapping gives it, and ${subject} is made of the ${columns.length === 1 ? 'column' : 'columns'} ${columns.map(q).join(', ')}`;
    if (typeof p.firstOfType !== 'string') return `${start}${madeOf}: map a column to it`;
    return (
      `${start}${madeOf}, read from ${columns.length === 1 ? 'that header' : 'those headers'} as a second subject beside ${p.firstOfType}. ` +
      `If the sheet holds one, map a column to its ${p.field}; if ${columns.length === 1 ? 'the column belongs' : 'they belong'} to ${p.firstOfType} ` +
      `(an alternate phone or address, say), map ${columns.length === 1 ? 'it' : 'them'} to ${p.firstOfType}'s fields or take ${columns.length === 1 ? 'it' : 'them'} out of the mapping, and ${subject} with ${columns.length === 1 ? 'it' : 'them'}`
    );
  },
  unknown_subject_type: (p, _ways, words) =>
    p.listed === undefined
      ? `Subject group ${Number(p.group) + 1} of the mapping has the subject type ${q(p.value)}, which is not one of the account's: ${list(p.choices ?? p.names)}` +
        (p.fits !== undefined
          ? `. Its columns go to fields of ${p.fits} (id ${p.fitsId}): if that is the type, ${words.giveSubjectType(Number(p.group), { name: String(p.fits), id: Number(p.fitsId) })}`
          : `; ${words.giveSubjectType(Number(p.group), null)}`)
      : `Subject group ${Number(p.group) + 1} of the mapping has the subject type ${q(p.value)}, which is not among the ${p.listed} ` +
        `subject types Trackops listed, and that list looked cut short (${p.why}): it may exist all the same. Check it in Trackops`,
  // Subject types are looked up as other names are (letter case and spaces ignored), so two alike are
  // never guessed between: the id chooses one, and "not one of the account's" over a list holding the
  // name given could not be acted on (explore 54 item 7, as lookup_ambiguous).
  subject_type_ambiguous: (p) => {
    const [first = '…', ...others] = Array.isArray(p.ids) ? p.ids.map(String) : [];
    const orOthers = others.length ? `, or ${others.join(' or ')}` : '';
    return (
      `Subject group ${Number(p.group) + 1} of the mapping has the subject type ${q(p.value)}, which matches several of the account's ` +
      `(names are matched whatever their letter case and spaces): ${list(p.names)}; give the id of the one it means instead ` +
      `("subject_type_id": ${first} in that group of the mapping's "subjects"${orOthers}), or make the names unique in Trackops`
    );
  },

  // Across rows and against the account (live dry run).
  // Named as the clerk knows the key: the account's label when all its case types share one ("Claim
  // Number"), else the sheet's column, never the API's neutral "reference 1" (explore 33 item 4).
  duplicate_in_file: (p) =>
    typeof p.request === 'string'
      ? // Update/upsert: another key found the same request, with the same values (same-request.ts).
        `${p.label} ${cellValue(p)} finds the same case request (${p.request}) as row ${p.firstRow}, with the same values; only row ${p.firstRow} is sent`
      : `${p.label} ${cellValue(p)} is also in row ${p.firstRow}; each ${/^Reference \d$/.test(what(p)) && p.label ? p.label : lower(what(p))} may appear once`,
  // Update/upsert: rows for one request that set different values (validate/same-request.ts, explore 33
  // item 4): two instructions, and which one is meant is the clerk's to say, so none is sent.
  conflicting_rows_in_file: (p) => {
    const others = Array.isArray(p.others) ? (p.others as number[]) : [];
    const rows = others.length === 1 ? `Row ${others[0]} is` : `Rows ${andList(others.map(String))} are`;
    const differences = (Array.isArray(p.differences) ? p.differences : []) as {
      label: string;
      values: { row: number; text: string }[];
    }[];
    const fields = differences
      .map(
        (difference) =>
          `${difference.label} ${difference.values
            .map((value) =>
              value.row === p.row ? `${value.text} here` : `${value.text} in row ${value.row}`,
            )
            .join(', ')}`,
      )
      .join('; ');
    const sameAs = Array.isArray(p.sameAs) ? (p.sameAs as number[]) : [];
    const repeats =
      sameAs.length === 0
        ? ''
        : ` ${sameAs.length === 1 ? `Row ${sameAs[0]} repeats` : `Rows ${andList(sameAs.map(String))} repeat`} this row's values.`;
    const many = others.length + sameAs.length;
    const neither = many === 1 ? 'Neither row is sent' : 'None of these rows is sent';
    const them = many === 1 ? 'the other' : 'the others';
    return (
      `${rows} for the same case request (${p.request}, ${p.keyLabel} ${q(p.key)}) with other values: ${shownBreaks(fields)}.${repeats} ` +
      `${neither}: keep the row you mean, delete ${them}, and import again`
    );
  },
  duplicate_in_account: (p) =>
    `A case request with ${what(p)} ${q(p.value)} already exists (${p.existing}); it would be created twice`,
  // A key the server listed that differs from the row's only in letter case or spacing (plan-import.ts):
  // never a match, but perhaps the same claim.
  possible_duplicate_in_account: (p, ways) =>
    `${p.nearCount === 1 ? 'A case request with' : 'Case requests with'} ${p.near} ${p.nearCount === 1 ? 'differs' : 'differ'} from ${q(p.value)} only in ${p.differs}: ` +
    `${p.nearCount === 1 ? 'it may be' : 'one may be'} the same claim, and a second request would be created beside it. ` +
    (p.mode === 'upsert'
      ? `To update it, type ${lower(what(p))} as Trackops holds it${zerosHint(p)}; `
      : `If it is the same claim, leave the row out or type ${lower(what(p))} as Trackops holds it${zerosHint(p)}; `) +
    `if it is another claim, ${ways.createPossibleDuplicate()}`,
  // Upsert, a row refused for what a new request needs, whose key finds no request (create-needs.ts).
  would_create_new: (p) =>
    `No case request has ${what(p)} ${q(p.value)}, so this row would create a new one, which needs what follows; ` +
    `if the request is in Trackops, type ${lower(what(p))} as Trackops holds it`,
  // With `key`: as the import runner says it, when a row's key finds nothing (or several) at sending.
  // An id or a request number finds nothing: an upsert would refuse the row too (upsert_id_not_found),
  // so it is not offered.
  match_not_found: (p, ways) =>
    p.key === 'id' || p.key === 'case_request_number'
      ? `no case request has ${p.key === 'id' ? 'id' : 'case request number'} ${q(p.value)}; check the value ` +
        `(Trackops gives each case request its ${p.key === 'id' ? 'id' : 'number'}: a new one is imported in create mode)`
      : p.key
        ? `no case request has ${p.key} ${q(p.value)}; check the value, or ${ways.createIfNotFound()} to create it`
        : p.near
          ? `No case request has ${what(p)} ${q(p.value)} exactly; ${p.near} ${p.nearCount === 1 ? 'differs' : 'differ'} only in ${p.differs}: ` +
            `if that is the request to update, type ${lower(what(p))} as Trackops holds it${zerosHint(p)} (an update matches exactly, so it never lands on a request it only resembles)`
          : `No case request has ${what(p)} ${q(p.value)}; nothing to update`,
  // Upsert matched by id or case request number, a row whose key no request has (plan-import.ts):
  // refused, not created.
  upsert_id_not_found: (p) =>
    `No case request has ${lower(what(p))} ${q(p.value)}: Trackops gives each case request its ${lower(what(p))}, so an upsert ` +
    `cannot create one with the ${lower(what(p))} this row names (created under another, it would be created again by every ` +
    `run of this file). Check the ${lower(what(p))}, or, if it is a new case request, import it in create mode`,
  // The request an update was for answered 404 to its PUT (explore 33 item 7): read once more to tell a
  // request gone (deleted or merged since the plan listed it) from an address that refuses updates.
  request_gone: (p, _ways, words) =>
    p.stillThere
      ? `Trackops answered 404 (not found) to the update of ${p.request} (${p.key} ${q(p.value)}), yet a read of it finds it: ` +
        `nothing was written. The account may not take updates at that address (${words.runCheck()}), or the request may be ` +
        'closed to updates; check it in Trackops, then import this row again'
      : `${p.request} (${p.key} ${q(p.value)}) is no longer in Trackops: the update was answered 404 (not found)` +
        `${p.readToo ? ', and so was a read of it' : ''}. It was most likely deleted or merged into another request since this import listed the account; ` +
        `nothing was written. Check it in Trackops: if it was merged, give this row the ${p.key} of the request it became and import the row again`,
  match_ambiguous: (p) =>
    p.key
      ? `${p.key} ${q(p.value)} matches several case requests (${p.existing}); make it unique or match by id`
      : `${p.count} case requests have ${what(p)} ${q(p.value)} (${p.existing}); cannot tell which to update`,
  // A results file fed back in for update/upsert (plan-import.ts): the row's `_id` names the request an
  // earlier run wrote it to, and its key (corrected since?) no longer finds that one.
  rekeyed_since_written: (p) =>
    `an earlier run wrote this row to ${p.written}, but ${lower(what(p))} ${q(p.value)} ` +
    (p.now
      ? `now finds ${p.now}: the ${p.mode === 'upsert' ? 'upsert' : 'update'} would change that request instead. `
      : `finds no request now: ${p.mode === 'upsert' ? 'the upsert would create a second request for this row' : 'there is nothing to update'}. `) +
    `If you corrected ${lower(what(p))} in this file, correct it in Trackops on that request too, then import again; ` +
    `if this row is meant for ${p.now ? 'the request it now finds' : 'a new request'}, empty its _id cell`,
  written_id_unreadable: (p) =>
    `its _id ${q(p.id)} does not read as a request id: in a results file it names the request an earlier run wrote this row to. ` +
    'Write it as the results file had it (a whole number, e.g. 37), or empty it if this row is meant for a new request',
  // Issue 13: the plan merges a part-by-part NAME/ADDRESS update into the stored value (merge-stored.ts).
  composite_not_mergeable: (p) =>
    `Trackops holds ${what(p)} of ${p.request} as the text ${q(p.stored)}, which cannot be split into its parts safely: ` +
    `sending only the parts this sheet gives would erase the others. Map the whole value in one column ` +
    `(parse "full_name" or "address"), or change it in Trackops`,
  // A client/contact the stored request has none of, given only in part (merge-stored.ts): sent whole.
  object_not_stored: (p) =>
    `${String(p.request)} has no ${String(p.object)} in Trackops, and this row gives only its ${list(p.given)}: ` +
    `a ${String(p.object)} is sent whole, so give every part the account requires (${list(p.required)}, ` +
    `and any its settings add) or set it in Trackops first`,

  // The round trip (export/round-trip-import.ts): an edited export read back as updates. These name no
  // column themselves; problemText puts the column and value in front ("row 2, budget_money = '99': …").
  not_in_export: () =>
    'is not the id of a request this file was exported with; a round-trip file updates the requests it exported, add new ones with a create import',
  // A row with no id at all (one the clerk typed in below the export's rows): said so, not as "id ''".
  round_trip_no_id: () =>
    'is empty: a round-trip row updates the request whose id it holds, so this row updates nothing and is not sent. ' +
    'A row for a new request belongs in a file of referrals sent with a create import; ' +
    "a row for a request already in Trackops needs that request's id (copy its row from the export)",
  // validate-row.ts: a text of exactly the most a spreadsheet cell keeps, most likely cut when saved.
  at_cell_limit: (p) =>
    `holds ${p.length ?? '32,767'} characters, what an Excel or LibreOffice cell keeps of a longer text when the file is saved ` +
    '(32,767, one less where an emoji would be split): the rest is most likely not in this file, so this row is not sent. ' +
    'Import this text from a file that holds it whole (the CSV it came from), or leave the cell empty and enter the text in Trackops',
  cut_by_excel: (_p, ways) =>
    'is the exported text cut to its first 32,767 characters, as Excel cuts a longer cell when it opens or ' +
    'saves a file; sent, it would replace the whole text in Trackops with its start, so this row is not sent. ' +
    `Make edits to rows with values this long in a CSV export (${ways.csvExport()}), ` +
    'which keeps them whole',
  edited_over_cell_limit: (p, ways) =>
    `was edited, but the value exported in this cell had ${typeof p.length === 'number' ? `${thousands(p.length)} characters, more than the 32,767` : 'more than the 32,767 characters'} ` +
    'an Excel cell holds, so this file held only its start: sent, the edit would replace ' +
    'the whole text in Trackops and lose the rest, so this row is not sent. Make this edit in Trackops itself, ' +
    `or in a CSV export (${ways.csvExport()}), which keeps the value whole`,
  // A round-trip CSV's read-only column (validate/read-only-cells.ts): the row is refused.
  read_only_cell_differs: (p) =>
    `${p.label} ${cellValue(p)} differs from what ${p.request} holds (${p.stored === '' ? 'nothing' : q(p.stored)}), ` +
    `but the Trackops update cannot change ${lower(what(p))}: this row is not sent. Put ${p.stored === '' ? 'the cell back to empty' : `back ${q(p.stored)}`} ` +
    "to send the row's other edits; to change this value, change it in Trackops itself",
  // The same, for a date a spreadsheet rewrote (mapping/spreadsheet-dates.ts): "put back 1966-06-17" is
  // undone by Excel at the next save, so the words say what Excel does and the way round it.
  read_only_date_differs: (p, ways) =>
    `${p.label} ${cellValue(p)} is not the day ${p.request} holds (${q(p.stored)}${p.shown ? `, which this file writes ${p.shown}` : ''}), ` +
    `but the Trackops update cannot change ${lower(what(p))}: this row is not sent. ${EXCEL_DATES} ` +
    `To send the row's other edits, make the cell that day again${p.shown ? ` (${p.shown})` : ''}; to change the date, change it in Trackops itself. ` +
    `To keep the file's dates as exported, ${keepDates(ways)}`,
  // A round-trip CSV's updated_at that tells nothing of a change since the export
  // (validate/round-trip-csv-stamp.ts): the row is not sent, the safe side.
  export_stamp_unread: (p) =>
    (p.given === 'later'
      ? `is later than ${p.request} (id ${p.id})'s updated_at in Trackops now (${p.current}), which never goes back: it is not the stamp the export wrote, `
      : p.given === 'none-now'
        ? `is the export's, but Trackops now gives no updated_at for ${p.request} (id ${p.id}), `
        : `${p.given === 'empty' ? 'is empty' : 'is not the date and time the export wrote'}, `) +
    `so whether ${p.request} (id ${p.id}) was changed in Trackops since the export cannot be told: this row is not sent, ` +
    'so that no change made there is overwritten. Put back the updated_at the export wrote, or export again and redo the edit in the new file',
  // The same stamp kept to the minute by a spreadsheet, or read in one of two day orders: taken as unchanged.
  export_stamp_guess: (p) =>
    `holds ${p.request}'s updated_at in Trackops (${p.current}) ` +
    (p.minute
      ? 'only to the minute (a spreadsheet saved this file so): a change made in Trackops within that minute cannot be told, '
      : 'in one of the two day orders this file may write: ') +
    'so it is taken as unchanged since the export (a guess)',
  read_only_column: () =>
    'was changed, but the Trackops update cannot change it; undo this edit (change it in Trackops itself)',
  // A round-trip cell emptied where the update has no documented way to clear (round-trip-import.ts
  // clearable): a round-trip file has no mapping, so what to do is in the file or in Trackops.
  cannot_clear: (p) =>
    p.kind === 'field'
      ? `was emptied, but ${p.field} is ${p.fieldKind}${p.type ? ` (${p.type})` : ''}, which the Trackops update has no documented way to clear: ` +
        'put a value back, or clear it in Trackops itself'
      : `was emptied; the Trackops update cannot clear ${p.kind === 'date' ? 'a date: put a date back' : 'an id: put the id back'}, ` +
        'or clear it in Trackops itself',
  whole_value_column_missing: (p) =>
    `is missing from the sheet, and ${p.whole} changed in this row: it is sent whole, so put the column back`,
  not_found: (p) => `request ${p.id} no longer exists in Trackops; remove the row`,
  // Changed in Trackops since this tool looked: never overwritten. The round trip (since the export),
  // and the import runner (since its read of the request, or of the requests holding the row's key).
  conflict: (p) =>
    p.since === 'read'
      ? `${p.request} was changed in Trackops since this import read it (${p.which}); not sent, so that change is not overwritten. ` +
        'Check it in Trackops, then import this row again'
      : p.since === 'lost'
        ? `${p.request} was changed in Trackops since an earlier run of this import read it and sent this row, whose answer was lost ` +
          `(${p.which}); not sent again, so that change is not overwritten. Check it in Trackops, then import this row again`
        : p.since === 'written'
          ? `${p.request} holds again the values it held before an earlier run of this import sent this row, whose answer was lost, ` +
            `but it was written in Trackops since that run read it (its updated_at was ${p.then}, it is now ${p.now}): that update may have landed and been ` +
            'put back (by a revert, or by hand), or someone changed the request since. Not sent again, so that change is not undone. ' +
            'Check it in Trackops; if this row still belongs there, import this row again'
          : p.since === 'look'
            ? `the case requests with ${p.key} ${q(p.value)} changed in Trackops since this import looked (then: ${p.then}; now: ${p.now}); ` +
              'not sent, so that change is not overwritten. Check them in Trackops, then import this row again'
            : p.since === 'values' || p.since === 'same-second'
              ? `request ${p.id} was changed in Trackops after this file was exported (` +
                (p.since === 'values'
                  ? "Trackops gives no updated_at, so its values were compared with the export's: "
                  : `its updated_at, ${p.current}, did not move, as a change made within the same second as the export read it leaves it, but its values did: `) +
                `${((p.fields ?? []) as { column: string; now: string; file: string }[]).map((field) => `${field.column} is ${q(field.now)} in Trackops now, ${q(field.file)} in this file`).join('; ')}); ` +
                'it was not overwritten: export again and redo the edit'
              : p.since === 'csv'
                ? `${p.request} (id ${p.id}) was changed in Trackops after this file was exported (its updated_at is now ${p.current}, this file's is ${p.value}): ` +
                  'this row is not sent, so that change is not overwritten. Export again and redo the edit in the new file'
                : `request ${p.id} was changed in Trackops after this file was exported (its updated_at is now ${p.current}, it was ${p.value} when exported); ` +
                  'it was not overwritten: export again and redo the edit',

  // The import runner (batch/runner.ts, send-row.ts): why a row was not sent, or what Trackops answered.
  match_missing: (p) => `no ${p.key} in this row: an update needs one to find the request`,
  match_bad_id: (p) => `id ${q(p.value)} is not a Trackops id (a whole number)`,
  api_refused: (p) =>
    p.fault === 'unnamed' || p.fault === 'unread'
      ? // `unread`: an answer whose shape this tool does not read field by field, quoted whole in `detail`.
        `Trackops refused this row${p.fault === 'unnamed' ? ' and named no field' : ', in an answer this tool cannot read field by field (it is quoted as it came)'}: ${ended(p.detail)} ` +
        'Find the cell its words mean, fix it in the file (or in the mapping, if no column gives it), and import it again.'
      : `Trackops refused this row: ${unended(p.detail)}${p.value ? ` (value ${q(p.value)})` : ''}. ` +
        (p.fault === 'clear'
          ? `The cell is blank and the mapping's "blank": "clear" sent the field empty: remove "blank": "clear" from the column ${q(p.column)} in the mapping, or give the row a value, and import it again.`
          : p.fault === 'mapping'
            ? 'No column of the file gives it: fix it in the mapping (its constants) or in Trackops, and import it again.'
            : 'Fix it in the file and import it again.'),
  // A write answered 2xx (or 303) with neither its record nor a known acknowledgement, and not seen
  // done in Trackops (explore 29 items 2 and 3: a gateway's JSON "maintenance" notice): in doubt. Never
  // sent again (a 2xx can mean it was done), never counted done either (batch/unconfirmed-write.ts).
  write_unconfirmed: (p) =>
    `Trackops answered ${p.status} with ${answerText(p.body)}, not the request ${p.op === 'create' ? 'it created' : 'it changed'}, and ` +
    (p.lookedUp
      ? `${p.seen}: it was most likely not ${p.op === 'create' ? 'stored' : 'changed'}. `
      : `whether it was ${p.op === 'create' ? 'stored' : 'changed'} could not be checked (${unended(p.why)}). `) +
    `It is in doubt, and was not sent again, because a ${p.status} answer can mean it was done: ` +
    `check ${p.op === 'create' ? 'Trackops for it' : `${p.request} in Trackops`}, and if ${p.op === 'create' ? 'it is' : 'the values are'} not there, ` +
    `${p.redo ?? 'import this row again on its own (a file holding only it)'}.`,
  // An update answered 2xx without its record, read back holding every value sent (batch/unconfirmed-write.ts).
  answer_not_record: (p) =>
    `Trackops answered ${p.status} with ${answerText(p.body)}, not the request; read back, ${p.request} holds every value ${p.sets ?? 'this row sets'}, ` +
    `so it counts as ${p.done ?? 'updated'}.`,
  // A create whose answer says it was taken (201, 202, an acknowledgement) without the record, not found
  // by the look that followed (batch/unconfirmed-write.ts createdUnseen): never sent again.
  created_id_unread: (p) =>
    // A 202 is "accepted" (perhaps queued), not "created": the words say only what the status says.
    `Trackops answered ${p.status}${p.status === 202 ? ' (accepted)' : p.status === 201 ? ' (created)' : ''} with ${answerText(p.unreadable)}, not the request it made, ` +
    `and did not list it yet${p.lookupFailed ? ` (looking for it failed: ${unended(p.lookupFailed)})` : ''}. ` +
    `The request was ${p.status === 202 ? 'accepted' : 'created'} once and will not be sent again; look it up in Trackops to see its number.`,
  // A 413/414 (batch/too-large-row.ts): the same request gets the same answer, so never "retry".
  api_too_large: (p) =>
    (p.part === 'address'
      ? `Trackops, or a gateway in front of it, refused the look-up of this row as too long (${p.status}): nothing was sent for it. `
      : `Trackops, or a gateway in front of it, refused this row's request as too large (${p.status}): nothing was stored. `) +
    (Array.isArray(p.longest) && p.longest.length > 0 ? `Its longest values: ${list(p.longest)}. ` : '') +
    "Shorten them in the file and import it again, or ask the account's administrator to accept larger requests " +
    '(sent again as it is, the row gets the same answer).',
  // A create whose answer was lost, looked for twice and not found (batch/send-row.ts): sent again.
  // `sends`: each earlier send that left the row in doubt (batch/send-row.ts), `what` happened to it
  // ("got no answer", "was answered with a server error (500) and may or may not have been stored").
  resent_after_lost_answer: (p) => {
    // Results and journals written before each send was listed hold one lost send's `lost`/`looks`.
    const sends = (p.sends as { what: string; lost: string; looks: string }[] | undefined) ?? [
      { what: 'got no answer', lost: String(p.lost), looks: String(p.looks) },
    ];
    const each = sends.map(
      (send, n) =>
        `its ${sendOrdinal(n)} send ${send.what} (${send.lost}); Trackops did not list it ${send.looks} later`,
    );
    const earlier = sends.length === 1 ? 'the first one' : `one of the first ${sends.length}`;
    return (
      `${each.join(', so it was sent again; ')}, so it was sent again and this answer is the ${sendOrdinal(sends.length)} send's. ` +
      `Were ${earlier} stored after all, Trackops would hold two: look for another request with this row's values.`
    );
  },
  // An update answered with a request other than the one it was sent to (batch/send-row.ts).
  answer_other_request: (p) =>
    `this update was sent to ${p.request}, but Trackops answered with ${p.other}. The row counts as an update of ${p.request} ` +
    `(the request it was sent to); check ${p.request} in Trackops, and that ${p.otherName} was not changed.`,
  // A 2xx whose body says the write failed (api/write-failure.ts; batch/said-failed.ts): never sent
  // again, and called done only when Trackops is seen to hold it.
  write_said_failed: (p) =>
    `Trackops answered ${p.status} but said the ${p.op} failed: ${ended(p.said)} ` +
    (p.lookedUp
      ? `${p.seen}, so it was most likely not ${p.op === 'create' ? 'stored' : 'changed'}. `
      : `Whether it was ${p.op === 'create' ? 'stored' : 'changed'} could not be checked (${p.why}). `) +
    `It was not sent again, because a ${p.status} answer can mean it was: check ${p.op === 'create' ? 'Trackops for it' : `${p.request} in Trackops`}, ` +
    `and if ${p.op === 'create' ? 'it is' : 'the values are'} not there, ${p.redo ?? 'fix the row and import it again'}.`,
  done_though_said_failed: (p) =>
    `Trackops answered ${p.status} but said the ${p.op} failed: ${ended(p.said)} ` +
    `Yet ${p.seen}, so it is counted as ${p.op === 'create' ? 'created' : 'updated'}; check it in Trackops.`,
  answer_lacks_values: (p) =>
    `Trackops answered with ${p.request}, but it does not hold what this row sent (${p.which}): ` +
    `the server left ${p.count === 1 ? 'that value' : 'those values'} out or changed ${p.count === 1 ? 'it' : 'them'} without a word. ` +
    `The row counts as ${p.op === 'create' ? 'created' : 'updated'}; check ${p.request} in Trackops.`,
  // A write answered 2xx whose answer was cut (api/errors.ts AnswerCutError; batch/send-row.ts): never
  // sent again; an update read back, a create looked for.
  answer_cut: (p) =>
    p.op === 'update'
      ? `${p.cut}. It was not sent again: a ${p.status} says Trackops did it. ` +
        (p.which
          ? `Read back, ${p.request} does not hold what this row sent (${p.which}): someone may have changed it since, or the server did not store ${p.count === 1 ? 'that value' : 'those values'}. The row counts as updated; check ${p.request} in Trackops.`
          : `Read back, ${p.request} holds every value this row sets.`)
      : `${p.cut}. It was not sent again: a ${p.status} says Trackops created it. ` +
        (p.request
          ? `${p.request}, created since with this row's values, is taken to be it.`
          : `Trackops did not list a request with this row's values ${p.looks} later, so its number is not known: look it up in Trackops.`),
  // A write refused with 403 (batch/send-row.ts refusedWrite): not done, never in doubt, sent again by --resume.
  write_refused: (p, ways) =>
    `Trackops refused ${p.request ? `this update of ${p.request}` : 'this create'}${p.again ? ' again' : ''} (403 on ${p.where}): ${ended(p.said)} ` +
    `Nothing was ${p.request ? 'changed' : 'created'}. ` +
    (p.again
      ? `${capitalised(ways.earlierSend())} was refused the same way, and ${ways.resend()} sent the row again. `
      : '') +
    (p.pending
      ? refusalPending(p, ways)
      : !p.alone
        ? `The import stopped here (see its message); ${ways.sendAgain()} to send it.`
        : p.request
          ? `Other rows were written with the same credentials, so this is taken to be a refusal of ${p.request} alone: ` +
            `ask a Trackops admin for permission on ${p.request}, then ${ways.retryRefusedRow()}, which sends this row again. ` +
            refusedRowChanged(ways)
          : 'Other rows were written with the same credentials, so this tool guesses that Trackops refused something in this row ' +
            '(a value these credentials may not set), not the credentials: check the row with a Trackops admin. ' +
            `If permission is granted, ${ways.retryRefusedRow()}, which sends this row again. ` +
            refusedRowChanged(ways)),
  // A row an earlier run saw refused with 403 on its own, sent again by --resume and accepted (batch/runner.ts).
  sent_after_refusal: (_p, ways) =>
    `Trackops refused this row with 403 in ${ways.earlierSend()}; ${ways.resend()} sent it again, and Trackops accepted it.`,
  // A create answered with a request that existed before it was sent (batch/send-row.ts settleNotNew).
  answer_not_new: (p) =>
    `Trackops answered this create with ${p.request}, which ${p.why}: not a request this row created. ` +
    `${p.found}, created since with this row's values, is recorded as this row's create instead; check in Trackops that ${p.request} was not changed.`,
  // The same, with no request of the row's found since (send-row.ts ANSWERED_EXISTING).
  answered_existing: (p, ways) =>
    `Trackops answered this create with ${p.request}, which ${p.why}: not a request this row created. ` +
    `Trackops did not list a request with this row's values ${p.looks} after it was sent: the server may have returned a request it already held ` +
    `instead of creating a new one. The row counts as created, recorded with ${p.request} as answered, but is not known to be created by this import: ` +
    `${ways.undoOfImport()} leaves ${p.request} alone; check ${p.request} in Trackops before updating from these results.`,
  in_doubt: (p, ways) =>
    p.op === 'update'
      ? `may have been updated: its answer was lost or cut short, so whether it was is not known; ${ways.sendAgain()}, which reads the request back and compares it with this row before sending anything`
      : `may have been created: its answer was lost and its fate is not known yet; ${ways.sendAgain()}, which looks for it in Trackops before sending anything`,
  // Trackops answered the write, and the journal's file refused the line that records it (a full disk, a
  // folder that stopped taking writes: batch/journal-refused.ts). The run stopped there.
  answer_not_recorded: (p, ways) =>
    `${p.op === 'update' ? 'updated' : 'created'} (Trackops answered), but the journal could not record the answer, so for the journal the row is in doubt: ` +
    `${ways.sendAgain()}, which ${p.op === 'update' ? 'reads the request back and finds the update made' : 'finds this request in Trackops'} and does not send the row again`,
  not_sent: (p, ways) => `not sent: ${p.why}; ${ways.sendAgain()} to send it`,
  // A search Trackops refused with a 4xx (batch/search-failed.ts isRefusal): running again will not help.
  search_refused: (p, ways) =>
    `not sent: ${p.why}. This is a refusal, not an outage: ${ways.searchRefusedAgain()}`,
  // The run stopped before sending anything (batch/running-imports.ts): the same command, run again once
  // that import has finished, sends what it did not create (a journal with no send is not kept to resume).
  import_running: (p) =>
    `not sent: ${p.why}; run this import again once that one has finished (the rows it created are not sent again)`,
  limit: (p, ways) => `not sent: ${ways.trialEnded(Number(p.limit))}; ${ways.sendAgain()} to send it`,
  // A send of only the rows whose last send failed (batch/runner.ts `rows: 'failed'`): this row was not one.
  not_retried_now: () =>
    'not sent yet: this send tried again only the rows that had failed; sending the rest sends it',
  unchanged: () => 'not sent: Trackops already holds every value this row gives',
  // A dry run after an import of the same file (batch/created-earlier.ts): its key is in the account
  // because that import created it.
  already_sent: (p) =>
    `already sent: the earlier import of ${p.file}${p.at ? ` (${String(p.at).slice(0, 16).replace('T', ' ')} UTC)` : ''} created it` +
    `${p.request ? ` as ${p.request}` : ''}, as its journal records; nothing to fix, and an import of this file does not send it again`,
  // A row the journal says that import created whose cells, as the file holds them now, are refused
  // (batch/created-earlier.ts): the app's send went with a fix typed in the dry run (explore 11 item 3).
  // `unchecked`: the check could not read the account's lists (a resume without the run's
  // --reference-path, explore 26 item 3): that says nothing of what was sent, so no fix is blamed.
  // `changedSince`: the check found only that the request changed in Trackops after that run wrote it
  // (a colleague's edit between a stopped round trip and its resume): the send went with these cells.
  already_sent_file_differs: (p, _ways, words) =>
    p.unchecked
      ? `its values could not be checked now (${String(p.problems)}): the account's list could not be read, which says nothing against what was sent; ` +
        `it is in Trackops as the journal records, nothing to fix here${words.importSettingsAgain()}`
      : p.changedSince
        ? 'the request was changed in Trackops after an earlier run of this import wrote this row: that later change is kept, and this row is not sent again. ' +
          "If that change undid this row's edit, look at the request in Trackops and make the edit again"
        : `the file still holds values the check refuses (${String(p.problems)}): that send went with other values (a fix typed in the app, or before the account's lists changed); nothing to fix here`,
  // A resume (batch/earlier-sends.ts): a create in doubt not found at first, found after its wait.
  stored_late: (p) =>
    `found in Trackops after waiting for its earlier send: an earlier run of this journal sent this row at ${p.sent} and got no answer, ` +
    `and Trackops stored it late (it was not there when this run first looked, it was at ${p.looked}), so it was not sent again`,
  // A resume (batch/send-row.ts): an earlier run's update whose answer was lost, found in Trackops.
  applied_earlier: () =>
    'found applied by an earlier run of this import (its answer was lost): Trackops holds every value this row gives, so it was not sent again',
  // A results file fed back in (batch/earlier-results.ts): a row an earlier run wrote.
  already_done: (p) => {
    const request = p.request ? ` (${String(p.request)})` : '';
    const written =
      p.was === 'skipped'
        ? `its _status and _id columns say an earlier run wrote it${request}`
        : `its _status column says it was ${String(p.was)}${request} by the earlier run whose results this file holds`;
    // An update or upsert (explore63 #2): a change made in Trackops since that run, a colleague's or
    // a revert's, is what sending it again would overwrite; emptying the cell is a choice made per row.
    const onPurpose = p.overwrites
      ? ', since Trackops may hold a change made after that run (a correction, or a revert of it) that it would overwrite; ' +
        'to send a change to this row on purpose, empty its _status cell and import the file again'
      : '';
    return `not sent: ${written}; an import of this file does not send it again${onPurpose}`;
  },

  // The mapping against the sheet.
  missing_column: (p) =>
    `the column ${q(p.column)} is not in ${p.file}${p.sheet ? ` (sheet "${p.sheet}")` : ''}` +
    (p.closest
      ? `; the closest header is ${q(p.closest)}: if that is the column, rename it in the mapping`
      : ''),
} satisfies Record<string, Wording>;

/** "it" for one request named, "any of them" for several. */
function oneOrAny(found: unknown): string {
  return Array.isArray(found) && found.length === 1 ? 'it' : 'any of them';
}

export type ProblemCode = keyof typeof PROBLEM_WORDING;

/**
 * The codes whose words name a way out (ways-out.ts), said in the host's words: formatting one needs
 * the host's WaysOut (format.ts), so that no host is left with another's words. A code added to the
 * catalogue that asks for `ways` belongs here (test/problems/ways-out.test.ts holds every other
 * code to its words without them).
 */
export const WAY_OUT_CODES = [
  'write_refused',
  'sent_after_refusal',
  'in_doubt',
  'answer_not_recorded',
  'not_sent',
  'search_refused',
  'limit',
  'created_by_earlier_import',
  'earlier_create_several',
  'in_doubt_duplicate',
  'in_doubt_duplicate_unsure',
  'in_doubt_several',
  'edited_since_earlier_import',
  'possible_duplicate_in_account',
  'earlier_create_not_found',
  'in_doubt_created_twice',
  'earlier_create_replaced',
  'answered_existing',
  'match_not_found',
  'cut_by_excel',
  'edited_over_cell_limit',
  'spreadsheet_date_unread',
  'read_only_date_differs',
  'short_date_read',
  'spreadsheet_reformatted',
] as const satisfies readonly ProblemCode[];
export type WayOutCode = (typeof WAY_OUT_CODES)[number];
/** A code whose words name no way out: formatted without a host's words (the checks of a row's cells). */
export type PlainProblemCode = Exclude<ProblemCode, WayOutCode>;
