/**
 * An address whose scheme its port does not speak (explore 62 item 4): https:// to a port answering
 * plain HTTP was tried five times over 15 s as "got no answer (EPROTO)" and blamed on the internet
 * connection. The server answered, so it is said at once as what it is, with what to correct, and
 * nothing reaches Trackops. The CLI spawned against the real sandbox on 127.0.0.1 (plain HTTP), and the
 * other way round against a Node HTTPS server on 127.0.0.1 with a certificate openssl made for the test:
 * http:// to it was tried five times as "got no answer (ECONNRESET)".
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE, importCli } from './import-helpers.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { testCertificates } from '../helpers/test-certificates.ts';
import { tlsListener } from '../helpers/tls-servers.ts';
import { runCli } from './run-cli.ts';

let sandbox: RunningSandbox;

const check = (baseUrl: string) =>
  runCli(['check', '--rate', '50/s', '--url', baseUrl, '--user', sandbox.username, '--token', sandbox.token]);

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
});
afterAll(async () => {
  await sandbox?.close();
});

describe('https:// to a port that answers plain HTTP', () => {
  it('check: exit 3 at once, said as an answer without TLS with the http:// address to give, never "no answer" nor retried', async () => {
    const host = `127.0.0.1:${sandbox.port}`;
    const run = await check(`https://${host}/api/v1`);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `the server at ${host} answered without TLS (encryption), most likely in plain HTTP, though the address starts with https://, ` +
        `so the request was not sent (nothing reached Trackops): the address should start with http:// (http://${host}/api/v1) ` +
        'if this is a server on this computer, or the port is the wrong one. Check --url.',
    );
    expect(run.stderr).not.toMatch(/no answer|EPROTO|trying again|gave up after|internet/);
    expect(sandbox.stats().requests).toBe(0);
  });

  it('import: stops before sending anything, says to correct the address (not "when Trackops answers again"), and the run at the right address sends each row once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'trackops-scheme-import-'));
    try {
      makeRows(join(dir, 'rows.csv'), 3, 'TLS');
      const args = ['rows.csv', '--mapping', TEMPLATE, '--results', 'res.csv', '--rate', '50/s'];
      const env = {
        ...process.env,
        TRACKOPS_URL: sandbox.baseUrl.replace('http://', 'https://'),
        TRACKOPS_USER: sandbox.username,
        TRACKOPS_TOKEN: sandbox.token,
      };
      const stopped = await importCli(args, dir, env);
      expect(stopped.code).toBe(3);
      expect(stopped.stderr).toContain('answered without TLS (encryption)');
      expect(stopped.stderr).toContain(
        'Check TRACKOPS_URL (set in the environment; a --url given takes its place). Trying again as it is gets the same answer.',
      );
      expect(stopped.stderr).not.toMatch(/in doubt|When Trackops answers again|trying again|no answer/);
      expect(sandbox.stats().requests).toBe(0);

      const corrected = await importCli(args, dir, { ...env, TRACKOPS_URL: sandbox.baseUrl });
      expect(corrected.code).toBe(0);
      const claims = sandbox
        .account()
        .case_requests.map((request) => String(request.reference_value_1))
        .filter((claim) => claim.startsWith('TLS'));
      expect(claims).toHaveLength(3);
      expect(new Set(claims).size).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('http:// to a port that answers in TLS', () => {
  it.each(['dropped', 'answered 400'] as const)(
    'check, plain HTTP %s: exit 3 at once, said as an answer in TLS with the https:// address to give, never "no answer" nor a hang-up',
    async (plainHttp) => {
      const certificates = testCertificates();
      const listener = await tlsListener(certificates.selfSigned('gateway.test'), plainHttp);
      try {
        const { host } = listener;
        const run = await runCli(
          [
            'check',
            '--rate',
            '50/s',
            '--url',
            `http://${host}/api/v1`,
            '--user',
            'demo',
            '--token',
            'tok-TLS-9c1e',
          ],
          // Not the cause of the words: without the mismatch found, the tries would come at once.
          { TRACKOPS_TEST_RETRY_WAIT_MS: '0' },
        );
        expect(run.code, run.stderr).toBe(3);
        expect(run.stderr).toContain(
          `the server at ${host} answered in TLS (encryption), as an https:// server does, though the address starts with http://, ` +
            `so it read no request (nothing reached Trackops): use https:// (https://${host}/api/v1). Check --url. ` +
            'Trying again as it is gets the same answer.',
        );
        expect(run.stderr).not.toMatch(
          /no answer|ECONNRESET|hang up|Trackops refused|trying again|gave up after|internet|at .*\.ts:\d+/,
        );
        expect(run.stdout + run.stderr).not.toContain('tok-TLS-9c1e');
        expect(listener.seen.requests).toBe(0);
      } finally {
        await listener.close();
        certificates.remove();
      }
    },
  );
});
