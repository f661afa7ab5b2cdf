import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox, type StoredCaseRequest } from '../../sandbox/index.ts';
import { accountWith, call } from './helpers.ts';

let sandbox: RunningSandbox;

// Records placed on the boundaries the filters must respect; fillers (ids 101-160) make several pages.
const boundaryRecords: Array<Partial<StoredCaseRequest> & { id: number }> = [
  {
    id: 1,
    created_on: '2026-07-01',
    due_on: '2026-07-15',
    created_at: '2026-07-01 08:00:00',
    updated_at: '2026-07-02 23:59:59',
    case_region_id: 1,
    reference_value_1: 'CLM-1',
    reference_value_2: 'POL-1',
  },
  {
    id: 2,
    created_on: '2026-07-02',
    due_on: null,
    created_at: '2026-07-02 00:00:00',
    updated_at: '2026-07-03 00:00:00',
    case_region_id: 2,
    reference_value_1: 'CLM-2',
    reference_value_3: 'X-2',
  },
  {
    id: 3,
    created_on: '2026-07-31',
    due_on: '2026-08-01',
    created_at: '2026-07-31 23:59:59',
    updated_at: '2026-08-01 00:00:00',
    case_region_id: 1,
    client_id: 77,
    location_id: 88,
    primary_contact_id: 99,
    reference_value_1: 'clm-1',
  },
  {
    id: 4,
    created_on: '2026-06-30',
    due_on: '2026-07-14',
    created_at: '2026-08-01 00:00:00',
    updated_at: '2026-08-01 00:00:01',
    case_region_id: 4,
    series_number: 4004,
    case_request_number: 'REQ-04004',
  },
];
const fillers = Array.from({ length: 60 }, (_, index) => ({
  id: 101 + index,
  created_on: '2026-09-10',
  due_on: '2026-09-20',
  created_at: '2026-09-10 12:00:00',
  updated_at: '2026-09-10 12:00:00',
  case_region_id: 3,
}));

beforeAll(async () => {
  sandbox = await startSandbox({
    account: await accountWith([...boundaryRecords, ...fillers]),
    rate: 10_000,
  });
});
afterAll(async () => {
  await sandbox.close();
});

async function ids(query: string): Promise<number[]> {
  const answer = await call(
    sandbox,
    'GET',
    `/case/requests?${query.includes('per_page') ? '' : 'per_page=100&'}${query}`,
  );
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  expect(Array.isArray(answer.body)).toBe(true);
  return answer.body.map((record: { id: number }) => record.id);
}

describe('GET /case/requests paging (API-NOTES: page 1-based, per_page default 25 max 100, dir, mode=count)', () => {
  it('answers a bare array of 25 sorted by id by default', async () => {
    const answer = await call(sandbox, 'GET', '/case/requests');
    expect(answer.body).toHaveLength(25);
    expect(answer.body.map((record: { id: number }) => record.id)).toEqual([
      1,
      2,
      3,
      4,
      ...fillers.slice(0, 21).map((record) => record.id),
    ]);
  });

  it('walks pages until a short one, and past the end gives []', async () => {
    const pages = [];
    for (let page = 1; page <= 4; page++)
      pages.push((await call(sandbox, 'GET', `/case/requests?page=${page}`)).body.length);
    expect(pages).toEqual([25, 25, 14, 0]);
  });

  it('per_page picks the page size and is clamped to 100 and to at least 1', async () => {
    const page2 = await call(sandbox, 'GET', '/case/requests?per_page=10&page=2');
    expect(page2.body.map((record: { id: number }) => record.id)).toEqual(
      fillers.slice(6, 16).map((record) => record.id),
    );
    expect((await call(sandbox, 'GET', '/case/requests?per_page=500')).body).toHaveLength(64);
    expect((await call(sandbox, 'GET', '/case/requests?per_page=0')).body).toHaveLength(1);
  });

  it('dir=desc sorts by id descending', async () => {
    const answer = await call(sandbox, 'GET', '/case/requests?dir=desc&per_page=3');
    expect(answer.body.map((record: { id: number }) => record.id)).toEqual([160, 159, 158]);
  });

  it('mode=count answers {record_count, page_count} for the same query', async () => {
    expect((await call(sandbox, 'GET', '/case/requests?mode=count')).body).toEqual({
      record_count: 64,
      page_count: 3,
    });
    expect((await call(sandbox, 'GET', '/case/requests?mode=count&per_page=10')).body).toEqual({
      record_count: 64,
      page_count: 7,
    });
    expect((await call(sandbox, 'GET', '/case/requests?mode=count&case_region=1')).body).toEqual({
      record_count: 2,
      page_count: 1,
    });
    expect((await call(sandbox, 'GET', '/case/requests?mode=count&case_region=6')).body).toEqual({
      record_count: 0,
      page_count: 0,
    });
  });

  it('refuses unreadable paging and filter values with 422 naming the parameter', async () => {
    const answer = await call(
      sandbox,
      'GET',
      '/case/requests?page=x&dir=up&created_from=07/01/2026&updated_to=yesterday&case_region=abc',
    );
    expect(answer.status).toBe(422);
    expect(Object.keys(answer.body.errors).sort()).toEqual([
      'case_region',
      'created_from',
      'dir',
      'page',
      'updated_to',
    ]);
  });
});

describe('GET /case/requests filters (seed list parameters)', () => {
  it('id, client, location, case_region, primary_contact, primary_subject, series_number', async () => {
    expect(await ids('id=3')).toEqual([3]);
    expect(await ids('client=77')).toEqual([3]);
    expect(await ids('location=88')).toEqual([3]);
    expect(await ids('case_region=1')).toEqual([1, 3]);
    expect(await ids('primary_contact=99')).toEqual([3]);
    const primary = sandbox.account().case_requests.find((record) => record.id === 2)?.primary_subject_id;
    expect(await ids(`primary_subject=${primary}`)).toEqual([2]);
    expect(await ids('series_number=4004')).toEqual([4]);
    expect(await ids('client=1')).toEqual([]);
  });

  it('reference values and case_request_number match exactly', async () => {
    expect(await ids('reference_value_1=CLM-1')).toEqual([1]);
    expect(await ids('reference_value_2=POL-1')).toEqual([1]);
    expect(await ids('reference_value_3=X-2')).toEqual([2]);
    expect(await ids('case_request_number=REQ-04004')).toEqual([4]);
    expect(await ids('reference_value_1=CLM')).toEqual([]);
  });

  it('created_from/created_to and their aliases from/to compare created_on dates inclusively', async () => {
    expect(await ids('created_from=2026-07-01&created_to=2026-07-31')).toEqual([1, 2, 3]);
    expect(await ids('from=2026-07-01&to=2026-07-31')).toEqual([1, 2, 3]);
    expect(await ids('created_from=2026-07-02&created_to=2026-07-02')).toEqual([2]);
    expect(await ids('to=2026-06-30')).toEqual([4]);
    expect(await ids('from=2026-08-01&to=2026-09-09')).toEqual([]);
    // The seed spells the aliases "(Alias: From)" and "(Alias: To)": taken as written, not ignored.
    expect(await ids('From=2026-07-01&To=2026-07-31')).toEqual([1, 2, 3]);
  });

  it('rule: a list parameter it does not know is refused with 422 naming it, never ignored (report 5 item 7)', async () => {
    const typo = await call(sandbox, 'GET', '/case/requests?created_fromm=2026-11-01&foo=1&mode=count');
    expect(typo.status).toBe(422);
    expect(typo.body.errors).toEqual({
      created_fromm: ['is not a parameter of the case request list; did you mean created_from?'],
      foo: ['is not a parameter of the case request list'],
    });
    expect(typo.body.message).toBe(
      'created_fromm: is not a parameter of the case request list; did you mean created_from? (and 1 more error)',
    );
    const viaCases = await call(sandbox, 'GET', '/cases?is_request=true&FROM=2026-07-01');
    expect(viaCases.status).toBe(422);
    expect(Object.keys(viaCases.body.errors)).toEqual(['FROM']);
  });

  it('due_from/due_to compare due_on dates inclusively and never match a request without a due date', async () => {
    expect(await ids('due_from=2026-07-14&due_to=2026-07-15')).toEqual([1, 4]);
    expect(await ids('due_from=2026-08-01&due_to=2026-08-01')).toEqual([3]);
    expect(await ids('due_to=2026-08-01')).toEqual([1, 3, 4]);
  });

  it('created_from_system/created_to_system compare the UTC created_at timestamp; a bare date spans its whole day', async () => {
    expect(await ids('created_from_system=2026-07-02&created_to_system=2026-07-31')).toEqual([2, 3]);
    expect(await ids('created_to_system=2026-07-31 23:59:58')).toEqual([1, 2]);
    expect(
      await ids('created_from_system=2026-07-31 23:59:59&created_to_system=2026-08-01 00:00:00'),
    ).toEqual([3, 4]);
    expect(
      await ids('created_from_system=2026-07-31T23:59:59Z&created_to_system=2026-07-31T23:59:59Z'),
    ).toEqual([3]);
    // 2026-08-01T01:00:00+02:00 is 2026-07-31 23:00:00 UTC.
    expect(
      await ids(
        `created_from_system=${encodeURIComponent('2026-08-01T01:00:00+02:00')}&created_to_system=2026-07-31`,
      ),
    ).toEqual([3]);
  });

  it('updated_from/updated_to compare the UTC updated_at timestamp at second boundaries', async () => {
    expect(await ids('updated_to=2026-07-02')).toEqual([1]);
    expect(await ids('updated_from=2026-07-03&updated_to=2026-08-01 00:00:00')).toEqual([2, 3]);
    expect(await ids('updated_from=2026-08-01 00:00:01&updated_to=2026-08-01')).toEqual([4]);
  });

  it('cases?is_request=true lists the same requests with the same filters (API-NOTES Known)', async () => {
    const viaCases = await call(sandbox, 'GET', '/cases?is_request=true&case_region=1');
    expect(viaCases.body.map((record: { id: number }) => record.id)).toEqual([1, 3]);
    expect((await call(sandbox, 'GET', '/cases?is_request=1&mode=count')).body).toEqual({
      record_count: 64,
      page_count: 3,
    });
    expect((await call(sandbox, 'GET', '/cases')).status).toBe(404);
  });

  it('combines filters with paging and count', async () => {
    expect(await ids('case_region=3&created_from=2026-09-10&per_page=5&page=12')).toEqual([
      156, 157, 158, 159, 160,
    ]);
    const count = await call(sandbox, 'GET', '/case/requests?mode=count&case_region=3&per_page=25');
    expect(count.body).toEqual({ record_count: 60, page_count: 3 });
  });
});
