/**
 * Profiles (with the active one), their tokens and saved templates persist in the data folder across
 * restarts; the built-in sandbox stays first and cannot be edited or removed.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startWebApp } from '../../main/web/web-app.ts';
import { post } from './http-bridge.ts';

const settings = { require_client_address: false, require_client_phone: true };

describe('storage across restarts', () => {
  it('keeps profiles, the active profile, tokens and templates', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'trackops-persist-'));
    const template = JSON.parse(
      await readFile(new URL('../../samples/referrals-template.json', import.meta.url), 'utf8'),
    );

    const first = await startWebApp({ dataDir, staticDir: dataDir, log: () => {} });
    const saved = await post(first, 'saveProfile', {
      name: 'Acme',
      baseUrl: 'https://acme.viewcases.com/api/v1/',
      user: 'jo',
      token: 't0k3n',
      settings,
    });
    const acmeId = (saved.json.value as { activeId: string }).activeId;
    expect(
      (await post(first, 'saveTemplate', { name: 'Carrier A / weekly', mapping: template })).json.ok,
    ).toBe(true);
    await first.close();

    const second = await startWebApp({ dataDir, staticDir: dataDir, log: () => {} });
    try {
      const list = (await post(second, 'listProfiles', {})).json.value as {
        activeId: string;
        profiles: {
          id: string;
          name: string;
          baseUrl: string;
          hasToken: boolean;
          settings: typeof settings;
        }[];
      };
      expect(list.activeId).toBe(acmeId);
      expect(list.profiles[0]?.id).toBe('sandbox');
      // The address is kept as typed, minus the trailing slash.
      expect(list.profiles[1]).toMatchObject({
        name: 'Acme',
        baseUrl: 'https://acme.viewcases.com/api/v1',
        hasToken: true,
        settings,
      });
      expect((await post(second, 'listTemplates', {})).json.value).toEqual({ names: ['Carrier A / weekly'] });
      expect((await post(second, 'loadTemplate', { name: 'Carrier A / weekly' })).json.value).toEqual(
        template,
      );

      const editSandbox = await post(second, 'saveProfile', {
        id: 'sandbox',
        name: 'x',
        baseUrl: 'https://x',
        user: 'x',
        settings,
      });
      expect(editSandbox.json).toMatchObject({ ok: false, error: { code: 'read_only' } });
      const removeSandbox = await post(second, 'deleteProfile', { id: 'sandbox' });
      expect(removeSandbox.json).toMatchObject({ ok: false, error: { code: 'read_only' } });
      const missing = await post(second, 'loadTemplate', { name: '../profiles' });
      expect(missing.json).toMatchObject({ ok: false, error: { code: 'not_found' } });

      const removed = (await post(second, 'deleteProfile', { id: acmeId })).json.value as {
        activeId: string;
        profiles: unknown[];
      };
      expect(removed).toMatchObject({ activeId: 'sandbox' });
      expect(removed.profiles).toHaveLength(1);
      expect(await readFile(join(dataDir, 'tokens.json'), 'utf8')).not.toContain('t0k3n');
    } finally {
      await second.close();
    }
  });
});
