/**
 * The API token goes renderer → main once (saveProfile) and never comes back: not in any bridge
 * answer, not in profiles.json. On disk it lives only in the token vault (0600 in browser mode).
 */
import { mkdtemp, readFile, readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { post } from './http-bridge.ts';

const TOKEN = 'tok_9f8e7d6c5b4a-PRIVATE';
const settings = { require_client_address: true, require_client_phone: false };

describe('the token never reaches the renderer', () => {
  let app: RunningWebApp;
  let dataDir: string;
  const answers: string[] = [];
  const call = async (verb: string, payload: unknown) => {
    const answer = await post(app, verb, payload);
    answers.push(answer.text);
    return answer.json;
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'trackops-app-data-'));
    app = await startWebApp({ dataDir, staticDir: dataDir, log: () => {} });
  });
  afterAll(() => app.close());

  it('saving a profile answers with the profile list, which says a token is stored but not what it is', async () => {
    const saved = await call('saveProfile', {
      name: 'Acme',
      baseUrl: 'https://acme.viewcases.com/api/v1',
      user: 'jo',
      token: TOKEN,
      settings,
    });
    expect(saved.ok).toBe(true);
    const view = saved.value as { activeId: string; profiles: Record<string, unknown>[] };
    const acme = view.profiles.find((profile) => profile.name === 'Acme');
    expect(acme).toMatchObject({ kind: 'account', hasToken: true, user: 'jo', settings });
    expect(Object.keys(acme ?? {})).not.toContain('token');
    expect(view.activeId).toBe(acme?.id);
  });

  it('no answer of any profile verb contains the token, nor the sandbox token', async () => {
    const list = (await call('listProfiles', {})).value as { profiles: { id: string }[] };
    const id = list.profiles[1]?.id ?? '';
    await call('selectProfile', { id });
    await call('saveProfile', {
      id,
      name: 'Acme Corp',
      baseUrl: 'https://acme.viewcases.com/api/v1',
      user: 'jo',
      settings,
    });
    await call('selectProfile', { id: 'sandbox' });
    for (const text of answers) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(app.sandbox.token);
    }
  });

  it('editing without a token keeps the stored one', async () => {
    const list = (await call('listProfiles', {})).value as {
      profiles: { name: string; hasToken: boolean }[];
    };
    expect(list.profiles.find((profile) => profile.name === 'Acme Corp')?.hasToken).toBe(true);
  });

  it('profiles.json holds no token; the token file is readable by its owner only', async () => {
    const profiles = await readFile(join(dataDir, 'profiles.json'), 'utf8');
    expect(profiles).toContain('Acme Corp');
    expect(profiles).not.toContain(TOKEN);
    const mode = (await stat(join(dataDir, 'tokens.json'))).mode & 0o777;
    expect(mode).toBe(0o600);
    const elsewhere = (await readdir(dataDir)).filter((file) => file !== 'tokens.json');
    for (const file of elsewhere) {
      if (file.endsWith('.json')) expect(await readFile(join(dataDir, file), 'utf8')).not.toContain(TOKEN);
    }
  });

  it('a new profile without a token is refused with a message saying where to find one', async () => {
    const answer = await call('saveProfile', {
      name: 'B',
      baseUrl: 'https://b.viewcases.com/api/v1',
      user: 'x',
      settings,
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'input' } });
    expect(answer.error?.message).toMatch(/API token/);
  });

  it('plain http is refused except to this computer', async () => {
    const answer = await call('saveProfile', {
      name: 'C',
      baseUrl: 'http://acme.viewcases.com/api/v1',
      user: 'x',
      token: 't',
      settings,
    });
    expect(answer).toMatchObject({ ok: false, error: { code: 'input' } });
    expect(answer.error?.message).toContain('https://');
  });
});
