/** "Undo this import" (issue 18): the preview, the send, its status (session/revert-runs.ts). */
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import type { Accounts } from '../session/accounts.ts';
import type { DryRuns } from '../session/dry-runs.ts';
import type { ImportRuns } from '../session/import-runs.ts';
import type { RevertRuns } from '../session/revert-runs.ts';

export function revertHandlers(deps: {
  dryRuns: DryRuns;
  imports: ImportRuns;
  reverts: RevertRuns;
  accounts: Accounts;
}): Pick<BridgeHandlers, 'previewRevert' | 'startRevert' | 'revertStatus'> {
  const { dryRuns, imports, reverts, accounts } = deps;
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
  };
}
