/**
 * When not one reference list can be read (a login page from the start, PHP warnings printed before the
 * JSON, a gzip body no Content-Encoding announced), `validate` stops with one plain message naming what
 * came back, exit 3, as a refused token does, instead of refusing every row with advice to give
 * --reference-path. A body gzipped without saying so that inflates cleanly is read as the answer; one
 * that does not is named in words, its bytes never printed. Real HTTP: the sandbox behind a proxy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startReferenceBodyProxy, type ReferenceBodyMode } from '../batch/proxies.ts';
import { CLEAN, TEMPLATE } from '../samples/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
});
afterAll(async () => {
  await sandbox.close();
});

async function validateThrough(mode: ReferenceBodyMode) {
  const proxy = await startReferenceBodyProxy(sandbox.baseUrl, mode);
  try {
    return await runCli(
      [
        'validate',
        CLEAN,
        '--mapping',
        TEMPLATE,
        '--url',
        proxy.baseUrl,
        '--user',
        sandbox.username,
        '--rate',
        '500/s',
      ],
      { TRACKOPS_TOKEN: sandbox.token },
    );
  } finally {
    await proxy.close();
  }
}

/** Nothing of a compressed body reaches the terminal: no control bytes, no replacement characters. */
// eslint-disable-next-line no-control-regex -- control bytes are what this looks for
const BINARY = /[\u0000-\u0008\u000e-\u001f\ufffd]/;

describe('validate when no reference list can be read', () => {
  it.each([
    ['login-page', /Trackops answered with a web page, not the API: a login page\? .*"Sign in - Acme SSO"/],
    ['php-warnings', /GET \S+ got 200 application\/json, "Warning : Undefined array key "per_page"/],
    [
      'not-a-list',
      /no reference list could be read \(8 tried\): the account's \w+: GET \S+ could not be read: .*maintenance/,
    ],
    [
      'gzip-broken',
      /Trackops answered with an unlabelled compressed \(gzip\) answer: GET \S+ got 200 application\/json/,
    ],
  ] as const)('%s: exit 3, one message naming what came back, no per-row problems', async (mode, said) => {
    const run = await validateThrough(mode);
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^trackops-bulk: validate: cannot read the account's reference data from /);
    expect(run.stderr).toMatch(said);
    expect(run.stderr).not.toContain('--reference-path');
    expect(run.stderr).not.toMatch(BINARY);
  });

  it('a gzip body without Content-Encoding that inflates cleanly is read as the answer, without a word', async () => {
    const run = await validateThrough('gzip-unlabelled');
    // What the account's own answer gives, to compare with: set-up, run by the validate command's own
    // code in this process (the same requests and words as spawned; the same validate spawned is the run
    // through the proxy above, what this test is about).
    const direct = await cliInProcess(
      [
        'validate',
        CLEAN,
        '--mapping',
        TEMPLATE,
        '--url',
        sandbox.baseUrl,
        '--user',
        sandbox.username,
        '--rate',
        '500/s',
      ],
      { TRACKOPS_TOKEN: sandbox.token },
    );
    expect(run.code).toBe(0);
    const port = /127\.0\.0\.1:\d+/g;
    expect(run.stdout.replace(port, 'HOST')).toBe(direct.stdout.replace(port, 'HOST'));
    expect(run.stderr).toBe(direct.stderr);
  });
});
