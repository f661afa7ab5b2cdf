/**
 * Which of two states of one run is the newer: the one a progress event brought, or the one a verb's
 * answer brought. They travel apart (in a browser, the event stream and each call are separate
 * connections), so they arrive in either order: a dry run done before its start call's answer was read
 * had its last event dropped (its run not known yet) and stayed "checking" for good; a Cancel answered
 * "cancelling" after the "cancelled" event had come put the send back to "cancelling" for good. Main
 * numbers its events (`seq`) and tells each answer how many came before its handler ran
 * (`eventsBefore`): an event numbered above that is newer than the answer, one at or below it older.
 */
import type { ProgressEvent } from '../../main/bridge/contract.ts';

type Kind = ProgressEvent['kind'];
type PayloadOf<K extends Kind> = K extends 'dryRun'
  ? Extract<ProgressEvent, { kind: 'dryRun' }>['summary']
  : K extends 'import'
    ? Extract<ProgressEvent, { kind: 'import' }>['status']
    : K extends 'export'
      ? Extract<ProgressEvent, { kind: 'export' }>['status']
      : K extends 'revert'
        ? Extract<ProgressEvent, { kind: 'revert' }>['view']
        : Extract<ProgressEvent, { kind: 'reading' }>['reading'];

/** An answer's place among the events: after event N and before N+1 (hence the half). */
const orderOf = new WeakMap<object, number>();
/** The last event of each run or export job, by kind and id. */
const latest = new Map<string, { seq: number; payload: object }>();

function payloadOf(event: ProgressEvent): { key: string; payload: object } {
  switch (event.kind) {
    case 'dryRun':
      return { key: `dryRun:${event.summary.runId}`, payload: event.summary };
    case 'import':
      return { key: `import:${event.status.runId}`, payload: event.status };
    case 'export':
      return { key: `export:${event.status.jobId}`, payload: event.status };
    case 'revert':
      return { key: `revert:${event.view.runId}`, payload: event.view };
    case 'reading':
      return { key: `reading:${event.reading.readingId}`, payload: event.reading };
  }
}

/** Called by the bridge for every event, before any screen hears it. */
export function noteEvent(event: ProgressEvent): void {
  if (event.seq === undefined) return;
  const { key, payload } = payloadOf(event);
  orderOf.set(payload, event.seq);
  const known = latest.get(key);
  if (!known || known.seq < event.seq) latest.set(key, { seq: event.seq, payload });
}

/** Called by the bridge for every answer that says where it stands among the events. */
export function noteAnswer(value: unknown, eventsBefore: number | undefined): void {
  if (eventsBefore !== undefined && typeof value === 'object' && value !== null)
    orderOf.set(value, eventsBefore + 0.5);
}

const ID_FIELD: Record<Kind, 'runId' | 'jobId' | 'readingId'> = {
  dryRun: 'runId',
  import: 'runId',
  export: 'jobId',
  revert: 'runId',
  reading: 'readingId',
};

function idOf(kind: Kind, payload: object): string {
  return `${kind}:${String((payload as Partial<Record<'runId' | 'jobId' | 'readingId', string>>)[ID_FIELD[kind]])}`;
}

/**
 * A run's state as an answer gave it (`answer`: the answer holding it, when it is part of one), or the
 * run's last event when that event is newer: what a screen should show after the call.
 */
export function newest<K extends Kind>(kind: K, state: PayloadOf<K>, answer: object = state): PayloadOf<K> {
  const order = orderOf.get(answer);
  if (order === undefined) return state;
  const event = latest.get(idOf(kind, state));
  if (event && event.seq > order) return event.payload as PayloadOf<K>;
  orderOf.set(state, order);
  return state;
}

/**
 * For a screen's state setter: `next` (an event's or an answer's state of the run on screen) unless
 * `current` is known to be newer. States of another run, or of unknown order, are the caller's call.
 */
export function newer<T extends object>(current: T, next: T): T {
  const was = orderOf.get(current);
  const now = orderOf.get(next);
  return was !== undefined && now !== undefined && now < was ? current : next;
}

/** A screen's state after a call answered with the run's state: the newest of the three it knows. */
export function afterAnswer<K extends Kind>(kind: K, current: PayloadOf<K> | null, answer: PayloadOf<K>) {
  const fresh = newest(kind, answer);
  return current !== null && idOf(kind, current) === idOf(kind, fresh) ? newer(current, fresh) : fresh;
}
