/**
 * The app's screens say where a clerk fixes things in the app (the Connection screen's advanced list
 * addresses, its Test connection), never the command line's `--reference-path` or `trackops-bulk check`:
 * core takes the host's words (ConnectionWords, MappingWords) instead of the app rewriting the CLI's
 * sentences with regular expressions, which broke whenever core's sentence changed. Real Chromium over
 * browser mode, against an account whose regions answer 404 (a proxy in front of the built-in sandbox);
 * rows written by Python's csv module. Also: the dry run's Excel report says it is being prepared while
 * it is made, and what came of it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MappingDraft } from '../../main/bridge/contract.ts';
import { makeRows } from '../batch/helpers.ts';
import { startMissingListProxy, type RunningProxy } from '../batch/proxies.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { callVerb } from './http-bridge.ts';
import { fixWords, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = new URL('../../samples/referrals-template.json', import.meta.url).pathname;
/** Pictures of the changed screens, for a person to look at (kept outside the tree). */
const SHOTS = process.env.TRACKOPS_APP_WORDS_SHOTS;
const CLI_WORDS = /--[a-z]|trackops-bulk|"values"|"target"/;

let session: BrowserSession;
let page: Page;
let proxy: RunningProxy;
let folder = '';
let file = '';

const shot = async (name: string) => {
  if (SHOTS) await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
};

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'app-words-not-flags-'));
  file = join(folder, 'rows.csv');
  makeRows(file, 3, 'AWF');
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  page = session.page;
  proxy = await startMissingListProxy(session.app.sandbox.baseUrl, 'case/regions');
  await useAccountAt(session, 'No regions here', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  await session?.close();
  await proxy?.close();
  rmSync(folder, { recursive: true, force: true });
});

it("Test connection's finding for a list the account does not serve names the Connection screen's advanced addresses", async () => {
  await page.getByRole('tab', { name: 'Connection' }).click();
  await page.getByRole('button', { name: 'Test connection' }).click();
  const findings = page.getByRole('table', { name: 'Connection test findings' });
  const regions = findings.locator('tr', { hasText: 'case_regions' });
  await regions.waitFor({ timeout: 60_000 });
  const said = (await regions.textContent()) ?? '';
  expect(said).toContain(
    'the checks that need it are turned off; if the account serves it elsewhere, say where under ' +
      '"Advanced: where the account serves its lists" on the Connection screen',
  );
  expect(await findings.textContent()).not.toMatch(CLI_WORDS);
  await shot('01-test-connection-finding');
}, 120_000);

it("a dry run's row and its report say the app's ways (the list's address, Test connection), and the Excel report says it is being prepared", async () => {
  await page.getByRole('tab', { name: 'Import' }).click();
  await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
  await page.setInputFiles('#file-input', file);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.setInputFiles('#template-file', TEMPLATE);
  await page.getByText(/^Loaded template/).waitFor();
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  await page.locator('.vgrid-row').first().waitFor({ timeout: 60_000 });
  await page.getByRole('button', { name: 'JSON' }).and(page.locator(':enabled')).waitFor();

  // The row: a region name that cannot be looked up names where the app sets the list's address.
  const region = await fixWords(page, 'AWF-0001', 'Region');
  expect(region).toMatch(
    /cannot be looked up: .*; give the id instead, or say where the account serves its case regions \(under "Advanced: where the account serves its lists" on the Connection screen\)$/,
  );
  expect(region).not.toMatch(CLI_WORDS);
  await shot('02-dry-run-row');

  // The report's "not checked" lines: the list's address and Test connection, in the app's words.
  const json = page.waitForEvent('download');
  await page.getByRole('button', { name: 'JSON' }).click();
  const report = JSON.parse(readFileSync((await (await json).path())!, 'utf8')) as {
    skippedChecks: string[];
  };
  const gap = report.skippedChecks.find((line) => line.startsWith("The account's case regions"));
  expect(gap).toMatch(
    /If the account serves them elsewhere, say where under "Advanced: where the account serves its lists" on the Connection screen \(or use Test connection on the Connection screen\)$/,
  );
  for (const line of report.skippedChecks) expect(line).not.toMatch(CLI_WORDS);

  // The Excel report is made when asked: held here until the page has said it is being prepared.
  const status = page.locator('.download-status');
  let release: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const hold = async (route: Route) => {
    await held;
    await route.continue();
  };
  await page.route('**/bridge/saveReport', hold);
  const excel = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Excel' }).click();
  await expect(status.textContent()).resolves.toBe(
    'Preparing the Excel file… (a big sheet can take a minute)',
  );
  await expect(page.getByRole('button', { name: 'Excel' }).isDisabled()).resolves.toBe(true);
  await shot('03-excel-preparing');
  release();
  const download = await excel;
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  await page.getByText(`Downloaded ${download.suggestedFilename()}`).waitFor();
  await expect(status.textContent()).resolves.toBe('');
  await page.unroute('**/bridge/saveReport', hold);

  // A report that cannot be made says so beside the buttons, and why below them.
  await page.route('**/bridge/saveReport', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      body: JSON.stringify({ ok: false, error: { code: 'disk_full', message: 'The disk is full.' } }),
    }),
  );
  await page.getByRole('button', { name: 'Excel' }).click();
  await page.getByText('The Excel file was not made (why is said below).').waitFor();
  await page.locator('.notice.error', { hasText: 'The disk is full.' }).waitFor();
  await shot('04-excel-failed');
  await page.unroute('**/bridge/saveReport');
  expect(session.pageErrors).toEqual([]);
}, 180_000);

it('a mapping proposal made without a connection names the Connection screen, not --sandbox or --url', async () => {
  // The wizard always asks with the connection in use; the bridge takes a proposal without one.
  const source = await callVerb<{ sourceId: string }>(session.app, 'openSource', {
    name: 'rows.csv',
    bytesBase64: readFileSync(file).toString('base64'),
  });
  await callVerb(session.app, 'previewSheet', { sourceId: source.sourceId });
  const draft = await callVerb<MappingDraft>(session.app, 'draftMapping', { sourceId: source.sourceId });
  const offline = draft.notes.find((note) => note.message.startsWith('Not connected'));
  expect(offline?.message).toContain(
    'the case type and lookup values need the account (choose a connection on the Connection screen, then open the file again).',
  );
  for (const note of draft.notes) expect(note.message).not.toMatch(CLI_WORDS);
}, 60_000);
