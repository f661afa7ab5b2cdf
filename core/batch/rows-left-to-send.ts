/**
 * The same import command run again on an unchanged file whose run its journal holds (a schedule's
 * second run, a carrier that did not replace the file): the run is settled as its --resume settles it
 * (rows written from the journal, invalid rows checked again, duplicates and earlier imports' rows
 * looked up), but it sends nothing. When every row is settled so, the run is finished and the host says
 * "Nothing left to send" with what the run left and why (explore 62 item 1: a finished run with one
 * bad row was refused exit 2 "Finish that run with --resume", and so again after that --resume). When
 * a row would be sent (not reached, a --limit trial's rest, a failure worth another try), the run is
 * not finished: it stops before anything is sent, and the host refuses as before, naming the rows.
 */
import { TrackopsBulkError } from '../errors.ts';

export class RowsLeftToSendError extends TrackopsBulkError {
  /** The rows (as numbered in the sheet) a --resume of the run would send. */
  readonly rows: readonly number[];

  constructor(rows: readonly number[]) {
    super('rows_left_to_send', `${rows.length === 1 ? '1 row is' : `${rows.length} rows are`} left to send`);
    this.rows = rows;
  }
}
