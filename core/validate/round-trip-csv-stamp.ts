/**
 * A round-trip CSV's `updated_at` against the request as Trackops holds it now. The CSV keeps no hashes
 * of what was exported (only a round-trip .xlsx does), so a row whose stored values differ from the
 * file's was sent as an edit, and a colleague's change made in Trackops since the export was put back
 * as exported, on every such row, silently. But each row carries the stamp the export wrote: a request
 * whose `updated_at` is later than the file's changed since the export, and its row is a conflict, not
 * sent. Used by the dry run's plan and by the send, on the record each already reads or lists: no
 * request of its own.
 *
 * Reading the file's stamp: as the export wrote it (`2026-06-30 10:48:17`), or as a spreadsheet saved it
 * again (Excel: `6/30/2026 10:48`, to the minute, in the order the file's dates prove: several readings
 * when none does). A stamp kept to the minute cannot tell a change made within that minute: the
 * request is taken as unchanged when its stamp lies within it, and the row says that is a guess. A stamp
 * that reads as no date and time (cleared, typed over) cannot tell anything: the row is refused, the
 * safe side.
 *
 * The frame: both stamps are the client's UTC reading of what Trackops wrote (api/read-values.ts). A
 * server that stamps local time is read in its zone once a write showed it (api/stamp-zone.ts), which
 * may be after the export (or during this very import), so the two can be read in frames hours apart.
 * The row's `created_at`, which never changes, shows that shift: the file's against the record's, a
 * whole number of quarter hours, is taken off before comparing.
 */
import type { CaseRequestRecord } from '../api/types.ts';
import { provenOrder, shortDateReadings, type FileDayOrder } from '../mapping/spreadsheet-dates.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';

/** The stamps a round-trip CSV's row carries, as their cells' text. */
export interface ExportStamps {
  updatedAt: string;
  /** Null when the file has no `created_at` column. */
  createdAt: string | null;
}

/** A moment a cell can be: its start (UTC milliseconds) and how much it leaves out (1 s or 1 min). */
interface Reading {
  at: number;
  span: number;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const SECONDS = /\d{1,2}:\d{2}:(\d{2})(?:\.\d+)?(?:\s*[AaPp]\.?[Mm]\.?)?$/;
const QUARTER_HOUR = 15 * 60_000;

/** The moments a stamp cell can be (several: a short form whose day order the file does not prove). */
function readingsOf(text: string, order: FileDayOrder | undefined): Reading[] {
  const value = text.trim();
  const iso = ISO.exec(value);
  if (iso) {
    const at = Date.UTC(+iso[1]!, +iso[2]! - 1, +iso[3]!, +iso[4]!, +iso[5]!, iso[6] ? +iso[6] : 0);
    return Number.isNaN(at) ? [] : [{ at, span: iso[6] ? 1000 : 60_000 }];
  }
  const seconds = SECONDS.exec(value);
  return shortDateReadings(value, provenOrder(order)).flatMap((reading) => {
    if (reading.time === null) return [];
    const [hours, minutes] = reading.time.split(':').map(Number) as [number, number];
    const [y, m, d] = reading.iso.split('-').map(Number) as [number, number, number];
    const at = Date.UTC(y, m - 1, d, hours, minutes, seconds ? +seconds[1]! : 0);
    return [{ at, span: seconds ? 1000 : 60_000 }];
  });
}

/** A stamp the client read (UTC `YYYY-MM-DD HH:MM:SS`) as milliseconds; null when none or unread. */
function storedAt(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const iso = ISO.exec(value.trim());
  if (!iso) return null;
  return Date.UTC(+iso[1]!, +iso[2]! - 1, +iso[3]!, +iso[4]!, +iso[5]!, iso[6] ? +iso[6] : 0);
}

/**
 * How far the file's stamps are from the record's frame (milliseconds to add to the file's), by the
 * row's created_at: 0 when it cannot tell, or when the two agree.
 */
function frameShift(
  stamps: ExportStamps,
  record: CaseRequestRecord,
  order: FileDayOrder | undefined,
): number {
  const created = storedAt(record.created_at);
  if (created === null || stamps.createdAt === null) return 0;
  const readings = readingsOf(stamps.createdAt, order);
  if (readings.length !== 1) return 0;
  const { at, span } = readings[0]!;
  const shift = Math.round((created - at) / QUARTER_HOUR) * QUARTER_HOUR;
  // Within the cell's precision of a whole number of quarter hours (a zone), within ±14 hours.
  const fits = created - (at + shift) >= 0 && created - (at + shift) < span;
  return fits && Math.abs(shift) <= 14 * 60 * 60_000 ? shift : 0;
}

/** What the stamps say of a row that would change its request. */
export type StampVerdict =
  { kind: 'same' } | { kind: 'guess'; note: Problem } | { kind: 'refused'; problem: Problem };

/**
 * Whether `record` changed since the export wrote the row's stamps. `refused`: a conflict (its stamp is
 * later), or a stamp that cannot be read or is earlier than the file's (a thing this tool did not
 * expect): the row is not sent. `guess`: taken as unchanged, a stamp kept to the minute.
 */
export function exportStampVerdict(
  row: number,
  stamps: ExportStamps,
  record: CaseRequestRecord,
  order: FileDayOrder | undefined,
): StampVerdict {
  const now = storedAt(record.updated_at);
  const text = stamps.updatedAt.trim();
  // A server that gives no updated_at: nothing to go by, as before (docs/export.md says so).
  if (now === null && text === '') return { kind: 'same' };
  const request = record.case_request_number ?? `request ${record.id}`;
  const fields = {
    row,
    label: 'updated_at',
    target: 'updated_at',
    value: stamps.updatedAt,
    request,
    id: record.id,
    current: typeof record.updated_at === 'string' ? record.updated_at : '',
  };
  const shift = frameShift(stamps, record, order);
  const readings = readingsOf(text, order).map((reading) => ({ ...reading, at: reading.at + shift }));
  if (now === null || readings.length === 0) {
    const given = now === null ? 'none-now' : text === '' ? 'empty' : 'unread';
    return { kind: 'refused', problem: problem('export_stamp_unread', { ...fields, given }) };
  }
  const within = readings.find((reading) => now >= reading.at && now < reading.at + reading.span);
  if (within)
    return within.span === 1000 && readings.length === 1
      ? { kind: 'same' }
      : {
          kind: 'guess',
          note: problem('export_stamp_guess', {
            ...fields,
            minute: within.span > 1000,
            orders: readings.length,
          }),
        };
  const earliest = Math.min(...readings.map((reading) => reading.at));
  // A stamp earlier than the export's: it never goes back, so the file's stamp is not what the export wrote.
  if (now < earliest)
    return { kind: 'refused', problem: problem('export_stamp_unread', { ...fields, given: 'later' }) };
  return { kind: 'refused', problem: problem('conflict', { ...fields, since: 'csv' }) };
}
