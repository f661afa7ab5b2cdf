import { useEffect, useState } from 'react';
import { bridge, onCallOutcome, type CallOutcome } from '../bridge.ts';

/**
 * What the header's status dot shows about the connection in use: green only once the account has
 * answered, red after it refused the token (or could not be reached), grey until a real account has
 * been asked anything, amber while it answers with server errors (an export that gave up on them). The
 * built-in sandbox runs in the app, so it starts green.
 */
export type Health = 'ok' | 'refused' | 'unreachable' | 'failing' | 'unknown';

/** Verbs whose success means the account itself answered (they read its reference data or count). */
const ANSWERED_BY_ACCOUNT = new Set(['testConnection', 'exportOptions', 'countExport', 'draftMapping']);
const REFUSED = new Set(['api_unauthorized', 'api_forbidden', 'auth']);
const UNREACHABLE = new Set(['api_network']);
/** Trackops answered, with errors of its own (5xx, answers that are not the API's). */
const FAILING = new Set(['api_server_error', 'api_bad_response', 'api_not_api']);

export const HEALTH_WORDS: Record<Health, string> = {
  ok: 'connected',
  refused: 'Trackops refused the user name or token: see the Connection screen',
  unreachable: 'Trackops could not be reached: see the Connection screen',
  failing: 'Trackops answers with errors of its own (server errors): try again later',
  unknown: 'not checked yet: use Test connection on the Connection screen',
};

export function healthAfter(current: Health, outcome: CallOutcome, isSandbox: boolean): Health {
  if (outcome.ok) {
    // A new or edited profile has not been asked anything yet.
    if (outcome.verb === 'saveProfile') return isSandbox ? 'ok' : 'unknown';
    return ANSWERED_BY_ACCOUNT.has(outcome.verb) ? 'ok' : current;
  }
  if (REFUSED.has(outcome.code)) return 'refused';
  if (UNREACHABLE.has(outcome.code)) return 'unreachable';
  if (FAILING.has(outcome.code)) return 'failing';
  return current;
}

export function useConnectionHealth(profileId: string | null, isSandbox: boolean): Health {
  const [health, setHealth] = useState<Health>(isSandbox ? 'ok' : 'unknown');
  useEffect(() => {
    setHealth(isSandbox ? 'ok' : 'unknown');
    const hear = (outcome: CallOutcome) => {
      // A late answer of a connection no longer in use says nothing of this one (explored: a profile
      // left for the sandbox gave up after 5 attempts, and the sandbox was shown "could not be reached").
      if (outcome.profileId !== undefined && outcome.profileId !== profileId) return;
      setHealth((current) => healthAfter(current, outcome, isSandbox));
    };
    const stopCalls = onCallOutcome(hear);
    // An export runs on after its call answered: how it ends is the connection's answer too (explored:
    // the dot stayed green while an export gave up on server errors).
    const stopExports = bridge.onProgress((event) => {
      if (event.kind !== 'export' || (event.status.state !== 'failed' && event.status.state !== 'done'))
        return;
      const { profileId: about, error } = event.status;
      hear(
        error
          ? { verb: 'startExport', ok: false, code: error.code, profileId: about }
          : { verb: 'exportOptions', ok: true, profileId: about },
      );
    });
    return () => {
      stopCalls();
      stopExports();
    };
  }, [profileId, isSandbox]);
  return health;
}
