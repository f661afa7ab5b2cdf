/**
 * The command line's ways out (core/problems/ways-out.ts): a row left to send, in doubt or refused is
 * sent by the same command with --resume, which resumes the import's journal.
 */
import type { WaysOut } from '../core/problems/ways-out.ts';

export const CLI_WAYS_OUT: WaysOut = {
  sendAgain: () => 'run again with --resume',
  trialEnded: (rows) => `--limit ${rows} reached`,
  createIfNotFound: () => 'import with --mode upsert',
  csvExport: () => 'trackops-bulk export --out FILE.csv',
  setDateOrder: () => "set the column's date format",
  xlsxRoundTripInstead: () => 'edit the round-trip .xlsx export instead',
  retryRefusedRow: () => 'run the import again with --resume',
  // --resume refuses a changed file (explore 22 item 5); the same command without it starts afresh,
  // sending only what is not written.
  importChangedFile: () => 'run the same import without --resume (a changed file cannot be resumed)',
  earlierSend: () => 'an earlier run of this import',
  resend: () => '--resume',
  searchRefusedAgain: () =>
    'running again (or --resume) is refused the same way. ' +
    'The message on the terminal names the rows to look for in Trackops by hand and how to send the rest',
  resumeAfter: (time) =>
    `Run again with --resume after ${time}: it looks for the row before sending anything, ` +
    'and a resume started sooner waits until then before it sends this row',
  retryUpdateAfter: (time) =>
    `run again with --resume after ${time} to retry this row: ` +
    'it reads the request back before sending it again, and a resume started sooner waits until then before it sends this row',
  resumeOnceAnswered: () => 'Run again with --resume once Trackops answers',
  resumeOnceAnsweredAgain: () => 'Once Trackops answers again, run again with --resume',
  // A second request is the mapping's "duplicates": "create"; a row of a resumed journal goes from a
  // file of its own with another --results, so that the resumed import's results stay its own.
  secondRequestOfEarlierCreate: () => `set the mapping's "duplicates": "create"`,
  heldBackEarlierCreate: () =>
    `(leave the row out of the file); if none is, send this row from a file of its own with the mapping's "duplicates": "create"`,
  heldBackInDoubt: () =>
    `(a --resume holds the row back again); if none is, send this row from a file of its own with the mapping's "duplicates": "create" and another --results`,
  secondRequestForClaimHeld: () =>
    `send this row from a file of its own with the mapping's "duplicates": "create" and another --results`,
  createPossibleDuplicate: () => `set the mapping's "duplicates": "create" to create it anyway`,
  asEarlierImportRecords: (journal) => `as its journal ${journal} records`,
  practiceAccountStartedAfresh: () => 'a practice account started afresh with sandbox --reset',
  undoOfImport: () => 'revert',
  settleBeforeUndo: () => "the import's own resume (run again with --resume)",
  undoLookedForCreate: () => "The revert looked for it as the import's resume would",
  finishUndoAfter: (time) =>
    `Run the revert again with --resume after ${time}: it reads the request back before sending anything, ` +
    'and a resume started sooner waits until then before it decides this request',
  finishUndo: () => 'Run the revert again with --resume',
  retryUndoRow: () => ' (run the revert again with --resume to retry it)',
  finishStoppedUndo: () => 'run it again with --resume',
  undoWaitLeftInDoubt: () => 'Stopping now leaves it in doubt: it is read back before it is ever sent again',
  correctedRow: (request) =>
    `make the same correction to ${request} in Trackops and leave the row out; ` +
    `if this is another referral, import it from a file of its own with the mapping's "duplicates": "create"`,
};
