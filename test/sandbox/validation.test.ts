import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { call, seedExampleBody } from './helpers.ts';

let sandbox: RunningSandbox;
beforeAll(async () => {
  // Well above the default 50/s: this file sends bursts of writes and is not about the rate limit.
  sandbox = await startSandbox({ rate: 10_000 });
});
afterAll(async () => {
  await sandbox.close();
});

type Body = ReturnType<typeof seedExampleBody>;
async function post(edit: (request: Body['casefile_request']) => void, target: RunningSandbox = sandbox) {
  const body = seedExampleBody();
  edit(body.casefile_request);
  return call(target, 'POST', '/case/requests', { body });
}

describe('write validation answers 422 naming each bad parameter path (CONTRACTS section 4)', () => {
  it('names every bad path at once, with the submitted array indexes', async () => {
    const answer = await post((request) => {
      request.client.country = 'USA';
      request.contact.email = 'bob@';
      request.created_on = '2026-02-30';
      request.due_on = '15/06/2019';
      request.budget_money = '$1,500';
      request.case_region_id = 99;
      request.case_flags_list = [31, 'x'];
      request.subjects[0].custom_fields[2] = { id: 102, value: '1979-13-01' };
    });
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.errors).sort()).toEqual(
      [
        'budget_money',
        'case_flags_list.1',
        'case_region_id',
        'client.country',
        'contact.email',
        'created_on',
        'due_on',
        'subjects.0.custom_fields.2',
      ].sort(),
    );
    expect(answer.body.message).toMatch(/and 7 more errors/);
    for (const messages of Object.values(answer.body.errors) as string[][]) {
      expect(messages.length).toBeGreaterThan(0);
    }
    expect(answer.body.errors['client.country'][0]).toContain('"USA"');
    expect(answer.body.errors.case_region_id[0]).toMatch(/1 Mountain West/);
  });

  it('requires the parameters of the seed create table', async () => {
    const answer = await call(sandbox, 'POST', '/case/requests', { body: { casefile_request: {} } });
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.errors).sort()).toEqual([
      'case_region_id',
      'case_type_id',
      'client',
      'contact',
      'created_on',
    ]);
    const parts = await post((request) => {
      request.client = { address_1: '1 Main' };
      request.contact = { first_name: 'Jo' };
    });
    expect(Object.keys(parts.body.errors).sort()).toEqual([
      'client.country',
      'client.name',
      'contact.email',
      'contact.last_name',
    ]);
  });

  it('answers malformed JSON with 400 and a missing casefile_request with 422', async () => {
    const malformed = await call(sandbox, 'POST', '/case/requests', { rawBody: '{"casefile_request": {' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toMatch(/Malformed JSON/);
    const missing = await call(sandbox, 'POST', '/case/requests', { body: { case_type_id: 1 } });
    expect(missing.status).toBe(422);
    expect(Object.keys(missing.body.errors)).toEqual(['casefile_request']);
    const notObject = await call(sandbox, 'POST', '/case/requests', { rawBody: '[1,2]' });
    expect(notObject.status).toBe(422);
  });

  it('answers a body over 2 MB with 413', async () => {
    const answer = await call(sandbox, 'POST', '/case/requests', {
      body: { casefile_request: { notes: 'x'.repeat(3_000_000) } },
    });
    expect(answer.status).toBe(413);
    expect(answer.body.message).toMatch(/over 2097152 bytes/);
  });

  it('refuses unknown parameters rather than dropping them', async () => {
    const answer = await post((request) => {
      request.priority = 'High';
      request.client.phone = '555';
    });
    expect(Object.keys(answer.body.errors).sort()).toEqual(['client.phone', 'priority']);
  });

  it('checks custom fields exist, are enabled for the case type, and are not given twice', async () => {
    const answer = await post((request) => {
      request.custom_fields = [
        { id: 9999, value: 'x' },
        { id: 16, value: 'Standard' },
        { id: 12, value: 'High' },
        { id: 12, value: 'Normal' },
        { id: 101, value: 'x' },
        { value: 'no id' },
      ];
    });
    expect(Object.keys(answer.body.errors).sort()).toEqual(
      [
        'custom_fields.0.id',
        'custom_fields.1.id',
        'custom_fields.3.id',
        'custom_fields.4.id',
        'custom_fields.5',
      ].sort(),
    );
    expect(answer.body.errors['custom_fields.1.id'][0]).toMatch(/valid: 11 Rush, 12 Priority/);
  });

  it('checks subject fields belong to the subject type and required ones are filled', async () => {
    const answer = await post((request) => {
      request.subjects = [
        {
          subject_type_id: 1,
          is_primary: true,
          is_pinned: true,
          custom_fields: [{ id: 201, value: 'ABC-1234' }],
        },
        { subject_type_id: 2, is_primary: false, is_pinned: false, custom_fields: [{ id: 201, value: '' }] },
        { subject_type_id: 7, is_primary: 'yes', is_pinned: false, custom_fields: [] },
        {
          subject_type_id: 4,
          is_primary: true,
          is_pinned: false,
          custom_fields: [{ id: 401, value: 'Acme' }],
        },
      ];
    });
    expect(answer.body.errors).toEqual({
      'subjects.0.custom_fields.0.id': [expect.stringMatching(/not a field of subject type 1 "Claimant"/)],
      'subjects.0.custom_fields': [expect.stringMatching(/field 101 "Name" is required for a Claimant/)],
      'subjects.1.custom_fields': [expect.stringMatching(/field 201 "License Plate" is required/)],
      'subjects.2.subject_type_id': [expect.stringMatching(/7 is not the id/)],
      'subjects.2.is_primary': [expect.stringMatching(/true or false/)],
      subjects: [expect.stringMatching(/only one subject may have is_primary/)],
    });
  });

  const cases: Array<[string, number, number, unknown, unknown]> = [
    // [type, subject type, field id, a bad value, a good value]
    ['NAME', 1, 101, 'John Doe', { first_name: 'John', last_name: 'Doe' }],
    ['BIRTHDAY', 1, 102, '10/30/1979', '1979-10-30'],
    ['INPUT', 1, 103, 'two\nlines', 'Big John'],
    ['EMAIL', 1, 106, 'john@', 'john@example.com'],
    ['ADDRESS', 1, 107, { street: '1 Main' }, { address_1: '1 Main', zip: 80202, country: 'US' }],
    ['SELECT', 1, 108, 'male', 'Male'],
    ['COUNTRY', 1, 110, 'us', 'MX'],
    ['YESNONA', 1, 111, 2, ''],
    ['NUMBER', 2, 205, '2019a', '2019'],
    ['RADIO', 3, 302, 'Home', 'Residence'],
    ['YESNO', 3, 303, '', 1],
    ['LINK', 4, 404, 'acme dot com', 'https://acme.example.com'],
    ['DATE', 4, 405, '2021-02-29', '2020-02-29'],
    ['CURRENCY', 4, 406, '$18.50', 18.5],
  ];
  it.each(cases)(
    'checks %s values by their type (API-NOTES table)',
    async (_tag, subjectTypeId, fieldId, bad, good) => {
      const required: Record<number, { id: number; value: unknown }> = {
        1: { id: 101, value: { last_name: 'Doe' } },
        2: { id: 201, value: 'ABC-1234' },
        3: { id: 301, value: { city: 'Denver' } },
        4: { id: 401, value: 'Acme' },
      };
      const subject = (value: unknown) => ({
        subject_type_id: subjectTypeId,
        is_primary: false,
        is_pinned: false,
        custom_fields: [
          ...(required[subjectTypeId]!.id === fieldId ? [] : [required[subjectTypeId]]),
          { id: fieldId, value },
        ],
      });
      const refused = await post((request) => {
        request.subjects = [subject(bad)];
      });
      expect(refused.status).toBe(422);
      const index = required[subjectTypeId]!.id === fieldId ? 0 : 1;
      expect(Object.keys(refused.body.errors)).toEqual([`subjects.0.custom_fields.${index}`]);
      const accepted = await post((request) => {
        request.subjects = [subject(good)];
      });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
    },
  );

  it('checks LONG text and case-use NUMBER values too', async () => {
    const answer = await post((request) => {
      request.custom_fields = [
        { id: 14, value: { text: 'x' } },
        { id: 13, value: 'twelve' },
      ];
    });
    expect(Object.keys(answer.body.errors).sort()).toEqual(['custom_fields.0', 'custom_fields.1']);
  });

  it('enforces "Require Client Address" and "Require Client Phone" when the account has them', async () => {
    const account = await loadDemoAccount();
    account.settings = { require_client_address: true, require_client_phone: true };
    const strict = await startSandbox({ account });
    try {
      expect(strict.settings).toEqual({ require_client_address: true, require_client_phone: true });
      const answer = await post((request) => {
        request.client = { name: 'Acme', country: 'US' };
        request.contact = { last_name: 'Adjuster', email: 'a@example.com', phone_fax: '555' };
      }, strict);
      expect(Object.keys(answer.body.errors).sort()).toEqual([
        'client.address_1',
        'client.city',
        'contact.phone_office',
      ]);
      const good = await post((request) => {
        request.contact = { last_name: 'Adjuster', email: 'a@example.com', phone_mobile: '555-0100' };
      }, strict);
      expect(good.status).toBe(201);
    } finally {
      await strict.close();
    }
    expect((await post((request) => (request.client = { name: 'Acme', country: 'US' }))).status).toBe(201);
  });

  it('accepts every stored demo request when sent back as a create body (the demo account is valid data)', async () => {
    const account = await loadDemoAccount();
    for (const record of account.case_requests) {
      const body = {
        casefile_request: {
          ...Object.fromEntries(
            [
              'case_type_id',
              'case_region_id',
              'company_location_id',
              'referral_source_id',
              'created_on',
              'due_on',
              'reference_value_1',
              'reference_value_2',
              'reference_value_3',
              'case_location',
              'budget_money',
              'budget_hours',
              'notes',
              'scheduling_notes',
              'admin_notes',
              'client',
              'contact',
              'case_services_list',
              'case_flags_list',
              'custom_fields',
            ].map((key) => [key, record[key as keyof typeof record]]),
          ),
          subjects: record.subjects.map(({ id: _id, ...subject }) => subject),
        },
      };
      const answer = await call(sandbox, 'POST', '/case/requests', { body });
      expect(answer.status, `${record.case_request_number}: ${JSON.stringify(answer.body)}`).toBe(201);
    }
  });
});
