/**
 * A profile's page size is a hint: the server may have lowered its cap since `check` wrote it
 * (explore 14 item 2: a profile of 25, a server now giving 10, the fields read 10 of 35 without a word;
 * the export then wrote "Claimant: Field 102" columns with exit 0). The lists are followed past the short
 * page and read whole, and the run says the profile no longer holds, with what to do. Through the CLI
 * over real HTTP: a sandbox behind a proxy that cuts every page to its cap.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startPagingProxy, type PagingProxy, type PagingQuirks } from '../batch/proxies.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

let sandbox: RunningSandbox;
let proxy: PagingProxy;
const quirks: PagingQuirks = { cap: 25, lists: 'every' };
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  proxy = await startPagingProxy(sandbox.baseUrl, quirks);
  dir = await tempDir();
});
afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

const through = (args: string[]) =>
  runCli([...args, '--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

describe('a profile whose page size the server no longer gives', () => {
  it('rule: the lists are read whole past the short page, and the run says to check again', async () => {
    const profile = join(dir, 'profile.json');
    // The profile is set-up, written by the check command's own code in this process through the same
    // proxy (`check --profile` as spawned is test/cli/rate-limit-header-token.test.ts's); the export,
    // what this test proves, is spawned.
    const checked = await cliInProcess(
      ['check', '--profile', profile, '--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '100/s'],
      { TRACKOPS_TOKEN: sandbox.token },
    );
    expect(checked.code).toBe(0);
    const recorded = JSON.parse(await readFile(profile, 'utf8')) as { check: { use: { pageSize: number } } };
    expect(recorded.check.use.pageSize).toBe(25);

    // The server lowers its cap after the check.
    quirks.cap = 10;
    const out = join(dir, 'export.csv');
    const run = await through(['export', '--out', out, '--profile', profile]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      'The account profile (written by trackops-bulk check) says Trackops gives pages of 25, but it now gives ' +
        'pages of 10: the lists were read whole with pages of 10. Run trackops-bulk check again to update the profile',
    );
    const header = (await readFile(out, 'utf8')).split('\n')[0]!;
    expect(header).not.toMatch(/Field \d+/);
    expect(header).toContain('Claimant: Date of Birth');
    expect(run.stdout).toContain('Exported 36 case requests');
  }, 120_000);
});
