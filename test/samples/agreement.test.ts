/**
 * Client and server agree (issue 4): every body the builder produces for the messy sample is accepted
 * by the sandbox over real HTTP, and every row the validator rejects is rejected by the sandbox too
 * when its offending value is sent anyway (a valid row's body with that one value put in its place).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import type { Problem, RowOutcome } from '../../core/index.ts';
import { BAD_ROWS, MESSY, validateSample } from './helpers.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
});
afterAll(async () => {
  await sandbox.close();
});

async function post(body: Json): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${sandbox.baseUrl}/case/requests`, {
    method: 'POST',
    headers: {
      Accept: 'application/json',
      'Content-Type': 'application/json',
      Authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
    },
    body: JSON.stringify({ casefile_request: body }),
  });
  return { status: response.status, body: await response.json() };
}

/** Puts a rejected value where the builder would have put it, as a careless client would send it. */
function inject(base: Json, problem: Problem): Json {
  const body = structuredClone(base);
  const raw = problem.value === '' ? null : problem.value;
  const parts = (problem.target as string).split('.');
  const setField = (fields: Json[], id: number) => {
    const kept = fields.filter((field) => field.id !== id);
    return raw === null ? kept : [...kept, { id, value: raw }];
  };
  if (parts[0] === 'subjects')
    body.subjects[Number(parts[1])].custom_fields = setField(
      body.subjects[Number(parts[1])].custom_fields,
      Number(parts[3]),
    );
  else if (parts[0] === 'custom_fields')
    body.custom_fields = setField(body.custom_fields ?? [], Number(parts[1]));
  else if (parts[0] === 'client' || parts[0] === 'contact') {
    if (raw === null) delete body[parts[0]][parts[1]!];
    else body[parts[0]][parts[1]!] = raw;
  } else if (parts[0]!.endsWith('_list')) body[parts[0]!] = [...(body[parts[0]!] ?? []), raw];
  else if (raw === null) delete body[parts[0]!];
  else body[parts[0]!] = raw;
  return body;
}

describe('validator and sandbox agree on samples/referrals-messy.xlsx', () => {
  let outcomes: RowOutcome[];
  beforeAll(async () => {
    ({ outcomes } = await validateSample(MESSY, true));
  });

  it('the sandbox accepts (201) every body the builder produces', async () => {
    const valid = outcomes.filter((outcome) => outcome.status === 'valid');
    expect(valid).toHaveLength(19);
    for (const outcome of valid) {
      const answer = await post(outcome.body);
      expect({ row: outcome.row, status: answer.status, errors: answer.body.errors }).toEqual({
        row: outcome.row,
        status: 201,
        errors: undefined,
      });
    }
  });

  it('the sandbox rejects (422) every value the validator rejects, at the same parameter', async () => {
    const base = outcomes.find((outcome) => outcome.row === 5)!.body; // has both subject groups
    const invalid = outcomes.filter((outcome) => outcome.status === 'invalid');
    expect(invalid.map((outcome) => outcome.row)).toEqual(Object.keys(BAD_ROWS).map(Number));
    for (const outcome of invalid) {
      for (const problem of outcome.problems) {
        const answer = await post(inject(base, problem));
        const paths = Object.keys(answer.body.errors ?? {});
        const topLevel = (problem.target as string)
          .split('.')
          .slice(0, (problem.target as string).startsWith('subjects') ? 2 : 1)
          .join('.');
        expect({ row: outcome.row, status: answer.status }).toEqual({ row: outcome.row, status: 422 });
        expect(
          paths.some((path) => path.startsWith(topLevel)),
          `row ${outcome.row}: ${paths.join(', ')}`,
        ).toBe(true);
      }
    }
  });
});
