import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { call, seedExampleBody, type Json } from './helpers.ts';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

async function freshRequest(): Promise<Record<string, Json>> {
  const created = await call(sandbox, 'POST', '/case/requests?expand_field_values=1', {
    body: seedExampleBody(),
  });
  expect(created.status).toBe(201);
  return created.body;
}

describe('PUT /case/requests/{id}', () => {
  it('changes only the fields it names (seed: "fields not included will remain unchanged") and bumps updated_at', async () => {
    const demoBefore = (await call(sandbox, 'GET', '/case/requests/3?expand_field_values=1')).body;
    const updated = await call(sandbox, 'PUT', '/case/requests/3?expand_field_values=1', {
      body: { casefile_request: { due_on: '2027-01-01' } },
    });
    expect(updated.status).toBe(200);
    const { due_on, updated_at, ...rest } = updated.body;
    const { due_on: oldDue, updated_at: oldUpdated, ...oldRest } = demoBefore;
    expect(due_on).toBe('2027-01-01');
    expect(oldDue).not.toBe('2027-01-01');
    expect(rest).toEqual(oldRest);
    expect(updated_at > oldUpdated).toBe(true);
    const read = await call(sandbox, 'GET', '/case/requests/3?expand_field_values=1');
    expect(read.body).toEqual(updated.body);
  });

  it('replaces the client object whole (seed note 1): parts not sent are gone', async () => {
    const record = await freshRequest();
    const client = { name: 'Summit Mutual Insurance', country: 'CA', city: 'Calgary' };
    const updated = await call(sandbox, 'PUT', `/case/requests/${record.id}`, {
      body: { casefile_request: { client } },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.client).toEqual(client);
    expect(updated.body.contact).toEqual(record.contact);
  });

  it('refuses a partial client without name and country, and changes nothing', async () => {
    const record = await freshRequest();
    const answer = await call(sandbox, 'PUT', `/case/requests/${record.id}`, {
      body: { casefile_request: { client: { city: 'Boulder' }, notes: 'changed' } },
    });
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.errors).sort()).toEqual(['client.country', 'client.name']);
    const read = await call(sandbox, 'GET', `/case/requests/${record.id}?expand_field_values=1`);
    expect(read.body).toEqual(record);
  });

  it('replaces the contact whole and checks it whole', async () => {
    const record = await freshRequest();
    const bad = await call(sandbox, 'PUT', `/case/requests/${record.id}`, {
      body: { casefile_request: { contact: { first_name: 'Ann' } } },
    });
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(['contact.email', 'contact.last_name']);
    const contact = { last_name: 'Ng', email: 'ann.ng@example.com' };
    const good = await call(sandbox, 'PUT', `/case/requests/${record.id}`, {
      body: { casefile_request: { contact } },
    });
    expect(good.body.contact).toEqual(contact);
  });

  it('merges custom fields by id: named fields change, others stay', async () => {
    const record = await freshRequest();
    const answer = await call(sandbox, 'PUT', `/case/requests/${record.id}`, {
      body: {
        casefile_request: {
          custom_fields: [
            { id: 12, value: 'Urgent' },
            { id: 15, value: '2019-05-01' },
          ],
        },
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.custom_fields).toEqual([
      { id: 14, value: 'answer for field number 14' },
      { id: 12, value: 'Urgent' },
      { id: 15, value: '2019-05-01' },
    ]);
  });

  it('clears optional values sent as null and replaces lists', async () => {
    const record = await freshRequest();
    const answer = await call(sandbox, 'PUT', `/case/requests/${record.id}`, {
      body: {
        casefile_request: {
          due_on: null,
          reference_value_3: null,
          case_flags_list: [],
          case_services_list: [24, '26'],
        },
      },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      due_on: null,
      reference_value_3: null,
      case_flags_list: [],
      case_services_list: [24, 26],
    });
  });

  it('matches a request to a client with client_id (seed update table), found by the client filter', async () => {
    const record = await freshRequest();
    const answer = await call(sandbox, 'PUT', `/case/requests/${record.id}`, {
      body: { casefile_request: { client_id: '812' } },
    });
    expect(answer.status).toBe(200);
    expect(answer.body.client_id).toBe(812);
    const listed = await call(sandbox, 'GET', '/case/requests?client=812');
    expect(listed.body.map((item: { id: number }) => item.id)).toEqual([record.id]);
    const bad = await call(sandbox, 'PUT', `/case/requests/${record.id}`, {
      body: { casefile_request: { client_id: 'Acme' } },
    });
    expect(Object.keys(bad.body.errors)).toEqual(['client_id']);
  });

  it('refuses parameters the seed update table does not list, naming each', async () => {
    const record = await freshRequest();
    const answer = await call(sandbox, 'PUT', `/case/requests/${record.id}`, {
      body: { casefile_request: { case_type_id: 2, budget_money: 10, subjects: [], colour: 'red' } },
    });
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.errors).sort()).toEqual([
      'budget_money',
      'case_type_id',
      'colour',
      'subjects',
    ]);
    expect(answer.body.errors.case_type_id[0]).toMatch(/only be given when the case request is created/);
  });

  it('checks custom fields against the stored case type', async () => {
    const record = await freshRequest(); // case type 1 Surveillance: fields 11-15
    const answer = await call(sandbox, 'PUT', `/case/requests/${record.id}`, {
      body: { casefile_request: { custom_fields: [{ id: 16, value: 'Standard' }] } },
    });
    expect(answer.status).toBe(422);
    expect(answer.body.errors['custom_fields.0.id'][0]).toMatch(/not enabled for case type 1 "Surveillance"/);
  });

  it('answers 404 for an unknown id and 422 without casefile_request', async () => {
    expect(
      (await call(sandbox, 'PUT', '/case/requests/424242', { body: { casefile_request: { notes: 'x' } } }))
        .status,
    ).toBe(404);
    const missing = await call(sandbox, 'PUT', '/case/requests/1', { body: { notes: 'x' } });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.errors)).toContain('casefile_request');
  });
});
