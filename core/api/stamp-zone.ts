/**
 * The zone a server's timestamps without a zone are really in, as its own answers show it.
 *
 * API-NOTES (Known, from the reference): every timestamp, in filters and answers, is UTC. A server
 * that writes its local time instead (a PHP back end set to the office's zone, a database column in
 * local time) breaks every window the tool searches by time, and west of UTC it breaks them silently:
 * "entered since 14:55 UTC" is read as 14:55 local, hours in its future, so a resume's search for its
 * own create in doubt found nothing and the row was created twice, and every create's answer looked
 * hours old ("not new"). East of UTC the stamps only look ahead of the clock (list-all.ts says so).
 *
 * What shows the zone: a write's answer. A request just created (or changed) is stamped when it is
 * written, moments before the answer's Date header (HTTP dates are always GMT, RFC 9110 §5.6.7), so the
 * stamp less that header is the zone's offset, to within those moments. Learnt once per connection, on
 * the first write whose stamp is that fresh in UTC (confirmed: nothing changes) or in a whole zone
 * (a multiple of 15 minutes, within ±14 hours); a stamp that is neither (an old request a server
 * answered with instead of creating one) teaches nothing. From then on the client reads stamps without
 * a zone as that zone's and sends its time filters in it, so that everything above it sees UTC.
 * A stamp that states its zone is read as stated, whatever was learnt.
 */

import { utcText } from './read-values.ts';

/** How the zone was learnt, for the run's words. */
export interface StampZoneLearnt {
  /** Minutes the server's stamps are ahead of UTC: −300 for local time at UTC−05:00; 0 confirmed UTC. */
  offsetMinutes: number;
  /** The answer it was learnt from, in words: "the answer to POST case/requests (REQ-00153)". */
  from: string;
  /** That answer's request, whose journal outcome keeps what was learnt (core/batch/send-row.ts). */
  id?: number;
  /** The stamp as the server wrote it, and its Date header then (UTC "YYYY-MM-DD HH:MM:SS"). */
  stamp: string;
  clock: string;
}

/**
 * Where this computer remembers an account's zone (ConnectionSettings.zoneMemory; stamp-zone-memory.ts
 * reads and writes it): the folder, and the account as journals record it.
 */
export interface StampZoneMemory {
  /** stampZonesFolder(runLocksFolder(…)). */
  folder: string;
  /** The account (JournalBinding.account: the API base normalised). */
  account: string;
}

export interface StampZone {
  /** 0 (UTC, as documented) until a write's answer showed otherwise. */
  readonly offsetMinutes: number;
  /** Null while nothing was learnt (UTC assumed, as documented). */
  readonly learnt: StampZoneLearnt | null;
  /** Whether a write of this connection showed the zone (else `learnt` is what an earlier run saw, or null). */
  readonly observed: boolean;
  /**
   * Learns from a write's answer: `stamp` its record's created_at (a create) or updated_at (an update),
   * as written, `serverMillis` its Date header. Only the first telling answer counts; it replaces what
   * an earlier run saw (`assume`), since the server may have been set right (or wrong) since.
   */
  observeWrite(stamp: unknown, serverMillis: number | undefined, from: string, id?: number): void;
  /**
   * Learns from a read's record that the server does not stamp west of UTC (provesNotWest): taken as
   * UTC until a write shows the zone, since east of UTC a window read as local time only starts early.
   * Only while nothing is known; `onObserved` is told, so this computer remembers it.
   */
  observeRead(stamp: unknown, serverMillis: number | undefined, from: string): void;
  /** Takes what an earlier run saw on the same account (its journal, this computer's memory), until a write shows it. */
  assume(learnt: StampZoneLearnt): void;
}

/** `onObserved`: told once, when a write of this connection shows the zone (stamp-zone-memory.ts keeps it). */
export function createStampZone(onObserved?: (learnt: StampZoneLearnt) => void): StampZone {
  let learnt: StampZoneLearnt | null = null;
  let observed = false;
  return {
    get offsetMinutes() {
      return learnt?.offsetMinutes ?? 0;
    },
    get learnt() {
      return learnt;
    },
    get observed() {
      return observed;
    },
    observeWrite(stamp, serverMillis, from, id) {
      if (observed || serverMillis === undefined || typeof stamp !== 'string') return;
      const offsetMinutes = zoneOfFreshStamp(stamp, serverMillis);
      if (offsetMinutes === null) return;
      observed = true;
      learnt = {
        offsetMinutes,
        from,
        ...(id === undefined ? {} : { id }),
        stamp: stamp.trim(),
        clock: utcText(new Date(serverMillis)),
      };
      onObserved?.(learnt);
    },
    observeRead(stamp, serverMillis, from) {
      if (learnt !== null || serverMillis === undefined || typeof stamp !== 'string') return;
      if (!provesNotWest(stamp, serverMillis)) return;
      const clock = utcText(new Date(serverMillis));
      learnt = {
        offsetMinutes: 0,
        from: `${from}, stamped ${stamp.trim()} when Trackops' clock said ${clock} UTC, which no server stamping local time west of UTC could write`,
        stamp: stamp.trim(),
        clock,
      };
      onObserved?.(learnt);
    },
    assume(earlier) {
      if (!observed) learnt ??= earlier;
    },
  };
}

const ZONELESS = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?$/;
/** How long before its answer's Date header a write's stamp may be taken (a slow save, a queue). */
const STAMP_BEFORE_ANSWER_MS = 30_000;
/** How far after it: the header's whole seconds are cut, not rounded. */
const STAMP_AFTER_ANSWER_MS = 2_000;
const QUARTER_HOUR_MS = 15 * 60_000;
/** The widest offsets zones have (UTC−12:00 to UTC+14:00). */
const WIDEST_ZONE_MS = 14 * 3600_000;

/**
 * The zone (minutes ahead of UTC) a zoneless `stamp`, taken when a write was stored, is in, given the
 * answer's Date header: 0 when it is UTC, a whole quarter hour when it is local time, null when it is
 * not that fresh in any zone (or states its own zone: nothing to learn).
 */
export function zoneOfFreshStamp(stamp: string, serverMillis: number): number | null {
  const asUtc = zonelessMillis(stamp, 0);
  if (asUtc === null) return null;
  const difference = asUtc - serverMillis;
  const zone = Math.round(difference / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
  if (Math.abs(zone) > WIDEST_ZONE_MS) return null;
  const off = difference - zone;
  if (off < -STAMP_BEFORE_ANSWER_MS || off > STAMP_AFTER_ANSWER_MS) return null;
  // `|| 0`: a stamp a moment before the header rounds to −0 quarters, and UTC is 0.
  return zone / 60_000 || 0;
}

/**
 * A zoneless stamp the server wrote (`YYYY-MM-DD HH:MM:SS` or ISO without a zone) as the UTC instant it
 * is, in milliseconds, by the learnt zone; null when it is not zoneless.
 */
export function zonelessMillis(text: string, offsetMinutes: number): number | null {
  const plain = ZONELESS.exec(text.trim());
  if (!plain) return null;
  const millis = Date.parse(`${plain[1]}T${plain[2]}Z`);
  return Number.isNaN(millis) ? null : millis - offsetMinutes * 60_000;
}

/**
 * How far before the server's clock a stamp read as UTC may lie and still prove the server does not
 * stamp west of UTC: the nearest zone west is UTC−01:00, less 15 minutes for a database whose clock is
 * not quite its web server's.
 */
const NOT_WEST_WITHIN_MS = 45 * 60_000;

/** How far after the server's clock such a stamp may lie (a database clock a little ahead). */
const NOT_WEST_AHEAD_MS = 60_000;

/**
 * Whether a zoneless stamp a read answered with (a record's updated_at) is too fresh for a server
 * stamping local time west of UTC: read as UTC, it lies less than 45 minutes before the answer's Date
 * header. West of UTC, every stamp lies at least an hour before. Not a stamp further ahead than a
 * minute: a request stamped in the server's future (imported with a wrong stamp, a clock set wrong
 * once) shows nothing about the zone; east of UTC a write tells it.
 */
export function provesNotWest(stamp: string, serverMillis: number): boolean {
  const asUtc = zonelessMillis(stamp, 0);
  return (
    asUtc !== null && asUtc > serverMillis - NOT_WEST_WITHIN_MS && asUtc <= serverMillis + NOT_WEST_AHEAD_MS
  );
}

/** The widest zone west of UTC (UTC−12:00), in hours. */
export const WIDEST_WEST_HOURS = 12;

/**
 * Hours a window searched by time (a round trip's check, `--since-last`) starts earlier because the
 * zone the server stamps in is not known: no write of this connection showed it, no read proved it is
 * not west of UTC, and no earlier run on this computer saw either. West of UTC, such a server reads the
 * window's UTC start as its local time, hours late, and a colleague's change made since would be
 * missed; 12 hours covers every zone. 0 once known, or for a connection that reads no zone (`zone`
 * undefined: an in-memory API).
 */
export function unknownZoneHours(zone: Pick<StampZone, 'learnt'> | undefined): number {
  return zone !== undefined && zone.learnt === null ? WIDEST_WEST_HOURS : 0;
}

/**
 * `updatedFrom` (UTC "YYYY-MM-DD HH:MM:SS", a window's start) started `unknownZoneHours(zone)` earlier:
 * as given once the zone is known. The one place the round trip's check and `--since-last` widen.
 */
export function startedForUnknownZone(
  updatedFrom: string,
  zone: Pick<StampZone, 'learnt'> | undefined,
): string {
  const hours = unknownZoneHours(zone);
  const millis = hours === 0 ? null : zonelessMillis(updatedFrom, 0);
  return millis === null ? updatedFrom : utcText(new Date(millis - hours * 3600_000));
}

/** In words, why a window starts `unknownZoneHours` earlier: what it costs and what ends it. */
export function unknownZoneWords(window: string): string {
  return (
    `Trackops' reference says its times are UTC, but no write or recent change seen from this computer has shown it for this account yet, ` +
    `and a server stamping local time west of UTC would read ${window} hours late; so it starts ${WIDEST_WEST_HOURS} hours earlier (the widest zone west of UTC), ` +
    `which only looks at more requests. Once a write of this tool (or a request changed in the last 45 minutes) shows how Trackops stamps, this computer remembers it`
  );
}

/** The system time filters, which the server reads in the zone it stamps in. */
export const SYSTEM_TIME_FILTERS = ['created_from_system', 'created_to_system', 'updated_from', 'updated_to'];

/**
 * A time filter's value (UTC "YYYY-MM-DD HH:MM:SS", as the tool writes them) as the server reads it:
 * in its zone. A date alone is left as given (a clerk's day is the office's day either way).
 */
export function filterInZone(value: string, offsetMinutes: number): string {
  if (offsetMinutes === 0) return value;
  const millis = zonelessMillis(value, -offsetMinutes);
  return millis === null ? value : utcText(new Date(millis));
}

/** "UTC−05:00", "UTC+05:30": the zone, as clocks name it. */
export function zoneName(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '−' : '+';
  const minutes = Math.abs(offsetMinutes);
  return `UTC${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** In words, a zone learnt that is not UTC: what the server does and what the tool did about it. */
export function stampZoneWords(learnt: StampZoneLearnt | null): string | null {
  if (learnt === null || learnt.offsetMinutes === 0) return null;
  const hours = Math.abs(learnt.offsetMinutes) / 60;
  const amount = Number.isInteger(hours)
    ? `${hours} hour${hours === 1 ? '' : 's'}`
    : `${Math.abs(learnt.offsetMinutes)} minutes`;
  return (
    `Trackops stamps its requests in local time, ${amount} ${learnt.offsetMinutes < 0 ? 'behind' : 'ahead of'} UTC (${zoneName(learnt.offsetMinutes)}), ` +
    `though its reference says UTC: ${learnt.from} was stamped ${learnt.stamp} when Trackops' clock said ${learnt.clock} UTC. ` +
    `The tool read its stamps and sent its time filters in that zone from then on, so its searches by time look where the server stores them; ` +
    `times in this run's results and reports are UTC`
  );
}

/** The run's note on the zone (stampZoneWords), as a list of none or one: summaries' `searchNotes` open with it. */
export function stampZoneNotes(zone: Pick<StampZone, 'learnt'> | undefined): string[] {
  const words = stampZoneWords(zone?.learnt ?? null);
  return words === null ? [] : [words];
}
