/**
 * The one helper every bridge call goes through, from Electron IPC and from browser-mode HTTP alike
 * (STYLE.md: check the sender, parse the payload with its schema, answer `{ok,value}|{ok,error}`).
 */
import type { AnswerOf, BridgeResult, BridgeVerb, ParsedPayloadOf } from './contract.ts';
import { BRIDGE_VERBS, VERBS } from './contract.ts';
import { toBridgeError } from './failure.ts';

/** The handlers main implements: each takes its verb's parsed payload and returns the bare answer. */
export type BridgeHandlers = {
  [V in BridgeVerb]: (payload: ParsedPayloadOf<V>) => Promise<AnswerOf<V>>;
};

export interface DispatchOptions {
  handlers: BridgeHandlers;
  /** Whether the caller may use the bridge at all (Electron: the sender frame's URL; HTTP: the secret). */
  isTrustedSender: (senderUrl: string) => boolean;
  log: (error: unknown) => void;
  /** The progress hub's last event number, told with each answer (progress-hub.ts). */
  eventSeq?: () => number;
}

export type Dispatch = (verb: string, payload: unknown, senderUrl: string) => Promise<BridgeResult<unknown>>;

export function createDispatch(options: DispatchOptions): Dispatch {
  const verbs = new Set<string>(BRIDGE_VERBS);
  return async (verb, payload, senderUrl) => {
    if (!options.isTrustedSender(senderUrl)) {
      return {
        ok: false,
        error: { code: 'untrusted_sender', message: 'This window may not use the app bridge.' },
      };
    }
    if (!verbs.has(verb)) {
      return {
        ok: false,
        error: { code: 'unknown_verb', message: `The app has no action named '${verb}'.` },
      };
    }
    const typedVerb = verb as BridgeVerb;
    const parsed = VERBS[typedVerb].payload.safeParse(payload ?? {});
    if (!parsed.success) {
      const details = parsed.error.issues
        .map((issue) => `${issue.path.length ? issue.path.join('.') : 'payload'}: ${issue.message}`)
        .join('; ');
      return {
        ok: false,
        error: { code: 'bad_payload', message: `The request for '${verb}' was not valid: ${details}` },
      };
    }
    try {
      const handler = options.handlers[typedVerb] as (input: unknown) => Promise<unknown>;
      // Read before the handler runs: an event emitted while it ran may be newer than its answer (a
      // send ending while Cancel was answered), so the renderer takes such an event over the answer.
      const eventsBefore = options.eventSeq?.();
      const value = await handler(parsed.data);
      return eventsBefore === undefined ? { ok: true, value } : { ok: true, value, eventsBefore };
    } catch (error) {
      return { ok: false, error: toBridgeError(error, options.log) };
    }
  };
}
