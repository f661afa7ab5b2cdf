/**
 * The dry run and the export on an office screen, by keyboard (explore 58 items 3-5), in browser mode
 * driven through Debian's Chromium: at 1366×768 (and 1366×768 at 150 %) a row chosen in the grid shows
 * its fix box and its bad cell in view, and is described by its problem to a screen reader; after a fix,
 * Count, Export, Pause and Resume the focus is where the clerk goes next (checked by
 * `document.activeElement`), and a fix is said in a polite line; a date column whose dates all read
 * both ways is settled with one click. Files: samples/referrals-messy.xlsx (made by LibreOffice), and
 * CSVs written by Python's csv module at run time.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { makeRows } from '../batch/helpers.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate, dryRunStat, useAccountAt } from './send-in-browser.ts';
import { runPython } from '../helpers/run-python.ts';

const MESSY = fileURLToPath(new URL('../../samples/referrals-messy.xlsx', import.meta.url));
const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

/** 30 referrals whose Claimant DOB is M/D/YYYY with day and month both 12 or under (reads both ways). */
const TWO_WAY_DOB_CSV = `
import csv, sys
first = ['Maria', 'John', 'Ana', 'Luis', 'Kim', 'Omar', 'Rosa', 'Ivan', 'Lena', 'Paul']
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f, lineterminator='\\r\\n')
    w.writerow(['Claim #', 'Policy No', 'Date Received', 'Region', 'Services', 'Carrier', 'Carrier Address',
                'Carrier City', 'Carrier State', 'Carrier Zip', 'Country', 'Adjuster First', 'Adjuster Last',
                'Adjuster Email', 'Claimant', 'Claimant DOB'])
    for i in range(30):
        w.writerow(['DB-%d' % (7000 + i), 'POL-%d' % (9100 + i), '2026-11-%02d' % (1 + i % 28), 'Mountain West',
                    'Surveillance', 'Acme Mutual Insurance', '1200 Market St', 'Denver', 'CO', '80202', 'US',
                    'Dana', 'Whitfield', 'dana@acme.example', 'Garcia, ' + first[i % 10],
                    '%d/%d/%d' % (1 + i % 12, 1 + (i * 7) % 12, 1960 + i)])
`;

let session: BrowserSession;
let work: string;
let proxy: AnsweringProxy | undefined;
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {} });
  work = await mkdtemp(join(tmpdir(), 'app-dry-run-keyboard-'));
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await session?.close();
});

/** What has the keyboard focus: its tag, and its label or text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return 'BODY';
    return `${element.tagName} ${element.getAttribute('aria-label') ?? element.textContent?.trim() ?? ''}`;
  });

/** The file chosen, its mapping as drafted, every row checked: the dry-run step with `valid` rows to send. */
async function dryRunOf(page: Page, file: string, valid: number): Promise<void> {
  // A new page: the wizard starts at its first step whatever the last test left on screen.
  await page.reload();
  await page.getByRole('tab', { name: 'Import' }).click();
  await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
  await page.setInputFiles('#file-input', file);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  await page.getByRole('button', { name: `Next: send ${valid} valid rows` }).waitFor({ timeout: 60_000 });
  // Done: the progress line is gone and the grid holds the rows.
  await page
    .locator('section[aria-labelledby="dry-title"] [role=progressbar]')
    .waitFor({ state: 'detached', timeout: 60_000 });
  await page.locator('.vgrid-row').first().waitFor();
}

describe('the dry run and the export by keyboard on an office screen', { timeout: 180_000 }, () => {
  it('rule: a row chosen at 1366×768 shows its fix box and bad cell in view, and its problem is its description', async () => {
    const { page } = session;
    await page.setViewportSize({ width: 1366, height: 768 });
    await dryRunOf(page, MESSY, 20);
    const grid = page.getByRole('grid', { name: 'Rows of the dry run' });
    await grid.focus();
    for (let press = 0; press < 3; press++) await page.keyboard.press('ArrowDown');
    const panel = page.locator('.fix-panel');
    await expect(panel.locator('h3').textContent()).resolves.toBe('Row 7: fix and check again');
    const box = (await panel.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(768);

    // The bad cell (Adjuster Email, far to the right) is scrolled into the grid's view.
    const gridBox = (await grid.boundingBox())!;
    const cell = (await page.locator('.vgrid-row.selected [aria-invalid="true"]').first().boundingBox())!;
    expect(cell.x).toBeGreaterThanOrEqual(gridBox.x);
    expect(cell.x + cell.width).toBeLessThanOrEqual(gridBox.x + gridBox.width);

    // Read out by a screen reader: the grid's active row, named by number and status, described by its problem.
    const active = await page.evaluate(() => {
      const row = document.getElementById(
        document.querySelector('[role=grid]')!.getAttribute('aria-activedescendant') ?? '',
      );
      const description = document.getElementById(row?.getAttribute('aria-describedby') ?? '');
      return { name: row?.getAttribute('aria-label'), description: description?.textContent };
    });
    expect(active).toEqual({
      name: 'Row 7: 1 error',
      description: "Adjuster Email 'bob@' is not an email address; expected like name@example.com",
    });
    await screenshotIfAsked(page, 'dry-run-1366x768');

    // 1366×768 at 150 %: the grid still shows several rows, and a clicked row's box comes into view.
    await page.setViewportSize({ width: 853, height: 480 });
    expect((await grid.boundingBox())!.height).toBeGreaterThanOrEqual(6 * 32);
    await page.locator('.vgrid-row', { hasText: 'Mtn West' }).first().click();
    const small = (await panel.boundingBox())!;
    expect(small.y + Math.min(small.height, 120)).toBeLessThanOrEqual(480);
    expect(small.y).toBeGreaterThanOrEqual(0);
    await page.setViewportSize({ width: 1366, height: 768 });
  });

  it('rule: after Apply the focus is in the next row with a problem, and the fix is said politely', async () => {
    const { page } = session;
    const before = await dryRunStat(page, 'bad');
    await page.locator('.vgrid-row', { hasText: 'bob@' }).click();
    const box = page.getByLabel('New value for Adjuster Email in row 7');
    await box.focus();
    await page.keyboard.press('Control+a');
    await page.keyboard.type('bob@example.com');
    await page.keyboard.press('Enter');
    const said = page.locator('.fix-outcome');
    await said.filter({ hasText: /^Row 7 fixed;/ }).waitFor();
    await expect(said.getAttribute('aria-live')).resolves.toBe('polite');
    const next = (await said.textContent())!;
    expect(next).toMatch(new RegExp(`^Row 7 fixed; ${before - 1} rows left to fix\\. Row \\d+ is next\\.$`));
    const nextRow = Number(/Row (\d+) is next/.exec(next)![1]);
    expect(nextRow).toBeGreaterThan(7);
    await expect.poll(() => focused(page)).toMatch(new RegExp(`^INPUT New value for .+ in row ${nextRow}$`));
    // The next row's box is in view too, and the grid has it selected.
    const panel = (await page.locator('.fix-panel').boundingBox())!;
    expect(panel.y + Math.min(panel.height, 120)).toBeLessThanOrEqual(768);
    await expect(page.locator('.vgrid-row.selected .vcell.num').textContent()).resolves.toBe(String(nextRow));
  });

  it('rule: after Count the focus is on Export, and after Export on "Save the file"', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('button', { name: 'Any date' }).click();
    await page.getByRole('button', { name: 'Count matching requests' }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/case requests? match/).waitFor();
    await expect.poll(() => focused(page)).toBe('BUTTON Export');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Save the file' }).waitFor();
    await expect.poll(() => focused(page)).toBe('BUTTON Save the file');
  });

  it('rule: a date column whose dates read both ways is settled for every row with one click', async () => {
    const { page } = session;
    const file = join(work, 'two-way-dob.csv');
    runPython(TWO_WAY_DOB_CSV, [file]);
    await dryRunOf(page, file, 0);
    await expect.poll(() => dryRunStat(page, 'bad')).toBe(30);
    const choice = page.getByRole('group', { name: 'Order of the dates in Claimant DOB' });
    await expect(choice.innerText()).resolves.toContain(
      'Claimant DOB: 30 dates, such as “2/8/1961” (row 3), could be month first or day first',
    );
    await expect(choice.innerText()).resolves.toContain(
      'Month first settles the date of 30 rows; Day first settles the date of 30 rows.',
    );
    await choice
      .getByRole('button', { name: 'These dates are month first (M/D/YYYY: 2/8/1961 is February 8, 1961)' })
      .click();
    await page
      .getByRole('button', { name: 'Next: send 30 valid rows' })
      .and(page.locator(':not([disabled])'))
      .waitFor({ timeout: 60_000 });
    await expect(dryRunStat(page, 'bad')).resolves.toBe(0);
    await expect(choice.count()).resolves.toBe(0);
    // The mapping holds the choice: the Columns step shows the column's format.
    await page.getByRole('button', { name: 'Back to mapping' }).click();
    await expect(page.getByLabel('Date format of text dates in Claimant DOB').inputValue()).resolves.toBe(
      'M/D/YYYY',
    );
  });

  it('rule: Pause leaves the focus on Resume, and Resume on Pause, each said politely', async () => {
    const { page } = session;
    // The send's first create (before Pause) and second (after Resume) are stored at once and answered
    // once main has the next click, so the send is still going when Pause and Cancel are pressed,
    // however slowly a loaded machine runs the checks between (it was paced at 3 requests a second for
    // this, and the account's reads before the send waited on that pace too).
    const releases: (() => void)[] = [];
    const holds = [1, 2].map(() => new Promise<void>((resolve) => releases.push(resolve)));
    let creates = 0;
    proxy = await startAnsweringProxy(session.app.sandbox.baseUrl, ({ method, path }) => {
      if (method !== 'POST' || !/\/case\/requests$/.test(path)) return 'forward';
      const held = holds[creates++];
      return held ? (answer) => held.then(() => answer) : 'forward';
    });
    await useAccountAt(session, 'Held', proxy.baseUrl);
    const answered = (verb: string) =>
      page.waitForResponse((response) => response.url().endsWith(`/bridge/${verb}`));
    const file = join(work, 'sixty.csv');
    makeRows(file, 60, 'KBD');
    await page.getByRole('tab', { name: 'Import' }).click();
    await checkWithTemplate(page, file, TEMPLATE, 60);
    await page.getByRole('button', { name: 'Send 60 rows' }).click();
    await page.getByRole('heading', { name: 'Sending…' }).waitFor();
    await page.getByRole('button', { name: 'Pause' }).focus();
    const pauseAnswered = answered('pauseImport');
    await page.keyboard.press('Enter');
    await pauseAnswered;
    releases[0]!();
    await page.getByRole('heading', { name: 'Paused' }).waitFor({ timeout: 60_000 });
    await expect.poll(() => focused(page)).toBe('BUTTON Resume');
    await page
      .getByRole('status')
      .filter({ hasText: /^Paused after \d+ of 60 rows; rows already sent stay sent\.$/ })
      .waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Sending…' }).waitFor();
    await expect.poll(() => focused(page)).toBe('BUTTON Pause');
    await page
      .getByRole('status')
      .filter({ hasText: /^Sending again\.$/ })
      .waitFor();
    const cancelAnswered = answered('cancelImport');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await cancelAnswered;
    releases[1]!();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    expect(session.pageErrors).toEqual([]);
  });
});
