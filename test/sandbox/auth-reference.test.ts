import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { basicAuth, call } from './helpers.ts';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ rate: 10_000 });
});
afterAll(async () => {
  await sandbox.close();
});

describe('Basic auth as Trackops does it: "{username}/token" + API token (API-NOTES Known)', () => {
  it('accepts demo/token with demo-token', async () => {
    expect(sandbox.username).toBe('demo');
    expect(sandbox.token).toBe('demo-token');
    expect(sandbox.baseUrl).toBe(`http://127.0.0.1:${sandbox.port}/api/v1`);
    expect(
      (await call(sandbox, 'GET', '/case/types', { auth: basicAuth('demo/token', 'demo-token') })).status,
    ).toBe(200);
  });

  it.each([
    ['no Authorization header', null],
    ['the bare user name without /token', basicAuth('demo', 'demo-token')],
    ['a wrong token', basicAuth('demo/token', 'demo-tokeN')],
    ['an unknown user', basicAuth('someone/token', 'demo-token')],
    ['a bearer token', 'Bearer demo-token'],
    ['garbage', 'Basic !!!'],
  ])('answers 401 JSON for %s, on reads and writes alike', async (_case, auth) => {
    for (const [method, path] of [
      ['GET', '/case/requests'],
      ['POST', '/case/requests'],
      ['PUT', '/case/requests/1'],
      ['GET', '/fields'],
    ]) {
      const answer = await call(
        sandbox,
        method!,
        path!,
        method === 'GET' ? { auth } : { auth, body: { casefile_request: {} } },
      );
      expect(answer.status).toBe(401);
      expect(answer.body.message).toMatch(/\{username\}\/token/);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Basic/);
    }
  });
});

describe('a user without API access (API-NOTES "Assumed": 403)', () => {
  it('answers 403 JSON to a right credential whose user has api_access false', async () => {
    const account = await loadDemoAccount();
    account.credentials.push({ username: 'clerk', token: 'clerk-token', api_access: false });
    const restricted = await startSandbox({ account });
    try {
      const answer = await call(restricted, 'GET', '/case/requests', {
        auth: basicAuth('clerk/token', 'clerk-token'),
      });
      expect(answer.status).toBe(403);
      expect(answer.body.message).toMatch(/API access is not enabled/);
      expect(
        (await call(restricted, 'GET', '/case/requests', { auth: basicAuth('clerk/token', 'wrong') })).status,
      ).toBe(401);
      expect((await call(restricted, 'GET', '/case/requests')).status).toBe(200);
    } finally {
      await restricted.close();
    }
  });
});

describe('reference data and fields (API-NOTES "Assumed" paths)', () => {
  it.each([
    [
      '/case/types',
      ['Surveillance', 'Background Check', 'Activity Check', 'Skip Trace', 'Recorded Statement'],
    ],
    [
      '/case/regions',
      ['Mountain West', 'Pacific Northwest', 'Southwest', 'Midwest', 'Northeast', 'Southeast'],
    ],
    [
      '/case/services',
      [
        'Surveillance',
        'Background Investigation',
        'Social Media Search',
        'Skip Trace',
        'Recorded Statement',
        'Neighborhood Canvass',
      ],
    ],
    ['/case/flags', ['Rush', 'Litigation', 'Do Not Contact Claimant', 'Spanish Speaker']],
    ['/subject/types', ['Claimant', 'Vehicle', 'Address', 'Employer']],
    ['/referral/sources', ['Carrier portal', 'Email', 'Phone', 'Website form']],
    ['/company/locations', ['Denver HQ', 'Phoenix Office', 'Seattle Office']],
  ])('%s is a bare array of {id, name, ...}', async (path, names) => {
    const answer = await call(sandbox, 'GET', path);
    expect(answer.status).toBe(200);
    expect(answer.body.map((item: { name: string }) => item.name)).toEqual(names);
    for (const item of answer.body) expect(item.id).toEqual(expect.any(Number));
  });

  it('case types carry reference labels and the case fields they enable; regions one default', async () => {
    const [surveillance] = (await call(sandbox, 'GET', '/case/types')).body;
    expect(surveillance).toEqual({
      id: 1,
      name: 'Surveillance',
      reference_label_1: 'Claim Number',
      reference_label_2: 'Policy Number',
      reference_label_3: null,
      field_ids: [11, 12, 13, 14, 15],
    });
    const regions = (await call(sandbox, 'GET', '/case/regions')).body;
    expect(regions.filter((region: { is_default: boolean }) => region.is_default)).toEqual([
      { id: 1, name: 'Mountain West', is_default: true },
    ]);
  });

  it('/fields is paged like every list: 35 fields need two pages at the default per_page', async () => {
    const first = await call(sandbox, 'GET', '/fields');
    const second = await call(sandbox, 'GET', '/fields?page=2');
    expect(first.body).toHaveLength(25);
    expect(second.body).toHaveLength(10);
    expect((await call(sandbox, 'GET', '/fields?mode=count')).body).toEqual({
      record_count: 35,
      page_count: 2,
    });
    expect((await call(sandbox, 'GET', '/fields?per_page=100')).body).toHaveLength(35);
  });

  it('/fields filters by id, name, field_type and field_type_tag; /fields/{id} answers one or 404', async () => {
    const byTag = (await call(sandbox, 'GET', '/fields?field_type_tag=ADDRESS')).body;
    expect(byTag.map((field: { id: number }) => field.id)).toEqual([107, 301, 402]);
    expect(
      (await call(sandbox, 'GET', '/fields?field_type=yesno')).body.map((field: { id: number }) => field.id),
    ).toEqual([11, 303]);
    expect(
      (await call(sandbox, 'GET', '/fields?name=phone')).body.map((field: { id: number }) => field.id),
    ).toEqual([105, 403]);
    expect((await call(sandbox, 'GET', '/fields?id=12')).body).toHaveLength(1);
    const one = await call(sandbox, 'GET', '/fields/101');
    expect(one.body).toEqual({
      id: 101,
      name: 'Name',
      field_type_tag: 'NAME',
      use: 'subject',
      subject_type_id: 1,
      is_required: true,
    });
    expect((await call(sandbox, 'GET', '/fields/12')).body.choices).toEqual(['Normal', 'High', 'Urgent']);
    expect((await call(sandbox, 'GET', '/fields/9999')).status).toBe(404);
  });

  it('answers a wrong method with 405 JSON', async () => {
    const answer = await call(sandbox, 'DELETE', '/case/requests/1');
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET, PUT');
    expect((await call(sandbox, 'POST', '/case/types', { body: {} })).status).toBe(405);
  });
});
