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

// Explore 51 item 8: the address kept in the environment, as the README suggests, was refused as
// "--url …", a flag the command never had; the words name the variable and where to correct it.
describe('a bad TRACKOPS_URL is named as the variable, not as --url', () => {
  it.each([
    [
      `https://jo:${TOKEN}@acme.viewcases.com/api/v1`,
      'TRACKOPS_URL https://acme.viewcases.com/api/v1 holds a user name or password',
    ],
    ['http://acme.viewcases.com/api/v1', 'TRACKOPS_URL http://acme.viewcases.com/api/v1 uses plain http://'],
    [
      'https://acme.viewcases.com',
      "TRACKOPS_URL 'https://acme.viewcases.com/' is the account's address, not its API",
    ],
    ['acme.viewcases.com/api/v1', 'TRACKOPS_URL is not a URL'],
  ])('%s: exit 2, naming TRACKOPS_URL and the environment, never --url', async (url, message) => {
    const run = await runCli(['check'], { TRACKOPS_URL: url, TRACKOPS_USER: 'jo', TRACKOPS_TOKEN: TOKEN });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr).toContain(
      'TRACKOPS_URL is set in the environment: correct it there, or give --url, which takes its place',
    );
    expect(run.stderr).not.toMatch(/--url (?:is|must|https?:|')/);
    expect(run.stderr + run.stdout).not.toContain(TOKEN);
  });

  it('a --url given wins over a bad TRACKOPS_URL, and its own problem is named as --url', async () => {
    const run = await runCli(['check', '--url', 'http://acme.viewcases.com/api/v1'], {
      TRACKOPS_URL: `https://jo:${TOKEN}@acme.viewcases.com/api/v1`,
      TRACKOPS_USER: 'jo',
      TRACKOPS_TOKEN: TOKEN,
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--url http://acme.viewcases.com/api/v1 uses plain http://');
    expect(run.stderr).not.toContain('TRACKOPS_URL');
  });
});
