/** Talking to a sandbox over real HTTP from tests, as a client would: Basic auth `{user}/token` + token. */
import type { AccountFile, RunningSandbox, StoredCaseRequest } from '../../sandbox/index.ts';
import { loadDemoAccount } from '../../sandbox/index.ts';

/** Tests poke at JSON answers and bodies freely; the sandbox's own types are what is under test. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface Answer {
  status: number;
  headers: Headers;
  body: Json;
}

export function basicAuth(user: string, token: string): string {
  return `Basic ${Buffer.from(`${user}:${token}`).toString('base64')}`;
}

export type Target = Pick<RunningSandbox, 'baseUrl' | 'username' | 'token'>;

export async function call(
  sandbox: Target,
  method: string,
  path: string,
  options: { body?: unknown; rawBody?: string; auth?: string | null } = {},
): Promise<Answer> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  const auth =
    options.auth === undefined ? basicAuth(`${sandbox.username}/token`, sandbox.token) : options.auth;
  if (auth !== null) headers.Authorization = auth;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${sandbox.baseUrl}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : null };
}

/** The seed's "Example New Case Request Body" with the demo account's ids in place of the seed's. */
export function seedExampleBody(): Record<string, Json> {
  return {
    casefile_request: {
      case_type_id: 1,
      client: {
        name: 'Your Customer Name',
        address_1: '123 Main Street',
        address_2: 'STE 555',
        address_3: '',
        city: 'Any Town',
        state: 'CO',
        zip: 12345,
        country: 'US',
      },
      contact: {
        first_name: 'Joe',
        middle_name: '',
        last_name: 'Adjuster',
        email: 'email@example.com',
        phone_office: '555-555-5555',
        phone_mobile: '555-555-5555',
        phone_fax: '555-555-5555',
      },
      case_region_id: 1,
      created_on: '2019-05-29',
      due_on: '2019-06-15',
      company_location_id: 52,
      reference_value_1: 'ABC123-ClaimNumber',
      reference_value_2: 'ABC',
      reference_value_3: '123',
      case_location: 'Denver, CO',
      budget_money: '1500',
      budget_hours: '8',
      notes: 'Notes and instructions go here.',
      scheduling_notes: 'One weekday and one weekend day',
      admin_notes: 'Created by the API',
      case_services_list: [21, 22],
      case_flags_list: [31],
      custom_fields: [
        { id: 14, value: 'answer for field number 14' },
        { id: 12, value: 'High' },
      ],
      subjects: [
        {
          subject_type_id: 1,
          is_primary: true,
          is_pinned: true,
          custom_fields: [
            { id: 101, value: { first_name: 'John', middle_name: 'B', last_name: 'Doe' } },
            { id: 103, value: 'Big John' },
            { id: 102, value: '1979-10-30' },
            { id: 104, value: '123-45-6789' },
            { id: 109, value: 'This is an API Test \n\n Hello World.' },
            {
              id: 107,
              value: {
                address_1: '2000 Blake St',
                address_2: 'STE 123',
                city: 'Denver',
                state: 'CO',
                zip: '80202',
                country: 'US',
              },
            },
          ],
        },
      ],
    },
  };
}

/**
 * The seed example as raw JSON text, with `created_on` given twice as in the seed (first "2019-06-01",
 * later "2019-05-29"): JSON.stringify cannot write a duplicate key, so it is spliced into the text.
 */
export function seedExampleText(): string {
  const text = JSON.stringify(seedExampleBody());
  return text.replace('"case_region_id":1,', '"case_region_id":1,"created_on":"2019-06-01",');
}

/** A demo account whose case requests are replaced by `records` built from the first demo record. */
export async function accountWith(
  records: Array<Partial<StoredCaseRequest> & { id: number }>,
): Promise<AccountFile> {
  const demo = await loadDemoAccount();
  const [template] = demo.case_requests;
  if (!template) throw new Error('demo account has no case requests');
  demo.case_requests = records.map((overrides) => ({
    ...structuredClone(template),
    case_request_number: `REQ-${String(overrides.id).padStart(5, '0')}`,
    series_number: overrides.id,
    subjects: template.subjects.map((subject) => ({ ...subject, id: subject.id + overrides.id * 100 })),
    ...overrides,
    primary_subject_id: overrides.primary_subject_id ?? (template.subjects[0]?.id ?? 0) + overrides.id * 100,
  }));
  return demo;
}
