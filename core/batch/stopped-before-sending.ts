/**
 * A stop (Ctrl-C, SIGTERM, the app's Stop) that comes while an import is still reading and checking its
 * rows, before the first request that writes. The rows are read from the file, and checked against the
 * account, with the soft stop signal: nothing has been sent yet, so there is nothing to let finish and
 * no reason to go on reading (at `--rate 1/min` the check's look-ups take minutes). What the reading
 * then throws is the stop itself, not a failure (explore 31 item 1: it was reported as a bug, exit 70).
 */
import { TrackopsBulkError } from '../errors.ts';
import type { RowOutcome } from '../validate/types.ts';

export class StoppedBeforeSendingError extends TrackopsBulkError {
  /** Rows read and checked when the stop came (none of them sent). */
  readonly rowsRead: number;

  constructor(rowsRead: number, cause: unknown) {
    super('stopped_before_sending', 'stopped before anything was sent', { cause });
    this.rowsRead = rowsRead;
  }
}

/**
 * The rows as `rows` gives them; a failure to give the next one once `signal` is aborted is the stop,
 * thrown as StoppedBeforeSendingError. Failures of the reading itself (a damaged file, a refused look-up)
 * without a stop are thrown as they are.
 */
export async function* rowsUntilStopped(
  rows: AsyncIterable<RowOutcome> | Iterable<RowOutcome>,
  signal: AbortSignal,
): AsyncIterable<RowOutcome> {
  let read = 0;
  try {
    for await (const row of rows) {
      read += 1;
      yield row;
    }
  } catch (error) {
    if (signal.aborted) throw new StoppedBeforeSendingError(read, error);
    throw error;
  }
}
