import { useEffect, useState } from 'react';
import type { ImportStatus } from '../../../main/bridge/contract.ts';
import { bridge, onCallOutcome, type CallOutcome } from '../bridge.ts';

/**
 * What the header's status dot shows about the connection in use: green only once the account has
 * answered, red after it refused the token, refused this user (403), could not be reached, or answered
 * with a certificate this computer does not trust or without the TLS its https:// address asks for (or no token is stored to ask it with), grey until a
 * real account has been asked anything, amber while it answers with server errors (an export that gave
 * up on them) or refuses this user's writes while it answers reads (a send stopped on 403s). The
 * built-in sandbox runs in the app, so it starts green.
 */
export type Health =
  | 'ok'
  | 'refused'
  | 'forbidden'
  | 'untrusted'
  | 'wrongScheme'
  | 'noToken'
  | 'unreachable'
  | 'failing'
  | 'readOnly'
  | 'silent'
  | 'unknown';

/** Verbs whose success means the account itself answered (they read its reference data or count). */
const ANSWERED_BY_ACCOUNT = new Set(['testConnection', 'exportOptions', 'countExport', 'draftMapping']);
// Explore 51: a 403 and a certificate refusal each said "refused the user name or token" (a 403 is this
// user's access, the token may be right) or left the dot as it was (a certificate refusal: nothing was
// sent, which is neither a refusal nor silence). Each has its own state and words, as a missing token.
const REFUSED = new Set(['api_unauthorized']);
const FORBIDDEN = new Set(['api_forbidden']);
const UNTRUSTED = new Set(['api_certificate']);
// Explore 62: https:// to a port answering plain HTTP is no silence: the
// server answered, and only the address is wrong.
const WRONG_SCHEME = new Set(['api_scheme_mismatch']);
const NO_TOKEN = new Set(['auth']);
const UNREACHABLE = new Set(['api_network']);
/** Trackops answered, with errors of its own (5xx, answers that are not the API's). */
const FAILING = new Set(['api_server_error', 'api_bad_response', 'api_not_api']);
/** A send stopped on 403s to its writes, after reads went through (core's WritesRefusedError). */
const WRITES_REFUSED = 'writes_refused';

export const HEALTH_WORDS: Record<Health, string> = {
  ok: 'connected',
  refused: 'Trackops refused the user name or token (401): see the Connection screen',
  forbidden:
    'Trackops refused this user access (403): the message with it says what Trackops said; most often API access is not enabled for this user (ask your Trackops administrator)',
  untrusted:
    'This computer does not trust the certificate the account’s address answered with, so nothing was sent: the message with it says who issued it and what to do (ask IT)',
  wrongScheme:
    'The account’s address starts with https://, but its server answered without encryption (TLS), so nothing was sent: the message with it says what to correct on the Connection screen',
  noToken: 'No API token is stored for this connection: enter it on the Connection screen',
  unreachable: 'Trackops could not be reached: see the Connection screen',
  failing: 'Trackops answers with errors of its own (server errors): try again later',
  readOnly:
    'Trackops refused this user’s writes (403): the token may read but not write; ask your Trackops administrator for write rights',
  silent: 'Trackops is not answering right now: the send waits for it (the send screen says how long)',
  unknown: 'not checked yet: use Test connection on the Connection screen',
};

export function healthAfter(current: Health, outcome: CallOutcome, isSandbox: boolean): Health {
  if (outcome.ok) {
    // A new or edited profile has not been asked anything yet.
    if (outcome.verb === 'saveProfile') return isSandbox ? 'ok' : 'unknown';
    if (!ANSWERED_BY_ACCOUNT.has(outcome.verb)) return current;
    // A read that works says nothing of writes: refused, they stay refused until a send writes (or the
    // token is changed).
    return current === 'readOnly' ? current : 'ok';
  }
  if (outcome.code === WRITES_REFUSED) return 'readOnly';
  if (REFUSED.has(outcome.code)) return 'refused';
  if (FORBIDDEN.has(outcome.code)) return 'forbidden';
  if (UNTRUSTED.has(outcome.code)) return 'untrusted';
  if (WRONG_SCHEME.has(outcome.code)) return 'wrongScheme';
  if (NO_TOKEN.has(outcome.code)) return 'noToken';
  if (UNREACHABLE.has(outcome.code)) return 'unreachable';
  if (FAILING.has(outcome.code)) return 'failing';
  return current;
}

/**
 * What a send's end says of its connection (explored: a send stopped because Trackops could not be
 * reached left the dot green beside those words): a stop, by the failure under it (a search that got
 * no answer is a connection that gave none); an end that wrote rows, that Trackops answered and took
 * writes. A cancel, or an end that wrote nothing (every row failed on its own), says nothing.
 */
export function healthAfterSend(current: Health, status: ImportStatus, isSandbox: boolean): Health {
  if (status.state === 'failed' && status.error)
    return healthAfter(
      current,
      { verb: 'startImport', ok: false, code: status.stoppedBy ?? status.error.code },
      isSandbox,
    );
  const wrote = (status.written ?? []).some((row) => !row.earlier && row.status !== 'unchanged');
  return status.state === 'done' && wrote ? 'ok' : current;
}

export function useConnectionHealth(profileId: string | null, isSandbox: boolean): Health {
  const [health, setHealth] = useState<Health>(isSandbox ? 'ok' : 'unknown');
  useEffect(() => {
    setHealth(isSandbox ? 'ok' : 'unknown');
    // A late answer of a connection no longer in use says nothing of this one (explored: a profile
    // left for the sandbox gave up after 5 attempts, and the sandbox was shown "could not be reached").
    const isOther = (about: string | undefined) => about !== undefined && about !== profileId;
    const hear = (outcome: CallOutcome) => {
      if (isOther(outcome.profileId)) return;
      setHealth((current) => healthAfter(current, outcome, isSandbox));
    };
    const stopCalls = onCallOutcome(hear);
    // An export or a send runs on after its call answered: how it ends is the connection's answer too
    // (explored: the dot stayed green while an export gave up on server errors, and after a send that
    // stopped because Trackops could not be reached).
    const stopRuns = bridge.onProgress((event) => {
      if (event.kind === 'import') {
        const { status } = event;
        if (isOther(status.profileId)) return;
        if (status.state === 'failed' || status.state === 'done')
          setHealth((current) => healthAfterSend(current, status, isSandbox));
        // Explore 38 item 1: the dot stayed green for minutes while Trackops answered nothing. Amber
        // while a send waits on its silence; green again once it answers and the send goes on.
        else if (status.waitingOnTrackops !== null) setHealth('silent');
        else setHealth((current) => (current === 'silent' ? 'ok' : current));
        return;
      }
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
      stopRuns();
    };
  }, [profileId, isSandbox]);
  return health;
}
