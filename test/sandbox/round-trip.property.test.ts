import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type AccountFile, type RunningSandbox } from '../../sandbox/index.ts';
import { call } from './helpers.ts';

let sandbox: RunningSandbox;
let account: AccountFile;
beforeAll(async () => {
  account = await loadDemoAccount();
  sandbox = await startSandbox({ account, rate: 100_000 });
});
afterAll(async () => {
  await sandbox.close();
});

type Field = AccountFile['fields'][number];
const word = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,11}$/);
const day = fc
  .date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10));
const decimal = fc.oneof(
  fc.integer({ min: 0, max: 1_000_000 }),
  fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0)),
);

/** A valid value for each type tag of API-NOTES' table. */
function valueFor(field: Field): fc.Arbitrary<unknown> {
  switch (field.field_type_tag) {
    case 'INPUT':
      return fc.string({ maxLength: 40 }).filter((text) => !/[\r\n]/.test(text));
    case 'LONG':
      return fc.string({ maxLength: 200 });
    case 'EMAIL':
      return fc.tuple(word, word).map(([local, domain]) => `${local}@${domain}.com`);
    case 'LINK':
      return fc.tuple(word, word).map(([host, path]) => `https://${host}.example.com/${path}`);
    case 'NUMBER':
    case 'CURRENCY':
      return decimal;
    case 'DATE':
    case 'BIRTHDAY':
      return day;
    case 'COUNTRY':
      return fc.constantFrom('US', 'CA', 'MX', 'GB', 'DE');
    case 'SELECT':
    case 'RADIO':
      return fc.constantFrom(...(field.choices ?? []));
    case 'YESNO':
      return fc.constantFrom(0, 1);
    case 'YESNONA':
      return fc.constantFrom(0, 1, '');
    case 'NAME':
      return fc.record({ first_name: word, middle_name: fc.constantFrom('', 'B', 'Ann'), last_name: word });
    case 'ADDRESS':
      return fc.record({
        address_1: word,
        address_2: fc.constantFrom('', 'STE 5'),
        city: word,
        state: fc.constantFrom('CO', 'WA'),
        zip: fc.stringMatching(/^\d{5}$/),
        country: fc.constantFrom('US', 'CA'),
      });
  }
}

/** A required field must hold something other than white space (CONTRACTS section 4). */
function isFilledIn(value: unknown): boolean {
  return typeof value !== 'string' || value.trim() !== '';
}

/** Some of the given fields (always the required ones), each with a valid value. */
function fieldsOf(ids: number[]): fc.Arbitrary<Array<{ id: number; value: unknown }>> {
  const fields = ids.map((id) => account.fields.find((field) => field.id === id)!);
  return fc
    .tuple(
      ...fields.map((field) =>
        field.is_required
          ? fc.tuple(fc.constant(field), fc.constant(true), valueFor(field).filter(isFilledIn))
          : fc.tuple(fc.constant(field), fc.boolean(), valueFor(field)),
      ),
    )
    .map((entries) =>
      entries.filter(([, keep]) => keep).map(([field, , value]) => ({ id: field.id, value })),
    );
}

const createBody = fc.constantFrom(...[1, 2, 3, 4, 5]).chain((caseTypeId) => {
  const caseType = account.case_types.find((type) => type.id === caseTypeId)!;
  const subject = fc.constantFrom(1, 2, 3, 4).chain((typeId) =>
    fc.record({
      subject_type_id: fc.constant(typeId),
      is_primary: fc.constant(false),
      is_pinned: fc.boolean(),
      custom_fields: fieldsOf(account.subject_types.find((type) => type.id === typeId)!.field_ids),
    }),
  );
  return fc.record({
    case_type_id: fc.constant(caseTypeId),
    case_region_id: fc.constantFrom(...account.case_regions.map((region) => region.id)),
    client: fc.record({ name: word, country: fc.constantFrom('US', 'CA'), city: word }),
    contact: fc.record({ last_name: word, email: fc.tuple(word, word).map(([a, b]) => `${a}@${b}.org`) }),
    created_on: day,
    due_on: fc.option(day, { nil: null }),
    reference_value_1: fc.string({ maxLength: 30 }),
    budget_money: fc.option(decimal, { nil: null }),
    case_services_list: fc.uniqueArray(fc.constantFrom(...account.case_services.map((item) => item.id))),
    case_flags_list: fc.uniqueArray(fc.constantFrom(...account.case_flags.map((item) => item.id))),
    custom_fields: fieldsOf(caseType.field_ids),
    subjects: fc.array(subject, { maxLength: 3 }),
  });
});

describe('round trip: any valid create body is accepted and reads back as sent', () => {
  it('POST then GET ?expand_field_values=1 returns every value sent', async () => {
    await fc.assert(
      fc.asyncProperty(createBody, async (request) => {
        const created = await call(sandbox, 'POST', '/case/requests', {
          body: { casefile_request: request },
        });
        expect(created.status, JSON.stringify(created.body)).toBe(201);
        const read = await call(sandbox, 'GET', `/case/requests/${created.body.id}?expand_field_values=1`);
        const { subjects, ...scalars } = request;
        expect(read.body).toMatchObject(scalars);
        expect(read.body.subjects.map(({ id: _id, ...subject }: { id: number }) => subject)).toEqual(
          subjects,
        );
        expect(read.body.primary_subject_id).toBeNull();
      }),
      { numRuns: 150 },
    );
  });
});
