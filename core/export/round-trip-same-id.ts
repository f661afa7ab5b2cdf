/**
 * Rows of a round-trip workbook for the same request (the same `id`): a clerk copies a row to edit
 * it and keeps the original, or pastes an edited block below the export. The first row used to be
 * sent and every later one refused as a repeat, whatever each held: a row edited to "A" above a copy
 * edited to "B" wrote A, though B was as likely the one meant. The rule is the update sheet's
 * (validate/same-request.ts):
 *
 * - rows holding the same values: the first decides (sent when edited), the others `duplicate_in_file`;
 * - rows holding different values for any column: none is sent; each row that would send something,
 *   and each later row, is refused (`conflicting_rows_in_file`) naming the rows with other values,
 *   each column that differs with every row's value, and the rows repeating its own. A first row left
 *   as exported sends nothing either way; it is not refused, and is said "as exported".
 *
 * "The same values": cell by cell, as the round trip compares a cell with the export (its canonical
 * hash); a row left as exported counts as holding the exported values. Only rows whose id repeats are
 * kept here (their cells, for the words), so a workbook of distinct ids costs nothing more.
 */
import type { Cell, SourceRow } from '../read/types.ts';
import { cellText } from '../read/cell-text.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import type { RowOutcome } from '../validate/types.ts';
import { canonicalCellText, valueHash, type MetaColumn, type MetaRow } from './round-trip-meta.ts';

export interface PlacedColumn {
  column: MetaColumn;
  /** Position in the metadata (and its hashes). */
  index: number;
  /** Position in this sheet's header; -1 when the user deleted the column. */
  at: number;
}

/** One row of a repeated id: its outcome on its own, and its cells (null: left as exported). */
export interface SameIdMember {
  row: number;
  outcome: RowOutcome | 'unchanged';
  cells: readonly Cell[] | null;
}

interface Difference {
  label: string;
  target: string;
  values: { row: number; text: string; value: string | null }[];
}

/**
 * Settles one id's rows, the first row first. Returns nothing when they hold the same values (the
 * caller's first-decides rule stands); else each refused row's problem, by row.
 */
export function settleSameId(
  id: number,
  members: readonly SameIdMember[],
  before: MetaRow,
  layout: readonly PlacedColumn[],
): Map<number, Problem> | null {
  const placed = layout.filter((place) => place.at !== -1);
  const hashes = members.map((member) =>
    placed.map((place) =>
      member.cells === null
        ? before.hashes[place.index]!
        : valueHash(canonicalCellText(member.cells[place.at] ?? null, place.column.kind)),
    ),
  );
  const signatures = hashes.map((row) => row.join('\u0000'));
  if (signatures.every((signature) => signature === signatures[0])) return null;

  const numberAt = placed.find((place) => place.column.target === 'case_request_number');
  const named = members.map((member) =>
    member.cells && numberAt ? cellText(member.cells[numberAt.at] ?? null).trim() : '',
  );
  const request = named.find((name) => name !== '') ?? `request ${id}`;
  const refused = new Map<number, Problem>();
  members.forEach((member, index) => {
    // A first row left as exported sends nothing: there is nothing to hold back.
    if (index === 0 && member.outcome === 'unchanged') return;
    const others = members.filter((_, other) => other !== index && signatures[other] !== signatures[index]);
    const sameAs = members.filter((_, other) => other !== index && signatures[other] === signatures[index]);
    const shown = [member, ...others].sort((a, b) => a.row - b.row);
    const differences = differencesOf(shown, members, hashes, placed);
    const mine = differences[0]!;
    refused.set(
      member.row,
      problem('conflicting_rows_in_file', {
        row: member.row,
        label: mine.label,
        target: mine.target,
        value: mine.values.find((value) => value.row === member.row)?.value ?? null,
        key: String(id),
        keyLabel: 'id',
        request,
        others: others.map((other) => other.row),
        sameAs: sameAs.map((other) => other.row),
        differences,
      }),
    );
  });
  return refused;
}

/** The columns whose values differ between `shown` rows, each with every shown row's value. */
function differencesOf(
  shown: readonly SameIdMember[],
  members: readonly SameIdMember[],
  hashes: readonly string[][],
  placed: readonly PlacedColumn[],
): Difference[] {
  const rowsAt = shown.map((member) => members.indexOf(member));
  const differences: Difference[] = [];
  placed.forEach((place, at) => {
    if (new Set(rowsAt.map((index) => hashes[index]![at])).size < 2) return;
    differences.push({
      label: place.column.header,
      target: place.column.target,
      values: shown.map((member) => {
        if (member.cells === null) return { row: member.row, text: 'as exported', value: null };
        const text = cellText(member.cells[place.at] ?? null).trim();
        return {
          row: member.row,
          text: text === '' ? 'blank' : `'${text}'`,
          value: text === '' ? null : text,
        };
      }),
    });
  });
  return differences;
}

/** A later row of a repeated id, refused as its first row's repeat until the ids are settled. */
export function laterRowMember(row: SourceRow, outcome: RowOutcome | 'unchanged'): SameIdMember {
  return { row: row.row, outcome, cells: outcome === 'unchanged' ? null : row.cells };
}
