/**
 * A journal whose file stops taking lines while the run sends (explore 52 item 6): a full disk, and as
 * well a folder a sync program or an antivirus holds, permissions changed, the disk remounted read-only.
 * Both stop the run as a stop does (the host says the file, the system's reason and the resume command).
 *
 * A line refused after Trackops answered is the case to say with care: the write happened (Trackops
 * answered with its request), only the journal does not know. It was taken for a lost answer ("Row 7's
 * create got no answer … looked for again in 10 s"), waited for and searched for, then the run died.
 * Now the row is reported as what Trackops answered, with a note that the journal could not record it:
 * it is in doubt for the journal only, and --resume finds it in Trackops before sending anything.
 */
import { asWriteRefused } from '../files/disk-full.ts';
import { TrackopsBulkError } from '../errors.ts';
import type { Journal } from './journal.ts';
import type { OutcomeLine } from './journal-types.ts';

/** The journal, its refused writes named (the file, the system's reason) as disk-full.ts says them. */
export function namingRefusedWrites(journal: Journal): Journal {
  const named = (error: unknown) => Promise.reject(asWriteRefused(error, journal.path));
  return {
    ...journal,
    intent: (line) => journal.intent(line).catch(named),
    outcome: (line) => journal.outcome(line).catch(named),
  };
}

/** Trackops answered a row's write, and the journal refused the outcome line that records the answer. */
export class AnswerNotRecordedError extends TrackopsBulkError {
  /** What Trackops answered, as the journal would have recorded it. */
  readonly line: Omit<OutcomeLine, 'type'>;
  /** Why the journal could not record it (a DiskFullError when the system said why). */
  readonly journalFailure: unknown;

  constructor(line: Omit<OutcomeLine, 'type'>, journalFailure: unknown) {
    super('answer_not_recorded', `row ${line.row}: the journal could not record Trackops' answer`, {
      cause: journalFailure,
    });
    this.line = line;
    this.journalFailure = journalFailure;
  }

  /** True when the answer says the row was written (its request is in Trackops). */
  get written(): boolean {
    return this.line.status === 'created' || this.line.status === 'updated';
  }
}
