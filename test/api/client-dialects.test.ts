/**
 * The client against sandbox dialects over HTTP (API-NOTES Tolerance): refusals as 400 or 422 in any
 * shape are definite and never retried; a gateway's HTML page is shown as its title; a reference path
 * the account lacks turns off only that list; paths set per connection are used.
 */
import { describe, expect, it } from 'vitest';
import { createTrackopsApi, type ApiEvent } from '../../core/api/client.ts';
import { ServerError, ValidationError } from '../../core/api/errors.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

const fast = () => createPacer({ ratePerSecond: 1000, concurrency: 1 });

function client(sandbox: RunningSandbox, extra: { referencePaths?: Record<string, string> } = {}) {
  const events: ApiEvent[] = [];
  const api = createTrackopsApi(
    {
      words: CLI_CONNECTION_WORDS,
      baseUrl: sandbox.baseUrl,
      user: sandbox.username,
      token: sandbox.token,
      ...extra,
    },
    { pacer: fast(), onEvent: (event) => events.push(event) },
  );
  return { api, events };
}

describe('the client against other dialects', () => {
  it.each([['errors-400,errors-list'], ['errors-nested'], ['errors-400,errors-nested']])(
    '%s: a refused update is one request, with readable field errors',
    async (dialects) => {
      const sandbox = await startSandbox({ port: 0, dialects });
      try {
        const { api, events } = client(sandbox);
        const refused = await api
          .updateCaseRequest(1, { client: { name: 'X', country: 'Narnia' } })
          .catch((error: unknown) => error);
        expect(refused).toBeInstanceOf(ValidationError);
        expect((refused as ValidationError).fieldErrors['client.country']?.[0]).toMatch(
          /2-letter ISO country code/,
        );
        expect((refused as Error).message).not.toContain('[object Object]');
        expect(events.filter((event) => event.type === 'request')).toHaveLength(1);
      } finally {
        await sandbox.close();
      }
    },
  );

  it('html-5xx: a gateway page is said as its title, not dumped', async () => {
    const sandbox = await startSandbox({ port: 0, dialects: 'html-5xx', faults: 'error5xx=1,seed=2' });
    try {
      const { api } = client(sandbox);
      const failed = await api
        .createCaseRequest({
          case_type_id: 1,
          case_region_id: 1,
          created_on: '2026-07-01',
          client: { name: 'A', country: 'US' },
          contact: { last_name: 'B', email: 'b@example.com' },
        })
        .catch((error: unknown) => error);
      expect((failed as Error).message).toMatch(
        /server error 502: 502 Bad Gateway \(an HTML page, not the API's JSON\)/,
      );
      expect(failed).toBeInstanceOf(ServerError);
      expect((failed as Error).message).not.toContain('<');
    } finally {
      await sandbox.close();
    }
  });

  it('missing-reference: the two lists are unavailable, with the reason; every other list is read', async () => {
    const sandbox = await startSandbox({ port: 0, dialects: 'missing-reference,cap-25,cakephp' });
    try {
      const reference = await client(sandbox).api.getReference();
      expect(reference.unavailable).toEqual({
        referral_sources: 'GET referral/sources answered 404 (not found)',
        company_locations: 'GET company/locations answered 404 (not found)',
      });
      expect(reference.fields).toHaveLength(35);
      expect(reference.case_regions.map((region) => region.name)).toContain('Mountain West');
    } finally {
      await sandbox.close();
    }
  });

  it('a list the account serves elsewhere is read there when the connection says so', async () => {
    const account = await loadDemoAccount();
    account.reference_paths = { case_regions: 'regions' };
    const sandbox = await startSandbox({ port: 0, account });
    try {
      const guessed = await client(sandbox).api.getReference();
      expect(Object.keys(guessed.unavailable ?? {})).toEqual(['case_regions']);
      const told = await client(sandbox, { referencePaths: { case_regions: 'regions' } }).api.getReference();
      expect(told.unavailable).toBeUndefined();
      expect(told.case_regions).toHaveLength(6);
    } finally {
      await sandbox.close();
    }
  });
});
