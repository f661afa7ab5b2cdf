/**
 * Issue 12: the app's "Test connection" runs core's read-only check (the same as `trackops-bulk check`),
 * keeps its findings with the profile, and later reads of that account use them: a list the account
 * does not serve is not asked for again, pages are asked at the size the server gives.
 */
import { describe, expect, it } from 'vitest';
import type { ConnectionCheck, ProfilesView } from '../../main/bridge/contract.ts';
import { startWebApp } from '../../main/web/web-app.ts';
import type { RequestLogEntry } from '../../sandbox/index.ts';
import { post } from './http-bridge.ts';

describe('Test connection', () => {
  it('checks the account read-only, keeps the findings with the profile, and later reads use them', async () => {
    const log: RequestLogEntry[] = [];
    const app = await startWebApp({
      log: () => {},
      sandbox: { dialects: 'missing-reference,cap-25', onRequest: (entry) => log.push(entry) },
    });
    try {
      const tested = await post(app, 'testConnection', { id: 'sandbox' });
      expect(tested.json.ok).toBe(true);
      const result = tested.json.value as ConnectionCheck;
      expect(result.caseRequestCount).toBe(36);
      expect(result.message).toContain(
        'Not served by this account: referral sources, company locations (the checks that need them are off).',
      );
      expect(result.check.unsafe).toEqual([]);
      expect(result.check.use).toMatchObject({
        pageSize: 25,
        referencePaths: { referral_sources: null, company_locations: null },
      });
      expect(log.every((entry) => entry.method === 'GET')).toBe(true);
      // The check asked for the missing list once; the reference read after it did not ask again,
      // and read the other lists at the page size found.
      expect(log.filter((entry) => entry.url.startsWith('/api/v1/referral/sources'))).toHaveLength(1);
      expect(log.some((entry) => entry.url === '/api/v1/case/types?page=1&per_page=25')).toBe(true);

      const profiles = (await post(app, 'listProfiles', {})).json.value as ProfilesView;
      expect(profiles.profiles[0]?.check?.use.pageSize).toBe(25);
    } finally {
      await app.close();
    }
  });
});
