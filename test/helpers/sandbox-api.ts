/**
 * A case request entered through a running sandbox's own API, as a colleague (or a send whose answer was
 * lost) enters one while the tool under test reads the account: a real POST over HTTP, answered 201.
 */
import { expect } from 'vitest';
import type { CaseRequestCreateBody, CaseRequestRecord } from '../../core/api/types.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';

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
