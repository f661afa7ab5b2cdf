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
 * A search that fails throws: the caller must not send anything it could not rule out.
 */
import { listEveryCaseRequest } from '../api/list-all.ts';
import type { CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { fingerprintOf, legacyFingerprintOf } from './fingerprint.ts';
import { createdSince, RECONCILE_MARGIN_SECONDS, utcTimestamp } from './reconcile.ts';

export interface SweepCandidate {
  row: number;
  /** Of the body that would be (or was) sent: the intent's, for a row in doubt. */
  fingerprint: string;
  inDoubt: boolean;
}

/** Row → the request found for it, or null: searched and positively not found. */
export type SweepResult = Map<number, CaseRequestRecord | null>;

export async function sweepUnrecordedCreates(
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests'>,
  journalStartedAt: string,
  candidates: SweepCandidate[],
  claimedIds: ReadonlySet<number>,
  signal?: AbortSignal,
): Promise<SweepResult> {
  const result: SweepResult = new Map(candidates.map((candidate) => [candidate.row, null]));
  if (candidates.length === 0) return result;
  const since = new Date(Date.parse(journalStartedAt) - RECONCILE_MARGIN_SECONDS * 1000);
  const byFingerprint = new Map<string, CaseRequestRecord[]>();
  const wanted = new Set(candidates.map((candidate) => candidate.fingerprint));
  const sinceText = utcTimestamp(since);
  const listing = listEveryCaseRequest(api, { created_from_system: sinceText }, signal ? { signal } : {});
  for await (const page of listing) {
    for (const record of page) {
      if (claimedIds.has(record.id) || !createdSince(record, sinceText)) continue;
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
  return result;
}

/**
 * The keys the lost-create reconcile compares (fingerprint.ts): the normalised fingerprint new intents
 * carry, and the raw one of journals written before normalisation (converted version-1 journals).
 */
function sameCreateKeys(record: CaseRequestRecord): string[] {
  return [fingerprintOf(record), legacyFingerprintOf(record)];
}
