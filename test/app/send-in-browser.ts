/**
 * The import wizard driven in a real browser from the file to the send's results, on the connection in
 * use: what a clerk clicks (choose the file, the drafted mapping, the dry run, Send). Shared by the
 * tests of the results screen and the header's status dot.
 */
import type { Page } from 'playwright-core';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import type { BrowserSession } from './browser-harness.ts';
import { callVerb } from './http-bridge.ts';

/** A profile for `baseUrl` with the sandbox's credentials, made the one in use (the page reloaded). */
export async function useAccountAt(
  session: BrowserSession,
  name: string,
  baseUrl: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const { sandbox } = session.app;
  const view = await callVerb<ProfilesView>(session.app, 'saveProfile', {
    name,
    baseUrl,
    user: sandbox.username,
    token: sandbox.token,
    settings: { require_client_address: false, require_client_phone: false },
    pace: { ratePerSecond: 50, concurrency: 1 },
    ...extra,
  });
  await session.page.reload();
  return view.activeId;
}

/** File chosen, mapping as drafted, dry run done: the send step, with `rows` valid rows to send. */
export async function dryRunInBrowser(page: Page, file: string, rows: number): Promise<void> {
  await page.getByRole('tab', { name: 'Import' }).click();
  await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
  await page.setInputFiles('#file-input', file);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  const next = page.getByRole('button', { name: `Next: send ${rows} valid ${rows === 1 ? 'row' : 'rows'}` });
  await next.and(page.locator(':not([disabled])')).waitFor({ timeout: 60_000 });
}

/** From a finished dry run: Next, Send, and the results heading once the send has ended. */
export async function sendInBrowser(page: Page, rows: number): Promise<void> {
  await page.getByRole('button', { name: /^Next: send/ }).click();
  await page.getByRole('button', { name: `Send ${rows} ${rows === 1 ? 'row' : 'rows'}` }).click();
  await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
}

/**
 * From the first step: the file chosen, a mapping template loaded, every row checked, and Next taken to
 * the send step once the dry run found `validRows` valid rows.
 */
export async function checkWithTemplate(
  page: Page,
  file: string,
  template: string,
  validRows: number,
): Promise<void> {
  await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
  await page.setInputFiles('#file-input', file);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.setInputFiles('#template-file', template);
  await page.getByText(/^Loaded template/).waitFor();
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  const next = page.getByRole('button', {
    name: `Next: send ${validRows} valid ${validRows === 1 ? 'row' : 'rows'}`,
  });
  await next.and(page.locator(':not([disabled])')).waitFor({ timeout: 60_000 });
  await next.click();
}

/**
 * From the first step: an eight-row `file` checked with `template`, then a trial of its first three
 * rows sent, up to the results. Gives a reader of the results' counts by their label.
 */
export async function sendTrialOfThree(
  page: Page,
  file: string,
  template: string,
): Promise<(label: string) => Promise<string>> {
  await checkWithTemplate(page, file, template, 8);
  await page.getByLabel('Trial run: send only the first').check();
  await page.getByLabel('Number of rows for the trial run').fill('3');
  await page.getByRole('button', { name: 'Send 3 rows' }).click();
  await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
  return (label) => page.locator('.stat', { hasText: label }).locator('.n').innerText();
}

/** A count of the dry run's summary (`valid`, `invalid`, …), as the page shows it. */
export function dryRunStat(page: Page, kind: string): Promise<number> {
  return page
    .locator(`.stat.${kind} .n`)
    .textContent()
    .then((text) => Number(text?.replace(/,/g, '')));
}

/** "Check every row (dry run)" clicked, and its grid and the Send step's button ready. */
export async function checkEveryRow(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  await page
    .getByRole('button', { name: /^Next: send/ })
    .and(page.locator(':not([disabled])'))
    .waitFor();
  await page.locator('.vgrid-row').first().waitFor();
}

/** The words the fix panel of the grid's row holding `text` gives for `column`. */
export async function fixWords(page: Page, text: string, column: string): Promise<string> {
  await page.locator('.vgrid-row', { hasText: text }).click();
  const line = page.locator('.fix-panel .fix-line', { has: page.locator('strong', { hasText: column }) });
  return (await line.locator('.problem-text').first().textContent()) ?? '';
}

/**
 * Clicks Pause and resolves once main has answered it: the pause is asked for, so a send whose request
 * is held in flight (a test's proxy) pauses once that request is answered, before sending another.
 */
export async function clickPauseAnswered(page: Page): Promise<void> {
  const answered = page.waitForResponse((response) => response.url().endsWith('/bridge/pauseImport'));
  await page.getByRole('button', { name: 'Pause' }).click();
  await answered;
}
