/** The account the since-last tests start from: the demo account grown to 100 requests, none updated recently. */
import { loadDemoAccount, type AccountFile } from '../../sandbox/index.ts';

/** Every request's created_at and updated_at: long before any export a test makes. */
export const OLD = '2026-01-01 00:00:00';

export async function hundredRequests(): Promise<AccountFile> {
  const account = await loadDemoAccount();
  const demo = account.case_requests;
  const extra = Array.from({ length: 100 - demo.length }, (_, index) => {
    const copy = structuredClone(demo[index % demo.length]!);
    const id = 101 + index;
    return {
      ...copy,
      id,
      case_request_number: `REQ-${String(id).padStart(5, '0')}`,
      series_number: id,
      subjects: copy.subjects.map((subject, slot) => ({ ...subject, id: 10_000 + id * 10 + slot })),
    };
  });
  account.case_requests = [...demo, ...extra].map((record) => ({
    ...record,
    created_at: OLD,
    updated_at: OLD,
  }));
  return account;
}
