/**
 * What an export could not show, or showed other than its column's type, said beside the file (CLI,
 * app). First, a listing whose requests carried no custom fields at all, on an account that defines some. API-NOTES Known: only some list endpoints
 * honour `expand_field_values`; a list may leave custom fields out altogether. Then the columns built
 * from the account's fields are empty, and an empty column reads as "no value": in a round trip, a value
 * typed there would be sent over one the file could not show. The check is free (the records are here).
 */
import type { AccountReference } from '../account/reference.ts';
import type { ColumnPreset, ExportColumn, ExportStats } from './types.ts';
import type { OverLimitCell } from './xlsx-writer.ts';
import { EXCEL_CELL_LIMIT } from './round-trip-meta.ts';
import { thousands } from '../thousands.ts';

export function exportNotes(
  reference: AccountReference,
  stats: ExportStats,
  columns: ExportColumn[],
  preset: ColumnPreset,
  format: 'xlsx' | 'csv' = 'xlsx',
): string[] {
  return [
    ...noCustomFields(reference, stats, columns, preset),
    ...writtenAsGiven(stats, columns),
    ...noUpdatedAt(stats, preset, format),
    ...unwritableLeftOut(stats, preset),
  ];
}

/**
 * Control characters (a bell, a vertical tab: pasted from old systems) cannot be in an XLSX (XML 1.0
 * forbids them; Excel calls such a file damaged), and the CSV holds the same cells: they are left out of
 * the file (record-values.ts cleanText), and said, so the file is not taken as Trackops's text exactly.
 * A round trip compares a cell with the export's own value, so such a cell left alone is no edit.
 */
function unwritableLeftOut(stats: ExportStats, preset: ColumnPreset): string[] {
  const { count, first } = stats.unwritable;
  if (count === 0) return [];
  const more = count > first.length ? `, and ${thousands(count - first.length)} more` : '';
  const one = count === 1;
  return [
    `${one ? '1 request holds' : `${thousands(count)} requests hold`} invisible control characters ` +
      `(a vertical tab, a bell: pasted from other systems) that a spreadsheet cannot hold: ` +
      `${first.join(', ')}${more}. This file leaves them out; Trackops keeps them.` +
      (preset === 'round-trip'
        ? ' An import of this file leaves such a cell as Trackops holds it unless you edit it; an edited cell is sent without them.'
        : ''),
  ];
}

/**
 * Text longer than Excel keeps in a cell (32,767 characters) is written whole, but Excel cuts it when it
 * opens the file, and a copy saved from Excel holds only the start. Said with the cells, so the reader
 * knows which values the sheet does not show whole; the CSV export keeps them. A round trip refuses a
 * value cut so (round-trip-import.ts), rather than sending the start over the whole text.
 */
export function overLimitWords(
  overLimit: { first: OverLimitCell[]; count: number },
  preset: ColumnPreset,
): string | null {
  if (overLimit.count === 0) return null;
  const cells = overLimit.first
    .map((found) => `${found.header} in ${found.sheet} ${found.cell} (${thousands(found.length)} characters)`)
    .join(', ');
  const more =
    overLimit.count > overLimit.first.length ? `, and ${overLimit.count - overLimit.first.length} more` : '';
  const one = overLimit.count === 1;
  return (
    `${one ? '1 cell holds' : `${thousands(overLimit.count)} cells hold`} more than the ` +
    `${thousands(EXCEL_CELL_LIMIT)} characters Excel keeps in a cell: ${cells}${more}. ` +
    `Excel cuts ${one ? 'it' : 'them'} to the first ${thousands(EXCEL_CELL_LIMIT)} characters when it opens the file; ` +
    `read or edit such values in the CSV export, which keeps them whole.` +
    (preset === 'round-trip'
      ? ' An import of this file takes such a cell as Excel cuts it as unedited, and refuses any edit of it (edit it in Trackops or in a CSV export).'
      : '')
  );
}

/**
 * A round trip tells a change made in Trackops since the export by the request's `updated_at`. A server
 * that gives none (report repro-09): the XLSX keeps a hash of every cell, so the import compares values
 * instead (one read per edited request); a CSV keeps nothing, so nothing can tell, and it says so.
 */
function noUpdatedAt(stats: ExportStats, preset: ColumnPreset, format: 'xlsx' | 'csv'): string[] {
  if (preset !== 'round-trip' || stats.withoutUpdatedAt === 0) return [];
  const some =
    stats.withoutUpdatedAt === stats.records
      ? 'Trackops gives no updated_at'
      : `Trackops gives no updated_at for ${thousands(stats.withoutUpdatedAt)} of the ${thousands(stats.records)} requests`;
  return [
    format === 'csv'
      ? `${some}: changes made in Trackops since the export cannot be detected when this CSV is imported back, and would be overwritten. Export to .xlsx for a round trip.`
      : `${some}: changes made in Trackops since the export cannot be told by it; the import back reads each edited request and compares its values with the export's instead, and sends no field that changed.`,
  ];
}

/**
 * One note per typed column (a number, a date) holding values Trackops gave in a form not read as that
 * type (" 1 500 ", "soon"): written as given, as text, rather than left blank, and said here, so a
 * blank is never mistaken for "none" and a text cell in a number column is not a surprise.
 */
function writtenAsGiven(stats: ExportStats, columns: ExportColumn[]): string[] {
  const notes: string[] = [];
  for (const column of columns) {
    if (column.kind === 'text') continue;
    const field = /^custom_fields\.(\d+)$/.exec(column.key);
    const kind = column.kind === 'date' ? 'date' : column.kind === 'datetime' ? 'date-time' : 'number';
    const key = field ? `${column.key}:${kind === 'number' ? 'number' : 'date'}` : column.key;
    const seen = stats.asGiven.get(key);
    if (!seen) continue;
    const values = seen.count === 1 ? '1 value' : `${thousands(seen.count)} values`;
    notes.push(
      `${column.header}: ${values} Trackops gave could not be read as a ${kind} (such as "${shortened(seen.example)}"), ` +
        `so ${seen.count === 1 ? 'it is' : 'they are'} written as given, as text.`,
    );
  }
  return notes;
}

function noCustomFields(
  reference: AccountReference,
  stats: ExportStats,
  columns: ExportColumn[],
  preset: ColumnPreset,
): string[] {
  const defined = reference.fields.filter((field) => field.use === 'case').length;
  if (stats.records === 0 || stats.customFieldsCarried > 0 || defined === 0) return [];
  const shown = columns.filter((column) => column.key.startsWith('custom_fields.')).length;
  const requests = stats.records === 1 ? 'the 1 request' : `the ${thousands(stats.records)} requests`;
  const where =
    shown > 0 ? `their ${shown} column${shown === 1 ? ' is' : 's are'} empty` : 'no column shows them';
  const warning =
    preset === 'round-trip' && shown > 0
      ? ' Do not type into those columns: a value there would be sent over one this file could not show.'
      : '';
  return [
    `None of ${requests} Trackops listed carried custom fields, though the account defines ${defined}: ${where}. ` +
      `This account's list may leave them out; check a request in Trackops before relying on those columns.${warning}`,
  ];
}

function shortened(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > 40 ? `${line.slice(0, 40)}…` : line;
}
