/**
 * An earlier import run again after a column was fixed on every row: the clerk saw a date column read
 * wrong (or the region, or a phone column), fixed the whole column in the file and imported it again.
 * No row of the file is an earlier create whole any more, so the near-edit rule's anchor (another row
 * of that import held whole, EarlierCreates.near) was missing and every row was created a second time.
 * This finds such an import from the rows themselves, so that `near` treats it as run again.
 *
 * What is evidence, and why. The file's name is not: an office may call every month's referral file
 * `referrals.xlsx` (a name shared by other referrals), and a fixed file saved under another name holds
 * the same referrals (explore 17). Nor is a row's place: rows get sorted and inserted. What tells one
 * referral from another is its own values (a claimant's name, date of birth, phone, a vehicle's plate),
 * so a row pairs with an earlier create when it is a near edit of it (one or two values differ, many
 * more agree: near-edit.ts isNearEdit) and at least two of the values they agree in are held by no
 * other create of that import: that referral's own, never the file's constants or values many rows
 * share (another month's file of one carrier agrees in those alone, its rows at the same places).
 * An import is run again when the pairs show one column fixed throughout: one change (a column's
 * target, or a value left blank) is among the differences of at least two pairs, and of more than
 * half of that import's creates or of this file's rows to create (a trial of five rows, then the whole
 * file fixed; or the rows found wrong, cut out and imported again). A one-row import run again pairs
 * once. A false alarm holds rows back (exit 1, said, with the ways out); a miss creates duplicates,
 * which nothing undoes: this asks much of a pair, and little of how many there are.
 */
import type { CaseRequestCreateBody } from '../api/types.ts';
import {
  changedCount,
  compareParts,
  isNearEdit,
  PartsIndex,
  readParts,
  valuesOf,
  type ComparedParts,
} from './near-edit.ts';

/** What this needs of an earlier create (earlier-creates.ts EarlierCreate). */
export interface PairableCreate {
  journal: string;
  row: number;
  at: string;
  parts: string;
}

export interface RowToCreate {
  row: number;
  body: Partial<CaseRequestCreateBody>;
}

/** Values a row and a create agree in that no other create of the import holds: a referral's own. */
const OWN_AGREEING = 2;

/** A value this row left blank that the create held: a change whose column the journal cannot name. */
const LEFT_BLANK = '(left blank)';

/**
 * The journals of the imports among `creates` (answered, none held whole by a row of this file) that
 * `rows` (this file's rows to create) run again with a column fixed throughout.
 */
export function importsRunAgainFixed(
  creates: readonly PairableCreate[],
  rows: Iterable<RowToCreate>,
): Set<string> {
  const found = new Set<string>();
  if (creates.length === 0) return found;
  const ofImport = new Map<string, PairableCreate[]>();
  for (const create of creates)
    ofImport.set(create.journal, [...(ofImport.get(create.journal) ?? []), create]);
  const holders = holdersByImport(ofImport);
  const index = new PartsIndex(creates.map((create) => ({ item: create, parts: create.parts })));
  const paired = new Set<PairableCreate>();
  const changesOf = new Map<string, string[][]>();
  let rowCount = 0;
  for (const { row, body } of rows) {
    rowCount += 1;
    const ours = valuesOf(body);
    // The best create of each import for this row: the fewest changes, then the same row, the earliest.
    const best = new Map<string, { create: PairableCreate; compared: ComparedParts }>();
    for (const create of index.candidates(ours)) {
      if (paired.has(create)) continue;
      const theirs = index.partsOf(create)!;
      const compared = compareParts(ours, theirs);
      if (!isNearEdit(compared)) continue;
      const held = holders.get(create.journal)!;
      let own = 0;
      for (const digest of ours.values()) if (theirs.has(digest) && held.get(digest) === 1) own += 1;
      if (own < OWN_AGREEING) continue;
      const before = best.get(create.journal);
      if (!before || ranksBefore(create, compared, before.create, before.compared, row))
        best.set(create.journal, { create, compared });
    }
    for (const [journal, { create, compared }] of best) {
      paired.add(create);
      const changes = [...compared.differs];
      if (compared.dropped > compared.differs.length) changes.push(LEFT_BLANK);
      changesOf.set(journal, [...(changesOf.get(journal) ?? []), changes]);
    }
  }
  for (const [journal, pairs] of changesOf) {
    const created = ofImport.get(journal)!.length;
    const fixed = mostShared(pairs);
    const enough = fixed >= Math.min(2, created) && (2 * fixed > created || 2 * fixed > rowCount);
    if (enough) found.add(journal);
  }
  return found;
}

/** For each import, how many of its creates hold each value (digest). */
function holdersByImport(ofImport: Map<string, PairableCreate[]>): Map<string, Map<string, number>> {
  const holders = new Map<string, Map<string, number>>();
  for (const [journal, list] of ofImport) {
    const counts = new Map<string, number>();
    for (const create of list)
      for (const digest of readParts(create.parts)) counts.set(digest, (counts.get(digest) ?? 0) + 1);
    holders.set(journal, counts);
  }
  return holders;
}

/** How many pairs share the change most of them share. */
function mostShared(pairs: string[][]): number {
  const counts = new Map<string, number>();
  for (const changes of pairs)
    for (const change of changes) counts.set(change, (counts.get(change) ?? 0) + 1);
  return Math.max(0, ...counts.values());
}

function ranksBefore(
  a: PairableCreate,
  aCompared: ComparedParts,
  b: PairableCreate,
  bCompared: ComparedParts,
  row: number,
): boolean {
  const rank = (create: PairableCreate, compared: ComparedParts): [number, number, string] => [
    changedCount(compared),
    create.row === row ? 0 : 1,
    create.at,
  ];
  const [x, y] = [rank(a, aCompared), rank(b, bCompared)];
  for (let index = 0; index < x.length; index++) if (x[index] !== y[index]) return x[index]! < y[index]!;
  return false;
}
