/**
 * A row fixed in the dry run's grid that becomes an earlier import's create with a value corrected
 * since (core's near-edit check: the clerk fixed a typo in the file and imports it again). The pass
 * had refused the row for another cell, so it read no request for it, and the fixed row was refused
 * saying Trackops "could not be asked". Now that one earlier create is read when the row is checked
 * again (one GET, only for such a row), and the row says what the CLI's validate says: Trackops still
 * holds the request, in the app's words (no journal path, no mapping key: what to click). Browser mode in Debian's Chromium on the built-in sandbox; rows written by
 * Python's csv module, the mapping samples/referrals-template.json loaded as a template file.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

let session: BrowserSession;
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-corrected-create-'));
  // Journals of its own: every browser-mode sandbox is "the app's built-in sandbox" to them.
  session = await openBrowserSession({ log: () => {}, runLocksDir: join(dir, 'run-locks') });
}, 120_000);
afterAll(() => session?.close());

/** The file chosen, the sample template loaded, every row checked. */
async function dryRun(page: Page, file: string): Promise<void> {
  await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
  await page.setInputFiles('#file-input', file);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  await page.setInputFiles('#template-file', TEMPLATE);
  await page.getByText(/^Loaded template “referrals-template”/).waitFor();
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  await page.locator('.vgrid-row').first().waitFor();
  // Done: the report can be downloaded (its buttons wait for the last row).
  await page
    .getByRole('button', { name: 'JSON', exact: true })
    .and(page.locator(':not([disabled])'))
    .waitFor();
}

describe(
  'a row fixed in the grid that becomes a correction of an earlier create',
  { timeout: 120_000 },
  () => {
    it('rule: that create is read at the re-check, and the row says Trackops still holds it', async () => {
      const { page } = session;
      // Rows without a claim number: only the earlier import's journal knows them.
      const sent = join(dir, 'referrals.csv');
      makeRows(sent, 4, 'ACF', [0, 1, 2, 3], 'Denver', 'App corrected', 'Claim #');
      await dryRun(page, sent);
      await page.getByRole('button', { name: /^Next: send 4 valid rows$/ }).click();
      await page.getByRole('button', { name: 'Send 4 rows' }).click();
      await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
      const request = session.app.sandbox
        .account()
        .case_requests.find((one) => one.notes === 'App corrected 1')!;

      // The file again, row 3's claimant phone corrected and, by a slip, its adjuster's email cut.
      const lines = (await readFile(sent, 'utf8')).split('\r\n');
      lines[2] = lines[2]!
        .replace('(720) 555-0101', '(720) 555-0199')
        .replace('dana.whitfield@acmemutual.example', 'dana.whitfield@');
      const again = join(dir, 'referrals-corrected.csv');
      await writeFile(again, lines.join('\r\n'));
      await page.getByRole('button', { name: 'Import another file' }).click();
      await dryRun(page, again);

      // The email is fixed in the grid: the row is that create with the phone corrected.
      await page.locator('.vgrid-row', { hasText: '1 error' }).click();
      await page
        .getByLabel('New value for Adjuster Email in row 3')
        .fill('dana.whitfield@acmemutual.example');
      const reads = session.app.sandbox.stats().requests;
      await page.getByRole('button', { name: 'Apply' }).click();
      const verdict = page.getByText(/this row differs only in Claimant 1's Phone/).first();
      await verdict.waitFor();
      await screenshotIfAsked(page, 'corrected-create-fix', { fullPage: true });
      const said = await verdict.innerText();
      expect(said).toContain(`which an earlier import created as ${request.case_request_number}`);
      expect(said).toContain(`, which Trackops still holds`);
      expect(said).not.toContain('could not be asked');
      // In the app's words: no journal path, no mapping key to set by hand, and what to click instead.
      expect(said).toContain('(sent ');
      expect(said).toContain(', as the record kept of that import shows)');
      expect(said).not.toMatch(/journal|\.jsonl|"duplicates"/);
      expect(said).toContain(
        `If you corrected the file, make the same correction to ${request.case_request_number} in Trackops, then select this row and click “Leave this row out”; if this is another referral, create it in Trackops by hand (this app never sends a row it takes for an earlier import's request)`,
      );
      // One request: the read of that create.
      expect(session.app.sandbox.stats().requests - reads).toBe(1);
      expect(session.pageErrors).toEqual([]);
    });
  },
);
