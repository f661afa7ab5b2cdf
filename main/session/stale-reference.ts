/**
 * A send never sends bodies built on reference lists that changed since its dry run (explore 34 item 1:
 * the region "Midwest", id 4, renamed "Central" and a new "Midwest" made; the app's send, on the lists it
 * had read earlier, filed the row under "Central" while the CLI filed it under the new "Midwest").
 *
 * The dry run keeps the lists it checked the rows against; the send reads them again and hands both to
 * core's referenceChangesUnder, which names what changed among the things the rows to send were built
 * from. The clerk is then told what changed and to check the rows again; nothing is sent. A change no
 * row uses (a service added that no row names) does not stop the send.
 */
import { referenceChangesUnder, type AccountReference } from '../../core/index.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import type { DryRun } from './dry-runs.ts';

/** Changes named in the message; the rest are counted (the check again shows every row's verdict). */
const NAMED = 5;

export function refuseStaleRows(run: DryRun, now: AccountReference): void {
  // A dry run without the account's lists (not connected) resolved nothing from them.
  if (!run.reference) return;
  // Every valid row's body: a trial sends the first few, but the rest follow from the same dry run.
  const bodies = run.outcomes.flatMap((outcome) =>
    outcome.status === 'valid' && outcome.body ? [outcome.body] : [],
  );
  const changes = referenceChangesUnder(run.reference, now, bodies);
  if (changes.length === 0) return;
  const named = changes.slice(0, NAMED).join('; ');
  const more = changes.length > NAMED ? `; and ${changes.length - NAMED} more` : '';
  throw new BridgeFailure(
    'stale',
    `Nothing was sent: the account changed since these rows were checked, in what the rows were built from: ${named}${more}. ` +
      'Go back to the mapping and choose "Check every row (dry run)" again (the fixes made in the grid are kept): ' +
      'the rows are then checked against the account as it is now, and sent from that check.',
  );
}
