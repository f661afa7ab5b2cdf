/**
 * Another import of this file running now on another computer, told by the account alone (explore 26
 * item 1, two clerks): each PC keeps its own journals and locks, so neither sees the other's. The second
 * run's plan found 20 of the file's claim numbers created seconds before ("2 requests were added while
 * the list was read"), went on, and created the other 20 while the first run was creating them too.
 *
 * The sign: the plan found several of this file's keys (two or more) held by requests created in the
 * last minutes, and the file's other keys are still being added. Keys created minutes ago alone are
 * not enough: a trial of the first rows just finished, then the rest, is the ordinary way to work. So
 * the account is looked at once more before the first send, after a short wait (three times the pace
 * of those recent creates, 2 to 30 s: the time the other run takes for a few rows): requests created
 * since the newest of them (the server's own clock, so no clock difference matters) that hold another of
 * this file's keys mean an import of the file is running now, and this run stops before it sends
 * anything. A false alarm costs the clerk a wait and the same command again (the check passes once
 * nothing more of the file is being added, and what was added meanwhile is then a duplicate, not sent);
 * a missed one costs requests created twice that the API cannot delete. So a likely concurrent import
 * stops the run, and there is no flag to go on past it: running again later is the way on.
 *
 * Costs nothing unless the plan found such recent keys; then a wait and one listing (two requests).
 * An import slower than one row in 30 s is not seen; nor one that started after this look.
 *
 * "Recent" compares the records' created_at with this computer's clock, so it needs the zone the server
 * stamps in. While nothing seen from this computer has shown it (stamp-zone.ts), a server stamping
 * local time west of UTC makes keys created seconds ago read hours old, and the look never started: a
 * second import of the file at once on such a server was not stopped. So, until the zone is known,
 * keys created in the last 12 hours (the widest zone west) count as recent, and the wait says so. That
 * costs a wait and two requests only where others created two of the file's keys that day, on a
 * computer that has seen no fresh stamp of the account yet (the other import's rows, minutes old, show
 * an honest server's zone in the plan's own listing, so they alone never widen it).
 */
import { unknownZoneHours, type StampZone } from '../api/stamp-zone.ts';
import type { CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import type { KeyField } from '../validate/find-existing.ts';
import { requestName } from './record-identity.ts';
import { RECONCILE_MARGIN_SECONDS, utcMillis, utcTimestamp } from './reconcile.ts';
import { ImportRunningError } from './running-imports.ts';
import { listHeard, type SearchesMet } from './searches-met.ts';

/** Keys created within this long before the plan (plus the clock margin) are "recent". */
export const RECENT_SECONDS = 600;
/** The shortest and longest wait before the second look. */
export const LOOK_AGAIN_MS = { least: 2_000, most: 30_000 };

/** The wait before the second look, as a host says it. */
export interface LookAgainWait {
  /** Whole seconds of the wait. */
  seconds: number;
  /** How many of the file's keys the plan found created in the last minutes. */
  recentKeys: number;
  /** Hours "recent" reached back because the server's zone is not known here yet (0 when known). */
  widenedHours?: number;
}

export interface KeysBeingAdded {
  /** The file's keys the plan found created recently, with the requests holding them. */
  recent: CaseRequestRecord[];
  /** The file's keys added since the newest of those, found by the second look. */
  added: CaseRequestRecord[];
  /** Whether `recent` was told in a zone not known yet (its stamps as the server wrote them). */
  zoneUnknown?: boolean;
}

/**
 * The file's keys being added by someone else now, or null when nothing says so. `held`: the records
 * the plan found for the file's keys; `wanted`: the keys of the rows this run would create.
 */
export async function keysBeingAdded(
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests'>,
  keyField: KeyField,
  held: CaseRequestRecord[],
  wanted: ReadonlySet<string>,
  options: {
    now: () => number;
    signal?: AbortSignal;
    waitMs?: (planned: number) => number;
    /**
     * Told before the wait, so the host can say it while it lasts (explore 30 item 3: up to 30 s of
     * silence before the first row, on the command line and in the app alike).
     */
    onWait?: (wait: LookAgainWait) => void;
    /** The run's tally of what its searches met (searches-met.ts). */
    met?: SearchesMet;
    /** The key as the clerk knows it ("Claim Number"), for the words said when the look cannot tell. */
    label?: string;
    /** The zone the connection reads stamps in; while unknown, "recent" reaches back 12 hours. */
    zone?: Pick<StampZone, 'learnt'>;
  },
): Promise<KeysBeingAdded | null> {
  if (wanted.size === 0) return null;
  const widenedHours = unknownZoneHours(options.zone);
  const since = options.now() - (RECENT_SECONDS + RECONCILE_MARGIN_SECONDS) * 1000 - widenedHours * 3600_000;
  const recent = held
    .filter((record) => (utcMillis(record.created_at) ?? -Infinity) >= since)
    .sort((a, b) => (utcMillis(a.created_at) ?? 0) - (utcMillis(b.created_at) ?? 0));
  const recentKeys = new Set(recent.map((record) => keyOf(record, keyField)));
  if (recentKeys.size < 2) {
    // Requests whose created_at cannot be read may be recent or not: the look cannot tell, and says so
    // (before, it passed in silence, as if nothing were being added).
    const unstamped = new Set(
      held.filter((record) => utcMillis(record.created_at) === null).map((record) => keyOf(record, keyField)),
    );
    if (recentKeys.size + unstamped.size >= 2)
      options.met?.said('keys-being-added', couldNotTellWords(unstamped.size, options.label ?? keyField));
    return null;
  }
  const first = utcMillis(recent[0]!.created_at)!;
  const newest = utcMillis(recent.at(-1)!.created_at)!;
  const pace = (newest - first) / (recent.length - 1);
  const planned = Math.min(LOOK_AGAIN_MS.most, Math.max(LOOK_AGAIN_MS.least, 3 * pace));
  const waitMs = options.waitMs ? options.waitMs(planned) : planned;
  options.onWait?.({
    seconds: Math.ceil(waitMs / 1000),
    recentKeys: recentKeys.size,
    ...(widenedHours > 0 ? { widenedHours } : {}),
  });
  await wait(waitMs, options.signal);
  const known = new Set(held.map((record) => record.id));
  const added: CaseRequestRecord[] = [];
  // A second before the newest: timestamps are whole seconds, and ids the plan saw are passed over.
  const filters = { created_from_system: utcTimestamp(new Date(newest - 1000)) };
  for await (const page of listHeard(
    api,
    filters,
    options.signal ? { signal: options.signal } : {},
    options.met,
    'keys-being-added',
  ))
    for (const record of page)
      if (
        !known.has(record.id) &&
        wanted.has(keyOf(record, keyField)) &&
        !enteredBefore(record, newest - 1000)
      )
        added.push(record);
  if (added.length === 0) return null;
  return widenedHours > 0 ? { recent, added, zoneUnknown: true } : { recent, added };
}

/**
 * Whether the record says it was entered before `millis`: an old request a server that ignores
 * `created_from_system` gives all the same (one this computer's earlier import created, so not among
 * the plan's `held`), never a key "being added". One without a readable created_at is not known old.
 */
function enteredBefore(record: CaseRequestRecord, millis: number): boolean {
  const at = utcMillis(record.created_at);
  return at !== null && at < millis;
}

/** The look cannot tell: "12 of this file's Claim Numbers are held by requests whose records give no created_at…". */
function couldNotTellWords(keys: number, label: string): string {
  return (
    `The look for another import of this file adding its rows now could not tell: ${keys} of this file's ${label}s ` +
    'are held in Trackops by requests whose records give no created_at the tool can read, so whether they were ' +
    'created in the last minutes is not known, and another import of this file running now on another computer ' +
    'would not be seen. Make sure no one else is importing this file'
  );
}

/**
 * The wait in words, for the CLI's progress line and the app's send screen: what it waits for and how
 * long. `label` names the key ("Claim Number").
 */
export function lookAgainWords(wait: LookAgainWait, label: string): string {
  const when = wait.widenedHours
    ? `in the last ${wait.widenedHours} hours as far as this computer can tell (it has not seen yet whether Trackops stamps in UTC, ` +
      `as its reference says, or in a local time up to ${wait.widenedHours} hours behind)`
    : 'in the last minutes';
  return (
    `waiting ${wait.seconds} s before sending anything: ${wait.recentKeys} of this file's ${label}s were created in Trackops ` +
    `${when}, not by an import on this computer, so Trackops is looked at again for another import of this file running now`
  );
}

/** What the run says when this file's keys are being added now; `label` names the key ("Claim Number"). */
export function keysBeingAddedError(
  found: KeysBeingAdded,
  keyField: KeyField,
  label: string,
): ImportRunningError {
  const names = (records: CaseRequestRecord[]) => {
    const shown = records.slice(0, 3).map((record) => `${keyOf(record, keyField)} (${requestName(record)})`);
    return records.length > 3 ? `${shown.join(', ')} and ${records.length - 3} more` : shown.join(', ');
  };
  const { recent, added } = found;
  const from = recent[0]!.created_at;
  const to = recent.at(-1)!.created_at;
  return new ImportRunningError(
    `another import of this file into this account seems to be running now (on another computer, or another person's desktop app): ` +
      `Trackops holds ${recent.length} of its rows' ${label}s created between ${from} and ${to} ` +
      `${found.zoneUnknown ? '(as Trackops stamped them, in a zone not known yet)' : 'UTC'} (${names(recent)}), ` +
      `and ${added.length} more were added while this import looked again, a few seconds later (${names(added)}). ` +
      'Nothing was sent: two imports of the same rows at once would each create the rows the other has not reached yet. ' +
      `Wait for the other import to finish, then start this import again: the rows it created are then duplicates, not sent. ` +
      `If no import is running (colleagues are typing these claims in), start it again once they are done: this check stops a run only while the file's ${label}s are still being added`,
    `another import of this file seems to be running now (${label}s of its rows are being added to Trackops)`,
  );
}

function keyOf(record: CaseRequestRecord, keyField: KeyField): string {
  const value = record[keyField];
  return value === null || value === undefined ? '' : String(value).trim();
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(done, ms);
    function done() {
      signal?.removeEventListener('abort', stop);
      resolve();
    }
    function stop() {
      clearTimeout(timer);
      reject(signal!.reason);
    }
    signal?.addEventListener('abort', stop, { once: true });
  });
}
