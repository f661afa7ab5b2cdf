/**
 * The hidden metadata a round-trip workbook carries (sheet `_trackops_round_trip`, veryHidden), so that
 * an edited copy can come back as updates with no template: which column is which target, and for every
 * exported request its `id`, its `updated_at` at export time, and a short hash of each cell's value as
 * exported. Hashes rather than the values keep the sheet small and keep no second copy of personal data
 * (names, birthdays) hidden in the file; a hash is enough to tell which cells a person changed.
 *
 * Layout (version 1), one record per row, first cell the record kind:
 *   trackops-bulk round-trip | 1
 *   exported_at | 2025-04-01T10:00:00.000Z         started_at | 2025-04-01 09:59:58 (UTC, before page 1)
 *   server_started_at | 2025-04-01 09:51:40       (the same moment by the server's clock, when its answers
 *                                                  stated it: the round trip's conflict window starts there)
 *   stamp_zone_minutes | -300                      (only when the stamps were read in local time: stamp-zone.ts)
 *   account | https://acme.viewcases.com/api/v1 as jane
 *   data_sheets | ["Case Requests"]
 *   column | header | target | editable 1/0 | kind        (one per column, in order)
 *   row | id | updated_at | hash hash hash …              (one per request, hashes in column order)
 *   cut | id | column index | hash [hash] | length        (after its row: a text over Excel's cell limit)
 *
 * A `cut` record holds the hash of the text as Excel leaves it when it cuts a cell at 32,767 characters
 * (counted in UTF-16 units, as Excel counts; and in code points, as Python writers cut, when that
 * differs), so the import back can tell a value Excel shortened from one a person edited, and the
 * exported length (in UTF-16 units, as the export's note counts), so it can say what such an edit would
 * lose. Files written before the length was kept have none. A reader that does not know the record takes
 * it for a setting it never asks for.
 */
import { createHash } from 'node:crypto';
import { cellText } from '../read/cell-text.ts';
import { serialToDate } from '../read/serial-dates.ts';
import { asSpreadsheetShows } from '../read/spreadsheet-digits.ts';
import type { Cell } from '../read/types.ts';
import { ROUND_TRIP_SHEET } from '../read/round-trip-sheet.ts';
import type { ColumnKind, ExportCell, ExportColumn } from './types.ts';

export const META_SHEET = ROUND_TRIP_SHEET;
export const META_MARKER = 'trackops-bulk round-trip';
export const META_VERSION = 1;

export interface MetaColumn {
  header: string;
  target: string;
  editable: boolean;
  kind: ColumnKind;
}

export interface MetaRow {
  id: number;
  updatedAt: string;
  hashes: string[];
  /** By column index: the exported text over Excel's cell limit (`cut` records). */
  cut?: Map<number, CutCell>;
  /** By column index: the hash of an exported text holding a tab, its tabs left out (`tabs` records). */
  tabless?: Map<number, string>;
}

/** A cell whose exported text is over Excel's cell limit, as its `cut` record keeps it. */
export interface CutCell {
  /** The hashes of the text cut at the limit, as Excel and Python writers cut it. */
  hashes: string[];
  /** The exported text's length; null in a file written before the length was kept. */
  length: number | null;
}

/** Excel's limit on the characters of a cell; it cuts longer text when it opens or saves the file. */
export const EXCEL_CELL_LIMIT = 32_767;

export interface RoundTripMeta {
  version: number;
  exportedAt: string;
  /** When the export began listing, by this machine's clock (`YYYY-MM-DD HH:MM:SS`, UTC). */
  startedAt: string;
  /**
   * The same moment by the server's clock as its answers stated it (server-clock.ts), `YYYY-MM-DD
   * HH:MM:SS`; '' when none did, or in a file written before it was kept.
   */
  serverStartedAt: string;
  account: string;
  dataSheets: string[];
  columns: MetaColumn[];
  /**
   * The zone the export read Trackops' stamps in, in minutes ahead of UTC (core/api/stamp-zone.ts),
   * when it was not UTC: the rows' `updated_at` are UTC by it. Absent (0): read as UTC, the zone not
   * known or UTC. A round trip run once the zone is known compares them in the same frame.
   */
  stampZoneMinutes?: number;
}

/**
 * The text a cell's value compares as: the same rule on the export side and on the import side.
 * Numbers as a spreadsheet shows them (15 significant digits): a budget Trackops holds as
 * 0.30000000000000004 is exported exactly, but every Excel or LibreOffice save writes 0.3, which the
 * clerk cannot undo; the two are one value to the round trip, or that row's real edits could never be
 * sent (read/spreadsheet-digits.ts). Line breaks are one kind (`\r\n`, `\r` and `\n`): a spreadsheet
 * keeps a cell's line breaks as `\n` however Trackops holds them, which is no edit either (as the
 * journals' content digests count them: batch/fingerprint.ts contentOf). Numbers of up to 15 digits and text
 * without a `\r` hash as they did before these rules, so a file exported earlier reads back the same.
 */
export function canonicalText(cell: ExportCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(asSpreadsheetShows(cell));
  if (typeof cell === 'object') return 'date' in cell ? cell.date : cell.dateTime.replace('T', ' ');
  return oneKindOfBreak(cell.trim());
}

/**
 * A cell read back (core/read) as the canonical text of its column's kind: the same rule as
 * canonicalText. Numbers compare as the number stored (as a spreadsheet shows it), whatever the cell's
 * format shows; a date column's number (a serial typed over a date) as the day it is.
 */
export function canonicalCellText(cell: Cell, kind: ColumnKind): string {
  if (typeof cell === 'string') return oneKindOfBreak(cell.trim());
  if (typeof cell === 'number') {
    // Counted as Excel counts (1 = 1900-01-01, 60 its fictitious 1900-02-29), as the writer writes.
    const day = kind === 'date' ? serialToDate(cell, false) : null;
    const number = String(asSpreadsheetShows(cell));
    if (typeof day !== 'object' || day === null) return number;
    if (day.type === 'date') return day.date;
    return day.type === 'datetime' ? day.dateTime.slice(0, 10) : number;
  }
  if (cell === null || typeof cell === 'boolean') return cellText(cell);
  if (cell.type === 'number') return String(asSpreadsheetShows(cell.value));
  if (cell.type === 'datetime')
    return kind === 'date' ? cell.dateTime.slice(0, 10) : cell.dateTime.replace('T', ' ');
  return cellText(cell);
}

/** `\r\n` and a lone `\r` as `\n`. */
function oneKindOfBreak(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

export function valueHash(canonical: string): string {
  if (canonical === '') return '-';
  return createHash('sha256').update(canonical, 'utf8').digest('base64url').slice(0, 10);
}

export function headerRows(meta: RoundTripMeta): (string | number)[][] {
  return [
    [META_MARKER, META_VERSION],
    ['exported_at', meta.exportedAt],
    ['started_at', meta.startedAt],
    ...(meta.serverStartedAt ? [['server_started_at', meta.serverStartedAt]] : []),
    ...(meta.stampZoneMinutes ? [['stamp_zone_minutes', meta.stampZoneMinutes]] : []),
    ['account', meta.account],
    ['data_sheets', JSON.stringify(meta.dataSheets)],
    ...meta.columns.map((column) => [
      'column',
      column.header,
      column.target,
      column.editable ? 1 : 0,
      column.kind,
    ]),
  ];
}

export function rowRecord(id: number, updatedAt: string, cells: ExportCell[]): (string | number)[] {
  return ['row', id, updatedAt, cells.map((cell) => valueHash(canonicalText(cell))).join(' ')];
}

/** The `cut` records of a request's cells longer than Excel's cell limit (see the layout above). */
export function cutRecords(id: number, cells: ExportCell[]): (string | number)[][] {
  const records: (string | number)[][] = [];
  cells.forEach((cell, index) => {
    if (typeof cell !== 'string' || cell.length <= EXCEL_CELL_LIMIT) return;
    const units = valueHash(canonicalText(cell.slice(0, EXCEL_CELL_LIMIT)));
    const points = valueHash(canonicalText(Array.from(cell).slice(0, EXCEL_CELL_LIMIT).join('')));
    records.push(['cut', id, index, units === points ? units : `${units} ${points}`, cell.length]);
  });
  return records;
}

/**
 * The `tabs` records of a request's text cells holding a tab: ['tabs', id, column index, hash of the text
 * without its tabs]. LibreOffice drops a tab from a cell when a copy it keeps as .ods is saved back as
 * .xlsx (a plain or an inline string alike), so the round trip takes that text for the exported one.
 * A reader that predates the record ignores it.
 */
export function tablessRecords(id: number, cells: ExportCell[]): (string | number)[][] {
  const records: (string | number)[][] = [];
  cells.forEach((cell, index) => {
    if (typeof cell !== 'string' || !cell.includes('\t')) return;
    records.push(['tabs', id, index, valueHash(canonicalText(cell.replaceAll('\t', '')))]);
  });
  return records;
}

export function metaColumnsOf(columns: ExportColumn[]): MetaColumn[] {
  return columns.map((column) => ({
    header: column.header,
    target: column.target ?? column.header,
    editable: column.editable ?? false,
    kind: column.kind,
  }));
}
