/**
 * What a column's UTC moments are, read from the column rather than from one cell (explore 60 item 1):
 * a program that writes days as the moments they start writes every date of a column at the same clock
 * time in UTC (13:00Z for Sydney's midnight, 14:00Z in its winter: an hour apart for daylight saving),
 * while a column of timestamps (a loss at 9:30 AM, another at 4:15 PM) has times that differ row to
 * row. Taken one cell at a time, an afternoon timestamp on a quarter hour read as midnight somewhere
 * east and was imported a day late.
 *
 * Read once per column, from the rows of the batch in which the column's first UTC moment came (the
 * check streams: no second pass over the file; a batch is a decoded chunk, hundreds of rows or the whole
 * of a small file), and kept for the rest of the pass. Midnight UTC itself (T00:00:00Z) is left out: it
 * names one day whoever wrote it, and programs write a date alone so whatever their zone.
 */
import type { Cell, SourceRow } from '../read/types.ts';
import { midnightOffset } from './zone-offsets.ts';
import { utcTimeOfDay } from './utc-time.ts';

export type MomentColumn =
  /** Every UTC moment of the column is midnight in one zone in use (give or take its daylight saving). */
  | { kind: 'days' }
  /** Its moments' times of day differ from row to row: timestamps, not days. */
  | { kind: 'times' }
  /** One such moment only (or none to compare): each is read alone, and says it is a guess. */
  | { kind: 'alone' };

export const ALONE: MomentColumn = { kind: 'alone' };

/** The rows being checked, shared by every column of a pass (validate-rows.ts sets them per batch). */
export interface CheckedRows {
  batch: readonly SourceRow[];
}

/** The time after a date, up to a UTC zone ("…T14:30:00Z", "… 2:30 PM +00:00"), as TRAILING_TIME takes it. */
const UTC_TIME_AT_END =
  /(?:\s+|T)(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]00:?00))\s*$/;

/** A column's UTC moments among `rows`, at `index`: days, times, or one alone. */
export function readMomentColumn(rows: readonly SourceRow[], index: number): MomentColumn {
  let count = 0;
  /** A moment that is no midnight of a zone in use, or of the zone the others are midnights of. */
  let timeOfDay = false;
  /** The offsets whose midnights the moments are: one zone's, standard and daylight time. */
  const offsets: number[] = [];
  for (const row of rows) {
    const cell: Cell | undefined = row.cells[index];
    // Typed cells hold no zone: only text can be a UTC moment.
    if (typeof cell !== 'string' || cell.length < 10) continue;
    const time = UTC_TIME_AT_END.exec(cell);
    const since = time ? utcTimeOfDay(time[1]!) : null;
    if (since === null || since === 0) continue;
    count += 1;
    const offset = since % 60_000 === 0 ? midnightOffset(since / 60_000) : null;
    if (offset === null) timeOfDay = true;
    else if (!offsets.includes(offset)) {
      offsets.push(offset);
      if (!oneZone(offsets)) timeOfDay = true;
    }
    // Two moments, one of them a time of day: the column's times differ, whatever the rest hold.
    if (timeOfDay && count >= 2) return { kind: 'times' };
  }
  return count >= 2 ? { kind: 'days' } : ALONE;
}

/**
 * Whether midnights at these offsets can be one zone's: one offset, or two a daylight-saving shift apart
 * (an hour; half an hour at Lord Howe, UTC+10:30 and +11:00). 14:30Z and 15:00Z beside each other are
 * two times of day, not a zone's midnights.
 */
function oneZone(offsets: readonly number[]): boolean {
  if (offsets.length === 1) return true;
  if (offsets.length > 2) return false;
  const apart = Math.abs(offsets[0]! - offsets[1]!);
  return apart === 60 || (apart === 30 && Math.min(offsets[0]!, offsets[1]!) === 630);
}
