/**
 * "Test connection": core's read-only probe of the account (the same as `trackops-bulk check`), saved
 * with the profile so later runs use what it found (reference paths, page size), then the account's
 * reference data read afresh with those findings.
 */
import { accountProfileOf } from '../../core/index.ts';
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import type { Accounts } from '../session/accounts.ts';
import type { ProfileStore } from '../storage/profiles.ts';

export function connectionHandlers(
  accounts: Accounts,
  profiles: ProfileStore,
): Pick<BridgeHandlers, 'testConnection'> {
  return {
    async testConnection({ id }) {
      accounts.forget(id);
      const { check, label } = await accounts.check(id);
      const saved = accountProfileOf(check);
      await profiles.saveCheck(id, saved);
      accounts.forget(id);
      const reference = await accounts.reference(id);
      const subjectFields = reference.fields.filter((field) => field.use !== 'case').length;
      const count = check.caseRequestCount;
      const counted = count === null ? 'an unknown number of' : count.toLocaleString('en-US');
      const missing = Object.keys(reference.unavailable ?? {});
      const message =
        `Connected to ${label}. The account has ${counted} case requests, ` +
        `${reference.case_types.length} case types, ${reference.case_regions.length} regions and ` +
        `${reference.fields.length} custom fields (${subjectFields} on subjects).` +
        (missing.length
          ? ` Not served by this account: ${missing.map((list) => list.replace(/_/g, ' ')).join(', ')} (the checks that need them are off).`
          : '') +
        (check.unsafe.length ? ` Not safe to import yet: ${check.unsafe.join(' ')}` : '');
      const { checkedAt, unsafe, findings, use } = check;
      return { message, caseRequestCount: count, check: { checkedAt, unsafe, findings, use } };
    },
  };
}
