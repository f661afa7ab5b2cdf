/**
 * An account behind a certificate this computer does not trust (explore 51 item 7): a company network
 * that inspects HTTPS, or a gateway with a certificate of its own. Said as what it is (which address,
 * who issued the certificate, what to do), at once and not tried again, never as "got no answer"; and
 * what it says to do (NODE_EXTRA_CA_CERTS) works. Real TLS on 127.0.0.1 with certificates made by
 * openssl at test time, the CLI spawned.
 */
import type { Server } from 'node:https';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE, importCli } from './import-helpers.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import {
  testCertificates,
  type TestCertificate,
  type TestCertificates,
} from '../helpers/test-certificates.ts';
import { tlsRelay, type TlsRelay } from '../helpers/tls-servers.ts';
import { runCli } from './run-cli.ts';

let certificates: TestCertificates;
let sandbox: RunningSandbox;
const relays: TlsRelay[] = [];

/** tlsRelay to the sandbox, closed after the tests; `afterCreate`: what it does after the first create. */
async function relay(certificate: TestCertificate, afterCreate?: (server: Server) => void) {
  const relayed = await tlsRelay(
    sandbox.baseUrl,
    certificate,
    afterCreate
      ? { request: (method, _path, status) => method === 'POST' && status === 201, then: afterCreate }
      : undefined,
  );
  relays.push(relayed);
  return relayed;
}

const check = (baseUrl: string, env: NodeJS.ProcessEnv = {}) =>
  runCli(
    ['check', '--rate', '50/s', '--url', baseUrl, '--user', sandbox.username, '--token', sandbox.token],
    env,
  );

beforeAll(async () => {
  certificates = testCertificates();
  sandbox = await startSandbox({ port: 0, rate: 1000 });
});
afterAll(async () => {
  for (const relayed of relays) await relayed.close();
  await sandbox?.close();
  certificates?.remove();
});

describe('a certificate this computer does not trust', () => {
  it('self-signed: exit 3 at once, said as a certificate not trusted with what to do; nothing reached the server', async () => {
    const gateway = await relay(certificates.selfSigned('acme.viewcases.com'));
    const run = await check(gateway.baseUrl);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `this computer does not trust the certificate ${gateway.host} answered with, so the request was not sent (nothing reached Trackops): ` +
        'it is self-signed: issued to "acme.viewcases.com" by its own server, not by an authority this computer knows (DEPTH_ZERO_SELF_SIGNED_CERT)',
    );
    expect(run.stderr).toContain(
      'ask IT for its root certificate (a .pem file) and set the environment variable NODE_EXTRA_CA_CERTS to that file',
    );
    // Once, not five times over 15 s: the same certificate is refused the same way.
    expect(run.stderr).not.toMatch(/trying again|no answer|gave up after/);
    expect(run.stderr).not.toContain(sandbox.token);
    expect(gateway.seen.requests).toBe(0);
  });

  it('issued by an authority this computer does not know (a proxy inspecting HTTPS): names it, and NODE_EXTRA_CA_CERTS with its certificate lets the check through', async () => {
    const issued = certificates.issuedBy('Acme Inspecting Proxy CA', ['127.0.0.1']);
    const proxy = await relay(issued);
    const refused = await check(proxy.baseUrl);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain(
      'it was issued to "127.0.0.1" by "Acme Inspecting Proxy CA", an authority this computer does not know; ' +
        "most often that is a company network that inspects HTTPS (a proxy such as Zscaler, or a firewall) answering in Trackops' place (UNABLE_TO_VERIFY_LEAF_SIGNATURE)",
    );
    expect(refused.stderr).not.toMatch(/trying again|no answer/);
    expect(proxy.seen.requests).toBe(0);

    // What the message says to do, done: the same check goes through the proxy to the account.
    const trusted = await check(proxy.baseUrl, { NODE_EXTRA_CA_CERTS: issued.authorityFile });
    expect(trusted.stderr).not.toContain('does not trust');
    expect(trusted.code).toBe(0);
    expect(proxy.seen.requests).toBeGreaterThan(0);
  });

  it('made for another name: names the names it was made for, and says to check the address', async () => {
    const issued = certificates.issuedBy('Acme Test CA', ['acme.viewcases.com']);
    const elsewhere = await relay(issued);
    const run = await check(elsewhere.baseUrl, { NODE_EXTRA_CA_CERTS: issued.authorityFile });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      'it was made for acme.viewcases.com, not for 127.0.0.1 (issued by "Acme Test CA") (ERR_TLS_CERT_ALTNAME_INVALID). Check --url;',
    );
    expect(elsewhere.seen.requests).toBe(0);
  });

  it('met in the middle of an import: the run stops at once, the create refused is not in doubt, and a resume once the certificate is trusted sends each row once', async () => {
    const trusted = certificates.issuedBy('Acme Test CA', ['127.0.0.1']);
    const inspecting = certificates.issuedBy('Acme Inspecting Proxy CA', ['127.0.0.1']);
    // After the first create, the network starts answering with the inspecting proxy's certificate.
    const proxy = await relay(trusted, (server) => server.setSecureContext(inspecting));
    const dir = mkdtempSync(join(tmpdir(), 'trackops-cert-import-'));
    try {
      makeRows(join(dir, 'rows.csv'), 3, 'CRT');
      const both = join(dir, 'both-authorities.pem');
      writeFileSync(
        both,
        readFileSync(trusted.authorityFile, 'utf8') + readFileSync(inspecting.authorityFile, 'utf8'),
      );
      const args = ['rows.csv', '--mapping', TEMPLATE, '--results', 'res.csv', '--rate', '50/s'];
      const env = {
        ...process.env,
        TRACKOPS_URL: proxy.baseUrl,
        TRACKOPS_USER: sandbox.username,
        TRACKOPS_TOKEN: sandbox.token,
        NODE_EXTRA_CA_CERTS: trusted.authorityFile,
      };
      const stopped = await importCli(args, dir, env);
      expect(stopped.code).toBe(3);
      expect(stopped.stderr).toContain('this computer does not trust the certificate');
      expect(stopped.stderr).toContain(
        'by "Acme Inspecting Proxy CA", an authority this computer does not know',
      );
      expect(stopped.stderr).toContain('Once this computer trusts that certificate, finish the run with:');
      expect(stopped.stderr).not.toMatch(/in doubt|When Trackops answers again|trying again/);
      expect(proxy.seen.created).toBe(1);

      const resumed = await importCli([...args, '--resume'], dir, { ...env, NODE_EXTRA_CA_CERTS: both });
      expect(resumed.stderr).not.toContain('does not trust');
      expect(resumed.code).toBe(0);
      expect(proxy.seen.created).toBe(3);
      const claims = sandbox
        .account()
        .case_requests.map((request) => request.reference_value_1)
        .filter((claim) => String(claim).startsWith('CRT'));
      expect(claims).toHaveLength(3);
      expect(new Set(claims).size).toBe(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
