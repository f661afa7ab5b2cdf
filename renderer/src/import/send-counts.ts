/**
 * What the results screen counts, from the dry run and the send's status. The runner counts the file
 * whole: rows earlier sends of it wrote (its journal) are in `created` / `updated` too, settled without
 * a request. They are shown apart, so that what this send did, what was there already and what is left
 * add up to the file (exploratory round 3, defect 2: "21 created" after a trial of 5, "Send the
 * remaining 3 rows" that sent 19).
 */
import type { DryRunSummary, ImportStatus } from '../../../main/bridge/contract.ts';

export interface SendCounts {
  /** Written by this send. */
  created: number;
  /**
   * Of `created`: creates Trackops answered with a request it held before (none of the row's found
   * since), counted as created as the CLI's summary counts them, but not known to be new requests.
   */
  answeredExisting: number;
  updated: number;
  /** Written by earlier sends of this file, or by an earlier import of the same content, not sent again. */
  earlier: number;
  /** Written in all (this send and earlier ones). */
  written: number;
  /**
   * Rows of this file not written yet: after a trial, or a cancel (failed, unchanged and those Trackops
   * held by the time they were sent are settled).
   */
  remaining: number;
}

export function sendCounts(
  summary: Pick<DryRunSummary, 'valid' | 'sentEarlier'>,
  status: Pick<
    ImportStatus,
    | 'created'
    | 'updated'
    | 'failed'
    | 'unchanged'
    | 'earlier'
    | 'addedSince'
    | 'sentByEarlierImports'
    | 'heldBack'
    | 'answeredExisting'
  >,
): SendCounts {
  const earlierCreated = status.earlier?.created ?? 0;
  // Rows another import of the same content created (skipped, not written by this file's journal).
  const byOthers = status.sentByEarlierImports ?? 0;
  const earlierUpdated = status.earlier?.updated ?? 0;
  const written = status.created + status.updated;
  // The rows the dry run found already sent by an earlier send are the file's too (and in `written`).
  const rows = summary.valid + (summary.sentEarlier ?? 0);
  return {
    created: status.created - earlierCreated,
    answeredExisting: status.answeredExisting ?? 0,
    updated: status.updated - earlierUpdated,
    earlier: earlierCreated + earlierUpdated + byOthers,
    written,
    // Rows Trackops held by the time they were sent (added since the dry run) are settled too, and so
    // are rows an earlier import created (explored: "Send the remaining 4 rows" after a send that rightly
    // skipped 4) and rows held back for the clerk to check (a send again only holds them back again).
    remaining: Math.max(
      0,
      rows -
        written -
        status.failed -
        status.unchanged -
        (status.addedSince?.length ?? 0) -
        byOthers -
        (status.heldBack?.length ?? 0),
    ),
  };
}
