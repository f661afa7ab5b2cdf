/** Connection profiles. Every answer is a ProfilesView: tokens are never part of it. */
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import type { ProfileStore } from '../storage/profiles.ts';

export function profileHandlers(
  profiles: ProfileStore,
): Pick<BridgeHandlers, 'listProfiles' | 'saveProfile' | 'deleteProfile' | 'selectProfile'> {
  return {
    listProfiles: () => profiles.list(),
    saveProfile: (input) => profiles.save(input),
    deleteProfile: ({ id }) => profiles.delete(id),
    selectProfile: ({ id }) => profiles.select(id),
  };
}
