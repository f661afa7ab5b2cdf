/**
 * The undo tests' starting point: the fixture's three updates (client city → Aurora, matched by claim
 * number) sent from the app's wizard to the built-in sandbox, up to the results.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { RunningSandbox } from '../../sandbox/index.ts';

export const UNDO_UPDATES = fileURLToPath(new URL('../fixtures/app/undo-updates.csv', import.meta.url));
const CLAIMS = ['CLM-2026-010400', 'CLM-2026-010437', 'CLM-2026-010474'];

/** The fixture's three requests as the sandbox holds them now. */
export function undoRequests(sandbox: RunningSandbox) {
  return CLAIMS.map((claim) =>
    sandbox.account().case_requests.find((request) => request.reference_value_1 === claim)!,
  );
}

/**
 * Sends the fixture's updates through the wizard (the first `trialRows` of them as a trial run, when
 * given); gives the three requests as they were before.
 */
export async function sendUndoUpdates(page: Page, sandbox: RunningSandbox, trialRows?: number) {
  const before = structuredClone(undoRequests(sandbox));
  await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
  await page.setInputFiles('#file-input', UNDO_UPDATES);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  await page.getByLabel('What the import does').selectOption('update');
  await page.getByLabel('Find existing requests by').selectOption('reference_value_1');
  const constants = page.locator('fieldset', { hasText: 'Same value on every row' });
  while ((await constants.getByRole('button', { name: 'Remove' }).count()) > 0)
    await constants.getByRole('button', { name: 'Remove' }).first().click();
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  await page
    .getByRole('button', { name: /^Next: send/ })
    .and(page.locator(':not([disabled])'))
    .waitFor();
  await page.getByRole('button', { name: /^Next: send/ }).click();
  if (trialRows !== undefined) {
    await page.getByLabel(/Trial run/).check();
    await page.getByLabel('Number of rows for the trial run').fill(String(trialRows));
  }
  const rows = trialRows ?? 3;
  await page.getByRole('button', { name: `Send ${rows} ${rows === 1 ? 'row' : 'rows'}` }).click();
  await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
  for (const request of undoRequests(sandbox).slice(0, rows)) expect(request.client.city).toBe('Aurora');
  return before;
}
