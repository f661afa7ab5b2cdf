/**
 * Advice given once something answered at the account's address (a sign-in page, text in place of the
 * API's JSON, a body no list could be read from, a compressed answer, a redirect) named "--url" even
 * when the address came from TRACKOPS_URL, and a person looked for a --url in a command that had none.
 * It now names where the address came from: TRACKOPS_URL (in the environment, and that a --url takes
 * its place), or --url when one was given. Real HTTP: the CLI spawned against the sandbox behind a proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startAnsweringProxy } from '../batch/answering-proxy.ts';
import { startReferenceBodyProxy, type ReferenceBodyMode } from '../batch/proxies.ts';
import { CLEAN, TEMPLATE } from '../samples/helpers.ts';
import { runCli } from './run-cli.ts';

const FROM_ENVIRONMENT = 'TRACKOPS_URL (set in the environment; a --url given takes its place)';

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
});
afterAll(async () => {
  await sandbox.close();
});

/** `validate` connected through `baseUrl`, the address given by TRACKOPS_URL or by --url. */
function validateAt(baseUrl: string, given: 'TRACKOPS_URL' | '--url') {
  const address = given === '--url' ? ['--url', baseUrl] : [];
  return runCli(
    ['validate', CLEAN, '--mapping', TEMPLATE, ...address, '--user', sandbox.username, '--rate', '500/s'],
    { TRACKOPS_TOKEN: sandbox.token, ...(given === 'TRACKOPS_URL' ? { TRACKOPS_URL: baseUrl } : {}) },
  );
}

describe('advice after an answer names where the address came from', () => {
  it.each([
    ['login-page', `sign in to it again (or check ${FROM_ENVIRONMENT})`],
    ['not-a-list', `Check ${FROM_ENVIRONMENT} and that the API answers there`],
    ['gzip-broken', `compresses its answers without saying so: check ${FROM_ENVIRONMENT}, or ask`],
  ] as const)(
    '%s from TRACKOPS_URL: names TRACKOPS_URL, never a --url the command lacks',
    async (mode, said) => {
      const proxy = await startReferenceBodyProxy(sandbox.baseUrl, mode as ReferenceBodyMode);
      try {
        const run = await validateAt(proxy.baseUrl, 'TRACKOPS_URL');
        expect(run.code).toBe(3);
        expect(run.stderr).toContain(said);
        expect(run.stderr).not.toMatch(/check --url|Check --url/);
      } finally {
        await proxy.close();
      }
    },
  );

  it('the same answer with --url given still says "check --url"', async () => {
    const proxy = await startReferenceBodyProxy(sandbox.baseUrl, 'login-page');
    try {
      const run = await validateAt(proxy.baseUrl, '--url');
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('sign in to it again (or check --url)');
      expect(run.stderr).not.toContain('TRACKOPS_URL');
    } finally {
      await proxy.close();
    }
  });

  it('text in place of the JSON from TRACKOPS_URL: names TRACKOPS_URL', async () => {
    const proxy = await startAnsweringProxy(sandbox.baseUrl, () => ({
      status: 200,
      headers: { 'content-type': 'text/plain' },
      body: 'Service moved. Contact your network team.',
    }));
    try {
      const run = await runCli(['check', '--user', sandbox.username, '--rate', '500/s'], {
        TRACKOPS_URL: proxy.baseUrl,
        TRACKOPS_TOKEN: sandbox.token,
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain(
        `may have answered instead: check ${FROM_ENVIRONMENT} and that the API is reachable`,
      );
    } finally {
      await proxy.close();
    }
  });

  it('a redirect from TRACKOPS_URL: says to set TRACKOPS_URL to where it points', async () => {
    const proxy = await startAnsweringProxy(sandbox.baseUrl, () => ({
      status: 301,
      headers: { location: 'https://acme-new.viewcases.com/api/v1/' },
      body: '',
    }));
    try {
      const run = await runCli(['check', '--user', sandbox.username, '--rate', '500/s'], {
        TRACKOPS_URL: proxy.baseUrl,
        TRACKOPS_TOKEN: sandbox.token,
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('redirected (301) to https://acme-new.viewcases.com/api/v1/');
      expect(run.stderr).toContain(
        'If that is where the API now is, set TRACKOPS_URL in the environment to it (its address up to /api/v1), or give it as --url, which takes its place',
      );
      expect(run.stderr).not.toContain('give it as --url (');
    } finally {
      await proxy.close();
    }
  });
});
