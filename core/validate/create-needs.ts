/**
 * Upsert rows are checked as creates (they may create), so a row that leaves blank what only a new
 * request needs (a carrier's status line for a claim already referred: no carrier, adjuster, date
 * received or region) was refused as if it were a new request, and never looked up, though its key
 * finds the request and an update needs none of those (explore 33 item 2). Such a row carries the body
 * it would send (RowOutcome.provisional, `create_needs`), and the plan, which looks its key up, settles it here: when
 * the key finds its request the row is an update like any other (the plan turns the body into an update
 * body and checks its case fields against that request's case type); when it finds none the row would
 * create, so it stays refused, saying so first. Offline nothing can tell: the row stays refused as a
 * create. No request of its own: the plan's listing or probes already cover the key.
 */
import type { CaseRequestCreateBody } from '../api/types.ts';
import type { ProblemCode } from '../problems/catalogue.ts';
import { problem, type ProblemFields } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import type { RowOutcome } from './types.ts';

/**
 * What only a create needs: the seed's required parameters and client/contact parts (and the account's
 * address/phone rules on them, which an update's merge with the stored objects keeps), a subject's
 * required field (an update sends no subjects), and a case field enabled for the row's own case type
 * (an update's request has the case type Trackops holds, checked by the plan).
 */
const CREATE_NEEDS: ReadonlySet<ProblemCode> = new Set<ProblemCode>([
  'required_blank',
  'required_unmapped',
  'require_client_address',
  'require_client_phone',
  'required_subject_field',
  'field_not_enabled',
]);

/** Whether every problem of a row is one only a create has. */
export function onlyCreateNeeds(problems: readonly Problem[]): boolean {
  return problems.length > 0 && problems.every((found) => CREATE_NEEDS.has(found.code));
}

/**
 * Before the plan decides: a row refused only for what a create needs is taken as valid, with the body
 * it would send, and its problems are handed back to be said again should it create after all. Null
 * for any other row (one refused for anything else too stays refused, as it was).
 */
export function setAsideCreateNeeds(outcome: RowOutcome): Problem[] | null {
  if (outcome.provisional?.why !== 'create_needs') return null;
  const { body } = outcome.provisional;
  delete outcome.provisional;
  if (outcome.status !== 'invalid' || !onlyCreateNeeds(outcome.problems)) return null;
  const needs = outcome.problems;
  outcome.problems = [];
  outcome.status = 'valid';
  outcome.body = body;
  return needs;
}

/**
 * After the plan decided: a row that would create is refused for what the new request needs, the first
 * problem saying that its key found no request (`key`: the match key's column, words and value). One
 * the plan refused for a key that only resembles a request's keeps that refusal, and these after it.
 */
export function restoreCreateNeeds(outcome: RowOutcome, needs: Problem[], key: ProblemFields): void {
  if (outcome.action === 'possible_duplicate') {
    outcome.problems.push(...needs);
    return;
  }
  if (outcome.action !== 'create') return;
  outcome.status = 'invalid';
  delete outcome.body;
  outcome.problems = [problem('would_create_new', key), ...needs];
}

/** The body a row refused only for what a create needs would send, kept for the plan (upsert only). */
export function bodyIfFound(
  mode: string,
  problems: readonly Problem[],
  body: Record<string, unknown>,
): CaseRequestCreateBody | undefined {
  return mode === 'upsert' && onlyCreateNeeds(problems)
    ? (body as unknown as CaseRequestCreateBody)
    : undefined;
}
