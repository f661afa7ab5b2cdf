/**
 * core's one check of an API base address (the CLI's --url and the app's connection form both use it):
 * an address holding a user name, password, query or fragment may carry the token, so it is refused,
 * shown only without them, with the address to use instead (tester 4's item 3).
 */
import { describe, expect, it } from 'vitest';
import { checkApiBaseUrl, holdsSecretParts } from '../../core/index.ts';
import { runCli } from '../cli/run-cli.ts';

const TOKEN = 'tok-7c1d9e2b44';

describe('checkApiBaseUrl', () => {
  it.each([
    [`https://jo%2Ftoken:${TOKEN}@acme.viewcases.com/api/v1`, 'credentials'],
    [`https://jo:${TOKEN}@acme.viewcases.com/api/v1/`, 'credentials'],
    [`https://acme.viewcases.com/api/v1?api_token=${TOKEN}`, 'query'],
    [`https://acme.viewcases.com/api/v1#${TOKEN}`, 'query'],
  ])('refuses %s (%s), never showing the token, and offers the bare API base', (raw, code) => {
    const checked = checkApiBaseUrl(raw);
    expect(checked).toMatchObject({ ok: false, code, suggestion: 'https://acme.viewcases.com/api/v1' });
    expect(JSON.stringify(checked)).not.toContain(TOKEN);
    expect(holdsSecretParts(raw)).toBe(true);
  });

  it.each([
    ['not a url', 'not_url'],
    ['ftp://acme.viewcases.com/api/v1', 'scheme'],
    ['http://acme.viewcases.com/api/v1', 'plain_http'],
    ['https://acme.viewcases.com/', 'no_path'],
  ])('refuses %s (%s)', (raw, code) => {
    expect(checkApiBaseUrl(raw)).toMatchObject({ ok: false, code });
  });

  it.each([
    ['https://acme.viewcases.com/api/v1/', 'https://acme.viewcases.com/api/v1'],
    ['http://127.0.0.1:4100/api/v1', 'http://127.0.0.1:4100/api/v1'],
    ['  http://localhost:4100/api/v1 ', 'http://localhost:4100/api/v1'],
  ])('takes %s as %s', (raw, baseUrl) => {
    expect(checkApiBaseUrl(raw)).toEqual({ ok: true, baseUrl });
    expect(holdsSecretParts(raw)).toBe(false);
  });
});

describe('the CLI words the same check for --url', () => {
  it.each([
    [
      `https://jo:${TOKEN}@acme.viewcases.com/api/v1`,
      '--url https://acme.viewcases.com/api/v1 holds a user name or password',
    ],
    [
      `https://acme.viewcases.com/api/v1?api_token=${TOKEN}`,
      '--url https://acme.viewcases.com/api/v1?api_token=… has a query or fragment',
    ],
  ])('%s: exit 2, the token not shown', async (url, message) => {
    const run = await runCli([
      'export',
      '--out',
      '/tmp/never.csv',
      '--url',
      url,
      '--user',
      'jo',
      '--token',
      TOKEN,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr + run.stdout).not.toContain(TOKEN);
  });
});
