/**
 * No wait looks like a hang. A server asking for an hour (Retry-After: 7200 to every create, 3600 to a
 * listing) was obeyed in silence when output was piped; now the run stops at once, resumable, saying
 * what Trackops asked for, and the resume finishes it with every row created once. A slow read is
 * given up on after --timeout SECONDS (default 30), and a bad --timeout is a usage error. Over real HTTP
 * through a proxy in front of the sandbox; nothing here waits for the hour (the client never does).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startSlowProxy } from '../batch/proxies.ts';
import { TEMPLATE, connectionEnv, importCli } from './import-helpers.ts';
import { runCli } from './run-cli.ts';

/** The claim numbers of this test's rows the account holds, once each or more. */
function waitClaims(sandbox: RunningSandbox): string[] {
  return sandbox
    .account()
    .case_requests.map((request) => String(request.reference_value_1))
    .filter((claim) => claim.startsWith('WAIT-'))
    .sort();
}

describe('a Retry-After longer than the tool waits stops the run, resumable', () => {
  it('import: 429 with Retry-After 7200 to every create; the resume creates each row once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-long-wait-'));
    makeRows(join(dir, 'rows.csv'), 3, 'WAIT');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const proxy = await startSlowProxy(sandbox.baseUrl, {
      throttle: { method: 'POST', status: 429, seconds: 7200 },
    });
    try {
      const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'r.csv'];
      const stopped = await importCli(args, dir, { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl });
      expect(stopped.code).toBe(3);
      expect(stopped.stderr).toContain(
        'trackops-bulk: import: Trackops asked to wait 7200 s (Retry-After, with a 429 to POST case/requests), longer than this tool waits at once (300 s): nothing more was sent.\nTo finish the run once Trackops takes requests again: ',
      );
      expect(stopped.stderr).toMatch(/--resume/);
      // The counts, as every other stop says them (explore 30 item 6: exit 3 printed none).
      expect(stopped.stdout).toMatch(
        /^3 rows: 3 valid, 0 invalid\. Created 0, updated 0, failed 0, skipped 0, not sent 3 \(the run was stopped\) \(\d+ requests, \d+ retries, [\d.]+ s\)\.\n$/,
      );
      const json = await importCli([...args, '--json'], dir, {
        ...connectionEnv(sandbox),
        TRACKOPS_URL: proxy.baseUrl,
      });
      expect(json.code).toBe(3);
      expect(JSON.parse(json.stdout)).toMatchObject({ rows: 3, created: 0, unsent: 3, interrupted: true });
      const results = await readFile(join(dir, 'r.csv'), 'utf8');
      expect(
        results.match(/Trackops asked to wait longer than this tool waits \(Retry-After\)/g),
      ).toHaveLength(3);
      expect(waitClaims(sandbox)).toEqual([]);

      const resumed = await importCli([...args, '--resume'], dir, connectionEnv(sandbox));
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      expect(waitClaims(sandbox)).toEqual(['WAIT-0000', 'WAIT-0001', 'WAIT-0002']);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);

  it('export: 503 with Retry-After 3600 to the listing; nothing written', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-long-wait-'));
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const proxy = await startSlowProxy(sandbox.baseUrl, {
      throttle: { method: 'GET', status: 503, seconds: 3600 },
    });
    try {
      const run = await runCli(['export', '--out', join(dir, 'e.csv'), '--rate', '100/s'], {
        ...connectionEnv(sandbox),
        TRACKOPS_URL: proxy.baseUrl,
      });
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(
        /Trackops asked to wait 3600 s \(Retry-After, with a 503 to GET case\/requests\?[^)]*\), longer than this tool waits at once \(300 s\)/,
      );
      expect(proxy.listings).toBe(1);
      await expect(readFile(join(dir, 'e.csv'))).rejects.toThrow();
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});

describe('--timeout SECONDS', () => {
  it('a listing slower than --timeout is given up on and asked again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-timeout-'));
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const proxy = await startSlowProxy(sandbox.baseUrl, { slowListings: { count: 1, ms: 3000 } });
    try {
      const run = await runCli(
        ['export', '--out', join(dir, 'e.csv'), '--rate', '100/s', '--timeout', '0.5'],
        {
          ...connectionEnv(sandbox),
          TRACKOPS_URL: proxy.baseUrl,
        },
      );
      expect(run.code, run.stderr).toBe(0);
      // The first listing request was given up on at 0.5 s (not the default 30 s) and sent again.
      expect(proxy.listings).toBeGreaterThanOrEqual(2);
      expect(await readFile(join(dir, 'e.csv'), 'utf8')).toContain('REQ-');
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);

  it('a --timeout (or TRACKOPS_TIMEOUT) that is not a number of seconds is refused before any request', async () => {
    for (const [flags, env] of [
      [['--timeout', 'soon'], {}],
      [[], { TRACKOPS_TIMEOUT: '0' }],
    ] as const) {
      const run = await runCli(['export', '--out', join(tmpdir(), 'x.csv'), ...flags], {
        TRACKOPS_URL: 'https://acme.viewcases.com/api/v1',
        TRACKOPS_USER: 'u',
        TRACKOPS_TOKEN: 'tok-unused',
        ...env,
      });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--timeout '(soon|0)' is not a number of seconds between 0 and 3600/);
    }
  }, 30_000);
});
