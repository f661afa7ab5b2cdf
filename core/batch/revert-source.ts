/**
 * What an import's journal says a revert must undo (issue 18): every update it sent, with the values
 * its intent kept (revert-values.ts) and the `updated_at` its outcome recorded, and every create, for a
 * person to close or delete in Trackops (the API has no delete: seed, four endpoints).
 *
 * An update counts when its journal says it happened (`updated`), and also when its fate is not known
 * (an intent with no outcome, or a failure that may pass on another try): such a row is checked by its
 * values alone (revert-decide.ts). An update whose intent kept no values (journals written before
 * issue 18, a round trip whose target was checked without a read) cannot be undone, and is listed.
 */
import type { StampZoneLearnt } from '../api/stamp-zone.ts';
import type { TrackopsApi } from '../api/types.ts';
import { InputError } from '../errors.ts';
import {
  ANSWERED_EXISTING,
  readJournalFile,
  type IntentLine,
  type JournalHeader,
  type KeptValues,
} from './journal.ts';
import { firstKeptValues } from './revert-values.ts';
import { importRunIdentity } from './undone-import.ts';

export interface RevertEntry {
  /** The import's row number (the sheet's): also the row of the revert's own journal. */
  row: number;
  id: number;
  case_request_number?: string;
  /** When the import's PUT left (ISO, this machine's clock). */
  at: string;
  stored?: KeptValues;
  sent?: KeptValues;
  /** The request's updated_at after the import's write (or as read before it: `updatedAtFrom` 'read'). */
  updatedAt?: string;
  updatedAtFrom?: 'answer' | 'read';
  /** `in_doubt`: the import never learnt whether its PUT landed. */
  importEnded: 'updated' | 'in_doubt';
}

export interface RevertCreate {
  row: number;
  id?: number;
  case_request_number?: string;
  /** A create whose fate the import never learnt (it may exist). */
  inDoubt?: boolean;
  /**
   * Of a create in doubt, its last intent: its key (`lookup`), fingerprint and times, by which the revert
   * looks for it as the import's --resume would (revert-in-doubt.ts).
   */
  intent?: IntentLine;
  /** When the import's POST left (ISO, this machine's clock). */
  at?: string;
  /**
   * The request's updated_at as the create's answer gave it (or as read when a lost create was found):
   * a revert compares it with the request now, so that one worked on since is not called the import's
   * to delete. Absent in journals written before it was kept.
   */
  updatedAt?: string;
  /**
   * The create was answered with a request that existed before it was sent, and none of the row's was
   * found since (note `answered_existing`): not known to be created by the import, never to delete.
   */
  answeredExisting?: boolean;
}

export interface RevertSource {
  path: string;
  header: JournalHeader;
  /**
   * The import run's identity (a hash of its journal header: file, mapping, mode, start): the revert's
   * own journal is bound to it (undone-import.ts finds it by this). Not the journal's content: rows the
   * import adds later (an older version resumed it after a revert began) are undone by the same revert
   * journal going on (its rows are the import's rows, and the import never writes a finished row again).
   */
  hash: string;
  entries: RevertEntry[];
  creates: RevertCreate[];
  notices: string[];
  /** The zone the import saw the server stamp in, when not UTC (an outcome's `stamp_zone`). */
  stampZone?: StampZoneLearnt;
}

/**
 * Has `api` read the server's stamps in the zone the import undone saw (its journal's `stamp_zone`),
 * until a write of its own shows it: the revert's check and searches look by time before any write.
 */
export function assumeImportZone(
  api: Pick<TrackopsApi, 'stampZone'>,
  zone: StampZoneLearnt | undefined,
): void {
  if (zone) api.stampZone?.assume({ ...zone, from: `${zone.from} in the import undone` });
}

export async function readRevertSource(path: string, hash: (text: string) => string): Promise<RevertSource> {
  const { header, lines, notices } = await readJournalFile(path);
  if (header.kind === 'revert') {
    throw new InputError(
      'journal_is_revert',
      `journal ${path} is the journal of a revert, not of an import: give the journal of the import to undo`,
    );
  }
  const lastIntent = new Map<number, IntentLine>();
  // Every update intent of a row: a resume after a lost answer writes another, whose read came after
  // the first write (firstKeptValues keeps the values from before the first).
  const updateIntents = new Map<number, IntentLine[]>();
  const ended = new Map<number, { status: string; retryable: boolean; line: (typeof lines)[number] }>();
  const order: number[] = [];
  // Rows whose last update intent has no answer yet (no outcome, or only retryable failures), and rows
  // a resume then refused to send again (`conflict`: changed in Trackops since): that earlier PUT may
  // have landed, so the revert still checks the request by its values.
  const unanswered = new Set<number>();
  const mayHaveLanded = new Set<number>();
  for (const line of lines) {
    if (!lastIntent.has(line.row) && !ended.has(line.row)) order.push(line.row);
    if (line.type === 'intent') {
      if (line.op === 'update') unanswered.add(line.row);
      mayHaveLanded.delete(line.row);
    } else if (!line.retryable) {
      if (unanswered.has(line.row) && line.status === 'failed' && line.error?.code === 'conflict')
        mayHaveLanded.add(line.row);
      unanswered.delete(line.row);
    }
    if (line.type === 'intent') {
      lastIntent.set(line.row, line);
      if (line.op === 'update') updateIntents.set(line.row, [...(updateIntents.get(line.row) ?? []), line]);
      ended.delete(line.row);
    } else {
      ended.set(line.row, { status: line.status, retryable: line.retryable === true, line });
    }
  }
  const entries: RevertEntry[] = [];
  const creates: RevertCreate[] = [];
  for (const row of order.sort((a, b) => a - b)) {
    const intent = lastIntent.get(row);
    const end = ended.get(row);
    const outcome = end?.line.type === 'outcome' ? end.line : undefined;
    if (outcome?.status === 'created' || (!outcome && intent?.op === 'create')) {
      creates.push({
        row,
        ...(outcome?.id === undefined ? {} : { id: outcome.id }),
        ...(outcome?.case_request_number === undefined
          ? {}
          : { case_request_number: outcome.case_request_number }),
        ...(outcome ? {} : { inDoubt: true, ...(intent?.op === 'create' ? { intent } : {}) }),
        ...(intent?.op === 'create' ? { at: intent.at } : {}),
        ...(outcome?.updated_at === undefined ? {} : { updatedAt: outcome.updated_at }),
        ...(outcome?.note?.code === ANSWERED_EXISTING ? { answeredExisting: true } : {}),
      });
      continue;
    }
    if (intent?.op !== 'update' || intent.id === undefined) continue;
    const updated = outcome?.status === 'updated';
    const inDoubt =
      !outcome || (outcome.status === 'failed' && outcome.retryable === true) || mayHaveLanded.has(row);
    if (!updated && !inDoubt) continue; // refused: nothing was changed
    const kept = firstKeptValues(updateIntents.get(row) ?? []);
    entries.push({
      row,
      id: outcome?.id ?? intent.id,
      ...(outcome?.case_request_number === undefined
        ? {}
        : { case_request_number: outcome.case_request_number }),
      at: intent.at,
      ...(kept ?? {}),
      ...(updated && outcome?.updated_at !== undefined
        ? { updatedAt: outcome.updated_at, updatedAtFrom: outcome.updated_at_from ?? 'answer' }
        : {}),
      importEnded: updated ? 'updated' : 'in_doubt',
    });
  }
  const zoned = lines.find((line) => line.type === 'outcome' && line.stamp_zone !== undefined);
  const stampZone = zoned?.type === 'outcome' ? zoned.stamp_zone : undefined;
  return {
    path,
    header,
    hash: hash(importRunIdentity(header)),
    entries,
    creates,
    notices,
    ...(stampZone ? { stampZone } : {}),
  };
}

/**
 * The requests a revert looks at in Trackops (revert-check.ts): the updates it may put back (not those
 * an earlier run of the revert put back: `done`), and the creates whose id is known, so that one
 * changed since the import is not listed for deletion as the import's own (report 5, item 2).
 */
export function revertTargets(
  source: RevertSource,
  done: ReadonlySet<number> = new Set(),
): { id: number; at: string }[] {
  const targets = source.entries
    .filter((entry) => entry.stored && !done.has(entry.row))
    .map((entry) => ({ id: entry.id, at: entry.at }));
  for (const create of source.creates)
    if (create.id !== undefined && create.at !== undefined) targets.push({ id: create.id, at: create.at });
  return targets;
}
