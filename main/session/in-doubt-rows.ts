/**
 * The rows a stopped send left in doubt, each in words of its own kind. One sentence served creates and
 * updates alike ("may be there already … looks for it"), while what may have happened, what "Send the
 * remaining" does and what to check differ: a create may have made a request (it is looked for, and
 * made only if absent); an update may have changed an existing request (it is read back and compared,
 * and sent again only if it does not hold the row's values). Both say from when "Send the remaining"
 * decides at once: before that the write may still be stored, and a send started sooner waits until
 * then (core's earlier-sends.ts settle window, counted from the write's last attempt).
 */
import { clockTime, lastLeftAt, settledAt, type IntentLine, type JournalState } from '../../core/index.ts';

export interface InDoubtRow {
  row: number;
  message: string;
}

/** Said when the journal holds no write for the row (none should be missing; said plainly if one is). */
const UNKNOWN =
  'Sent, but Trackops gave no answer that says whether it stored it: it may be there already. Nothing was sent after it. ' +
  '“Send the remaining” checks it in Trackops first and never sends it twice; to know now, look for it in Trackops.';

export function inDoubtRows(
  rows: readonly number[],
  state: Pick<JournalState, 'lastIntent'>,
  windowMs: number,
  now: number = Date.now(),
): InDoubtRow[] {
  return [...rows]
    .sort((a, b) => a - b)
    .map((row) => {
      const intent = state.lastIntent.get(row);
      return { row, message: intent ? inDoubtWords(intent, windowMs, now) : UNKNOWN };
    });
}

function inDoubtWords(intent: IntentLine, windowMs: number, now: number): string {
  const left = clockTime(Date.parse(lastLeftAt(intent)));
  const settles = settledAt(lastLeftAt(intent), windowMs);
  const when =
    settles > now
      ? `From ${clockTime(settles)} it decides at once; started sooner, it waits until then, as Trackops may still be storing it.`
      : 'It decides at once: the time Trackops could still be storing it has passed.';
  if (intent.op === 'update' && intent.id !== undefined) {
    const request = `request ${intent.id}`;
    return (
      `Its change to ${request} left at ${left}, and Trackops gave no answer that says whether it saved it: ${request} may hold this row's new values already, or still the old ones. Nothing was sent after it. ` +
      `“Send the remaining” reads ${request} back first and sends the change again only if it does not hold the row's values. ${when} ` +
      `To know now, open ${request} in Trackops and compare it with the row.`
    );
  }
  return (
    `Its create left at ${left}, and Trackops gave no answer that says whether it stored it: a request for this row may be in Trackops already. Nothing was sent after it. ` +
    `“Send the remaining” looks for it in Trackops first and creates it only if it is not there, never twice. ${when} ` +
    `To know now, look in Trackops for a request for this row received since ${left}.`
  );
}
