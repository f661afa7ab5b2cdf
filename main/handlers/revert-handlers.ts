/**
 * "Undo this import" (issue 18): the preview, the send, its status (session/revert-runs.ts), and the
 * download of what the last check or send found, in the CLI's `revert --results` forms.
 */
import { join, parse } from 'node:path';
import { writeRevertResults } from '../../core/index.ts';
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import type { Accounts } from '../session/accounts.ts';
import type { DryRuns } from '../session/dry-runs.ts';
import type { ImportRuns } from '../session/import-runs.ts';
import type { RevertAccount, RevertRuns } from '../session/revert-runs.ts';
import type { AccountReadings } from '../session/account-readings.ts';
import { journalAccountOf, type PracticeAccount } from '../session/journal-account.ts';
import { MIME, type HostFiles } from './host-files.ts';

export function revertHandlers(deps: {
  dryRuns: DryRuns;
  imports: ImportRuns;
  reverts: RevertRuns;
  accounts: Accounts;
  readings: AccountReadings;
  host: HostFiles;
  tempDir: string;
  practice: PracticeAccount;
}): Pick<BridgeHandlers, 'previewRevert' | 'startRevert' | 'revertStatus' | 'saveRevertResults'> {
  const { dryRuns, imports, reverts, accounts, readings, host, tempDir, practice } = deps;
  /**
   * The connection the import was sent through (an undo goes to the same account), with what the undo
   * reads of it before it answers said under the page's readingId: the lists, then each request it
   * would put back (explored: "Checking every request…" for minutes on a silent Trackops, no word).
   */
  const during = async <T>(
    runId: string,
    readingId: string | undefined,
    work: (account: RevertAccount, journal: string) => Promise<T>,
  ): Promise<T> => {
    const journal = imports.journalOf(runId);
    const { profileId } = dryRuns.get(runId);
    if (!profileId)
      throw new BridgeFailure(
        'not_ready',
        'This import was not sent to an account: there is nothing to undo.',
      );
    const { settings, pace, api, onApiEvent } = await accounts.open(profileId);
    const reading = readings.start(
      readingId,
      'every request this import changed, as Trackops holds it now',
      'nothing has been put back yet',
      api.timeoutMs,
    );
    const stopHearing = onApiEvent(reading.heard);
    try {
      const reference = await accounts.reference(profileId);
      // As the send's journal records it (import-handlers.ts): the undo's journal records the same.
      const account = journalAccountOf(profileId, settings.baseUrl, practice);
      return await work({ settings, account, pace, reference, onApiEvent: reading.heard }, journal);
    } finally {
      stopHearing();
      reading.done();
    }
  };
  return {
    previewRevert: ({ runId, readingId }) =>
      during(runId, readingId, (account, journal) => reverts.preview(runId, journal, account)),
    startRevert: async ({ runId, readingId }) => {
      const view = await during(runId, readingId, (account, journal) =>
        reverts.start(runId, journal, account),
      );
      // From here the import is undone: its results no longer offer to send the rest of that file.
      imports.markUndone(runId);
      return view;
    },
    revertStatus: async ({ runId }) => reverts.status(runId),
    async saveRevertResults({ runId, format }) {
      const results = reverts.results(runId, imports.journalOf(runId));
      const path = join(tempDir, `${runId}-undo-results.${format}`);
      await writeRevertResults(path, results);
      return host.deliver({
        fileName: `${parse(dryRuns.get(runId).fileName).name}-undo-results.${format}`,
        mimeType: MIME[format],
        path,
      });
    },
  };
}
