/**
 * A web page answered 200 in place of the API stops an import either way (the row in doubt), but what
 * the clerk is told to do follows the page: "sign in again" only for a sign-in page; a maintenance
 * notice is quoted, with "try again later" (explored: "Down for maintenance" was called "a login
 * page?" and the clerk told to sign in to it again). Either way the stop says where the run stands on
 * stdout, as every stop does (explore 32 item 2: it printed nothing, not even with --json). Real HTTP: the sandbox behind a gateway that
 * starts answering its page after two creates; the CLI spawned as a user runs it.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { LOGIN_PAGE, MAINTENANCE_PAGE, startLoginPageProxy } from '../batch/proxies.ts';
import { importCli, secretSandbox, TEMPLATE, type CliResult } from './import-helpers.ts';

let sandbox: RunningSandbox;
beforeAll(async () => {
  ({ sandbox } = await secretSandbox({ rate: 1000 }));
});
afterAll(async () => {
  await sandbox.close();
});

/**
 * Imports four rows (keys of their own: the sandbox is shared) through a gateway that answers `page`
 * from the third create on.
 */
async function importMeeting(page: string, keys: string, more: string[] = []): Promise<CliResult> {
  const proxy = await startLoginPageProxy(sandbox.baseUrl, { writesThrough: 2, page });
  try {
    const dir = await mkdtemp(join(tmpdir(), 'web-page-words-'));
    makeRows(join(dir, 'rows.csv'), 4, keys);
    return await importCli(
      ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'out.csv', ...more],
      dir,
      {
        ...process.env,
        TRACKOPS_URL: proxy.baseUrl,
        TRACKOPS_USER: sandbox.username,
        TRACKOPS_TOKEN: sandbox.token,
      },
    );
  } finally {
    await proxy.close();
  }
}

describe('a web page in place of the API: the words follow the page', () => {
  it('a maintenance notice (its footer linking a login): quoted, "try again later", no "sign in"', async () => {
    const run = await importMeeting(MAINTENANCE_PAGE, 'MNT', ['--json']);
    expect(run.code).toBe(3);
    // Two created, row 4 in doubt and row 5 not reached: both unsent, and the stop's reason named.
    expect(JSON.parse(run.stdout)).toMatchObject({
      rows: 4,
      valid: 4,
      created: 2,
      unsent: 2,
      interrupted: true,
      stopped: expect.stringContaining("Row 4's create may or may not have reached Trackops"),
    });
    expect(run.stderr).toContain(
      'Trackops answered with a web page, not the API: POST case/requests got 200 text/html, "Down for maintenance". ' +
        'Trackops, or a gateway in front of it, sent this page instead of data (a maintenance or error page, say): ' +
        "try again later, and if it goes on, ask the account's administrator what it means (or check TRACKOPS_URL (set in the environment; a --url given takes its place)). " +
        "Row 4's create may or may not have reached Trackops: it stays in doubt",
    );
    expect(run.stderr).not.toMatch(/login page|sign in/i);
  }, 60_000);

  it('a sign-in page (a password field): "a login page?", sign in to the gateway again', async () => {
    const run = await importMeeting(LOGIN_PAGE, 'SSO');
    expect(run.code).toBe(3);
    expect(run.stdout).toMatch(
      /^4 rows: 4 valid, 0 invalid\. Created 2, updated 0, failed 0, skipped 0, not sent 2 \(the run was stopped\) \(\d+ requests/,
    );
    expect(run.stderr).toContain(
      'Trackops answered with a web page, not the API: a login page? POST case/requests got 200 text/html, "Sign in - Acme SSO". ' +
        'A sign-in gateway or proxy in front of Trackops answers so when its session has expired: sign in to it again (or check TRACKOPS_URL (set in the environment; a --url given takes its place))',
    );
  }, 60_000);
});
