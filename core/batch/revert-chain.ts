/**
 * The tool's own writes to a request since an import, told from the journals beside it (report 5,
 * item 3): a clerk undoes the last two imports, newest first. The newer revert moved each request's
 * updated_at, so the older revert saw "changed since" and left alone requests that held exactly what the
 * older import left. A later import (its revert journal in this journal's folder, the working folder or a
 * folder beside it) that read a request at the updated_at this
 * import's write left (`read_updated_at` of its intent), wrote it (its answer's updated_at), and was
 * then undone by its own revert (whose decision was by that updated_at, so nothing came between), took
 * the request from that updated_at to the one its revert's answer gave, holding what it held before:
 * each such step is one edge `id → (updated_at before → updated_at after)`. Walking them from the
 * import's own updated_at to the request's now means only the tool touched it since. A revert journal
 * kept in another folder is found by the record its revert left beside its import's journal.
 *
 * Creates follow the same walk (explore 63 item 6): a create import undone after a later round trip of
 * the same requests was itself undone called every request "changed since: someone worked on it". A
 * later import of these folders that was not undone is a step too (its intent's `read_updated_at` → its
 * answer's updated_at), kept apart: the request then holds that import's values, which is a change, but
 * one the tool can name (its file and start) instead of "someone".
 *
 * Reads only files (no request). A journal that cannot be read is passed over: it only costs the
 * walk, and the request is then reported as changed since (the safe side).
 */
import { readdir } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { readJournalFile, readJournalHeader } from './journal.ts';
import { recordedRevertJournals } from './revert-whereabouts.ts';
import { importRunHash } from './undone-import.ts';

/** A later import of this machine that moved a request's updated_at in one step. */
export interface OwnStep {
  /** The updated_at the step ended at. */
  after: string;
  /** The later import's file, as its journal's header names it, and when that import started (ISO UTC). */
  file: string;
  startedAt: string;
  /** The later import's journal. */
  journal: string;
  /**
   * Set when the step is that import and its own undo together (the request holds what it held
   * before the import): when the revert started. Absent: the import's write, not undone.
   */
  undoneAt?: string;
}

/** Request id → updated_at a later import's write started from → the steps taken from there. */
export type OwnWrites = Map<number, Map<string, OwnStep[]>>;

/** Sibling folders looked into at most (a parent folder may be a home folder). */
const MAX_SIBLINGS = 50;

/**
 * The journals looked at: those in the import journal's folder, in `also` (the working folder), and in
 * the folders beside it (a clerk who keeps each import's results in a folder of its own).
 */
async function journalsNear(importJournal: string, also: readonly string[]): Promise<string[]> {
  const folder = dirname(importJournal);
  const folders = new Set([folder, ...also]);
  const siblings = await readdir(dirname(folder), { withFileTypes: true }).catch(() => []);
  for (const entry of siblings.filter((item) => item.isDirectory()).slice(0, MAX_SIBLINGS))
    folders.add(join(dirname(folder), entry.name));
  const paths = new Set<string>();
  for (const place of folders) {
    const names = await readdir(place).catch(() => [] as string[]);
    for (const name of names) if (name.toLowerCase().endsWith('.jsonl')) paths.add(resolve(place, name));
  }
  return [...paths];
}

/**
 * An import journal's writes whose answer gave their updated_at: row → the request, the updated_at read
 * before the PUT and the one its answer gave. Only such a write: a revert of it then decided by that
 * updated_at (revert-decide.ts), so nothing came between.
 */
async function answeredWrites(path: string): Promise<Map<number, { id: number; from: string; to: string }>> {
  const { lines } = await readJournalFile(path);
  const read = new Map<number, { id: number; at: string }>();
  const writes = new Map<number, { id: number; from: string; to: string }>();
  for (const line of lines) {
    if (line.type === 'intent') {
      if (line.op === 'update' && line.id !== undefined && line.read_updated_at)
        read.set(line.row, { id: line.id, at: line.read_updated_at });
      else read.delete(line.row);
      writes.delete(line.row);
    } else {
      const before = read.get(line.row);
      if (before && line.status === 'updated' && line.updated_at_from === 'answer' && line.updated_at)
        writes.set(line.row, { id: before.id, from: before.at, to: line.updated_at });
      else writes.delete(line.row);
    }
  }
  return writes;
}

function addStep(edges: OwnWrites, id: number, from: string, step: OwnStep): void {
  let steps = edges.get(id);
  if (!steps) edges.set(id, (steps = new Map()));
  steps.set(from, [...(steps.get(from) ?? []), step]);
}

export async function ownWritesBeside(
  importJournal: string,
  also: readonly string[] = [],
): Promise<OwnWrites> {
  const edges: OwnWrites = new Map();
  const own = resolve(importJournal);
  const ownHeader = await readJournalHeader(own).catch(() => null);
  const startedAt = ownHeader?.startedAt;
  const ownIdentity = ownHeader ? importRunHash(ownHeader) : null;
  // Keyed by the import run's identity (the revert header's fileHash), not by the path its `file`
  // gives: that is where the import's journal was when the revert started, and a working folder moved
  // since holds it elsewhere (a later import undone was then said to be "not undone").
  const undone = new Map<string, { undoneAt: string; rows: Map<number, string> }>();
  const imports: string[] = [];
  const near = await journalsNear(own, also);
  // Reverts kept in another folder (`revert --revert-journal OTHER/undo.jsonl`), recorded beside their
  // import's journal (revert-whereabouts.ts): without them a later import undone so read as not undone.
  // One that cannot be read only costs the walk (the safe side), as a journal that cannot be.
  const recorded = await Promise.all(near.map((path) => recordedRevertJournals(path).catch(() => [])));
  for (const path of new Set([...near, ...recorded.flat()])) {
    if (path === own) continue;
    const header = await readJournalHeader(path).catch(() => null);
    if (!header) continue;
    if (header.kind !== 'revert') {
      // An import started before this one cannot have written after it: not read.
      if (!startedAt || header.startedAt > startedAt) imports.push(path);
      continue;
    }
    if (header.fileHash === ownIdentity || resolve(dirname(path), header.file) === own) continue;
    try {
      const revert = await readJournalFile(path);
      const rows = new Map<number, string>();
      for (const line of revert.lines)
        if (line.type === 'outcome' && line.status === 'updated' && line.updated_at && line.id !== undefined)
          rows.set(line.row, line.updated_at);
      if (rows.size === 0) continue;
      undone.set(header.fileHash, { undoneAt: header.startedAt, rows });
      // Its import's journal where the revert found it; after a move, among those near (read above).
      const target = resolve(dirname(path), header.file);
      if (!imports.includes(target)) imports.push(target);
    } catch {
      continue;
    }
  }
  for (const path of imports) {
    try {
      const header = await readJournalHeader(path);
      if (!header || header.kind === 'revert') continue;
      const named = { file: basename(header.file), startedAt: header.startedAt, journal: path };
      const undo = undone.get(importRunHash(header));
      for (const [row, write] of await answeredWrites(path)) {
        const back = undo?.rows.get(row);
        // The import and its undo, one step: the request holds what it held before the import.
        if (back !== undefined)
          addStep(edges, write.id, write.from, { ...named, after: back, undoneAt: undo!.undoneAt });
        addStep(edges, write.id, write.from, { ...named, after: write.to });
      }
    } catch {
      continue;
    }
  }
  return edges;
}

/** The updated_at the request holds when, since `from`, only the tool's own undone imports touched it. */
export function afterOwnWrites(edges: OwnWrites | undefined, id: number, from: string): string {
  const steps = edges?.get(id);
  let at = from;
  const seen = new Set<string>();
  for (;;) {
    const step = steps?.get(at)?.find((item) => item.undoneAt !== undefined);
    if (!step || seen.has(at)) return at;
    seen.add(at);
    at = step.after;
  }
}

/**
 * The later imports that took a request from `from` to `now`, in order: the steps of a walk that ends at
 * `now` (`reached`), else of the longest walk (the request was then changed by something else after its
 * last step). An import-and-undo step is tried before the same import's write alone.
 */
export function ownWalk(
  edges: OwnWrites | undefined,
  id: number,
  from: string,
  now: string,
): { steps: OwnStep[]; reached: boolean } {
  const byStart = edges?.get(id);
  let best: OwnStep[] = [];
  const walk = (at: string, path: OwnStep[], seen: Set<string>): OwnStep[] | null => {
    if (at === now) return path;
    if (path.length > best.length) best = path;
    const steps = [...(byStart?.get(at) ?? [])].sort(
      (a, b) => Number(b.undoneAt !== undefined) - Number(a.undoneAt !== undefined),
    );
    for (const step of steps) {
      if (seen.has(step.after)) continue;
      const found = walk(step.after, [...path, step], new Set([...seen, step.after]));
      if (found) return found;
    }
    return null;
  };
  const found = walk(from, [], new Set([from]));
  return found ? { steps: found, reached: true } : { steps: best, reached: false };
}
