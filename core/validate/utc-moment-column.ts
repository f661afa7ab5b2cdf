/**
 * What a column's UTC moments are, read from the column rather than from one cell (explore 60 item 1):
 * a program that writes days as the moments they start writes every date of a column at the same clock
 * time in UTC (13:00Z for Sydney's midnight, 14:00Z in its winter: an hour apart for daylight saving),
 * while a column of timestamps (a loss at 9:30 AM, another at 4:15 PM) has times that differ row to
 * row. Taken one cell at a time, an afternoon timestamp on a quarter hour read as midnight somewhere
 * east and was imported a day late.
 *
 * Read per column from the rows of the batch in which the column's first UTC moment came (the check
 * streams: no second pass over the file; a batch is a decoded chunk, hundreds of rows or the whole of a
 * small file), and again with each later batch while it is still a guess (MomentReading). Midnight UTC itself (T00:00:00Z) is left out: it
 * names one day whoever wrote it, and programs write a date alone so whatever their zone.
 */
import type { Cell, SourceRow } from '../read/types.ts';
import { midnightOffset } from './zone-offsets.ts';
import { utcTimeOfDay } from './utc-time.ts';

export type MomentColumn =
  /**
   * Every UTC moment of the column is midnight in one zone in use (give or take its daylight saving), at
   * `offsets` (minutes east of UTC). `sure` when at least SURE_DAYS moments say so: two moments an hour
   * apart (23:00Z and 22:00Z) are as likely two times of day as one zone's midnights either side of its
   * daylight saving, so fewer are read so but said to be a guess (explore 60 follow-up).
   */
  | { kind: 'days'; offsets: readonly number[]; sure: boolean }
  /** Its moments' times of day differ from row to row: timestamps, not days. */
  | { kind: 'times' }
  /** One such moment only (or none to compare): each is read alone, and says it is a guess. */
  | { kind: 'alone' };

export const ALONE: MomentColumn = { kind: 'alone' };

/** How many midnights of one zone a column needs before its moments are taken as days without a "guess". */
export const SURE_DAYS = 3;

/** The rows being checked, shared by every column of a pass (validate-rows.ts sets them per batch). */
export interface CheckedRows {
  batch: readonly SourceRow[];
}

/** What a column's UTC moments have shown so far, added to batch by batch (MomentReading). */
export interface MomentEvidence {
  count: number;
  /** A moment that is no midnight of a zone in use, or of the zone the others are midnights of. */
  timeOfDay: boolean;
  /** The offsets whose midnights the moments are: one zone's, standard and daylight time. */
  offsets: number[];
  /**
   * The rows whose moments are counted: a row checked again (the app's fix, a recheck's batch) is not
   * counted twice. Only rows met before the reading settles, a handful, are held.
   */
  rows: Set<number>;
}

/**
 * A column's reading as one pass of the check keeps it: the evidence of the batches read so far, the
 * batch last added, and what they make. A reading that is still a guess (one moment, or a few
 * midnights) is read again with each new batch, so that a file whose first batch holds one moment is
 * not read one cell at a time to its end; a settled one is kept, and a later moment that is no midnight
 * of its zone says so on its row (zoned-date.ts) rather than being read under it silently.
 */
export interface MomentReading {
  evidence: MomentEvidence;
  batch: readonly SourceRow[] | null;
  column: MomentColumn;
}

/** The time after a date, up to a UTC zone ("…T14:30:00Z", "… 2:30 PM +00:00"), as TRAILING_TIME takes it. */
const UTC_TIME_AT_END =
  /(?:\s+|T)(\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?\s*(?:Z|[+-]00:?00))\s*$/;

/** A column's UTC moments among `rows`, at `index`: days, times, or one alone. */
export function readMomentColumn(rows: readonly SourceRow[], index: number): MomentColumn {
  return columnOf(
    gatherMoments(rows, index, { count: 0, timeOfDay: false, offsets: [], rows: new Set<number>() }),
  );
}

/**
 * The column's reading for the batch being checked (`rows`), adding that batch to what earlier batches
 * showed unless the reading is already settled.
 */
export function momentReadingFor(
  reading: MomentReading | null,
  rows: readonly SourceRow[],
  index: number,
): MomentReading {
  const state = reading ?? {
    evidence: { count: 0, timeOfDay: false, offsets: [], rows: new Set<number>() },
    batch: null,
    column: ALONE,
  };
  if (state.batch === rows || settled(state.column)) return state;
  state.batch = rows;
  state.column = columnOf(gatherMoments(rows, index, state.evidence));
  return state;
}

/** A reading no later batch can change: timestamps, or enough midnights of one zone. */
function settled(column: MomentColumn): boolean {
  return column.kind === 'times' || (column.kind === 'days' && column.sure);
}

/** Adds the UTC moments of `rows` at `index` to `evidence`; stops once they are known to be times. */
function gatherMoments(rows: readonly SourceRow[], index: number, evidence: MomentEvidence): MomentEvidence {
  for (const row of rows) {
    // Two moments, one of them a time of day: the column's times differ, whatever the rest hold.
    if (evidence.timeOfDay && evidence.count >= 2) break;
    const cell: Cell | undefined = row.cells[index];
    // Typed cells hold no zone, but for an ISO cell written in UTC (t="d", read/types.ts `utc`): only
    // text and those can be a UTC moment.
    let since: number | null;
    if (typeof cell === 'object' && cell !== null && cell.type === 'datetime' && cell.utc)
      since = utcTimeOfDay(`${cell.dateTime.slice(11)}Z`);
    else {
      if (typeof cell !== 'string' || cell.length < 10) continue;
      const time = UTC_TIME_AT_END.exec(cell);
      since = time ? utcTimeOfDay(time[1]!) : null;
    }
    if (since === null || since === 0 || evidence.rows.has(row.row)) continue;
    evidence.rows.add(row.row);
    evidence.count += 1;
    const offset = since % 60_000 === 0 ? midnightOffset(since / 60_000) : null;
    if (offset === null) evidence.timeOfDay = true;
    else if (!evidence.offsets.includes(offset)) {
      evidence.offsets.push(offset);
      if (!oneZone(evidence.offsets)) evidence.timeOfDay = true;
    }
  }
  return evidence;
}

/** What the evidence makes of the column. */
function columnOf(evidence: MomentEvidence): MomentColumn {
  if (evidence.count < 2) return ALONE;
  if (evidence.timeOfDay) return { kind: 'times' };
  return { kind: 'days', offsets: [...evidence.offsets], sure: evidence.count >= SURE_DAYS };
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
