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
import type { RevertRuns } from '../session/revert-runs.ts';
import { MIME, type HostFiles } from './host-files.ts';

export function revertHandlers(deps: {
  dryRuns: DryRuns;
  imports: ImportRuns;
  reverts: RevertRuns;
  accounts: Accounts;
  host: HostFiles;
  tempDir: string;
}): Pick<BridgeHandlers, 'previewRevert' | 'startRevert' | 'revertStatus' | 'saveRevertResults'> {
  const { dryRuns, imports, reverts, accounts, host, tempDir } = deps;
  // The connection the import was sent through: an undo goes to the same account.
  const accountOf = async (runId: string) => {
    const { profileId } = dryRuns.get(runId);
    if (!profileId)
      throw new BridgeFailure(
        'not_ready',
        'This import was not sent to an account: there is nothing to undo.',
      );
    const { settings, pace } = await accounts.open(profileId);
    return { settings, pace, reference: await accounts.reference(profileId) };
  };
  return {
    async previewRevert({ runId }) {
      return reverts.preview(runId, imports.journalOf(runId), await accountOf(runId));
    },
    async startRevert({ runId }) {
      return reverts.start(runId, imports.journalOf(runId), await accountOf(runId));
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
