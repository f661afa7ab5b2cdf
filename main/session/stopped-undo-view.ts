/**
 * What an undo that ended on an error shows (revert-runs.ts): its screen kept the preview's rows, every
 * one "Would put back", under "0 put back", and the person could not tell what had been done. Core's
 * revert throws without an outcome, so each row is told here from the undo's own journal, which records
 * every put-back before and after it is sent: put back (its answer recorded), sent without an answer
 * (not known), refused, refused by what stopped the undo (a certificate this computer does not trust,
 * credentials refused: not carried out, so sent again by "Finish the undo", never read back first), or
 * not sent because the undo stopped first. The reason is the view's error.
 */
import type { JournalState } from '../../core/index.ts';
import type { RevertRowView, RevertView } from '../bridge/contract.ts';
import { asSentence } from '../bridge/as-sentence.ts';

/** The rows the preview would put back, settled as the undo's journal has them. */
export function stoppedUndoView(
  view: RevertView,
  journal: Pick<JournalState, 'finished' | 'inDoubt' | 'failedLast'>,
): RevertView {
  let reverted = 0;
  let failed = 0;
  let notSent = 0;
  const rows = view.rows.map((row): RevertRowView => {
    if (row.status !== 'to_revert') return row;
    const outcome = journal.finished.get(row.row);
    if (outcome?.status === 'updated') {
      reverted += 1;
      return { ...row, status: 'reverted', message: null };
    }
    if (outcome?.status === 'failed') {
      failed += 1;
      return { ...row, status: 'failed', message: outcome.error ? asSentence(outcome.error.message) : null };
    }
    notSent += 1;
    // Refused in a way another try may pass (core records the refusal that stopped the undo so): not
    // put back yet, with what refused it; "Finish the undo" sends it again.
    const refused = journal.failedLast.get(row.row);
    if (refused)
      return {
        ...row,
        status: 'not_sent',
        message: `Not put back: ${asSentence(refused.error?.message ?? 'refused by Trackops')}`,
      };
    // Sent, and no answer recorded: the stop's own refusal, or an answer lost. Not known either way.
    if (journal.inDoubt.has(row.row))
      return {
        ...row,
        status: 'not_sent',
        inDoubt: true,
        message:
          'The undo stopped while this request was being sent, before an answer said it was put back. “Finish the undo” reads it first, and puts it back if it is not.',
      };
    return {
      ...row,
      status: 'not_sent',
      message: 'The undo stopped before this request was sent. “Finish the undo” sends it.',
    };
  });
  const s = view.summary;
  return {
    ...view,
    rows,
    summary: {
      ...s,
      toRevert: 0,
      reverted: s.reverted + reverted,
      failed: s.failed + failed,
      notSent: s.notSent + notSent,
    },
  };
}
