/** Import results (CONTRACTS section 3, `--results OUT`): what the import runner hands the writer per row. */
import type { Cell } from '../read/types.ts';
import type { ReportError } from './validation-rows.ts';
import type { ReportSource } from './report-types.ts';

/**
 * CONTRACTS section 3; `duplicate`: a create the account already holds, not sent; `unchanged`: an
 * update that would change nothing, not sent.
 */
export type RowResultStatus =
  'created' | 'updated' | 'unchanged' | 'skipped' | 'invalid' | 'failed' | 'duplicate';

export interface RowResult {
  row: number;
  status: RowResultStatus;
  /** Trackops id of the request written. */
  id?: number;
  case_request_number?: string;
  /** Validation problems (invalid) or the API's answer (failed): `{ column, target, value, code, message }`. */
  errors: ReportError[];
  /** What the row was imported without (a date's time of day; RowOutcome.notes). */
  notes?: ReportError[];
  /** The source cells, aligned with the headers (CSV/XLSX keep every source column). */
  cells: Cell[];
}

export interface ResultsSummary {
  rows: number;
  created: number;
  updated: number;
  skipped: number;
  invalid: number;
  failed: number;
  /** Other counters the runner keeps (requests, retries, seconds, …) are written as given. */
  [counter: string]: number;
}

export interface ResultsWriterOptions extends ReportSource {
  /** `.json`: rewrite the file after this many rows (default 100) or 10% more rows, whichever is more … */
  flushEveryRows?: number;
  /** … or when this many seconds have passed since the last write and 1% more rows have come (default 2). */
  flushEverySeconds?: number;
}

export interface ResultsWriter {
  write(result: RowResult): Promise<void>;
  /**
   * Opens the file now, if a writer made lazily has not yet: called before the first request leaves,
   * so that a results folder removed or made read-only since the run was checked stops the run before
   * anything is sent, not after its first row was written to Trackops.
   */
  open?(): Promise<void>;
  /**
   * Writes the final file and returns its path. `stopped`: the run was stopped before every row was
   * sent (its journal finishes it with --resume): `.json` then says `complete: false`.
   */
  close(summary: ResultsSummary, options?: { stopped?: boolean }): Promise<string>;
  /**
   * Removes what this writer wrote instead of finishing it: the run stopped before it sent anything
   * (StoppedBeforeSendingError), so the rows read so far are no run's results. A writer with nothing on
   * disk until `close` has nothing to remove.
   */
  discard?(): Promise<void>;
}

export interface ResultsJson {
  file: string;
  sheet: string | null;
  mode: ReportSource['mode'];
  /**
   * False while the import is still running, when it was killed before close, or when it was stopped
   * (Ctrl-C, SIGTERM: `summary.unsent` rows were not sent; --resume sends them): not every row is done.
   */
  complete: boolean;
  summary: ResultsSummary;
  rows: {
    row: number;
    status: RowResultStatus;
    id: number | null;
    case_request_number: string | null;
    errors: ReportError[];
    notes?: ReportError[];
  }[];
}
