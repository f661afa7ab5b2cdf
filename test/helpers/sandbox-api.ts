/**
 * A case request entered through a running sandbox's own API, as a colleague (or a send whose answer was
 * lost) enters one while the tool under test reads the account: a real POST over HTTP, answered 201.
 */
import { expect } from 'vitest';
import type { CaseRequestCreateBody, CaseRequestRecord } from '../../core/api/types.ts';
import { loadDemoAccount, type AccountFile, type RunningSandbox } from '../../sandbox/index.ts';

export async function createThroughApi(
  sandbox: Pick<RunningSandbox, 'baseUrl' | 'username' | 'token'>,
  casefileRequest: CaseRequestCreateBody,
): Promise<CaseRequestRecord> {
  const auth = Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64');
  const answer = await fetch(`${sandbox.baseUrl}/case/requests`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${auth}`,
      'content-type': 'application/json',
      accept: 'application/json',
    },
    body: JSON.stringify({ casefile_request: casefileRequest }),
  });
  const text = await answer.text();
  expect(answer.status, text).toBe(201);
  return JSON.parse(text) as CaseRequestRecord;
}

/** A new referral copied from the account's first request under another claim number (no subjects). */
export function referralLike(one: CaseRequestRecord, claim: string): CaseRequestCreateBody {
  return {
    case_type_id: one.case_type_id,
    case_region_id: one.case_region_id,
    created_on: one.created_on,
    reference_value_1: claim,
    client: one.client,
    contact: one.contact,
    case_services_list: one.case_services_list,
    subjects: [],
  } as CaseRequestCreateBody;
}

/**
 * An account of `count` requests of the demo's, entered one a second and ending half a minute ago (ids
 * 1..count), the first `old` of them an hour earlier (before any listing pin's bound, 5 minutes back).
 */
export async function recentAccount(count: number, old = 0): Promise<AccountFile> {
  const account = await loadDemoAccount();
  const demo = account.case_requests;
  let subjectId = 5000;
  const first = Date.now() - (count + 30) * 1000;
  account.case_requests = Array.from({ length: count }, (_, index) => {
    const id = index + 1;
    const record = structuredClone(demo[index % demo.length]!);
    const at = new Date(first + id * 1000 - (id <= old ? 3600_000 : 0))
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
    for (const subject of record.subjects) subject.id = ++subjectId;
    return {
      ...record,
      id,
      series_number: id,
      case_request_number: `REQ-${String(id).padStart(5, '0')}`,
      reference_value_1: `CLM-RECENT-${String(id).padStart(4, '0')}`,
      created_at: at,
      updated_at: at,
      primary_subject_id: record.subjects.find((subject) => subject.is_primary)?.id ?? null,
    };
  });
  return account;
}
