/**
 * A results file fed back in as the source (a clerk fixes the failed rows in `--results run1.csv` and
 * imports run1.csv): the rows an earlier run wrote are not sent again. Read the same way by the import
 * (runner.ts), which skips them, and by the dry run (`validate`), which says so, so that the dry run
 * predicts what the import does. A row counts as written when its `_status` says `created` or `updated`,
 * or `skipped` with a request `_id`: the next generation of results writes a row skipped as done with
 * the request's id, and only such a skip carries one (explore6 #1: a third run created it again).
 *
 * In every mode (explore63 #2). An update or upsert row finds its request by its key, but its freshness
 * check sees only changes made since this run's read: a colleague's correction made between the two
 * runs, or a `revert` of the earlier import, would be overwritten without a word. So the row is skipped
 * as done there too, and its note says how to send a change to it on purpose (empty its `_status` cell),
 * which is what a clerk who corrected such a row in the file (explore 8 item 6) is told to do; one whose
 * `_id` was emptied is sent too. Its key must still find the request its `_id` names, though
 * (writtenRequestReader, below).
 */
import { cellText } from '../read/cell-text.ts';
import { ID_COLUMN, REQUEST_NUMBER_COLUMN, STATUS_COLUMN } from '../read/tool-columns.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import type { ImportMode, RowOutcome } from '../validate/types.ts';

export interface EarlierResult {
  /** The request the earlier run wrote, when the file names it. */
  id?: number;
  case_request_number?: string;
  /** What the file says: `created`, `updated`, or `skipped` (as done, by an earlier generation). */
  was: string;
  /** An update or upsert import: sending the row again could overwrite a change made since that run. */
  overwrites?: true;
}

/** A row's cells: where its earlier run's result is read. */
export type EarlierResultRow = Pick<RowOutcome, 'cells'>;

/**
 * Headers and mode → a reader of each row's earlier result (null: the row is sent as any other). A file
 * without a `_status` column has none.
 */
export function earlierResultsReader(
  headers: readonly string[],
  mode: ImportMode,
): (row: EarlierResultRow) => EarlierResult | null {
  const find = (name: string) => headers.findIndex((header) => header.trim().toLowerCase() === name);
  const status = find(STATUS_COLUMN);
  if (status < 0) return () => null;
  const id = find(ID_COLUMN);
  const number = find(REQUEST_NUMBER_COLUMN);
  return ({ cells }) => {
    const was = cellText(cells[status] ?? null)
      .trim()
      .toLowerCase();
    const idText = id >= 0 ? cellText(cells[id] ?? null).trim() : '';
    const read = requestIdOf(idText);
    // Any id at all (one another program rewrote past reading, too) says the earlier run wrote the row.
    const hasId = read !== null;
    if (was !== 'created' && was !== 'updated' && !(was === 'skipped' && hasId)) return null;
    // An update or upsert row whose _id the clerk emptied is meant for a new (or the found) request, as
    // the refusal of a row whose key no longer finds its _id advises (writtenRequestReader): sent.
    if (mode !== 'create' && !hasId) return null;
    const numberText = number >= 0 ? cellText(cells[number] ?? null).trim() : '';
    return {
      ...(typeof read === 'number' ? { id: read } : {}),
      ...(numberText ? { case_request_number: numberText } : {}),
      was,
      ...(mode === 'create' ? {} : { overwrites: true as const }),
    };
  };
}

/**
 * The request a results file says an earlier run wrote a row to (its `_id`, and `_case_request_number`);
 * `id` null with `unreadable` when the `_id` cell holds something that is not a request id.
 */
export type WrittenRequest =
  | { id: number; case_request_number?: string }
  | { id: null; unreadable: string; case_request_number?: string };

/**
 * A results file's `_id` as a request id: digits, or an integral number another program wrote its own
 * way (explore 12 item 1: pandas writes 37.0 for an int column with a blank, a spreadsheet 3.7E+01).
 * Null for an empty cell; 'unreadable' for anything else, which a caller never takes as "no id".
 */
export function requestIdOf(text: string): number | 'unreadable' | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^\+?\d+(\.0*)?$|^\+?\d+(\.\d+)?[eE]\+?\d+$/.test(trimmed)) {
    const value = Number(trimmed);
    if (Number.isSafeInteger(value) && value > 0) return value;
  }
  return 'unreadable';
}

/**
 * Update and upsert (explore 9 item 4): a results file's row names the request an earlier run wrote it
 * to. Its match key must still find that request: a clerk who corrected the key (a typo in the claim
 * number) would otherwise make an upsert create a second request for the referral, or an update land on
 * another. Null when the file is no results file (no `_status` and `_id` columns).
 */
export function writtenRequestReader(
  headers: readonly string[],
): ((row: EarlierResultRow) => WrittenRequest | null) | null {
  const find = (name: string) => headers.findIndex((header) => header.trim().toLowerCase() === name);
  const id = find(ID_COLUMN);
  if (find(STATUS_COLUMN) < 0 || id < 0) return null;
  const number = find(REQUEST_NUMBER_COLUMN);
  return ({ cells }) => {
    const idText = cellText(cells[id] ?? null).trim();
    const read = requestIdOf(idText);
    if (read === null) return null;
    const numberText = number >= 0 ? cellText(cells[number] ?? null).trim() : '';
    const request = numberText ? { case_request_number: numberText } : {};
    return typeof read === 'number' ? { id: read, ...request } : { id: null, unreadable: idText, ...request };
  };
}

/** The note a row written by an earlier run carries, in the import's results and the dry run alike. */
export function earlierResultNote(row: number, earlier: EarlierResult): Problem {
  return problem('already_done', {
    row,
    // No column: the note is about the row; the tool's own column is not a cell to mark.
    label: null,
    target: null,
    value: null,
    was: earlier.was,
    request: earlier.case_request_number ?? (earlier.id === undefined ? null : `id ${earlier.id}`),
    overwrites: earlier.overwrites ?? false,
  });
}

/**
 * A dry run's row that an import of this results file would skip as written before (runner.ts: a valid
 * row, or one refused only as a duplicate of what is in the account, which that earlier run made): valid,
 * action `already_done`, with the note. Other rows are returned as they are.
 */
export function markDoneInEarlierResults(
  outcome: RowOutcome,
  earlierResult: (row: EarlierResultRow) => EarlierResult | null,
): RowOutcome {
  if (outcome.status !== 'valid' && outcome.action !== 'duplicate') return outcome;
  const earlier = earlierResult(outcome);
  if (!earlier) return outcome;
  return {
    ...outcome,
    status: 'valid',
    action: 'already_done',
    problems: [],
    notes: [...(outcome.notes ?? []), earlierResultNote(outcome.row, earlier)],
  };
}
