/**
 * Where a round trip's check for requests changed since the export starts (`updated_from` of its one
 * `mode=count`; round-trip-import.ts): when the export *began listing*, by the server's clock, less the
 * reconcile's margin.
 *
 * Why the start and not the end (explore 25 item 2): a long export reads its first pages minutes before
 * its last; a colleague's change to a request on an early page, made while later pages were read, is
 * not in the file, and a window from the export's end left it out: the row was sent over it. Why the
 * server's clock (item 1): the window is compared with the server's `updated_at`; a PC a few minutes
 * fast put it after the colleague's change.
 *
 * A file says its start by the server's clock (`server_started_at`) when the export saw the server's
 * Date header; the window starts at the earlier of that and this computer's start, so a wrong header
 * (a proxy stating its own time) widens it, never narrows it. An older file (or one from a server that states no time) has only this computer's clock:
 * `started_at`, or before that `exported_at` (the end of the listing). That time is widened by the
 * difference measured now when this computer is ahead (server-clock.ts `earliestMillisAt`), and what
 * was assumed is said.
 *
 * While the zone Trackops stamps in is not known (stamp-zone.ts unknownZoneHours: nothing this computer
 * saw shows it), the window starts 12 hours earlier still: a server stamping local time west of UTC
 * reads `updated_from` as its local time, hours late, and the count saw no colleague's change (the
 * clerk's edit was sent over it). The requests it then lists are compared one by one by their
 * `updated_at` with the file's, which needs no zone; the cost, on a server stamping UTC as documented,
 * is a listing (or reads) of what changed in the 12 hours before the export, once per computer.
 */
import { earliestMillisAt, type ServerClock } from '../api/server-clock.ts';
import {
  startedForUnknownZone,
  unknownZoneHours,
  unknownZoneWords,
  type StampZone,
} from '../api/stamp-zone.ts';
import { RECONCILE_MARGIN_SECONDS, utcMillis, utcTimestamp } from '../batch/reconcile.ts';
import type { RoundTripMeta } from './round-trip-meta.ts';

export interface ConflictWindow {
  /** `updated_from`, `YYYY-MM-DD HH:MM:SS` UTC. */
  updatedFrom: string;
  /** What was assumed, in words; null when the file gave the start by the server's clock. */
  guess: string | null;
}

/** Null when the file gives no time to start from (each edited request is then read). */
export function conflictWindow(
  meta: Pick<RoundTripMeta, 'serverStartedAt' | 'startedAt' | 'exportedAt'>,
  clock: ServerClock | undefined,
  zone?: Pick<StampZone, 'learnt'>,
): ConflictWindow | null {
  const window = byClock(meta, clock);
  if (window === null || unknownZoneHours(zone) === 0) return window;
  const words = unknownZoneWords('the check for requests changed in Trackops since the export');
  return {
    updatedFrom: startedForUnknownZone(window.updatedFrom, zone),
    guess: window.guess === null ? words : `${window.guess}. ${words}`,
  };
}

/** The window by the clocks alone: the export's start, less the margin (see the top). */
function byClock(
  meta: Pick<RoundTripMeta, 'serverStartedAt' | 'startedAt' | 'exportedAt'>,
  clock: ServerClock | undefined,
): ConflictWindow | null {
  const margin = RECONCILE_MARGIN_SECONDS * 1000;
  const minutes = RECONCILE_MARGIN_SECONDS / 60;
  const server = utcMillis(meta.serverStartedAt);
  const started = utcMillis(meta.startedAt);
  // The earlier of the two clocks (explore 28): a Date header a proxy states wrong, ahead, must not
  // start the window after a colleague's change, any more than a PC's fast clock may.
  if (server !== null)
    return {
      updatedFrom: utcTimestamp(new Date(Math.min(server, started ?? server) - margin)),
      guess: null,
    };
  const ended = Date.parse(meta.exportedAt);
  const local = started ?? (Number.isNaN(ended) ? null : ended);
  if (local === null) return null;
  const from = earliestMillisAt(local, clock);
  const what =
    started !== null
      ? `when the export began (${utcTimestamp(new Date(local))} UTC)`
      : `when the export finished (${utcTimestamp(new Date(local))} UTC; the file does not say when it began, so a change made while it was still listing may be missed)`;
  const clockWords =
    from < local
      ? "this computer's clock is ahead of Trackops' now, so the window starts that much earlier, assuming it was as far off then"
      : `the window assumes this computer's clock and Trackops' differed by less than ${minutes} minutes then`;
  return {
    updatedFrom: utcTimestamp(new Date(from - margin)),
    guess:
      `this round-trip file says ${what} by this computer's clock only, not Trackops' (made by an earlier version, or Trackops did not state its time); ` +
      `changes made in Trackops since then are looked for from ${minutes} minutes before it: ${clockWords}`,
  };
}
