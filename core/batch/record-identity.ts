/** A request's id and number as a row's outcome carries them (journal, results, reports). */
import type { CaseRequestRecord } from '../api/types.ts';

export function identity(record: CaseRequestRecord): { id: number; case_request_number?: string } {
  return {
    id: record.id,
    ...(typeof record.case_request_number === 'string'
      ? { case_request_number: record.case_request_number }
      : {}),
  };
}
