/** Connection profiles. Every answer is a ProfilesView: tokens are never part of it. */
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import type { Accounts } from '../session/accounts.ts';
import type { ProfileStore } from '../storage/profiles.ts';

export function profileHandlers(
  profiles: ProfileStore,
  accounts: Accounts,
): Pick<BridgeHandlers, 'listProfiles' | 'saveProfile' | 'deleteProfile' | 'selectProfile'> {
  return {
    listProfiles: () => profiles.list(),
    saveProfile: async (input) => {
      const view = await profiles.save(input);
      // An edited address or token is used from the next request on, not the client made before it.
      if (input.id) accounts.forget(input.id);
      return view;
    },
    deleteProfile: async ({ id }) => {
      const view = await profiles.delete(id);
      accounts.forget(id);
      return view;
    },
    selectProfile: ({ id }) => profiles.select(id),
  };
}
