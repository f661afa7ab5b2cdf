/**
 * A template made on another account whose subject types are numbered otherwise (its Vehicle is type 9;
 * here it is 2). The Columns step said its Vehicle columns went "to fields the account does not have"
 * and to "choose another field for each", the dry run to edit "subject_type_id" in a mapping file, and
 * the group's type could not be changed on screen (only removed, with its columns). Now the step says
 * which of the account's types the group's fields are, the group's type is chosen in place, and the dry
 * run says so in the app's words. In a real browser (browser mode) against its built-in sandbox; the
 * sheet written by Python's csv module.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { writeCsvByPython } from '../helpers/python.ts';

const OFFICE_A = {
  version: 1,
  constants: { case_type_id: 1, case_region_id: 'Midwest', 'client.country': 'US' },
  subjects: [{ subject_type_id: 1, is_primary: true }, { subject_type_id: 9 }],
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Date Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
    { column: 'Carrier', target: 'client.name' },
    { column: 'Adjuster Last', target: 'contact.last_name' },
    { column: 'Adjuster Email', target: 'contact.email' },
    { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
    { column: 'Vehicle Plate', target: 'subjects.1.custom_fields.201' },
  ],
};

let session: BrowserSession;
let page: Page;
let dir: string;

describe('a template whose subject type the account numbers otherwise', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    session = await openBrowserSession();
    page = session.page;
    dir = await mkdtemp(join(tmpdir(), 'trackops-other-account-'));
  }, 120_000);
  afterAll(async () => {
    await session?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('names the type its fields are of, in the app’s words, and the type is chosen in place', async () => {
    const file = writeCsvByPython(join(dir, 'referrals.csv'), [
      ['Claim #', 'Date Received', 'Carrier', 'Adjuster Last', 'Adjuster Email', 'Claimant', 'Vehicle Plate'],
      ['CLM-1', '11/23/2026', 'Acme Mutual', 'Whitfield', 'dana@acme.example', 'Alvarez, Sofia', 'CO-77AB1'],
    ]);
    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', file);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    await page.setInputFiles('#template-file', {
      name: 'office-a.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(OFFICE_A)),
    });
    await page.getByText(/^Loaded template “office-a”/).waitFor();
    const gone = page.getByRole('alert', { name: 'Fields the account does not have' });
    await expect(gone.textContent()).resolves.toContain(
      '“Vehicle Plate” → Subject 2 › field 201: Subject 2’s type (9) is not one of the account’s subject types; field 201 is a field of Vehicle: choose Vehicle as Subject 2’s type under “Subjects on each request”.',
    );

    await screenshotIfAsked(page, 'template-other-account-type', { fullPage: true });
    // The dry run says it in the app's words too.
    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    await page.getByRole('heading', { name: /Dry run/ }).waitFor();
    await page
      .getByText(
        /Its columns go to fields of Vehicle \(id 2\): if that is the type, choose Vehicle as Subject 2's type under "Subjects on each request" on the Columns step/,
      )
      .waitFor();
    await page.getByRole('button', { name: 'Back to mapping' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();

    await page.getByLabel('Type of subject 2').selectOption({ label: 'Vehicle' });
    await expect(gone.count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    await page.getByRole('heading', { name: /Dry run/ }).waitFor();
    await page.locator('.vgrid-row').first().waitFor();
    await expect(page.getByText(/not one of the account's/).count()).resolves.toBe(0);
  });

  it('the page logged no errors', () => {
    expect(session.pageErrors).toEqual([]);
  });
});
