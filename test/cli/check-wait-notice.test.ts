/**
 * `check` says a long wait in one line when piped, as every other command does (cli/wait-notice.ts):
 * before, a Retry-After passed in silence and the probe looked hung. The sandbox sits behind a proxy
 * that answers the first GET 429 with a Retry-After over the notice's threshold.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startThrottleOnceProxy, type RunningProxy } from '../batch/proxies.ts';
import { runCli } from './run-cli.ts';

let sandbox: RunningSandbox;
let proxy: RunningProxy;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  proxy = await startThrottleOnceProxy(sandbox.baseUrl, 6);
});
afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

describe('check, piped', () => {
  it(
    'rule: a wait over 5 s is said in one line, naming the request and why',
    { timeout: 60_000 },
    async () => {
      const run = await runCli(['check', '--rate', '50/s'], {
        TRACKOPS_URL: proxy.baseUrl,
        TRACKOPS_USER: sandbox.username,
        TRACKOPS_TOKEN: sandbox.token,
      });
      expect(run.stdout).toContain('read-only requests');
      const waits = run.stderr.split('\n').filter((line) => line.startsWith('check: waiting'));
      expect(waits).toHaveLength(1);
      expect(waits[0]).toMatch(
        /^check: waiting 6 s: Trackops asked for it \(Retry-After\) answering GET \S+$/,
      );
      expect(run.stderr).not.toContain(sandbox.token);
    },
  );
});
