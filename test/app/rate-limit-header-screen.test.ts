/**
 * Explore 51: "Test connection" carried the account's rate-limit headers as they came to the page, into
 * profiles.json and into every later list of profiles: a gateway naming the key it counted
 * (`x-ratelimit-key: apikey:TOKEN`) put the token on the Connection screen ("What the connection test
 * found", Rate limit). The headers are scrubbed like every server text, and a check saved by an earlier
 * version with the token in it is rewritten without it in profiles.json itself when the app loads it
 * (until then the file kept the token until the next "Test connection"). Debian's Chromium on browser mode, over real HTTP:
 * the sandbox behind a gateway that adds such headers.
 */
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { pass, running, startProxy, type RunningProxy } from '../batch/proxies.ts';
import { SECRET_TOKEN, secretSandbox } from '../cli/import-helpers.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { post } from './http-bridge.ts';

const PAIR = `importer/token:${SECRET_TOKEN}`;
const FORMS = [SECRET_TOKEN, PAIR, Buffer.from(PAIR).toString('base64')];

let session: BrowserSession;
let dataDir: string;
let sandbox: RunningSandbox;
let gateway: RunningProxy;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'trackops-rate-key-'));
  ({ sandbox } = await secretSandbox({ rate: 1000 }));
  gateway = running(
    await startProxy(sandbox.baseUrl, async (request, response, _body, forward) => {
      const authorization = request.headers.authorization ?? '';
      const key = Buffer.from(authorization.replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':')[1];
      const answer = await forward();
      answer.headers['x-ratelimit-limit'] = '60';
      answer.headers['x-ratelimit-key'] = `apikey:${key}`;
      pass(response, answer);
    }),
  );
  session = await openBrowserSession({ dataDir, log: () => {}, sandbox: { rate: 1000 } });
}, 120_000);
afterAll(async () => {
  await session.close();
  await gateway.close();
  await sandbox.close();
  await rm(dataDir, { recursive: true, force: true });
});

async function expectNoSecretOnDisk(): Promise<void> {
  for (const name of await readdir(dataDir)) {
    if (name === 'tokens.json' || !name.endsWith('.json')) continue;
    const text = await readFile(join(dataDir, name), 'utf8');
    for (const form of FORMS) expect(text, `${name} holds ${form}`).not.toContain(form);
  }
}

it('"Test connection" shows and saves the headers with the token replaced', async () => {
  const { app, page } = session;
  const saved = await post(app, 'saveProfile', {
    name: 'Acme',
    baseUrl: gateway.baseUrl,
    user: 'importer',
    token: SECRET_TOKEN,
    settings: { require_client_address: false, require_client_phone: false },
    pace: { ratePerSecond: 50, concurrency: 1 },
  });
  expect(saved.json.ok).toBe(true);
  await page.reload();
  await page.getByRole('tab', { name: 'Connection' }).click();
  await page.getByRole('button', { name: /^Acme/ }).click();
  await page.getByRole('button', { name: 'Test connection' }).first().click();
  await page.getByText('x-ratelimit-limit: 60, x-ratelimit-key: apikey:[redacted]').waitFor();
  const body = await page.locator('body').innerText();
  for (const form of FORMS) expect(body, form).not.toContain(form);
  await expectNoSecretOnDisk();
  expect(session.pageErrors).toEqual([]);
}, 60_000);

it('a check saved by an earlier version with the token in a header is cleaned from the file and shown without it', async () => {
  const { app, page } = session;
  const path = join(dataDir, 'profiles.json');
  // What an earlier version wrote: the header as it came.
  const file = await readFile(path, 'utf8');
  await writeFile(path, file.replaceAll('apikey:[redacted]', `apikey:${SECRET_TOKEN}`));
  const list = await post(app, 'listProfiles', {});
  for (const form of FORMS) expect(list.text, form).not.toContain(form);
  // The file itself is clean once the app has loaded it: rewritten as it was but for the token.
  await expectNoSecretOnDisk();
  expect(await readFile(path, 'utf8')).toBe(file);
  const acme = (list.json.value as ProfilesView).profiles.find((profile) => profile.name === 'Acme');
  expect(JSON.stringify(acme?.check?.findings)).toContain('x-ratelimit-key: apikey:[redacted]');
  await page.reload();
  await page.getByRole('tab', { name: 'Connection' }).click();
  await page.getByRole('button', { name: /^Acme/ }).click();
  await page.getByText('x-ratelimit-limit: 60, x-ratelimit-key: apikey:[redacted]').waitFor();
  const body = await page.locator('body').innerText();
  for (const form of FORMS) expect(body, form).not.toContain(form);
  expect(session.pageErrors).toEqual([]);
}, 60_000);
