/**
 * What this file's earlier sends with this mapping wrote, as their journal (journals/ in the data
 * folder) records it: read without locking it, so a send still running is read as far as it has got.
 * The dry run uses it to tell a row "already in Trackops" because this file's own earlier send created
 * it from a real duplicate (exploratory round 3, defect 1: such rows were shown as errors to fix, and
 * changing their Claim # as invited made a second copy).
 */
import { join } from 'node:path';
import {
  bindImport,
  importMode,
  readJournalFile,
  sha256,
  type Mapping,
  type RowOutcome,
} from '../../core/index.ts';
import type { GridRow } from '../bridge/contract.ts';
import { withoutRowNumbers } from './row-numbers.ts';

export type SentEarlier = NonNullable<GridRow['sentEarlier']>;

/** The journal a send of these bytes with this mapping uses (as ImportRuns names it). */
export function journalPathOf(
  journalDir: string,
  fileName: string,
  bytes: Uint8Array,
  mapping: Mapping,
): string {
  const { journalName } = bindImport({
    file: fileName,
    fileHash: sha256(bytes),
    mapping: withoutRowNumbers(mapping),
    mode: importMode(mapping),
  });
  return join(journalDir, journalName);
}

/** Row → what the earlier send created for it; empty when there is no journal (or none it can read). */
export async function sentEarlier(journalPath: string): Promise<Map<number, SentEarlier>> {
  const read = await readJournalFile(journalPath).catch(() => null);
  const rows = new Map<number, SentEarlier>();
  if (!read) return rows;
  const askedAt = new Map<number, string>();
  for (const line of read.lines) {
    if (line.type === 'intent') askedAt.set(line.row, line.at);
    else if (line.status === 'created') {
      rows.set(line.row, {
        file: read.header.file,
        at: askedAt.get(line.row) ?? null,
        id: line.id ?? null,
        caseRequestNumber: line.case_request_number ?? null,
      });
    }
  }
  return rows;
}

/**
 * The account already holds this row's key, and the journal says this file's earlier send created
 * it: nothing to fix and nothing to send (the runner settles it from the journal without a request).
 */
export function isSentEarlier(outcome: RowOutcome, earlier: ReadonlyMap<number, SentEarlier>): boolean {
  return (
    outcome.status === 'invalid' &&
    outcome.action === 'duplicate' &&
    earlier.has(outcome.row) &&
    outcome.problems.every((problem) => problem.code === 'duplicate_in_account')
  );
}
