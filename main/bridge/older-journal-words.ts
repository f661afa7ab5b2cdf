/**
 * Texts a journal kept from an older app, shown again: a row's failure or note is stored in the journal
 * as it was worded when it was sent, and shown again when a later send or undo settles the row from
 * the journal (core's runner resultOf, revert-run's fromJournal). Before core took its ways out from the
 * host (core/problems/ways-out.ts), the app's journals stored them in the CLI's words, and the app
 * rewrote them as it showed them. Core's words now come in the app's own, so these rules are for those
 * stored texts only: each is a sentence an older app stored, and none matches what core says now.
 * Nothing is added here for a new sentence: it is worded by APP_WAYS_OUT when it is made.
 */
const OLDER_APP_JOURNAL: [RegExp, string][] = [
  // A row Trackops refused with 403 on its own (write_refused), and that row sent again later.
  [
    /\brun the import again with --resume, which sends this row again\b/g,
    'use “Retry failed rows” on the results, which sends this row again',
  ],
  [
    /\bfix it in the file and run the same import without --resume \(a changed file cannot be resumed\)/g,
    'fix it in the file and import that file again',
  ],
  [
    /\bin an earlier run of this import; --resume sent it again\b/g,
    'in an earlier send of this file; this send sent it again',
  ],
  [
    /\bAn earlier run of this import was refused the same way, and --resume sent the row again\b/g,
    'An earlier send of this file was refused the same way, and this send sent the row again',
  ],
  // An update that failed with no answer; before the rule after it, which would drop the time's meaning.
  [
    /\brun again with --resume after (\d{1,2}:\d{2}) to retry this row: it reads the request back before sending it again, and a resume started sooner waits until then before it sends this row/g,
    'use “Retry failed rows” on these results after $1: it reads the request back before sending it again, and a retry started sooner waits until then before it sends this row',
  ],
  [/\brun again with --resume\b/g, 'send again'],
  // A create answered with a request Trackops held before (answered_existing), a note on a written row.
  [/\brevert leaves\b/g, '"Undo this import" leaves'],
  // An update row whose key found no request when it was sent (match_not_found).
  [/\bimport with --mode upsert\b/g, 'choose "Update if found, otherwise create" under What the import does'],
  // An undo's row refused in a way another try may pass (revert-run.ts).
  [/ \(run the revert again with --resume to retry it\)/g, ' (“Finish the undo” tries it again)'],
];

/** A text read back from a journal, in the app's words when an older app stored it in the CLI's. */
export function olderJournalWords(text: string): string {
  return OLDER_APP_JOURNAL.reduce((words, [cli, app]) => words.replace(cli, app), text);
}
