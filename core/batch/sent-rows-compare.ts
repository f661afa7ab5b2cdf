/**
 * Whether the rows a journal's run sent are still in the file, by content (explore 26 item 4: a
 * workbook opened and saved again in LibreOffice, changing nothing, has other bytes, so its journal,
 * bound to the bytes, cannot be resumed; the clerk should hear whether the rows are the same). Compared
 * as earlier imports' creates are (earlier-creates.ts): the create body the row would send now, hashed
 * (fingerprint.ts contentOf), against the content each create intent recorded, wherever the row is now.
 * Only creates record their content: an update's rows (and journals written before contents were
 * recorded) are counted as not compared. Nothing here asks the account anything.
 */
import type { CaseRequestCreateBody } from '../api/types.ts';
import type { RowOutcome } from '../validate/types.ts';
import { contentKeysOf } from './fingerprint.ts';
import { readJournalFile, replayJournal } from './journal.ts';

export interface SentRowsComparison {
  /** Rows the run sent a create for (answered or in doubt) whose content the journal recorded. */
  compared: number;
  /** Of those, the rows (as the run numbered them) whose content no row of the file holds now. */
  differ: number[];
  /** Rows the run wrote or may have written whose content the journal does not record (updates). */
  notCompared: number;
}

export async function compareSentRows(
  journalPath: string,
  outcomes: AsyncIterable<RowOutcome>,
): Promise<SentRowsComparison> {
  const read = await readJournalFile(journalPath);
  const state = replayJournal(read.lines);
  const sent: { row: number; content: string | undefined }[] = [];
  for (const [row, line] of state.finished) {
    if (line.status !== 'created' && line.status !== 'updated') continue;
    const intent = state.lastIntent.get(row);
    sent.push({ row, content: intent?.op === 'create' ? intent.content : undefined });
  }
  for (const [row, intent] of state.inDoubt)
    sent.push({ row, content: intent.op === 'create' ? intent.content : undefined });
  // Each row of the file now holds one content; two identical rows sent are two to find.
  const inFile = new Map<string, number>();
  for await (const outcome of outcomes) {
    if (outcome.status !== 'valid' || !outcome.body) continue;
    // Under both keys a journal may have recorded it (fingerprint.ts contentKeysOf).
    for (const content of contentKeysOf(outcome.body as CaseRequestCreateBody))
      inFile.set(content, (inFile.get(content) ?? 0) + 1);
  }
  const comparison: SentRowsComparison = { compared: 0, differ: [], notCompared: 0 };
  for (const { row, content } of sent.sort((a, b) => a.row - b.row)) {
    if (content === undefined) {
      comparison.notCompared += 1;
      continue;
    }
    comparison.compared += 1;
    const left = inFile.get(content) ?? 0;
    if (left > 0) inFile.set(content, left - 1);
    else comparison.differ.push(row);
  }
  return comparison;
}
