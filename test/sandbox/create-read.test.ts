import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { call, seedExampleBody, seedExampleText } from './helpers.ts';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});

describe('POST /case/requests with the seed example body (demo-account ids)', () => {
  it('is accepted with 201 and reads back field for field, quirks normalised', async () => {
    const created = await call(sandbox, 'POST', '/case/requests?expand_field_values=1', {
      rawBody: seedExampleText(),
    });
    expect(created.status).toBe(201);
    const sent = seedExampleBody().casefile_request;
    const read = await call(sandbox, 'GET', `/case/requests/${created.body.id}?expand_field_values=1`);
    expect(read.status).toBe(200);
    expect(read.body).toEqual(created.body);
    const record = read.body;
    // The seed gives created_on twice; JSON.parse keeps the later value, as the real API evidently does.
    expect(record.created_on).toBe('2019-05-29');
    for (const key of [
      'case_type_id',
      'case_region_id',
      'company_location_id',
      'due_on',
      'reference_value_1',
      'reference_value_2',
      'reference_value_3',
      'case_location',
      'notes',
      'scheduling_notes',
      'admin_notes',
      'case_services_list',
      'case_flags_list',
      'custom_fields',
    ]) {
      expect(record[key], key).toEqual(sent[key]);
    }
    // Numbers sent as strings come back as numbers; the numeric zip comes back as text.
    expect(record.budget_money).toBe(1500);
    expect(record.budget_hours).toBe(8);
    expect(record.client).toEqual({ ...sent.client, zip: '12345' });
    expect(record.contact).toEqual(sent.contact);
    expect(record.referral_source_id).toBeNull();
    expect(record.client_id).toBeNull();
    expect(record.location_id).toBeNull();
    expect(record.primary_contact_id).toBeNull();
    expect(record.subjects).toHaveLength(1);
    const [subject] = record.subjects;
    expect(subject).toMatchObject({
      subject_type_id: 1,
      is_primary: true,
      is_pinned: true,
      custom_fields: sent.subjects[0].custom_fields,
    });
    expect(subject.id).toEqual(expect.any(Number));
    expect(record.primary_subject_id).toBe(subject.id);
  });

  it('numbers each request from the series counter and stamps UTC system times', async () => {
    const before = new Date().toISOString().slice(0, 19).replace('T', ' ');
    const first = await call(sandbox, 'POST', '/case/requests', { body: seedExampleBody() });
    const second = await call(sandbox, 'POST', '/case/requests', { body: seedExampleBody() });
    expect(second.body.id).toBe(first.body.id + 1);
    expect(second.body.series_number).toBe(first.body.series_number + 1);
    expect(first.body.case_request_number).toBe(`REQ-${String(first.body.series_number).padStart(5, '0')}`);
    expect(first.body.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(first.body.created_at >= before).toBe(true);
    expect(first.body.updated_at).toBe(first.body.created_at);
    // The demo account holds REQ-00001..REQ-00036, so new numbers continue after them.
    expect(first.body.series_number).toBeGreaterThan(36);
  });

  it('flattens NAME and ADDRESS values to text unless expand_field_values=1 (API-NOTES Known)', async () => {
    const created = await call(sandbox, 'POST', '/case/requests', { body: seedExampleBody() });
    const flat = created.body.subjects[0].custom_fields;
    expect(flat.find((entry: { id: number }) => entry.id === 101).value).toBe('John B Doe');
    expect(flat.find((entry: { id: number }) => entry.id === 107).value).toBe(
      '2000 Blake St, STE 123, Denver, CO 80202, US',
    );
    const expanded = await call(sandbox, 'GET', `/case/requests/${created.body.id}?expand_field_values=1`);
    expect(expanded.body.subjects[0].custom_fields[0].value).toEqual({
      first_name: 'John',
      middle_name: 'B',
      last_name: 'Doe',
    });
    const stored = sandbox.account().case_requests.find((request) => request.id === created.body.id);
    expect(stored?.subjects[0]?.custom_fields[0]?.value).toEqual({
      first_name: 'John',
      middle_name: 'B',
      last_name: 'Doe',
    });
  });

  it('answers an unknown id with 404 JSON', async () => {
    const missing = await call(sandbox, 'GET', '/case/requests/99999');
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/99999/);
    expect((await call(sandbox, 'GET', '/case/requests/abc')).status).toBe(404);
    expect((await call(sandbox, 'GET', '/no/such/path')).status).toBe(404);
  });

  it('counts the writes it committed', async () => {
    const before = sandbox.stats().writesCommitted;
    await call(sandbox, 'POST', '/case/requests', { body: seedExampleBody() });
    expect(sandbox.stats().writesCommitted).toBe(before + 1);
  });
});
