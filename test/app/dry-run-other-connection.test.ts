/**
 * A dry run belongs to the connection it was checked against (explore 19): started against a slow
 * account, the clerk switched to the practice sandbox while it ran; it finished and was shown under the
 * sandbox's name as if current, its counts and "Next: send 1 valid row" offered, and the refusal came
 * only once Send was pressed. Now the dry-run step says which connection it was checked against, does
 * not offer the send, and checks again against the connection in use at one click.
 *
 * The slow account is a standalone sandbox behind a proxy that holds its listings until the test lets
 * them through (late by construction, not by a timer); real Chromium; rows written by Python.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startHoldingListProxy, type HoldingProxy } from '../batch/proxies.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { callVerb } from './http-bridge.ts';
import { runPython } from '../helpers/run-python.ts';

let session: BrowserSession;
let slow: RunningSandbox;
let proxy: HoldingProxy;
let file = '';

beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  slow = await startSandbox({ port: 0, rate: 1000 });
  proxy = await startHoldingListProxy(slow.baseUrl);
  await callVerb<ProfilesView>(session.app, 'saveProfile', {
    name: 'Slow account',
    baseUrl: proxy.baseUrl,
    user: slow.username,
    token: slow.token,
    settings: { require_client_address: false, require_client_phone: false },
    pace: { ratePerSecond: 50, concurrency: 1 },
  });
  file = join(await mkdtemp(join(tmpdir(), 'app-other-connection-')), 'rows.csv');
  // Due Date and Claimant DOB left blank (their one date each, 12/7 and 3/3, read both ways, so the
  // suggestion gives them no order), and a Case Type column the suggestion maps: every row valid, so
  // the dry run asks the account.
  makeRows(file, 3, 'AOC', [0, 1, 2], 'Denver', 'Switched', 'Due Date|Claimant DOB');
  const withCaseType = [
    'import csv,sys',
    'rows=list(csv.reader(open(sys.argv[1],newline="")))',
    'rows[0].insert(0,"Case Type")',
    'for r in rows[1:]: r.insert(0,"Surveillance")',
    'csv.writer(open(sys.argv[1],"w",newline="")).writerows(rows)',
  ].join('\n');
  runPython(withCaseType, [file]);
  await session.page.reload();
}, 120_000);
afterAll(async () => {
  proxy?.release();
  await proxy?.close();
  await slow?.close();
  await session?.close();
});

it('a dry run finished after a switch says whose it is, offers no send, and checks again', async () => {
  const { page } = session;
  await page.locator('#file-input').setInputFiles(file);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  await expect.poll(() => proxy.held, { timeout: 20_000 }).toBeGreaterThan(0);

  await page.getByRole('tab', { name: 'Connection' }).click();
  await page.getByRole('button', { name: /^Built-in sandbox/ }).click();
  await page.getByRole('button', { name: /^Built-in sandbox.*in use/ }).waitFor();
  await page.getByRole('tab', { name: 'Import' }).click();
  proxy.release();

  const stale = page.getByText(
    /^This dry run was checked against Slow account, not Built-in sandbox \(practice account\), the connection in use now/,
  );
  await stale.waitFor();
  await page.getByText(/3 rows were checked against/).waitFor();
  const next = page.getByRole('button', { name: /^Next: send/ });
  await expect(next.isDisabled()).resolves.toBe(true);

  await page.getByRole('button', { name: 'Check again against Built-in sandbox (practice account)' }).click();
  await stale.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Next: send 3 valid rows' }).and(page.locator(':enabled')).waitFor();
  expect(session.pageErrors).toEqual([]);
}, 90_000);
