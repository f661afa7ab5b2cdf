/**
 * "Since last export" (issue 18 point 3; CONTRACTS section 1 `export --since-last`): export the requests
 * updated since the last such export of the same connection, column preset and filters, through the
 * list's `updated_from` filter. Each host keeps an `ExportHistory` with the connection (the CLI in a
 * small file, the app with its profile); this file holds its versioned shape and the window rules, so
 * both hosts apply them alike.
 *
 * The rules, and why:
 * - A window starts where the previous one *began listing*, not where it finished: a request updated
 *   while the previous export was paging may or may not be in it, so it must be in the next one.
 * - By the server's clock: the previous export's start as the server's answers stated it (their Date
 *   header, core/api/server-clock.ts), since the window is compared with the server's `updated_at`. A PC
 *   a few minutes fast had its window start after a colleague's change, which no export then held
 *   (explore 25 item 1). An entry kept without it (an older version, a server that states no time) is
 *   taken by our clock, widened by the difference measured now when ours is ahead, and that guess said.
 * - Less a margin (SINCE_LAST_MARGIN_SECONDS), as the reconcile step does: for what the Date header
 *   cannot tell (its whole seconds, a server whose database clock is not its web server's). The cost: a
 *   request updated in those minutes may be in two consecutive exports, never in none.
 * - A window is recorded only after its file is complete (the host calls `withExport` then), so a
 *   failed or cancelled export does not move the next window on.
 * - Scope: connection (base URL + user), column preset *and the other filters as given*. The contract
 *   names connection and preset; with the filters left out, a weekly "region A" export would start the
 *   next "region B" one after it and silently skip B's changes in between.
 * - 12 hours earlier still while the zone Trackops stamps in is not known (no write or recent change
 *   seen from this computer: stamp-zone.ts unknownZoneHours): a server stamping local time west of UTC
 *   reads `updated_from` as its local time, and the hours after the previous export were in no file.
 *   Those 12 hours' changes are then in two exports; said.
 * - No earlier export in scope: everything the other filters match is exported, and the host says so
 *   (a clerk starting a "what changed" routine needs that baseline first; refusing would only make them
 *   run a second command to get it).
 */
import { z } from 'zod';
import { accountKey } from '../api/account-key.ts';
import { earliestMillisAt, type ServerClock } from '../api/server-clock.ts';
import {
  startedForUnknownZone,
  unknownZoneHours,
  unknownZoneWords,
  type StampZone,
} from '../api/stamp-zone.ts';
import { InputError } from '../errors.ts';
import { schemaIssueWords } from '../schema-issue-words.ts';
import { isIdFilter } from './filters.ts';
import { COLUMN_PRESETS, type ColumnPreset } from './types.ts';

export const EXPORT_HISTORY_VERSION = 1;
const KIND = 'trackops-bulk export history';

/** Seconds a window reaches back before the previous export began: generous, as the server's clock may differ from ours. */
export const SINCE_LAST_MARGIN_SECONDS = 300;

/** What makes two exports "the same" for since-last. */
export interface SinceLastScope {
  /** The account's API base URL (or a stable name for the built-in sandbox, whose port changes). */
  account: string;
  user: string;
  preset: ColumnPreset;
  /** The other filters as the person gave them (updated_from/updated_to are the window's own). */
  filters: Record<string, string | number | undefined>;
}

export interface ExportHistoryEntry {
  account: string;
  user: string;
  preset: ColumnPreset;
  /** The scope's filters, canonical: sorted, as text, empty ones dropped. */
  filters: Record<string, string>;
  /** When the export began listing, by our clock (ISO, UTC). */
  startedAt: string;
  /**
   * The same moment by the server's clock, as its answers stated it (ISO, UTC): the next window starts
   * here less the margin. Absent in entries of older versions, or when the server stated no time.
   */
  serverStartedAt?: string;
  /** The window's start this export used (`YYYY-MM-DD HH:MM:SS`, UTC); null: the first, everything. */
  updatedFrom: string | null;
  rows: number;
  /** Where the file went (a path, or the file name the app offered), for the messages. */
  file: string;
}

export interface ExportHistory {
  version: typeof EXPORT_HISTORY_VERSION;
  kind: typeof KIND;
  exports: ExportHistoryEntry[];
}

/** The window one since-last export covers: `updated_from` and what it came from. */
export interface SinceLastWindow {
  /** `YYYY-MM-DD HH:MM:SS` UTC for `updated_from`; null when there is no earlier export (everything). */
  updatedFrom: string | null;
  /**
   * When the previous export began (ISO, UTC), by the server's clock when it was known then (see
   * `guessed`); null on first use.
   */
  previousStartedAt: string | null;
  /**
   * Words saying what was assumed, when the previous export's start was known by our clock only (the
   * host says them beside the export); null when the window stands on the server's clock, or on first use.
   */
  guessed: string | null;
  /** Where the previous export went, for messages. */
  previousFile: string | null;
  marginSeconds: number;
  /**
   * Hours the window starts earlier still because the zone Trackops stamps in is not known yet
   * (stamp-zone.ts unknownZoneHours), 0 when known; `zoneGuess` says why, for the host to say beside
   * the export (null when 0).
   */
  zoneHours: number;
  zoneGuess: string | null;
}

const entrySchema = z.object({
  account: z.string(),
  user: z.string(),
  preset: z.enum(COLUMN_PRESETS),
  filters: z.record(z.string(), z.string()),
  startedAt: z.iso.datetime(),
  serverStartedAt: z.iso.datetime().optional(),
  updatedFrom: z.string().nullable(),
  rows: z.number().int().nonnegative(),
  file: z.string(),
});
const historySchema = z.object({
  version: z.literal(EXPORT_HISTORY_VERSION),
  kind: z.literal(KIND),
  exports: z.array(entrySchema),
});

export function emptyExportHistory(): ExportHistory {
  return { version: EXPORT_HISTORY_VERSION, kind: KIND, exports: [] };
}

/** An export history read from a file or a profile; InputError naming what is wrong and what to do. */
export function parseExportHistory(raw: unknown, source: string): ExportHistory {
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > EXPORT_HISTORY_VERSION)
    throw new InputError(
      'export_history_too_new',
      `${source} was written by a newer trackops-bulk (export history version ${version}); update this tool`,
    );
  const parsed = historySchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.') || 'the whole file';
    throw new InputError(
      'export_history_invalid',
      `${source} is not an export history written by trackops-bulk (${where} ${schemaIssueWords(issue, raw)}); ` +
        `rename or delete it: the next --since-last export then exports everything again`,
    );
  }
  return parsed.data as ExportHistory;
}

/** A since-last export takes its start from the history: an `updated_from` or `updated_to` of its own is refused. */
export function sinceLastConflict(filters: Record<string, unknown>): 'updated_from' | 'updated_to' | null {
  const given = (name: string) => filters[name] !== undefined && String(filters[name]).trim() !== '';
  if (given('updated_from')) return 'updated_from';
  if (given('updated_to')) return 'updated_to';
  return null;
}

/** The last recorded export in this scope, or null. */
export function lastExportOf(history: ExportHistory, scope: SinceLastScope): ExportHistoryEntry | null {
  const filters = canonicalFilters(scope.filters);
  return history.exports.find((entry) => sameScope(entry, scope, filters)) ?? null;
}

/**
 * The window of the next since-last export in this scope (see the rules at the top). `clock`: the
 * connection's, once an answer has stated the server's time (used only for an entry kept without it).
 */
export function sinceLastWindow(
  history: ExportHistory,
  scope: SinceLastScope,
  clock?: ServerClock,
  zone?: Pick<StampZone, 'learnt'>,
): SinceLastWindow {
  const window = windowByClock(history, scope, clock);
  const zoneHours = unknownZoneHours(zone);
  if (window.updatedFrom === null || zoneHours === 0) return window;
  return {
    ...window,
    updatedFrom: startedForUnknownZone(window.updatedFrom, zone),
    zoneHours,
    zoneGuess: `${unknownZoneWords('the window')}; requests changed in those hours may be in the previous export too`,
  };
}

/** The window by the clocks alone (the rules at the top, but the zone's). */
function windowByClock(history: ExportHistory, scope: SinceLastScope, clock?: ServerClock): SinceLastWindow {
  const previous = lastExportOf(history, scope);
  const unwidened = { zoneHours: 0, zoneGuess: null };
  if (!previous)
    return {
      updatedFrom: null,
      previousStartedAt: null,
      previousFile: null,
      marginSeconds: SINCE_LAST_MARGIN_SECONDS,
      guessed: null,
      ...unwidened,
    };
  const margin = SINCE_LAST_MARGIN_SECONDS * 1000;
  if (previous.serverStartedAt) {
    // The earlier of the two clocks (explore 28): a Date header a proxy states wrong, ahead, left a
    // change made just after the previous export out of every later one.
    const server = Date.parse(previous.serverStartedAt);
    const local = Date.parse(previous.startedAt);
    const start = Number.isNaN(local) ? server : Math.min(server, local);
    return {
      updatedFrom: utcTimestamp(new Date(start - margin)),
      previousStartedAt: new Date(start).toISOString(),
      previousFile: previous.file,
      marginSeconds: SINCE_LAST_MARGIN_SECONDS,
      guessed: null,
      ...unwidened,
    };
  }
  const local = Date.parse(previous.startedAt);
  const start = earliestMillisAt(local, clock);
  const stamp = utcTimestamp(new Date(local));
  return {
    updatedFrom: utcTimestamp(new Date(start - margin)),
    previousStartedAt: new Date(start).toISOString(),
    previousFile: previous.file,
    marginSeconds: SINCE_LAST_MARGIN_SECONDS,
    ...unwidened,
    guessed:
      start < local
        ? `the previous export's start (${stamp} UTC) was kept by this computer's clock only, which is now ahead of Trackops'; the window starts that much earlier, assuming the clock was as far off then`
        : `the previous export's start (${stamp} UTC) was kept by this computer's clock only, not Trackops' (an earlier version, or Trackops did not state its time); the window assumes the two clocks differed by less than ${SINCE_LAST_MARGIN_SECONDS / 60} minutes then`,
  };
}

/**
 * The history with this export as the scope's last one (replacing the earlier entry). Call it only once
 * the file is complete: this is what moves the next window on.
 */
export function withExport(
  history: ExportHistory,
  scope: SinceLastScope,
  done: {
    startedAt: string;
    serverStartedAt: string | null;
    updatedFrom: string | null;
    rows: number;
    file: string;
  },
): ExportHistory {
  const filters = canonicalFilters(scope.filters);
  const entry: ExportHistoryEntry = {
    account: scope.account,
    user: scope.user,
    preset: scope.preset,
    filters,
    startedAt: done.startedAt,
    ...(done.serverStartedAt ? { serverStartedAt: done.serverStartedAt } : {}),
    updatedFrom: done.updatedFrom,
    rows: done.rows,
    file: done.file,
  };
  const others = history.exports.filter((existing) => !sameScope(existing, scope, filters));
  return { ...history, exports: [...others, entry] };
}

/** "YYYY-MM-DD HH:MM:SS" in UTC, as the API writes and filters its system timestamps. */
export function utcTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * One account however its address was typed (`localhost` or `127.0.0.1`, a trailing slash, the host's
 * case): keyed as the journals are (core/api/account-key.ts), or a clerk who typed the address another
 * way got a full export where the last one's window was meant. Entries keep the address as typed.
 */
function sameAccount(kept: string, now: string): boolean {
  return (accountKey(kept) ?? kept) === (accountKey(now) ?? now);
}

function sameScope(
  entry: ExportHistoryEntry,
  scope: SinceLastScope,
  filters: Record<string, string>,
): boolean {
  return (
    sameAccount(entry.account, scope.account) &&
    entry.user === scope.user &&
    entry.preset === scope.preset &&
    JSON.stringify(entry.filters) === JSON.stringify(filters)
  );
}

/**
 * Sorted by name, values as trimmed text, ids without leading zeros ("05" filters on the same request
 * as "5"), empty ones and the window's own filters left out. Other values stay as typed: "-7d" is the
 * same weekly scope every week, and "007" is not "7" in a reference value.
 */
function canonicalFilters(filters: SinceLastScope['filters']): Record<string, string> {
  const entries = Object.entries(filters)
    .filter(([name]) => name !== 'updated_from' && name !== 'updated_to')
    .map(([name, value]): [string, string] => [name, canonicalValue(name, value)])
    .filter(([, value]) => value !== '')
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

function canonicalValue(name: string, value: string | number | undefined): string {
  const text = value === undefined ? '' : String(value).trim();
  return isIdFilter(name) && /^\d+$/.test(text) ? text.replace(/^0+(?=\d)/, '') : text;
}
