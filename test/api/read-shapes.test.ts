/**
 * API-NOTES Tolerance, "Shapes" and "Errors": whatever wrapper, format or error body a server answers
 * with, the client reads the record, list, count, date or field error it holds, or names what it cannot.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fieldErrorsOf, messageOf, textOfBody } from '../../core/api/error-bodies.ts';
import { readCaseRequest, toRecordCount } from '../../core/api/normalize.ts';
import { toFieldDef } from '../../core/api/read-fields.ts';
import { unwrapList, unwrapRecord } from '../../core/api/read-shapes.ts';
import { toDateOrKeep, toUtcTimestampOrKeep } from '../../core/api/read-values.ts';

const record = { id: 7, case_request_number: 'REQ-00007', created_on: '2024-01-02' };

describe('records and lists, bare or under one wrapper', () => {
  it.each([
    ['bare', record, null],
    ['the seed body key', { casefile_request: record }, 'casefile_request'],
    ['CakePHP', { CasefileRequest: record }, 'CasefileRequest'],
    ['an unknown key beside others', { status: 'created', casefile: record }, 'casefile'],
    ['two levels', { data: { casefile_request: record } }, 'data.casefile_request'],
  ])('a record %s', (_name, body, wrapper) => {
    expect(unwrapRecord(body)).toEqual({ value: record, wrapper });
  });

  it('is not guessed when two keys could hold it, nor from an acknowledgement', () => {
    expect(unwrapRecord({ a: { id: 1 }, b: { id: 2 } })).toBeNull();
    expect(readCaseRequest({ success: true })).toEqual({
      unreadable: 'not a case request with an id (bare or under one wrapper key)',
    });
  });

  it.each([
    ['bare', [record]],
    ['under data with paging metadata', { data: [record], meta: { total: 1 }, links: {} }],
    ['under an unknown key', { requests: [record] }],
    ['a paginator serialised whole', { data: { data: [record], total: 1 } }],
  ])('a list %s', (_name, body) => {
    expect(unwrapList(body)?.value).toEqual([record]);
  });
});

describe('counts', () => {
  it.each([
    [
      { record_count: 60, page_count: 3 },
      { record_count: 60, page_count: 3 },
    ],
    [{ data: { record_count: '60', page_count: '3' } }, { record_count: 60, page_count: 3 }],
    [{ record_count: 60 }, { record_count: 60, page_count: 1 }],
    [
      { meta: { total: 60, last_page: 3 }, data: [] },
      { record_count: 60, page_count: 3 },
    ],
  ])('%j reads as %j (page_count derived from per_page=100 when absent)', (body, count) => {
    expect(toRecordCount(body, 100)).toEqual(count);
  });

  it('a list is not a count', () => {
    expect(toRecordCount([record])).toBeNull();
  });
});

describe('dates and timestamps', () => {
  it.each([
    ['2024-01-02', '2024-01-02'],
    ['2024-01-02 00:00:00', '2024-01-02'],
    ['2024-01-02T00:00:00-07:00', '2024-01-02'],
    ['2024-01-02T00:00:00.000Z', '2024-01-02'],
    ['2024-01-02 15:30:00', '2024-01-02 15:30:00'],
    ['01/02/2024', '01/02/2024'],
  ])('date %s reads as %s (midnight in any zone is the date written; anything else kept)', (raw, read) => {
    expect(toDateOrKeep(raw)).toBe(read);
  });

  it('any ISO time with an offset reads as the same instant in UTC', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }).map((minutes) => Math.round(minutes / 15) * 15),
        (instant, offset) => {
          const seconds = Math.floor(instant.getTime() / 1000) * 1000;
          const local = new Date(seconds + offset * 60_000).toISOString().slice(0, 19);
          const sign = offset < 0 ? '-' : '+';
          const zone = `${sign}${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
          expect(toUtcTimestampOrKeep(`${local}${zone}`)).toBe(
            new Date(seconds).toISOString().slice(0, 19).replace('T', ' '),
          );
        },
      ),
    );
  });

  it('keeps a record with custom fields and subjects keyed by id, as lists', () => {
    const read = readCaseRequest({
      id: '9',
      created_on: '2024-01-02 00:00:00',
      created_at: '2024-01-02T03:04:05-07:00',
      custom_fields: { '12': 'High', '15': { value: '2024-03-01 00:00:00' } },
      subjects: {
        '1001': { subject_type_id: '1', is_primary: '1', custom_fields: { '101': { first_name: 'Ann' } } },
      },
    });
    expect(read).toEqual({
      record: {
        id: 9,
        created_on: '2024-01-02',
        created_at: '2024-01-02 10:04:05',
        custom_fields: [
          { id: 12, value: 'High' },
          { id: 15, value: '2024-03-01' },
        ],
        subjects: [
          {
            id: 1001,
            subject_type_id: 1,
            is_primary: true,
            custom_fields: [{ id: 101, value: { first_name: 'Ann' } }],
          },
        ],
      },
    });
  });

  it('names a collection it cannot read instead of crashing later', () => {
    expect(readCaseRequest({ id: 1, custom_fields: 'High' })).toEqual({
      unreadable: 'case request 1: custom_fields is neither a list nor an object keyed by id: "High"',
    });
  });
});

describe('field definitions', () => {
  it('finds the type under other keys, reads choices as objects and use spelled otherwise', () => {
    expect(
      toFieldDef({
        id: '12',
        name: 'Priority',
        type: 'select',
        use: 'case_request',
        choices: [{ id: 1, label: 'High' }],
      }),
    ).toMatchObject({
      id: 12,
      field_type_tag: 'SELECT',
      use: 'case',
      choices: ['High'],
      choicesRead: 'labels',
    });
    expect(
      toFieldDef({ id: 101, name: 'Name', field_type: 'NAME', use: 'Subject', subject_type_id: '1' }),
    ).toMatchObject({
      field_type_tag: 'NAME',
      use: 'subject',
      subject_type_id: 1,
    });
    expect(toFieldDef({ id: 13, name: 'Tier', field_type_tag: 'RADIO', use: 'case' })).toMatchObject({
      choicesRead: 'unreadable',
    });
  });
});

describe('error bodies', () => {
  it.each([
    ['flat (Laravel)', { message: 'm', errors: { 'client.country': ['bad country'] } }],
    ['nested (Rails)', { error: { message: 'm', errors: { client: { country: ['bad country'] } } } }],
    [
      'a list of {field, message}',
      { message: 'm', errors: [{ field: 'client.country', message: 'bad country' }] },
    ],
    ['a list with bracketed paths', { errors: [{ path: 'client[country]', msg: 'bad country' }] }],
  ])('%s: flattened by parameter path', (_name, body) => {
    expect(fieldErrorsOf(body)).toEqual({ 'client.country': ['bad country'] });
  });

  it('never shows an object as [object Object], whatever the nesting', () => {
    const leaf = fc.string({ minLength: 1 }).filter((text) => text.trim() !== '');
    const tree: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(fc.stringMatching(/^[a-z_]{1,8}$/), tie('node'), { maxKeys: 3 }),
      ),
    })).node;
    fc.assert(
      fc.property(tree, (errors) => {
        for (const messages of Object.values(fieldErrorsOf({ errors })))
          for (const message of messages) expect(message).not.toContain('[object Object]');
      }),
    );
  });

  it('reads the summary message wherever it is, and an HTML page as its title', () => {
    expect(messageOf({ error: { message: 'Validation failed' } })).toBe('Validation failed');
    expect(
      textOfBody('<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>'),
    ).toBe("502 Bad Gateway (an HTML page, not the API's JSON)");
  });
});
