/**
 * The ways out core's messages name: what a person does next (send the rest again, retry a refused row,
 * finish an undo…). The CLI does it with a command and a flag (`--resume`), the app with a button
 * ("Send the remaining" on the results), so core words the situation and asks the host for the way
 * out. The host passes its vocabulary in (cli/ways-out.ts, main/bridge/ways-out.ts); neither rewrites
 * the other's sentences (the app once did, with regular expressions over the CLI's words, and every
 * new or reworded sentence fell through to the app in the CLI's words).
 *
 * Each method is one situation. A host's words fit the sentence around them, so a method says what
 * comes before and after it where that matters.
 */
export interface WaysOut {
  /**
   * Send the rows left (a stop, a trial's end, a lost answer), as the sentence's verb:
   * "…; {sendAgain} to send it", "{sendAgain}, which looks for it in Trackops before…".
   */
  sendAgain(): string;
  /** A trial of the first `rows` rows that ended before this row: "not sent: {trialEnded(rows)}; {sendAgain} to send it". */
  trialEnded(rows: number): string;
  /** An update whose key finds no request, made a create instead: "check the value, or {createIfNotFound} to create it". */
  createIfNotFound(): string;
  /** How a CSV export is made, inside brackets: "make edits … in a CSV export ({csvExport}), which keeps them whole". */
  csvExport(): string;
  /**
   * A round-trip CSV's column whose short-form dates read both ways, as the sentence's start:
   * "{setDateOrder} (M/D/YYYY or D/M/YYYY, as the computer that saved the file writes dates) or type…".
   */
  setDateOrder(): string;
  /**
   * The round trip made as .xlsx, whose dates no spreadsheet rewrites: "to keep the file's dates as
   * exported, {xlsxRoundTripInstead}, or open the CSV in Excel through Data > From Text/CSV…".
   */
  xlsxRoundTripInstead(): string;
  /** A row refused with 403 on its own, sent again once permission is granted: "…, then {retryRefusedRow}, which sends this row again". */
  retryRefusedRow(): string;
  /** The same row once it is changed in the file: "fix it in the file and {importChangedFile}: rows already written are not sent again". */
  importChangedFile(): string;
  /** The earlier send of the same journal, as a subject: "in {earlierSend}", "{EarlierSend} was refused the same way". */
  earlierSend(): string;
  /** What sends a refused row again, as a subject: "…, and {resend} sent the row again". */
  resend(): string;
  /**
   * A search Trackops refused (a 4xx), after "This is a refusal, not an outage: ": that sending again
   * is refused the same way, and where the person reads what to do instead. A whole sentence.
   */
  searchRefusedAgain(): string;
  /**
   * A row left in doubt (a create whose answer was lost): when a send settles it (`time`, "10:43"),
   * and what one started sooner does. A whole sentence.
   */
  resumeAfter(time: string): string;
  /** An update that failed with no answer: when a retry reads it back (`time`), and what one sooner does. Lower case, inside brackets. */
  retryUpdateAfter(time: string): string;
  /** A row in doubt, Trackops not answering its look-up: the sentence's start, "{resumeOnceAnswered}: it looks for the row…". */
  resumeOnceAnswered(): string;
  /** A write answered by a page that is not the API's: the sentence's start, "{resumeOnceAnsweredAgain}: it looks for the request…". */
  resumeOnceAnsweredAgain(): string;

  /**
   * A second request for a row an earlier import created, which this tool never sends on its own:
   * "If a second request is really wanted, {secondRequestOfEarlierCreate}".
   */
  secondRequestOfEarlierCreate(): string;
  /**
   * A row held back because a request may be an earlier import's create of it, after "if one is this
   * row's referral, nothing is left to send ": what sending again does, and how a second request is
   * made if none is.
   */
  heldBackEarlierCreate(): string;
  /** The same for a row its own journal's earlier send left in doubt. */
  heldBackInDoubt(): string;
  /** A second request for a claim Trackops holds: "If a second request for this claim is really wanted, {secondRequestForClaimHeld}". */
  secondRequestForClaimHeld(): string;
  /** A row whose key Trackops holds written a little otherwise: "if it is another claim, {createPossibleDuplicate}". */
  createPossibleDuplicate(): string;
  /**
   * A row that may be an earlier import's create corrected since: "If you corrected the file,
   * {correctedRow(request)}": the correction made in Trackops, and a second request if it is another.
   */
  correctedRow(request: string): string;

  /**
   * Where an earlier import's send of a row is recorded (its journal `journal`), after a comma:
   * "…(its row 7, sent 10:15) as REQ-00012, {asEarlierImportRecords(journal)}". Not a way out, but the
   * CLI's user opens that file (and gives it to revert); the app's journal is a file its user never sees.
   */
  asEarlierImportRecords(journal: string): string;
  /**
   * A practice account that gives its ids again, inside brackets: "({practiceAccountStartedAfresh} gives
   * its ids again)". The CLI's sandbox starts afresh with a command; the app's by itself.
   */
  practiceAccountStartedAfresh(): string;

  /** What undoes an import, as a subject: "{undoOfImport} leaves REQ-00012 alone" (a request it did not create). */
  undoOfImport(): string;
  /**
   * An import's create in doubt, in the check before its undo: what settles it before the undo starts,
   * as a subject: "Before undoing, {settleBeforeUndo} would settle it by the same search, but it also
   * sends the rows the import had not reached".
   */
  settleBeforeUndo(): string;
  /**
   * The same create, looked for by the undo's check: who looked and how, as the sentence's start:
   * "{undoLookedForCreate} (the requests created since then with …) and found one holding…".
   */
  undoLookedForCreate(): string;

  /**
   * An undo's request in doubt (its put-back got no answer): when finishing the undo decides it
   * (`time`), and what one started sooner does. A whole sentence.
   */
  finishUndoAfter(time: string): string;
  /** An undo's request read back in vain: the sentence's start, "{finishUndo}: it checks the request…". */
  finishUndo(): string;
  /** An undo's row refused in a way another try may pass, in brackets after Trackops' words: " (…)". */
  retryUndoRow(): string;
  /** An undo stopped before this row: "not sent: the revert was stopped; {finishStoppedUndo} to finish". */
  finishStoppedUndo(): string;
  /**
   * An undo waiting for its own earlier put-back, after "…could send it again on top of a later
   * change, or miss that it landed. ": what a stop (or the app closed) leaves. A whole sentence.
   */
  undoWaitLeftInDoubt(): string;
}

/** "run again" → "Run again": a way out that starts a sentence. */
export const capitalised = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1);
