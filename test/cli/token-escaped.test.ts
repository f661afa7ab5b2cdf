/**
 * The credential is scrubbed however a server escaped it when it echoed it back. A token with a "/"
 * (`Zx9/Qa7+Lm2/Tk4w`) comes back from PHP's json_encode as `Zx9\/Qa7+Lm2\/Tk4w`, which a search for
 * the token as it is does not find; JSON.parse then turns it back into the token, which reached stderr,
 * stdout, the results file and the journal. A gateway may also echo the Authorization header in its
 * HTTP reason phrase, which was shown as it came. Over real HTTP, through a PHP-like echoing proxy in
 * front of the sandbox: import (a 422, a 500 and a 502 with a reason phrase to creates) and export
 * (a 401 body and a 403 reason phrase to listings); every output and file is searched for the token in
 * each form, escaped or not.
 */
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startPhpEchoProxy } from '../batch/proxies.ts';
import { TEMPLATE, importCli } from './import-helpers.ts';
import { runCli } from './run-cli.ts';

const USER = 'importer';
const TOKEN = 'Zx9/Qa7+Lm2/Tk4w';
const PAIR = `${USER}/token:${TOKEN}`;
const php = (text: string) => text.replace(/\//g, '\\/');
const FORMS = [
  TOKEN,
  php(TOKEN),
  encodeURIComponent(TOKEN),
  PAIR,
  php(PAIR),
  Buffer.from(PAIR).toString('base64'),
  php(Buffer.from(PAIR).toString('base64')),
];

function expectNoSecret(where: string, text: string): void {
  for (const form of FORMS) expect(text.includes(form), `${where} holds ${form}`).toBe(false);
}

async function secretSandbox() {
  const account = await loadDemoAccount();
  account.credentials = [{ username: USER, token: TOKEN }];
  return startSandbox({ port: 0, account, rate: 1000 });
}

describe('a credential echoed escaped, or in the reason phrase, is never written anywhere', () => {
  it('import: a json_encode 422 and 500, and a 502 reason phrase, to creates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-php-echo-'));
    // Claims ending 1, 2 and 3 get the 422, the 500 and the 502.
    makeRows(join(dir, 'rows.csv'), 4, 'PHP');
    const sandbox = await secretSandbox();
    const proxy = await startPhpEchoProxy(sandbox.baseUrl);
    try {
      const run = await importCli(
        // The 500 and the 502 are lost answers: looked for again after 50 ms, not the default 10 s.
        [
          'rows.csv',
          '--mapping',
          TEMPLATE,
          '--rate',
          '100/s',
          '--recheck-after',
          '0.05',
          '--results',
          'r.csv',
          '--journal',
          'r.jsonl',
        ],
        dir,
        {
          ...process.env,
          TRACKOPS_URL: proxy.baseUrl,
          TRACKOPS_USER: USER,
          TRACKOPS_TOKEN: TOKEN,
          // A create whose answer was refused is first looked for 10 ms after it, not 0.5 s (said on stderr).
          TRACKOPS_TEST_FIRST_LOOK_MS: '10',
        },
      );
      expect(proxy.echoed).toBeGreaterThanOrEqual(3);
      // What each answer said is still there to read, with the secret replaced.
      for (const words of [
        'rejected for [redacted]',
        'while authenticating [redacted]',
        'upstream refused Basic [redacted]',
      ])
        expect(run.stdout, words).toContain(words);
      expectNoSecret('stdout', run.stdout);
      expectNoSecret('stderr', run.stderr);
      expect(await readFile(join(dir, 'r.csv'), 'utf8')).toContain('upstream refused Basic [redacted]');
      expect(await readFile(join(dir, 'r.jsonl'), 'utf8')).toContain('[redacted]');
      for (const name of await readdir(dir)) expectNoSecret(name, await readFile(join(dir, name), 'utf8'));
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);

  for (const lists of ['json', 'reason'] as const) {
    it(`export: a listing answered with ${lists === 'json' ? 'a json_encode 401 body' : 'a 403 reason phrase'}`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'cli-php-echo-'));
      const sandbox = await secretSandbox();
      const proxy = await startPhpEchoProxy(sandbox.baseUrl, { lists });
      try {
        const run = await runCli(['export', '--out', join(dir, 'e.csv'), '--rate', '100/s'], {
          TRACKOPS_URL: proxy.baseUrl,
          TRACKOPS_USER: USER,
          TRACKOPS_TOKEN: TOKEN,
        });
        expect(run.code).toBe(3);
        expect(proxy.echoed).toBeGreaterThan(0);
        expect(run.stderr).toContain(
          lists === 'json' ? 'Could not authenticate [redacted]' : 'Basic [redacted]',
        );
        expectNoSecret('stdout and stderr', run.stdout + run.stderr);
        for (const name of await readdir(dir)) expectNoSecret(name, await readFile(join(dir, name), 'utf8'));
      } finally {
        await proxy.close();
        await sandbox.close();
      }
    }, 60_000);
  }
});
