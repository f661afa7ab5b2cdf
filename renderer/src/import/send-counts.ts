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
  updated: number;
  /** Written by earlier sends of this file, not sent again. */
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
  status: Pick<ImportStatus, 'created' | 'updated' | 'failed' | 'unchanged' | 'earlier' | 'addedSince'>,
): SendCounts {
  const earlierCreated = status.earlier?.created ?? 0;
  const earlierUpdated = status.earlier?.updated ?? 0;
  const written = status.created + status.updated;
  // The rows the dry run found already sent by an earlier send are the file's too (and in `written`).
  const rows = summary.valid + (summary.sentEarlier ?? 0);
  return {
    created: status.created - earlierCreated,
    updated: status.updated - earlierUpdated,
    earlier: earlierCreated + earlierUpdated,
    written,
    // Rows Trackops held by the time they were sent (added since the dry run) are settled too.
    remaining: Math.max(
      0,
      rows - written - status.failed - status.unchanged - (status.addedSince?.length ?? 0),
    ),
  };
}
