/**
 * An account whose server stamps its newest requests later than its own clock (a server stamping local
 * time east of UTC): `old` requests from a month ago, then the rest stamped up to two hours ahead of
 * `now`, `spacingMs` apart, the last one at now + 2 h. Shared by the listing tests of such servers.
 */
import { loadDemoAccount, type AccountFile } from '../../sandbox/index.ts';

/** "2026-12-06 10:42:07", as the API stamps (whole seconds, no zone). */
function apiStamp(millis: number): string {
  return new Date(millis).toISOString().slice(0, 19).replace('T', ' ');
}

export async function aheadAccount(options: {
  now: number;
  size: number;
  old: number;
  spacingMs: number;
  /** reference_value_1's prefix ("FUT" gives FUT-0001…). */
  prefix: string;
}): Promise<AccountFile> {
  const { now, size, old, spacingMs, prefix } = options;
  const account = await loadDemoAccount();
  const demo = account.case_requests;
  let subjectId = 5000;
  account.case_requests = Array.from({ length: size }, (_, index) => {
    const id = index + 1;
    const record = structuredClone(demo[index % demo.length]!);
    const at =
      id <= old
        ? apiStamp(now - 30 * 24 * 3600_000 + id * 60_000)
        : apiStamp(now + 2 * 3600_000 - (size - id) * spacingMs);
    for (const subject of record.subjects) subject.id = ++subjectId;
    return {
      ...record,
      id,
      series_number: id,
      case_request_number: `REQ-${String(id).padStart(5, '0')}`,
      reference_value_1: `${prefix}-${String(id).padStart(4, '0')}`,
      created_at: at,
      updated_at: at,
      primary_subject_id: record.subjects.find((subject) => subject.is_primary)?.id ?? null,
    };
  });
  return account;
}
