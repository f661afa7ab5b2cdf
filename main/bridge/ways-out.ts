/**
 * The app's ways out (core/problems/ways-out.ts): the app has no --resume. What resumes a send's
 * journal is a button on its results: “Send the remaining” (the rows left, in doubt ones among them),
 * “Retry failed rows” (the rows that failed), or the same file chosen again; a row's note says which.
 */
import type { WaysOut } from '../../core/index.ts';

export const APP_WAYS_OUT: WaysOut = {
  // A row's note: a send of the same dry run finishes what is left (the app's journal, as --resume).
  sendAgain: () => 'send again',
  // A trial send of the first rows (the CLI's --limit): the rows after it are sent by sending again.
  trialEnded: (rows) => `the trial run of ${rows} ${rows === 1 ? 'row' : 'rows'} ended`,
  // An update row whose key finds no request (match_not_found): the CLI's --mode upsert is a choice of
  // the app's send.
  createIfNotFound: () => 'choose "Update if found, otherwise create" under What the import does',
  // A round-trip workbook's value over Excel's cell limit (cut_by_excel, edited_over_cell_limit): the
  // app's CSV export is a choice of its Export screen.
  csvExport: () => 'the Export screen, as CSV',
  // A round-trip CSV's dates Excel rewrote (spreadsheet_date_unread, read_only_date_differs): the
  // column's dateFormat is the Columns step's box under it, and the .xlsx round trip a choice of the
  // Export screen (the CLI's words named neither).
  setDateOrder: () => 'set the column’s “Date format of text dates” on the Columns step',
  xlsxRoundTripInstead: () =>
    'export the requests again as Excel (.xlsx) with the “Round trip” columns on the Export screen and edit that instead',
  // A row Trackops refused with 403 on its own (write_refused): the results' retry is the app's --resume
  // (explored: 200 rows, each failure named --resume).
  retryRefusedRow: () => 'use “Retry failed rows” on the results',
  // A file fixed and chosen again is its new import.
  importChangedFile: () => 'import that file again',
  // A row refused with 403 on its own in an earlier send, sent again by this one (explore 38 item 4:
  // after "Retry failed rows" its note named --resume). The send may be the retry, "Send the remaining"
  // or a send of the file chosen again, so the words say what each of them is: this send.
  earlierSend: () => 'an earlier send of this file',
  resend: () => 'this send',
  // The app's send stops with its own message on what to do (failure.ts APP_WORDING search_refused),
  // not on a terminal.
  searchRefusedAgain: () =>
    'sending again is refused the same way. The message above the results says what to do',
  // A send stopped with a row in doubt: the rows left, that row among them, are sent by “Send the
  // remaining” on the results (explore 40 item 4: the results said "Run again with --resume after 08:08").
  resumeAfter: (time) =>
    `Use “Send the remaining” on these results after ${time}: it looks for the row in Trackops before sending anything, ` +
    'and a send started sooner sends the other rows and waits until then before it sends this one',
  // An update that failed with no answer: a failed row is sent again by “Retry failed rows” (the same
  // journal, as --resume), which waits for the PUT's window the same way.
  retryUpdateAfter: (time) =>
    `use “Retry failed rows” on these results after ${time}: it reads the request back before sending it again, ` +
    'and a retry started sooner waits until then before it sends this row',
  resumeOnceAnswered: () => 'Once Trackops answers, use “Send the remaining” on these results',
  resumeOnceAnsweredAgain: () => 'Once Trackops answers again, use “Send the remaining” on these results',
  // The app has no setting for the mapping's "duplicates": "create" (nor a --results to keep apart), so
  // the second request a clerk really wants is typed into Trackops by hand, and the words say why.
  secondRequestOfEarlierCreate: () =>
    'create it in Trackops by hand (this app never sends a row an earlier import created)',
  // A held-back row (in_doubt_several, earlier_create_several): sending again holds it back again, as a
  // --resume does (explore: the send's results named --resume, "duplicates" and --results).
  heldBackEarlierCreate: () =>
    '(leave the row out of the file: sending again holds it back again); if none is, create it in Trackops by hand (this app holds the row back on every send)',
  heldBackInDoubt: () =>
    '(sending again holds the row back again); if none is, create it in Trackops by hand (this app holds the row back on every send)',
  // A row in doubt whose claim Trackops holds (in_doubt_duplicate, in_doubt_duplicate_unsure): the app
  // sends no duplicate.
  secondRequestForClaimHeld: () =>
    'create it in Trackops by hand (this app does not send a row whose claim Trackops holds)',
  createPossibleDuplicate: () =>
    'create it in Trackops by hand (this app never sends a row that may be a second request for a claim)',
  // An earlier import's create (near-edit.ts and its kin): the journal is a file of the app's (or the
  // command line's) that a clerk never opens, so its path says nothing they can act on.
  asEarlierImportRecords: () => 'as the record kept of that import shows',
  // An earlier create whose id holds another request (earlier_create_replaced): the app's practice
  // account starts afresh by itself, with no --reset.
  practiceAccountStartedAfresh: () => 'a practice account started afresh',
  // A row's note on a create answered with a request Trackops held before (answered_existing): the
  // CLI's revert is the results' “Undo this import”.
  undoOfImport: () => '"Undo this import"',
  // An undo's check of the import's create in doubt: the CLI's --resume of the import is the results'
  // “Send the remaining”, beside the undo's button (it said "the import's own resume (send again)").
  settleBeforeUndo: () => '“Send the remaining” on the import’s results',
  undoLookedForCreate: () => '“Undo this import” looked for it as “Send the remaining” would',
  // An undo's rows left in doubt, failed or not sent: the CLI's `revert --resume` is the undo screen's
  // “Finish the undo”, which resumes the same journal.
  finishUndoAfter: (time) =>
    `Use “Finish the undo” after ${time}: it reads the request back before sending anything, ` +
    'and one started sooner waits until then before it decides this request',
  finishUndo: () => 'Use “Finish the undo”',
  retryUndoRow: () => ' (“Finish the undo” tries it again)',
  finishStoppedUndo: () => 'use “Finish the undo”',
  // An undo's wait for its own earlier put-back: the app's undo has no Stop; what leaves the request in
  // doubt is the app closed during the wait, and what settles it then is “Finish the undo”.
  undoWaitLeftInDoubt: () =>
    'If the app is closed meanwhile, it stays in doubt: “Finish the undo” reads it back before it is ever sent again',
  // A corrected row (edited_since_earlier_import): what to do, with what the dry run offers.
  correctedRow: (request) =>
    `make the same correction to ${request} in Trackops, then select this row and click “Leave this row out”; ` +
    "if this is another referral, create it in Trackops by hand (this app never sends a row it takes for an earlier import's request)",
};
