/**
 * Reconciling a create whose answer was lost (a dropped connection, a timeout, a 5xx): before sending it
 * again, look for it. Lists requests created since the attempt (minus a margin for clock skew between us
 * and the server; API-NOTES Known: timestamps are UTC), narrowed by the row's match key or reference value
 * when it has one, and compares content fingerprints. Ids already claimed by other rows of this run are
 * not candidates, so two identical rows never claim one request.
 */
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { MAX_PER_PAGE } from '../api/client.ts';
import { fingerprintOf } from './fingerprint.ts';
import type { IntentLine } from './journal.ts';

/** Seconds before the attempt still searched: generous, as the server's clock may differ from ours. */
export const RECONCILE_MARGIN_SECONDS = 300;

export async function findLostCreate(
  api: TrackopsApi,
  intent: IntentLine,
  claimedIds: ReadonlySet<number>,
  signal?: AbortSignal,
): Promise<CaseRequestRecord | null> {
  const since = new Date(Date.parse(intent.at) - RECONCILE_MARGIN_SECONDS * 1000);
  const filters: CaseRequestFilters = { created_from_system: utcTimestamp(since) };
  if (intent.lookup) (filters as Record<string, string>)[intent.lookup.filter] = intent.lookup.value;
  for (let page = 1; ; page++) {
    const records = await api.listCaseRequests(filters, { page, perPage: MAX_PER_PAGE, dir: 'asc' }, signal);
    const found = records.find(
      (record) => !claimedIds.has(record.id) && fingerprintOf(record) === intent.fingerprint,
    );
    if (found) return found;
    if (records.length < MAX_PER_PAGE) return null;
  }
}

/** "YYYY-MM-DD HH:MM:SS" in UTC, as the API writes its system timestamps. */
export function utcTimestamp(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
