/** "Test connection": read the account's reference data and count its case requests. */
import type { BridgeHandlers } from '../bridge/dispatch.ts';
import type { Accounts } from '../session/accounts.ts';

export function connectionHandlers(accounts: Accounts): Pick<BridgeHandlers, 'testConnection'> {
  return {
    async testConnection({ id }) {
      accounts.forget(id);
      const { api, label } = await accounts.open(id);
      const reference = await accounts.reference(id);
      const count = await api.countCaseRequests({}, 25);
      const subjectFields = reference.fields.filter((field) => field.use !== 'case').length;
      return {
        message:
          `Connected to ${label}. The account has ${count.record_count.toLocaleString('en-US')} case requests, ` +
          `${reference.case_types.length} case types, ${reference.case_regions.length} regions and ` +
          `${reference.fields.length} custom fields (${subjectFields} on subjects).`,
        caseRequestCount: count.record_count,
      };
    },
  };
}
