/**
 * The whole app in a real browser (browser mode, Debian's Chromium) against the built-in sandbox:
 * connection, the import wizard on samples/referrals-messy.xlsx (sheet and header, mapping, dry run,
 * an inline fix, a trial send, results) and an export by a date preset. Screenshots of every screen
 * go to docs/screenshots/. Every bridge answer the page receives is checked for the API token.
 */
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, SCREENSHOTS, type BrowserSession } from './browser-harness.ts';

const SAMPLE = fileURLToPath(new URL('../../samples/referrals-messy.xlsx', import.meta.url));
const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

let session: BrowserSession;
let page: Page;
const bridgeBodies: string[] = [];

async function shot(name: string) {
  await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
}

describe('browser mode end to end', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    session = await openBrowserSession();
    page = session.page;
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/bridge/') && !response.url().endsWith('/events')) {
        void response.text().then(
          (text) => bridgeBodies.push(text),
          () => {},
        );
      }
    });
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('opens on the import screen with the practice sandbox in use, and the secret gone from the address bar', async () => {
    await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
    expect(page.url()).not.toContain('secret');
    await expect(page.locator('.connection-pill').textContent()).resolves.toContain('Practice sandbox');
    await shot('02-import-file');
  });

  it('connection: the sandbox is the default profile and "Test connection" reaches it', async () => {
    await page.getByRole('tab', { name: 'Connection' }).click();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(/^Connected to built-in sandbox/).waitFor();
    await shot('01-connection');
    await page.getByRole('tab', { name: 'Import' }).click();
  });

  it('connection: a new account profile is saved without echoing its token; a refused token is explained', async () => {
    await page.getByRole('tab', { name: 'Connection' }).click();
    await page.getByRole('button', { name: 'Add account…' }).click();
    await page.getByLabel('Profile name').fill('Acme (wrong token)');
    await page.getByLabel('Account API address').fill(session.app.sandbox.baseUrl);
    await page.getByLabel('Trackops user name').fill(session.app.sandbox.username);
    await page.getByLabel('API token').fill('not-the-right-token');
    await page.getByLabel('Require Client Address').check();
    await shot('01-connection-new-account');
    await page.getByRole('button', { name: 'Save and use' }).click();
    await page.locator('.connection-pill', { hasText: 'Acme (wrong token)' }).waitFor();
    await expect(page.getByLabel('API token').inputValue()).resolves.toBe('');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const refusal = await page.getByRole('alert').textContent();
    expect(refusal).not.toContain('not-the-right-token');
    expect(refusal).toContain('Trackops refused the user name or API token');
    await page.getByRole('button', { name: /Built-in sandbox/ }).click();
    await page.locator('.connection-pill', { hasText: 'Practice sandbox' }).waitFor();
    await page.getByRole('tab', { name: 'Import' }).click();
  });

  it('file and sheet: the header row under the title block is found, the preview shows the rows', async () => {
    await page.setInputFiles('#file-input', SAMPLE);
    await page.getByRole('heading', { name: /Which sheet/ }).waitFor();
    const headerRow = Number(await page.getByLabel('Header row').inputValue());
    expect(headerRow).toBeGreaterThan(1);
    await expect(
      page
        .getByRole('table', { name: 'Preview of the data rows' })
        .getByRole('columnheader', { name: 'Claim #' })
        .count(),
    ).resolves.toBe(1);
    await shot('03-sheet-and-header');
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  });

  it('mapping: suggested from the headers and the account, with the open questions listed', async () => {
    const imported = await page.getByText(/columns will be imported/).textContent();
    const [mapped, of] = (imported ?? '').match(/\d+/g)!.map(Number);
    // CONTRACTS/issue 4: the suggestion leaves at most a couple of columns for a person.
    expect(of).toBe(28);
    expect(mapped).toBeGreaterThanOrEqual(24);
    await expect(
      page.getByRole('combobox', { name: 'Field for column Claimant DOB' }).inputValue(),
    ).resolves.toMatch(/Claimant/);
    await shot('04-mapping-suggested');
  });

  it('mapping: a template file loads and checks; targets are searchable by their help text and keyboard-operable', async () => {
    await page.setInputFiles('#template-file', TEMPLATE);
    await page.getByText('Loaded template “referrals-template”').waitFor();
    const emailPicker = page.getByRole('combobox', { name: 'Field for column Adjuster Email' });
    await expect(emailPicker.inputValue()).resolves.toBe('Contact › Contact email');
    // Search a target by its description, then put the original back with the keyboard.
    await emailPicker.click();
    await emailPicker.fill('email address of the client');
    await page.getByRole('option', { name: /^Contact Contact email/ }).waitFor();
    await emailPicker.press('Enter');
    await expect(emailPicker.inputValue()).resolves.toBe('Contact › Contact email');
    await shot('04-mapping');
  });

  it('dry run: rows with errors are counted and highlighted; only-errors filter; an inline fix re-validates at once', async () => {
    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    await page.getByRole('heading', { name: /Dry run/ }).waitFor();
    await page
      .getByRole('button', { name: /^Next: send/ })
      .and(page.locator(':not([disabled])'))
      .waitFor();
    const invalidBefore = Number((await page.locator('.stat.bad .n').textContent())?.replace(/,/g, ''));
    expect(invalidBefore).toBeGreaterThan(0);
    // Connected, the dry run is live: valid rows say what the import will do.
    await page.locator('.vcell.status-valid', { hasText: 'Create' }).first().waitFor();
    await shot('05-dry-run');

    await page.getByLabel('Show only rows with errors').check();
    await page.locator('.vgrid-row.invalid').first().waitFor();
    await expect.poll(() => page.locator('.vgrid-row.invalid').count()).toBe(invalidBefore);
    await expect(page.locator('.vgrid-row:not(.invalid)').count()).resolves.toBe(0);
    // samples/README.md: one row's adjuster email is 'bob@'.
    const badEmailRow = page.locator('.vgrid-row', { hasText: 'bob@' });
    await badEmailRow.click();
    await page.getByRole('heading', { name: /^Row \d+: fix and check again$/ }).waitFor();
    await expect(badEmailRow.locator('.vcell.err').textContent()).resolves.toBe('bob@');
    const input = page.getByLabel(/^New value for Adjuster Email in row \d+$/);
    await input.fill('bob@acme-mutual.example');
    await shot('06-dry-run-fix');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText(/^Row \d+ is ready to send\.$/).waitFor();
    const invalidAfter = Number((await page.locator('.stat.bad .n').textContent())?.replace(/,/g, ''));
    expect(invalidAfter).toBe(invalidBefore - 1);
    await expect(badEmailRow.locator('.vcell.err').count()).resolves.toBe(0);
    await expect(badEmailRow.textContent()).resolves.toContain('bob@acme-mutual.example');
  });

  it('send: a trial run of 3 rows, then the rest; every valid row is stored once; results download', async () => {
    const before = session.app.sandbox.account().case_requests.length;
    const valid = Number((await page.locator('.stat.ok .n').textContent())?.replace(/,/g, ''));
    await page.getByRole('button', { name: /^Next: send/ }).click();
    await page.getByRole('heading', { name: 'Send to Trackops' }).waitFor();
    await page.getByLabel(/Trial run/).check();
    await page.getByLabel('Number of rows for the trial run').fill('3');
    await shot('07-send');
    await page.getByRole('button', { name: 'Send 3 rows' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await expect(page.locator('.stat.ok .n').first().textContent()).resolves.toBe('3');
    await page.getByText(/That was a trial run/).waitFor();
    expect(session.app.sandbox.account().case_requests.length).toBe(before + 3);

    await page.getByRole('button', { name: `Send the remaining ${valid - 3} rows` }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor();
    await page.getByText(`${valid} case requests were written to Trackops.`).waitFor({ timeout: 60_000 });
    // The journal resumed: the three trial rows were not sent again.
    expect(session.app.sandbox.account().case_requests.length).toBe(before + valid);
    await expect(page.getByRole('button', { name: /Send the remaining/ }).count()).resolves.toBe(0);
    await expect(page.getByText(/That was a trial run/).count()).resolves.toBe(0);
    await shot('08-results');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Excel' }).click();
    expect((await download).suggestedFilename()).toBe('referrals-messy-results.xlsx');
  });

  it('export: a date preset, the count before export, and an XLSX download', async () => {
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
    await page.getByRole('button', { name: 'Last month', exact: true }).click();
    await page.getByRole('button', { name: 'Count matching requests' }).click();
    const countText = await page.getByText(/case requests match|No case requests match/).textContent();
    expect(countText).toBeTruthy();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('button', { name: 'Save the file' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save the file' }).click();
    expect((await download).suggestedFilename()).toMatch(/^case-requests-\d{4}-\d{2}-\d{2}\.xlsx$/);
    await shot('09-export');
  });

  it('no bridge answer carried the API token, and the page logged no errors', () => {
    expect(bridgeBodies.length).toBeGreaterThan(5);
    for (const body of bridgeBodies) expect(body).not.toContain(session.app.sandbox.token);
    expect(session.pageErrors).toEqual([]);
  });
});
