/**
 * The sandbox's dialects (sandbox/README.md) answer as documented, over raw HTTP: each changes only
 * the shape at the edge (the store is one), they combine with each other and with --faults, and an
 * account file can name its own. An unknown name is refused listing the known ones.
 */
import { describe, expect, it } from 'vitest';
import { DIALECTS, loadDemoAccount, parseDialects, startSandbox } from '../../sandbox/index.ts';
import { call } from './helpers.ts';

describe('sandbox dialects', () => {
  it('cakephp + list-data-meta + cap-25: model keys inside a paginated list, cut to 25', async () => {
    const sandbox = await startSandbox({ port: 0, dialects: ['cakephp', 'list-data-meta', 'cap-25'] });
    try {
      const page = await call(sandbox, 'GET', '/case/requests?page=2&per_page=100');
      expect(page.body.meta).toEqual({ total: 36, per_page: 25, current_page: 2, last_page: 2 });
      expect(page.body.data).toHaveLength(11);
      expect(Object.keys(page.body.data[0])).toEqual(['CasefileRequest']);
      expect(page.body.data[0].CasefileRequest.id).toBe(26);
      const types = await call(sandbox, 'GET', '/case/types');
      expect(types.body.data[0]).toEqual({
        CaseType: expect.objectContaining({ id: 1, name: 'Surveillance' }),
      });
    } finally {
      await sandbox.close();
    }
  });

  it('values: dates at midnight, numbers as strings, collections keyed by id, composites flat', async () => {
    const sandbox = await startSandbox({
      port: 0,
      dialects: 'dates-midnight,strings,keyed-collections,flatten-composites',
    });
    try {
      const { body } = await call(sandbox, 'GET', '/case/requests/1?expand_field_values=1');
      expect(body).toMatchObject({ id: '1', created_on: '2026-06-28 00:00:00', budget_money: '1500' });
      expect(body.custom_fields['15']).toBe('2026-05-22 00:00:00');
      expect(body.subjects['1001']).toMatchObject({ is_primary: '1' });
      expect(body.subjects['1001'].custom_fields['101']).toBe('Luis A Martinez');
      // The stored record is unchanged.
      expect(sandbox.account().case_requests[0]).toMatchObject({
        id: 1,
        created_on: '2026-06-28',
        budget_money: 1500,
      });
    } finally {
      await sandbox.close();
    }
  });

  it('dates-midnight + iso-dates: the dates one server writes, ISO (the later dialect), never both glued', async () => {
    // Named together they made "2026-06-28 00:00:00T00:00:00-07:00", which no server writes: `check`
    // called the account unsafe for a format that exists only in the sandbox.
    const sandbox = await startSandbox({ port: 0, dialects: 'dates-midnight,iso-dates' });
    try {
      const { body } = await call(sandbox, 'GET', '/case/requests/1');
      expect(body).toMatchObject({
        created_on: '2026-06-28T00:00:00-07:00',
        due_on: '2026-07-11T00:00:00-07:00',
      });
      // What iso-dates leaves alone keeps dates-midnight's form.
      expect(body.custom_fields.find((entry: { id: number }) => entry.id === 15).value).toBe(
        '2026-05-22 00:00:00',
      );
    } finally {
      await sandbox.close();
    }
  });

  it('writes and errors: 204 on update, a create without its record, nested 400s, HTML 5xx with --faults', async () => {
    const sandbox = await startSandbox({
      port: 0,
      dialects: 'put-204,post-no-record,errors-400,errors-nested',
    });
    try {
      const updated = await call(sandbox, 'PUT', '/case/requests/1', {
        body: { casefile_request: { notes: 'x' } },
      });
      expect(updated).toMatchObject({ status: 204, body: null });
      expect(sandbox.account().case_requests[0]!.notes).toBe('x');
      const refused = await call(sandbox, 'PUT', '/case/requests/1', {
        body: { casefile_request: { client: { name: 'A', country: 'Narnia' } } },
      });
      expect(refused.status).toBe(400);
      expect(refused.body.error.errors.client.country[0]).toMatch(/2-letter/);
    } finally {
      await sandbox.close();
    }
    const failing = await startSandbox({ port: 0, dialects: 'html-5xx', faults: 'error5xx=1,seed=2' });
    try {
      const response = await fetch(`${failing.baseUrl}/case/requests`);
      expect(response.status).toBe(502);
      expect(response.headers.get('content-type')).toBe('text/html');
      expect(await response.text()).toContain('<title>502 Bad Gateway</title>');
    } finally {
      await failing.close();
    }
  });

  it('an account file names its dialects and where it serves a list; unknown names are refused', async () => {
    const account = await loadDemoAccount();
    account.dialects = ['count-wrapped'];
    account.reference_paths = { referral_sources: 'sources' };
    const sandbox = await startSandbox({ port: 0, account, dialects: 'count-partial' });
    try {
      expect(sandbox.dialects).toEqual(['count-partial', 'count-wrapped']);
      expect((await call(sandbox, 'GET', '/case/requests?mode=count')).body).toEqual({
        data: { record_count: 36 },
      });
      expect((await call(sandbox, 'GET', '/sources')).body).toHaveLength(4);
      expect((await call(sandbox, 'GET', '/referral/sources')).status).toBe(404);
    } finally {
      await sandbox.close();
    }
    expect(() => parseDialects('cap-25,capped')).toThrow(
      /--dialect 'capped' is not a dialect of the sandbox; choose from: cap-25, missing-reference, /,
    );
    expect(DIALECTS.length).toBeGreaterThanOrEqual(20);
  });
});
