/**
 * A create of the import whose fate it never learnt (explore 63 item 7: an import killed after its
 * intents, undone before any --resume). The revert said "the import's results name any requests that
 * may be it" where there were no results, and gave neither the row's key nor the time to look at. Now
 * the revert looks for it as the import's --resume would (reconcile.ts findLostCreate: the requests
 * created since the intent, by the row's key, holding the row's values), and says what it found, with
 * the key and the intent's time; the results are named only when they are there.
 *
 * "Sent at …, if at all": the intent is written before the request leaves, and a kill can land between
 * the two.
 */
import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import type { CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { targetWords, type TargetWordsContext } from '../mapping/target-words.ts';
import type { WaysOut } from '../problems/ways-out.ts';
import type { IntentLine } from './journal.ts';
import { findLostCreate } from './reconcile.ts';
import type { SearchesMet } from './searches-met.ts';
import { reasonOf } from './search-failed.ts';

/** What the revert's search for a create in doubt found. */
export type InDoubtSearch =
  { kind: 'found'; record: CaseRequestRecord } | { kind: 'none' } | { kind: 'not_searched'; reason: string };

/** What the revert's searches for the import's creates in doubt found, and the requests they took. */
export interface InDoubtSearches {
  found: Map<number, InDoubtSearch>;
  /** Requests sent for the searches (counted as the client tells them), for the check's words. */
  requests: number;
}

/**
 * Looks for each create in doubt, one search each (a listing of the requests created since its send,
 * narrowed by its key): `claimed` are the ids the import's other creates were given, never this row's.
 * A search that fails is said on its row, never fatal: the revert's updates do not depend on it.
 */
export async function searchCreatesInDoubt(
  api: TrackopsApi,
  intents: ReadonlyMap<number, IntentLine>,
  claimed: ReadonlySet<number>,
  signal?: AbortSignal,
  met?: SearchesMet,
): Promise<InDoubtSearches> {
  const found = new Map<number, InDoubtSearch>();
  const taken = new Set(claimed);
  // The check before an undo says what it asked of Trackops (revert-check.ts revertCheckWords): the
  // searches are part of it. Each request once, whatever retries it took, as the check counts its own.
  let requests = 0;
  const counted =
    api.observed?.((event) => {
      if (event.type === 'request' && event.attempt === 1) requests += 1;
    }) ?? api;
  for (const [row, intent] of intents) {
    if (!intent.fingerprint) {
      found.set(row, { kind: 'not_searched', reason: "the import's journal kept no fingerprint of the row" });
      continue;
    }
    try {
      const record = await findLostCreate(counted, intent, taken, signal, met);
      if (record) taken.add(record.id);
      found.set(row, record ? { kind: 'found', record } : { kind: 'none' });
    } catch (error) {
      if (signal?.aborted) throw error;
      found.set(row, { kind: 'not_searched', reason: reasonOf(error) });
    }
  }
  return { found, requests };
}

/**
 * The import's results beside its journal (`r.csv` for `r.journal.jsonl`), when one is there: never the
 * file the import read (an import without --results keeps its journal beside its input).
 */
export async function importResultsBeside(journalPath: string, inputFile: string): Promise<string | null> {
  if (!/\.journal\.jsonl$/i.test(journalPath)) return null;
  const stem = journalPath.replace(/\.journal\.jsonl$/i, '');
  for (const extension of ['.csv', '.json', '.xlsx']) {
    const path = `${stem}${extension}`;
    if (basename(path) === basename(inputFile)) continue;
    if (
      await access(path).then(
        () => true,
        () => false,
      )
    )
      return path;
  }
  return null;
}

/** "2026-12-06T19:37:24.120Z" → "2026-12-06 19:37:24 UTC". */
function secondUtc(iso: string): string {
  return iso.replace('T', ' ').replace(/(\.\d+)?Z$/, ' UTC');
}

export interface InDoubtWordsContext {
  search: InDoubtSearch | undefined;
  /** The import's results file, when it is there. */
  results: string | null;
  dryRun: boolean;
  waysOut: WaysOut;
  words?: TargetWordsContext;
}

/** The row's message: what is known of the create, what the search found, and what to do. */
export function inDoubtCreateWords(intent: IntentLine | undefined, context: InDoubtWordsContext): string {
  const key = intent?.lookup
    ? `${targetWords(intent.lookup.filter, context.words ?? {})} '${intent.lookup.value}'`
    : null;
  const what = key ? `this row's create (${key})` : "this row's create";
  const sent = intent
    ? `${what} was sent at ${secondUtc(intent.left_at ?? intent.at)}, if at all (the import writes its intent before the request leaves) and its answer never came, so whether it created a request is not known`
    : `${what} was sent and its answer never came, so whether it created a request is not known`;
  const results = context.results
    ? ` The import's results (${basename(context.results)}) name any requests its run found that may be it.`
    : '';
  const search = context.search;
  const searched = `${sent}. ${context.waysOut.undoLookedForCreate()} (the requests created since then${key ? ` with ${key}` : ''})`;
  if (search?.kind === 'found') {
    const number = String(search.record.case_request_number ?? `request ${search.record.id}`);
    return (
      `${searched} and found one holding this row's values: ` +
      `${number} (id ${search.record.id}), most likely this row's create. Look at it, and close or delete ${number} in Trackops only if it is this row's.${results}`
    );
  }
  // Settled for good by the import's own resume, but only before this undo starts (after, it is refused).
  const resume = context.dryRun
    ? ` Before undoing, ${context.waysOut.settleBeforeUndo()} would settle it by the same search, but it also sends the rows the import had not reached; once the undo has started it is refused.`
    : '';
  // Results beside the journal may name requests edited since (held back by a resume): the search,
  // by the row's values, does not see those, so "not created" is said only where no results are.
  if (search?.kind === 'none' && context.results)
    return `${searched}: none holds this row's values now (a request edited since would not be found).${results}${resume}`;
  if (search?.kind === 'none')
    return `${searched}: none holds this row's values, so it was most likely not created: nothing to close or delete (a request edited since, or one a slow list does not show yet, would not be found).${resume}`;
  const why = search ? ` (${search.reason})` : '';
  return `${sent}. It could not be looked for${why}: look in Trackops for a request${key ? ` with ${key}` : " with this row's values"} created around ${intent ? secondUtc(intent.at) : 'the import'}, and close or delete it only if it is this row's.${results}${resume}`;
}
