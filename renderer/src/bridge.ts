/**
 * The renderer's one way to reach main. In Electron the preload has put `window.trackops` there; in a
 * browser (npm run web) the same verbs go over HTTP to the loopback server, with the per-launch secret
 * that arrived in the link's #fragment. Types come from the contract; nothing else is shared.
 */
import type { Bridge, BridgeResult, ProgressEvent, RendererBridge } from '../../main/bridge/contract.ts';
import { noteAnswer, noteEvent } from './progress-order.ts';

declare global {
  interface Window {
    trackops?: RendererBridge;
  }
}

const SECRET_KEY = 'trackops-secret';

function takeSecret(): string {
  const match = /secret=([0-9a-f]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(SECRET_KEY, match[1]);
    // Keep the secret out of the address bar, history and screenshots.
    history.replaceState(null, '', window.location.pathname);
  }
  return sessionStorage.getItem(SECRET_KEY) ?? '';
}

/** How long a call waits for the event stream to open before it goes anyway (a stream refused). */
const STREAM_WAIT_MS = 3_000;

function httpBridge(): RendererBridge {
  const secret = takeSecret();
  const listeners = new Set<(event: ProgressEvent) => void>();
  // The number of the last event heard: a stream that dropped asks for what came after it.
  let lastSeq: number | null = null;
  // Calls wait until the stream is open, so no event a call causes can come before the page listens
  // (a reopened tab's Cancel: its "cancelled" event was lost while the stream was still connecting).
  let opened: () => void = () => {};
  const streamOpen = Promise.race([
    new Promise<void>((resolve) => (opened = resolve)),
    new Promise<void>((resolve) => setTimeout(resolve, STREAM_WAIT_MS)),
  ]);

  async function post(verb: string, payload: unknown): Promise<BridgeResult<unknown>> {
    await streamOpen;
    try {
      const response = await fetch(`/bridge/${encodeURIComponent(verb)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Trackops-Secret': secret },
        body: JSON.stringify(payload ?? {}),
      });
      return (await response.json()) as BridgeResult<unknown>;
    } catch {
      return {
        ok: false,
        error: { code: 'offline', message: 'The app is not answering. Is `npm run web` still running?' },
      };
    }
  }

  /** One SSE block: `id:` numbers it (alone: the number reached when the stream opened), `data:` holds it. */
  function heard(block: string): void {
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('id: ')) lastSeq = Math.max(lastSeq ?? 0, Number(line.slice(4)));
      else if (line.startsWith('data: ')) data += (data ? '\n' : '') + line.slice(6);
    }
    if (!data) return;
    const event = JSON.parse(data) as ProgressEvent;
    for (const listener of listeners) listener(event);
  }

  async function stream(): Promise<void> {
    for (;;) {
      try {
        const after = lastSeq === null ? '' : `?after=${lastSeq}`;
        const response = await fetch(`/bridge/events${after}`, { headers: { 'X-Trackops-Secret': secret } });
        // No secret (the page opened without the app's link): no stream will ever open; calls say why.
        if (response.status === 401 || !response.body) return opened();
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let cut: number;
          while ((cut = buffer.indexOf('\n\n')) >= 0) {
            heard(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
            opened();
          }
        }
      } catch {
        // The stream dropped (server restarted or laptop slept): reconnect after a pause.
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
  void stream();

  const verbs = new Proxy({} as Bridge, {
    get: (_target, verb) =>
      typeof verb === 'string' && verb !== 'then' ? (payload: unknown) => post(verb, payload) : undefined,
  });
  return Object.assign(Object.create(verbs) as Bridge, {
    host: 'browser' as const,
    onProgress(listener: (event: ProgressEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
}

export const bridge: RendererBridge = window.trackops ?? httpBridge();
// First of every listener: each event is numbered before any screen hears it (progress-order.ts).
bridge.onProgress(noteEvent);

/** A failed bridge call, carrying the code and the sentence main chose for the user. */
export class BridgeCallError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

type Verb = keyof Bridge;
type PayloadOf<V extends Verb> = Parameters<Bridge[V]>[0];
type ValueOf<V extends Verb> = Awaited<ReturnType<Bridge[V]>> extends BridgeResult<infer T> ? T : never;

/**
 * Every answer, for whoever keeps track of the connection's health (the header's status dot), with the
 * profile it was about when the payload names one: an answer belongs to the connection that gave it.
 */
export type CallOutcome = { verb: Verb; profileId?: string } & ({ ok: true } | { ok: false; code: string });
/** Verbs whose payload's `id` is a profile's (the others name theirs `profileId`, or none). */
const PROFILE_BY_ID = new Set<Verb>(['testConnection', 'exportOptions', 'selectProfile', 'deleteProfile']);
function profileOf(verb: Verb, payload: unknown): string | undefined {
  const fields = (payload ?? {}) as { id?: unknown; profileId?: unknown };
  const id = PROFILE_BY_ID.has(verb) ? fields.id : fields.profileId;
  return typeof id === 'string' ? id : undefined;
}
const outcomeListeners = new Set<(outcome: CallOutcome) => void>();
export function onCallOutcome(listener: (outcome: CallOutcome) => void): () => void {
  outcomeListeners.add(listener);
  return () => outcomeListeners.delete(listener);
}

/** Calls a verb and unwraps its answer; an expected failure becomes a BridgeCallError to show. */
export async function call<V extends Verb>(verb: V, payload: PayloadOf<V>): Promise<ValueOf<V>> {
  const method = bridge[verb] as (input: PayloadOf<V>) => Promise<BridgeResult<ValueOf<V>>>;
  const result = await method.call(bridge, payload);
  const profileId = profileOf(verb, payload);
  const about = profileId === undefined ? {} : { profileId };
  for (const listener of outcomeListeners)
    listener(
      result.ok ? { verb, ok: true, ...about } : { verb, ok: false, code: result.error.code, ...about },
    );
  if (!result.ok) throw new BridgeCallError(result.error.code, result.error.message);
  noteAnswer(result.value, result.eventsBefore);
  return result.value;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
