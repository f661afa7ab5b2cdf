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
 * import's own updated_at to the request's now means only the tool touched it since.
 *
 * Reads only files (no request). A journal that cannot be read is passed over: it only costs the
 * walk, and the request is then reported as changed since (the safe side).
 */
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { readJournalFile, readJournalHeader } from './journal.ts';

/** Request id → updated_at an own import-and-undo started from → updated_at it ended at. */
export type OwnWrites = Map<number, Map<string, string>>;

/** Sibling folders looked into at most (a parent folder may be a home folder). */
const MAX_SIBLINGS = 50;

/**
 * The revert journals looked at: those in the import journal's folder, in `also` (the working folder),
 * and in the folders beside it (a clerk who keeps each import's results in a folder of its own).
 */
async function revertJournalsNear(importJournal: string, also: readonly string[]): Promise<string[]> {
  const folder = dirname(importJournal);
  const folders = new Set([folder, ...also]);
  const siblings = await readdir(dirname(folder), { withFileTypes: true }).catch(() => []);
  for (const entry of siblings.filter((item) => item.isDirectory()).slice(0, MAX_SIBLINGS))
    folders.add(join(dirname(folder), entry.name));
  const paths: string[] = [];
  for (const place of folders) {
    const names = await readdir(place).catch(() => [] as string[]);
    for (const name of names) if (name.endsWith('.revert.jsonl')) paths.push(join(place, name));
  }
  return paths;
}

export async function ownWritesBeside(
  importJournal: string,
  also: readonly string[] = [],
): Promise<OwnWrites> {
  const edges: OwnWrites = new Map();
  for (const revertPath of await revertJournalsNear(importJournal, also)) {
    try {
      const header = await readJournalHeader(revertPath);
      if (header?.kind !== 'revert' || header.file === importJournal) continue;
      const revert = await readJournalFile(revertPath);
      const undone = new Map<number, string>();
      for (const line of revert.lines)
        if (line.type === 'outcome' && line.status === 'updated' && line.updated_at && line.id !== undefined)
          undone.set(line.row, line.updated_at);
      if (undone.size === 0) continue;
      const other = await readJournalFile(header.file);
      const readAt = new Map<number, { id: number; at: string }>();
      const wrote = new Map<number, boolean>();
      for (const line of other.lines) {
        if (line.type === 'intent') {
          if (line.op === 'update' && line.id !== undefined && line.read_updated_at)
            readAt.set(line.row, { id: line.id, at: line.read_updated_at });
          else readAt.delete(line.row);
          wrote.delete(line.row);
        } else {
          // Only a write whose answer gave its updated_at: its revert then decided by it (revert-decide.ts).
          wrote.set(line.row, line.status === 'updated' && line.updated_at_from === 'answer');
        }
      }
      for (const [row, after] of undone) {
        const read = readAt.get(row);
        if (!read || !wrote.get(row)) continue;
        let steps = edges.get(read.id);
        if (!steps) edges.set(read.id, (steps = new Map()));
        steps.set(read.at, after);
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
  while (steps?.has(at) && !seen.has(at)) {
    seen.add(at);
    at = steps.get(at)!;
  }
  return at;
}
