/**
 * A server without `mode=count` (it answers the count with a page of records) is refused in words, and
 * as what it is: the connection works and Trackops answered, so trying again will not help. Before
 * (exploratory round), an update import, an export and a dry run each exited 3 ("connection"), the
 * import saying "When Trackops answers again, start the import again" and quoting 300 characters of a
 * request's record, where every other listing Trackops's answers contradict exits 1 and says to run
 * `trackops-bulk check` (test/cli/listing-trust.test.ts). Real HTTP: the sandbox behind a proxy that drops
 * `mode` from every case-request query (test/batch/proxies.ts); the CLI spawned as a user runs it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { startPagingProxy, type PagingProxy } from '../batch/proxies.ts';
import { BIN, TEMPLATE } from './import-helpers.ts';

let sandbox: RunningSandbox;
let proxy: PagingProxy;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  proxy = await startPagingProxy(sandbox.baseUrl, { cap: 100, count: 'unsupported' });
  dir = await mkdtemp(join(tmpdir(), 'count-unsupported-'));
  env = {
    ...process.env,
    TRACKOPS_URL: proxy.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
  };
});
afterEach(async () => {
  await proxy.close();
  await sandbox.close();
});

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: dir, env }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

const SAID = 'Trackops answered the count of case requests (mode=count) with a list of requests';

describe('a server that does not count its lists (no mode=count)', () => {
  it('an upsert import exits 1, sends nothing, says so without quoting a record, and does not ask to wait for Trackops', async () => {
    makeRows(join(dir, 'rows.csv'), 5, 'NOCOUNT');
    const run = await cli([
      'import',
      'rows.csv',
      '--mapping',
      TEMPLATE,
      '--mode',
      'upsert',
      '--rate',
      '500/s',
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(SAID);
    expect(run.stderr).toContain('This is not a connection failure: run trackops-bulk check');
    expect(run.stderr).not.toContain('When Trackops answers again');
    expect(run.stderr).not.toContain('case_request_number');
    expect(storedByReference(sandbox.account(), 'NOCOUNT-').size).toBe(0);
    expect(sandbox.stats().writesCommitted).toBe(0);
  }, 60_000);

  it('an export and a dry run exit 1 with the same words; no file is written', async () => {
    const exported = await cli(['export', '--out', 'all.csv', '--rate', '500/s', '--json']);
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain(SAID);
    expect(exported.stderr).not.toContain('case_request_number');
    await expect(readFile(join(dir, 'all.csv'))).rejects.toThrow();
    makeRows(join(dir, 'rows.csv'), 5, 'NOCOUNT');
    const checked = await cli(['validate', 'rows.csv', '--mapping', TEMPLATE, '--rate', '500/s']);
    expect(checked.code).toBe(1);
    expect(checked.stderr).toContain(SAID);
  }, 60_000);
});
