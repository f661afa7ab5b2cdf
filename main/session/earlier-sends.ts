/**
 * What this file's earlier sends with this mapping wrote, as their journal (journals/ in the data
 * folder) records it: read without locking it, so a send still running is read as far as it has got.
 * The dry run uses it to tell a row "already in Trackops" because this file's own earlier send created
 * it from a real duplicate (exploratory round 3, defect 1: such rows were shown as errors to fix, and
 * changing their Claim # as invited made a second copy).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  bindImport,
  createdByJournal,
  importMode,
  isOtherAccount,
  isCreatedEarlier,
  readJournalHeader,
  revertOfImport,
  sha256,
  type Mapping,
  type RowOutcome,
} from '../../core/index.ts';
import type { GridRow, UnfinishedSend } from '../bridge/contract.ts';
import { readJsonFile, writeFileAtomic } from '../storage/atomic-file.ts';
import { withoutRowNumbers } from './row-numbers.ts';
import { sendJournalPath } from './send-journal.ts';

export type SentEarlier = NonNullable<GridRow['sentEarlier']>;

/**
 * The journal a send of these bytes with this mapping into `account` (as journals record it) uses now,
 * as ImportRuns picks it: after an undo, that of the new import sent since, if any (send-journal.ts).
 * Another account's send of them is not this one's (explore: the second office's dry run read the first
 * office's send of the file as its own).
 */
export async function journalPathOf(
  journalDir: string,
  fileName: string,
  bytes: Uint8Array,
  mapping: Mapping,
  account: string,
): Promise<string> {
  const { journalName } = bindImport({
    file: fileName,
    fileHash: sha256(bytes),
    mapping: withoutRowNumbers(mapping),
    mode: importMode(mapping),
  });
  return sendJournalPath(journalDir, journalName, account, false);
}

/** Row → what the earlier send created for it; empty when there is no journal (or none it can read). */
export async function sentEarlier(journalPath: string): Promise<Map<number, SentEarlier>> {
  return createdByJournal(journalPath);
}

/**
 * The account already holds this row's key, and the journal says this file's earlier send created
 * it: nothing to fix and nothing to send (the runner settles it from the journal without a request).
 * So is a row the journal says it created whose cells are refused now (core's markCreatedThoughRefused).
 */
export function isSentEarlier(outcome: RowOutcome, earlier: ReadonlyMap<number, SentEarlier>): boolean {
  // Or marked so by core's markCreatedThoughRefused: its cells refused now, but the send created it.
  return (
    isCreatedEarlier(outcome, earlier) || (outcome.action === 'already_sent' && earlier.has(outcome.row))
  );
}

/**
 * Beside each journal the app keeps what it needs to finish that send later (`<journal>.send.json`):
 * the mapping it was sent with (the journal keeps only its hash) and whether it ended with every row
 * settled. A send cut short (cancelled, a trial, a window closed, the app stopped) stays unfinished,
 * and choosing the same file again offers to finish it (exploratory round 3, defect 1).
 */
export interface SendRecord {
  version: 1;
  file: string;
  mapping: Mapping;
  startedAt: string;
  finished: boolean;
}

export function sendRecordPath(journalPath: string): string {
  return `${journalPath}.send.json`;
}

export async function writeSendRecord(journalPath: string, record: SendRecord): Promise<void> {
  await writeFileAtomic(sendRecordPath(journalPath), `${JSON.stringify(record, null, 2)}\n`);
}

/**
 * The unfinished send of these bytes into `account` (as journals record it), if the app has one: found
 * by the file's fingerprint (the start of a journal's name), whatever the file is called now. The most
 * recent when there are several. Another account's is not offered: finishing it here would be a send
 * of its own, and its rows are not this account's (explore: the first office's trial was offered to
 * finish while connected to the second office).
 */
export async function unfinishedSend(
  journalDir: string,
  bytes: Uint8Array,
  account: string,
  sending: ReadonlySet<string> = new Set(),
): Promise<UnfinishedSend | null> {
  const prefix = `${sha256(bytes).slice(0, 16)}-`;
  const names = await readdir(journalDir).catch(() => [] as string[]);
  let found: UnfinishedSend | null = null;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.journal.jsonl')) continue;
    const journalPath = join(journalDir, name);
    // Still running in this app: not "did not finish" (the send screen shows it, runningSends).
    if (sending.has(journalPath)) continue;
    const record = (await readJsonFile(sendRecordPath(journalPath)).catch(() => null)) as SendRecord | null;
    if (record?.version !== 1 || record.finished) continue;
    const header = await readJournalHeader(journalPath);
    if (header?.account === undefined || isOtherAccount(header.account, account)) continue;
    // Undone ("Undo this import"): not offered to finish (explore 63), a send of it is refused.
    if (header && (await revertOfImport(journalPath, header))) continue;
    const written = await sentEarlier(journalPath);
    const at = [...written.values()]
      .map((row) => row.at ?? '')
      .sort()
      .at(-1);
    const send: UnfinishedSend = {
      file: record.file,
      startedAt: record.startedAt,
      lastAt: at || null,
      written: written.size,
      mapping: record.mapping,
    };
    if (!found || send.startedAt > found.startedAt) found = send;
  }
  return found;
}
