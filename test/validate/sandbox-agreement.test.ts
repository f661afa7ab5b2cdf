/* eslint-disable @typescript-eslint/no-explicit-any -- bodies are spoiled on purpose here; their type is the point being broken */
/**
 * Client and server agree: every body the validator passes is accepted by the sandbox over real HTTP,
 * and the values the validator refuses are refused by the sandbox too when sent anyway.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseRequestCreateBody, Cell } from '../../core/index.ts';
import { validateRow, validateRows } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import {
  cellsOf,
  collect,
  CREATE_HEADERS,
  CREATE_MAPPING,
  demoReference,
  GOOD_ROW,
  sheetOf,
} from './helpers.ts';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rate: 1000 });
});
afterAll(async () => {
  await sandbox.close();
});

const reference = demoReference();

async function send(
  method: 'POST' | 'PUT',
  path: string,
  body: unknown,
): Promise<{ status: number; json: any }> {
  const response = await fetch(`${sandbox.baseUrl}/${path}`, {
    method,
    headers: {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
    },
    body: JSON.stringify({ casefile_request: body }),
  });
  return { status: response.status, json: await response.json() };
}

const VALID_VARIANTS: Record<string, Cell>[] = [
  GOOD_ROW,
  {
    ...GOOD_ROW,
    'Claim #': 'CLM-101',
    Plate: 'XYZ 987',
    Region: 'Pacific Northwest',
    Services: 'Neighborhood Canvass',
  },
  {
    ...GOOD_ROW,
    'Claim #': 'CLM-102',
    Received: { type: 'date', date: '2024-02-29' },
    Budget: 0,
    Priority: '',
  },
  {
    ...GOOD_ROW,
    'Claim #': 'CLM-103',
    Claimant: 'Mary Ann Smith',
    'Claimant DOB': '',
    'Adjuster Phone': '+1 303 555 0199 x4',
  },
];

describe('client and server agree (sandbox over HTTP)', () => {
  it('every body the validator passes is created by the sandbox as sent', async () => {
    const outcomes = await collect(
      validateRows(
        sheetOf(
          CREATE_HEADERS,
          VALID_VARIANTS.map((row) => cellsOf(row)),
        ),
        CREATE_MAPPING,
        {
          reference,
          settings: sandbox.settings,
        },
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['valid', 'valid', 'valid', 'valid']);
    for (const outcome of outcomes) {
      const { status, json } = await send('POST', 'case/requests', outcome.body);
      expect(status, JSON.stringify(json)).toBe(201);
      const body = outcome.body as CaseRequestCreateBody;
      expect(json).toMatchObject({
        reference_value_1: body.reference_value_1,
        created_on: body.created_on,
        case_region_id: body.case_region_id,
      });
    }
  });

  it('an update body, merged with the stored client/contact as the runner does, is accepted by PUT', async () => {
    const created = await send(
      'POST',
      'case/requests',
      validateRow({ row: 2, cells: cellsOf(GOOD_ROW) }, CREATE_HEADERS, CREATE_MAPPING, { reference }).body,
    );
    const stored = created.json as { id: number; client: object; contact: object };
    const update = {
      due_on: '2026-09-30',
      client: { ...stored.client, city: 'Boulder' },
      contact: stored.contact,
      custom_fields: [{ id: 11, value: 0 }],
    };
    const { status, json } = await send('PUT', `case/requests/${stored.id}`, update);
    expect(status, JSON.stringify(json)).toBe(200);
    expect(json.client.city).toBe('Boulder');
  });

  // Each row the validator refuses, and the body that would go out if the bad value were sent anyway.
  const good = () =>
    structuredClone(
      validateRow({ row: 2, cells: cellsOf(GOOD_ROW) }, CREATE_HEADERS, CREATE_MAPPING, { reference }).body,
    ) as any;
  const REFUSED: [string, Record<string, Cell>, string, (body: any) => void, string][] = [
    [
      'bad email',
      { 'Adjuster Email': 'bob@' },
      'invalid_email',
      (b) => (b.contact.email = 'bob@'),
      'contact.email',
    ],
    [
      'date that does not exist',
      { Received: '2/30/2026' },
      'nonexistent_date',
      (b) => (b.created_on = '2026-02-30'),
      'created_on',
    ],
    ['negative budget', { Budget: '-5' }, 'negative_number', (b) => (b.budget_money = -5), 'budget_money'],
    [
      'choice not in the field',
      { Priority: 'Whenever' },
      'invalid_choice',
      (b) => (b.custom_fields[0].value = 'Whenever'),
      'custom_fields.0',
    ],
    ['missing client name', { Client: '' }, 'required_blank', (b) => delete b.client.name, 'client.name'],
    [
      'required subject field',
      { Claimant: '' },
      'required_subject_field',
      (b) => b.subjects[0].custom_fields.shift(),
      'subjects.0',
    ],
    [
      'text in a date field',
      { 'Claimant DOB': '13/45/80' },
      'nonexistent_date',
      (b) => (b.subjects[0].custom_fields[1].value = '1980-13-45'),
      'subjects.0',
    ],
  ];

  it.each(REFUSED)('%s: refused by both', async (_name, change, code, spoil, param) => {
    const outcome = validateRow(
      { row: 5, cells: cellsOf({ ...GOOD_ROW, ...change }) },
      CREATE_HEADERS,
      CREATE_MAPPING,
      { reference },
    );
    expect(outcome.problems.map((p) => p.code)).toEqual([code]);
    const body = good();
    body.reference_value_1 = `REFUSED-${code}`;
    spoil(body);
    const { status, json } = await send('POST', 'case/requests', body);
    expect(status).toBe(422);
    expect(
      Object.keys(json.errors).some((key) => key.startsWith(param)),
      JSON.stringify(json.errors),
    ).toBe(true);
  });

  it('an unknown lookup name cannot even be sent: the sandbox refuses the nearest thing, an id the account lacks', async () => {
    const outcome = validateRow(
      { row: 5, cells: cellsOf({ ...GOOD_ROW, Region: 'Mtn West' }) },
      CREATE_HEADERS,
      CREATE_MAPPING,
      { reference },
    );
    expect(outcome.problems.map((p) => p.code)).toEqual(['lookup_not_found']);
    const body = good();
    body.case_region_id = 999;
    expect((await send('POST', 'case/requests', body)).status).toBe(422);
  });
});
