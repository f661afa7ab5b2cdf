/**
 * Which sheet of a workbook a mapping that names none is read from (explore 64 items 2 and 5). The
 * reader's default, the first visible sheet with data, was read without a word: a second sheet of
 * referrals under the same header was never mentioned (half the referrals left out of a run that
 * looked complete), and a cover sheet first (Apple Numbers' "Export Summary") was read and the clerk told
 * to rename every column of a working template.
 *
 * A mapping knows the columns it reads, so they decide, not `map`'s scoring of headers against the
 * account's fields (core/suggest/choose-sheet.ts, which the app's sheet step uses before any mapping is
 * chosen): the first sheet is read when it holds every mapped column, else the first visible sheet
 * that does (a guess, said with how to pin it). Which sheet was read, why, and every other sheet that
 * holds the mapped columns (with its rows and the --sheet that reads it) is said in the sheet's
 * `guesses`, whenever the workbook has more than one visible sheet.
 */
import type { Mapping } from '../mapping/schema.ts';
import { listSheets, openSheet } from '../read/open-sheet.ts';
import { SheetReadError } from '../read/sheet-read-error.ts';
import type { ByteSource, ReadOptions, SheetInfo, SheetSource } from '../read/types.ts';
import { fitsMapping, mappedHeaderBelow } from './header-row-below.ts';

/** Rows counted in another sheet that fits: enough to say how many it holds, bounded for a huge one. */
const COUNTED_ROWS = 1000;

interface OtherSheet {
  info: SheetInfo;
  rows: number;
  moreRows: boolean;
}

/**
 * The sheet read for a mapping without a header row given: the header found in each file (or the row
 * just below it that holds the mapped columns: header-row-below.ts), the sheet as above when none is
 * given. `flag`: the command has --header-row.
 */
export async function openForMapping(
  source: ByteSource,
  mapping: Mapping,
  options: ReadOptions,
  flag: boolean,
): Promise<SheetSource> {
  const sheetGiven = options.sheet !== undefined && options.sheet !== '';
  if (sheetGiven) return openFitting(source, mapping, options, flag);
  let first: SheetSource | null = null;
  let failure: SheetReadError | null = null;
  try {
    first = await openFitting(source, mapping, options, flag);
  } catch (error) {
    // A cover sheet may have no header at all: another sheet may still hold the referrals.
    if (!(error instanceof SheetReadError)) throw error;
    failure = error;
  }
  if (first !== null && first.format === 'csv') return first;
  const infos = first !== null ? first.sheets : await sheetsOrNone(source);
  const visible = infos.filter((info) => !info.hidden);
  if (visible.length <= 1) {
    if (first !== null) return first;
    throw failure!;
  }
  const firstFits = first !== null && fitsMapping(mapping, first);
  let chosen: SheetSource | null = firstFits ? first : null;
  const others: OtherSheet[] = [];
  for (const info of visible) {
    if (first !== null && info.name === first.sheet) continue;
    const sheet = await openFitting(source, mapping, { ...options, sheet: info.position }, flag).catch(
      (error: unknown) => {
        if (error instanceof SheetReadError) return null;
        throw error;
      },
    );
    if (sheet === null || !fitsMapping(mapping, sheet)) continue;
    if (chosen === null) {
      chosen = sheet;
      continue;
    }
    others.push({ info, ...(await countRows(sheet)) });
  }
  if (chosen === null) {
    // No sheet holds the mapped columns: the first is refused as before, naming what it lacks.
    if (first !== null) return first;
    throw failure!;
  }
  const note = firstFits
    ? firstSheetNote(chosen, visible.length)
    : otherSheetNote(chosen, first?.sheet ?? defaultName(infos), visible.length);
  chosen.guesses = [note + othersNote(others, flag), ...(chosen.guesses ?? [])];
  return chosen;
}

/** The sheet opened as given; when its detected header lacks a mapped column, a row just below tried. */
async function openFitting(
  source: ByteSource,
  mapping: Mapping,
  options: ReadOptions,
  flag: boolean,
): Promise<SheetSource> {
  const sheet = await openSheet(source, options);
  if (fitsMapping(mapping, sheet)) return sheet;
  return (await mappedHeaderBelow(source, sheet, mapping, options, flag)) ?? sheet;
}

async function sheetsOrNone(source: ByteSource): Promise<SheetInfo[]> {
  return listSheets(source).catch((error: unknown) => {
    if (error instanceof SheetReadError) return [];
    throw error;
  });
}

async function countRows(sheet: SheetSource): Promise<{ rows: number; moreRows: boolean }> {
  let rows = 0;
  for await (const row of sheet.rows()) {
    void row;
    if (rows === COUNTED_ROWS) return { rows, moreRows: true };
    rows++;
  }
  return { rows, moreRows: false };
}

function defaultName(infos: SheetInfo[]): string {
  return (infos.find((info) => !info.hidden) ?? infos[0])?.name ?? '';
}

function position(sheet: SheetSource): string {
  const at = sheet.sheets.find((info) => info.name === sheet.sheet)?.position;
  return at === undefined ? '' : ` (sheet ${at} of ${sheet.sheets.length})`;
}

function firstSheetNote(sheet: SheetSource, visible: number): string {
  return (
    `read sheet "${sheet.sheet}"${position(sheet)}: the mapping names no sheet, and it is the first of the ` +
    `workbook's ${visible} visible sheets that holds data.`
  );
}

function otherSheetNote(sheet: SheetSource, firstName: string, visible: number): string {
  return (
    `read sheet "${sheet.sheet}"${position(sheet)}, a guess: the mapping names no sheet, and the first of the ` +
    `workbook's ${visible} visible sheets, "${firstName}", lacks the columns the mapping names, which this one ` +
    `holds. To read this sheet without a guess, give --sheet "${sheet.sheet}" (or set "sheet" in the mapping's "source").`
  );
}

/**
 * `flag` (the command has --header-row) tells validate from import: an import's journal is the file's,
 * and records this run, so the other sheet's import needs one of its own (else it is refused as this
 * run's unfinished resume).
 */
function othersNote(others: OtherSheet[], flag: boolean): string {
  if (others.length === 0) return '';
  const named = others.map(
    ({ info, rows, moreRows }) =>
      `"${info.name}" (sheet ${info.position}, ${rows}${moreRows ? '+' : ''} ${rows === 1 && !moreRows ? 'row' : 'rows'})`,
  );
  const one = others.length === 1;
  return (
    ` ${one ? 'Sheet' : 'Sheets'} ${named.join(', ')} also ${one ? 'has' : 'have'} every column the mapping names ` +
    `and ${one ? 'was' : 'were'} not read: one sheet is read per run; to read ${one ? 'it' : 'one'}, give ` +
    `--sheet ${one ? `"${others[0]!.info.name}"` : 'NAME'}` +
    (flag ? '.' : " and a --journal of its own (the journal beside the file records this sheet's run).")
  );
}
