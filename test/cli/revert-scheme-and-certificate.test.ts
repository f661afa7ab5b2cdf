/**
 * revert at an address whose scheme its port does not speak, or behind a certificate this computer
 * does not trust, says what it is, that nothing was put back by the refused request, and what to do,
 * as import does (test/cli/scheme-mismatch.test.ts, untrusted-certificate.test.ts):
 * - at the start (the account's reference data, its first request): the refusal in core's words, then
 *   that nothing was put back and the command that runs the revert again once the address is corrected
 *   or the certificate trusted; nothing reached the server;
 * - met in the middle (a gateway that starts presenting a self-signed certificate after the first
 *   put-back): the run stops at once, names the request the refusal kept from being put back, and says
 *   to finish it once the certificate is trusted, not "when Trackops answers" (it did); that request is
 *   not left in doubt (the refusal came before it was sent), so the resume puts it back without reading
 *   it back first or waiting for its answer to land, each request put back once.
 * The CLI spawned against the sandbox over plain HTTP on 127.0.0.1, and through Node HTTPS servers on
 * 127.0.0.1 with certificates openssl made for the test (test/helpers/tls-servers.ts).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { importInProcess, makeRows, templateMapping } from '../batch/helpers.ts';
import { testCertificates, type TestCertificates } from '../helpers/test-certificates.ts';
import { tlsListener, tlsRelay } from '../helpers/tls-servers.ts';
import { importCli, runCli } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

let certificates: TestCertificates;
let sandbox: RunningSandbox;
let dir: string;

beforeAll(() => {
  certificates = testCertificates();
});
afterAll(() => certificates?.remove());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-revert-tls-'));
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  return () => sandbox.close();
});

/** The connection as the environment gives it, at `url`. */
const connection = (url: string, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  ...process.env,
  TRACKOPS_URL: url,
  TRACKOPS_USER: sandbox.username,
  TRACKOPS_TOKEN: sandbox.token,
  ...more,
});

/**
 * Three requests created, then updated by an import run through the CLI at `url` (the address the
 * revert is meant for): its journal, update.journal.jsonl, is what the revert undoes.
 * The update import is set-up, run by the import command's own code in this process (the same requests
 * and journal as spawned; an update import as spawned is in test/cli/results-generations.test.ts), except
 * where `more` gives the environment something Node reads only as a process starts (NODE_EXTRA_CA_CERTS:
 * the certificate authority to trust), which this process was not started with: that import is spawned.
 * Every revert is spawned.
 */
async function updatedThrough(url: string, more: NodeJS.ProcessEnv = {}): Promise<void> {
  makeRows(join(dir, 'original.csv'), 3, 'RVT');
  await importInProcess({
    file: join(dir, 'original.csv'),
    mapping: await templateMapping(),
    mode: 'create',
    sandbox,
    journal: join(dir, 'create.journal.jsonl'),
  });
  makeRows(join(dir, 'changed.csv'), 3, 'RVT', [], 'Aurora', 'Changed');
  // Only the notes change: what the revert puts back.
  await writeFile(
    join(dir, 'update.json'),
    JSON.stringify({
      version: 1,
      mode: 'update',
      match: 'reference_value_1',
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Instructions', target: 'notes' },
      ],
    }),
  );
  const args = [
    'changed.csv',
    '--mapping',
    'update.json',
    '--journal',
    'update.journal.jsonl',
    '--rate',
    '100/s',
  ];
  const update =
    Object.keys(more).length === 0
      ? await commandInProcess('import', args, dir, connection(url))
      : await importCli(args, dir, connection(url, more));
  expect(update.code, update.stderr).toBe(0);
  expect(notes()).toEqual(['Changed', 'Changed', 'Changed']);
}

/** The notes of each of the three requests as the sandbox holds them, without their row's number. */
const notes = () =>
  sandbox
    .account()
    .case_requests.filter((request) => String(request.reference_value_1).startsWith('RVT'))
    .map((request) => String(request.notes).replace(/ \d+$/, ''));

const REVERT = ['--journal', 'update.journal.jsonl', '--rate', '100/s'];
const AGAIN = 'trackops-bulk revert --journal update.journal.jsonl --rate 100/s';

describe('revert at the start, before anything is put back', () => {
  it('https:// to a port that answers plain HTTP: said as such, nothing put back, the command to run once corrected; then the right address puts all back', async () => {
    await updatedThrough(sandbox.baseUrl);
    const host = `127.0.0.1:${sandbox.port}`;
    const before = sandbox.stats().requests;
    const run = await runCli('revert', REVERT, dir, connection(`https://${host}/api/v1`));
    expect(run.code, run.stderr).toBe(3);
    expect(run.stderr).toContain(
      `the server at ${host} answered without TLS (encryption), most likely in plain HTTP, though the address starts with https://, ` +
        `so the request was not sent (nothing reached Trackops): the address should start with http:// (http://${host}/api/v1)`,
    );
    expect(run.stderr).toContain(
      `Nothing was put back. Once the address is corrected, run the revert again: ${AGAIN} (giving the corrected address)\n`,
    );
    expect(run.stderr).not.toMatch(/no answer|EPROTO|trying again|when Trackops answers|--resume/);
    expect(sandbox.stats().requests).toBe(before);
    expect(notes()).toEqual(['Changed', 'Changed', 'Changed']);
    // Its preview: nothing to put back, and the preview is what runs again.
    const preview = await runCli(
      'revert',
      [...REVERT, '--dry-run'],
      dir,
      connection(`https://${host}/api/v1`),
    );
    expect(preview.code, preview.stderr).toBe(3);
    expect(preview.stderr).toContain(
      `Nothing was sent. Once the address is corrected, run the preview again: ${AGAIN} --dry-run (giving the corrected address)\n`,
    );
    expect(sandbox.stats().requests).toBe(before);

    const corrected = await runCli('revert', REVERT, dir, connection(sandbox.baseUrl));
    expect(corrected.code, corrected.stderr).toBe(0);
    expect(corrected.stdout).toContain('3 updates of the import: 3 put back');
    expect(notes()).toEqual(['Check gym visits', 'Check gym visits', 'Check gym visits']);
  }, 60_000);

  it('http:// to a port that answers in TLS: said as such, with the https:// address, nothing put back, the command to run once corrected', async () => {
    await updatedThrough(sandbox.baseUrl);
    const listener = await tlsListener(certificates.selfSigned('gateway.test'), 'dropped');
    try {
      const before = sandbox.stats().requests;
      const run = await runCli('revert', REVERT, dir, connection(`http://${listener.host}/api/v1`));
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain(
        `the server at ${listener.host} answered in TLS (encryption), as an https:// server does, though the address starts with http://, ` +
          `so it read no request (nothing reached Trackops): use https:// (https://${listener.host}/api/v1)`,
      );
      expect(run.stderr).toContain(
        `Nothing was put back. Once the address is corrected, run the revert again: ${AGAIN} (giving the corrected address)\n`,
      );
      expect(run.stderr).not.toMatch(/no answer|ECONNRESET|hang up|trying again|when Trackops answers/);
      expect(listener.seen.requests).toBe(0);
      expect(sandbox.stats().requests).toBe(before);
    } finally {
      await listener.close();
    }
  }, 60_000);

  it('a self-signed certificate: said as such, nothing put back, the command to run once the certificate is trusted', async () => {
    await updatedThrough(sandbox.baseUrl);
    const gateway = await tlsRelay(sandbox.baseUrl, certificates.selfSigned('acme.viewcases.com'));
    try {
      const run = await runCli('revert', REVERT, dir, connection(gateway.baseUrl));
      expect(run.code, run.stderr).toBe(3);
      expect(run.stderr).toContain(
        `this computer does not trust the certificate ${gateway.host} answered with, so the request was not sent (nothing reached Trackops): it is self-signed`,
      );
      expect(run.stderr).toContain(
        `Nothing was put back. Once this computer trusts that certificate, run the revert again: ${AGAIN}\n`,
      );
      expect(run.stderr).not.toMatch(/no answer|trying again|when Trackops answers/);
      expect(gateway.seen.requests).toBe(0);
    } finally {
      await gateway.close();
    }
  }, 60_000);
});

describe('revert met by a certificate this computer does not trust in the middle', () => {
  it('stops at once naming the request not put back, says to finish once the certificate is trusted; the resume puts the rest back without reading it back first', async () => {
    const trusted = certificates.issuedBy('Acme Test CA', ['127.0.0.1']);
    // After the revert's first put-back (the import's updates go through), the gateway presents a
    // self-signed certificate of its own.
    let reverting = false;
    const gateway = await tlsRelay(sandbox.baseUrl, trusted, {
      request: (method, _path, status) => reverting && method === 'PUT' && status === 200,
      then: (server) => server.setSecureContext(certificates.selfSigned('gateway.test')),
    });
    try {
      const trust = { NODE_EXTRA_CA_CERTS: trusted.authorityFile };
      await updatedThrough(gateway.baseUrl, trust);
      const updatesBefore = gateway.seen.updated;
      reverting = true;
      const args = [...REVERT, '--concurrency', '1'];
      const stopped = await runCli('revert', args, dir, connection(gateway.baseUrl, trust));
      expect(stopped.code, stopped.stderr).toBe(3);
      expect(gateway.seen.updated - updatesBefore).toBe(1);
      expect(stopped.stderr).toContain(
        `this computer does not trust the certificate ${gateway.host} answered with, so the request was not sent (nothing reached Trackops): it is self-signed`,
      );
      // The request refused, named as the clerk knows it, and what it holds: what the import set.
      const refused = sandbox
        .account()
        .case_requests.find((request) => request.reference_value_1 === 'RVT-0001')!;
      expect(stopped.stderr).toContain(
        `Not put back: row 3 (${refused.case_request_number}): the refusal came before its request was sent, so it reached nothing in Trackops. ` +
          '1 request was put back before the stop.\n',
      );
      expect(stopped.stderr).toContain(
        `Nothing more was sent. Once this computer trusts that certificate, finish the revert with: ${AGAIN} --concurrency 1 --resume\n`,
      );
      expect(stopped.stderr).not.toMatch(/when Trackops answers|in doubt|may have been stored|trying again/);
      expect(notes()).toEqual(['Check gym visits', 'Changed', 'Changed']);

      // The journal records the refused put-back as not sent (a failure to try again), never in doubt.
      const lines = (await readFile(join(dir, 'update.journal.revert.jsonl'), 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { type: string; row?: number; retryable?: boolean });
      const third = lines.filter((line) => line.row === 3);
      expect(third.map((line) => line.type)).toEqual(['intent', 'outcome']);
      expect(third[1]).toMatchObject({ status: 'failed', retryable: true });

      // Trusted now (the gateway's certificate given), the resume puts the other two back at once: no
      // wait for the refused one's answer to land, no read of it first; each put back once.
      gateway.server.setSecureContext(trusted);
      const resumed = await runCli('revert', [...args, '--resume'], dir, connection(gateway.baseUrl, trust));
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(resumed.stderr).not.toMatch(/waits|waiting|in doubt|may have been stored/);
      expect(resumed.stdout).toContain('3 updates of the import: 3 put back');
      expect(resumed.stdout).toContain(
        '1 request was put back by an earlier run of this revert (not sent again).',
      );
      expect(gateway.seen.updated - updatesBefore).toBe(3);
      expect(notes()).toEqual(['Check gym visits', 'Check gym visits', 'Check gym visits']);
    } finally {
      await gateway.close();
    }
  }, 90_000);
});
