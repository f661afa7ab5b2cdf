/** A request's id and number as a row's outcome carries them (journal, results, reports). */
import type { CaseRequestRecord } from '../api/types.ts';

/** How a message names a request: its number, else its id ("request 57"). */
export function requestName(record: Pick<CaseRequestRecord, 'id' | 'case_request_number'>): string {
  return typeof record.case_request_number === 'string' ? record.case_request_number : `request ${record.id}`;
}

export function identity(record: CaseRequestRecord): { id: number; case_request_number?: string } {
  return {
    id: record.id,
    ...(typeof record.case_request_number === 'string'
      ? { case_request_number: record.case_request_number }
      : {}),
  };
}
