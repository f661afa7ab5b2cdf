/**
 * The account as the app's journals record it (core's journal header `account`): the practice
 * account by name (its address changes at each start), a real one by its API base, normalised. The
 * send writes it; the dry run reads the journals of the same account by it (earlier creates).
 */
import { accountKey } from '../../core/index.ts';
import { SANDBOX_PROFILE_ID } from '../storage/profiles.ts';

export function journalAccountOf(profileId: string, baseUrl: string): string {
  return profileId === SANDBOX_PROFILE_ID ? 'built-in sandbox (the app)' : (accountKey(baseUrl) ?? baseUrl);
}
