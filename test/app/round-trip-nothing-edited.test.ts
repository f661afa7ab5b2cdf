/**
 * A round-trip export saved again by LibreOffice without an edit, brought back in the app's Import
 * (explored): the counts said 0 edited and 100 not edited, "Next: send 0 valid rows" was disabled, and
 * the grid said "No rows to show yet." under a finished dry run, as if the check were still going. Now
 * the grid says that no row was edited since the export, so there is nothing to send. Browser mode in
 * Debian's Chromium against the sandbox; the export saved from the page and re-saved by LibreOffice.
 */
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libreOfficeConvert } from '../tools/libreoffice.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { exportRoundTripInApp } from './export-in-app.ts';

let session: BrowserSession;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-round-trip-nothing-edited-'));
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
}, 120_000);
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a round-trip export brought back without an edit', { timeout: 180_000 }, () => {
  it('rule: the finished dry run says no row was edited, never "no rows to show yet"', async () => {
    const { page } = session;
    const exported = join(dir, 'exported.xlsx');
    await exportRoundTripInApp(page, exported);
    // Opened and saved again by a spreadsheet program, nothing typed.
    const resaved = join(dir, 'resaved');
    libreOfficeConvert(exported, 'xlsx:Calc MS Excel 2007 XML', resaved);
    const file = join(dir, 'requests.xlsx');
    await copyFile(join(resaved, 'exported.xlsx'), file);

    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', file);
    const counts = page.getByLabel('Round trip counts');
    await counts.waitFor();
    const stat = (words: string) => counts.locator('.stat', { hasText: words }).locator('.n').innerText();
    await page.getByRole('button', { name: 'Next: send 0 valid rows' }).waitFor();
    await expect
      .poll(() => stat('not edited (nothing sent)'), { timeout: 60_000 })
      .toBe(String(session.app.sandbox.account().case_requests.length));
    await expect(stat('edited since the export')).resolves.toBe('0');
    await screenshotIfAsked(page, 'round-trip-nothing-edited');
    await expect(page.locator('.vgrid .empty').innerText()).resolves.toBe(
      'No row of this file was edited since the export: there is nothing to send.',
    );
    expect(session.pageErrors).toEqual([]);
  });
});
