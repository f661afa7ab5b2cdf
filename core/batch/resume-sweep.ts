/**
 * Before a resumed run sends anything, one search of the account for the creates an earlier run of this
 * journal may have stored without the journal saying so (issue 17): rows in doubt (an intent without an
 * outcome: a crash, a lost answer, an outage), and rows the journal does not mention at all (its tail
 * was cut at a line break, or it is a version-1 journal that could not be checked).
 *
 * One complete listing (list-all.ts: complete only at the server's own count) of the requests created
 * since the journal began, minus the reconcile margin for clock differences, compared by content
 * fingerprint, replaces one listing per row in doubt. A request already claimed by a finished row is
 * never claimed again; rows in doubt choose first (they are the likeliest owners), then the others in
 * row order, each taking one request.
 *
 * A row in doubt that no request matches by content is looked for again among the same listing by what
 * identifies the referral (identity-match.ts: a request worked on since its create hid it, explore 21);
 * what that finds is a guess, returned apart (`byIdentity`) so that callers say so.
 *
 * A search that fails throws: the caller must not send anything it could not rule out.
 */
import type { CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { fingerprintOf, legacyFingerprintOf } from './fingerprint.ts';
import { findByIdentity, type DoubtByIdentity, type IdentityFinding } from './identity-match.ts';
import { ownCreateOf } from './own-create.ts';
import { createdSince, searchFrom } from './reconcile.ts';
import { listHeard, type SearchesMet } from './searches-met.ts';

export interface SweepCandidate {
  row: number;
  /** Of the body that would be (or was) sent: the intent's, for a row in doubt. */
  fingerprint: string;
  inDoubt: boolean;
  /** A row in doubt: when it was sent and what, for the look by identity when its content is not found. */
  sent?: Omit<DoubtByIdentity, 'row'>;
}

/**
 * Row → the request found for it by content, or null: not found so. A row in doubt not found by content
 * has `byIdentity`'s finding too (a guess: one request, several, or none).
 */
export type SweepResult = Map<number, CaseRequestRecord | null> & {
  byIdentity?: Map<number, IdentityFinding>;
  /**
   * Rows in doubt whose request (in the map) was found not by content but as the only one their send
   * can have made (own-create.ts), edited since: the words for the row's note.
   */
  ownCreates?: Map<number, string>;
};

export async function sweepUnrecordedCreates(
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests' | 'serverClock'>,
  journalStartedAt: string,
  candidates: SweepCandidate[],
  claimedIds: ReadonlySet<number>,
  signal?: AbortSignal,
  options: { timeoutMs?: number | undefined; met?: SearchesMet | undefined } = {},
): Promise<SweepResult> {
  const result: SweepResult = new Map(candidates.map((candidate) => [candidate.row, null]));
  if (candidates.length === 0) return result;
  const byFingerprint = new Map<string, CaseRequestRecord[]>();
  const wanted = new Set(candidates.map((candidate) => candidate.fingerprint));
  const sinceText = searchFrom(Date.parse(journalStartedAt), api.serverClock);
  const listing = listHeard(
    api,
    { created_from_system: sinceText },
    signal ? { signal } : {},
    options.met,
    'resume-sweep',
  );
  const unclaimed: CaseRequestRecord[] = [];
  for await (const page of listing) {
    for (const record of page) {
      if (claimedIds.has(record.id) || !createdSince(record, sinceText)) continue;
      unclaimed.push(record);
      const fingerprint = sameCreateKeys(record).find((key) => wanted.has(key));
      if (fingerprint === undefined) continue;
      const list = byFingerprint.get(fingerprint);
      if (list) list.push(record);
      else byFingerprint.set(fingerprint, [record]);
    }
  }
  const ordered = [...candidates].sort((a, b) => Number(b.inDoubt) - Number(a.inDoubt) || a.row - b.row);
  for (const candidate of ordered) {
    const found = byFingerprint.get(candidate.fingerprint)?.shift();
    if (found) result.set(candidate.row, found);
  }
  // Rows in doubt not found by content, among the requests no row took (same listing, no request more):
  // first the one request only the row's own send can have made (edited since), then guesses.
  const taken = new Set([...result.values()].map((record) => record?.id));
  for (const candidate of candidates) {
    if (!candidate.inDoubt || !candidate.sent || result.get(candidate.row)) continue;
    const own = ownCreateOf(
      unclaimed.filter((record) => !taken.has(record.id)),
      candidate.sent,
      options,
    );
    if (!own) continue;
    result.set(candidate.row, own.record);
    taken.add(own.record.id);
    (result.ownCreates ??= new Map()).set(candidate.row, own.words);
  }
  const doubts: DoubtByIdentity[] = [];
  for (const candidate of candidates)
    if (candidate.inDoubt && candidate.sent && !result.get(candidate.row))
      doubts.push({ row: candidate.row, ...candidate.sent });
  if (doubts.length > 0)
    result.byIdentity = findByIdentity(
      unclaimed.filter((record) => !taken.has(record.id)),
      doubts,
      options,
    );
  return result;
}

/**
 * The keys the lost-create reconcile compares (fingerprint.ts): the normalised fingerprint new intents
 * carry, and the raw one of journals written before normalisation (converted version-1 journals).
 */
function sameCreateKeys(record: CaseRequestRecord): string[] {
  return [fingerprintOf(record), legacyFingerprintOf(record)];
}
