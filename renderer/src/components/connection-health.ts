import { useEffect, useState } from 'react';
import { onCallOutcome, type CallOutcome } from '../bridge.ts';

/**
 * What the header's status dot shows about the connection in use: green only once the account has
 * answered, red after it refused the token (or could not be reached), grey until a real account has
 * been asked anything. The built-in sandbox runs in the app, so it starts green.
 */
export type Health = 'ok' | 'refused' | 'unreachable' | 'unknown';

/** Verbs whose success means the account itself answered (they read its reference data or count). */
const ANSWERED_BY_ACCOUNT = new Set(['testConnection', 'exportOptions', 'countExport', 'draftMapping']);
const REFUSED = new Set(['api_unauthorized', 'api_forbidden', 'auth']);
const UNREACHABLE = new Set(['api_network']);

export const HEALTH_WORDS: Record<Health, string> = {
  ok: 'connected',
  refused: 'Trackops refused the user name or token: see the Connection screen',
  unreachable: 'Trackops could not be reached: see the Connection screen',
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
  return current;
}

export function useConnectionHealth(profileId: string | null, isSandbox: boolean): Health {
  const [health, setHealth] = useState<Health>(isSandbox ? 'ok' : 'unknown');
  useEffect(() => {
    setHealth(isSandbox ? 'ok' : 'unknown');
    return onCallOutcome((outcome) => {
      // A late answer of a connection no longer in use says nothing of this one (explored: a profile
      // left for the sandbox gave up after 5 attempts, and the sandbox was shown "could not be reached").
      if (outcome.profileId !== undefined && outcome.profileId !== profileId) return;
      setHealth((current) => healthAfter(current, outcome, isSandbox));
    });
  }, [profileId, isSandbox]);
  return health;
}
