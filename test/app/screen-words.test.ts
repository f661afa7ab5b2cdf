/**
 * What the screens say where they said too little (exploratory round 3, defects 6–8 and row notes), in
 * a real browser (browser mode, Debian's Chromium) against the built-in sandbox:
 * - "Check every row (dry run)" greyed out says why, next to it and to screen readers;
 * - the hidden file input is no Tab stop of its own ("Choose file…" is the one control);
 * - the export's date boxes show their whole placeholder;
 * - a valid row whose date had a time of day says, on the row, that the time is not kept (as the CLI
 *   and the reports do).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { runPython } from '../helpers/run-python.ts';

const CLEAN = fileURLToPath(new URL('../../samples/referrals-clean.csv', import.meta.url));
let session: BrowserSession;
let page: Page;
let dir = '';

/** Written by Python's csv module: a copy of the clean sample, or three rows under unknown headers. */
function writeCsv(name: string, script: string): string {
  const out = join(dir, name);
  runPython(script, [CLEAN, out]);
  return out;
}

describe('what the screens say', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'screen-words-'));
    session = await openBrowserSession();
    page = session.page;
  }, 120_000);
  afterAll(async () => {
    await session?.close();
  });

  it('the file input is no Tab stop of its own: Tab reaches "Choose file…"', async () => {
    const input = page.locator('#file-input');
    await expect(input.getAttribute('tabindex')).resolves.toBe('-1');
    await page.getByRole('button', { name: 'Choose file…' }).focus();
    await page.keyboard.press('Shift+Tab');
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.not.toBe('file-input');
  });

  it('with no column matched, the dry-run button says why it cannot be pressed', async () => {
    const file = writeCsv(
      'no-match.csv',
      "import csv,sys\nw=csv.writer(open(sys.argv[2],'w',newline=''))\nw.writerow(['Foo','Bar','Baz'])\nw.writerow(['1','2','3'])",
    );
    await page.setInputFiles('#file-input', file);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    const button = page.getByRole('button', { name: 'Check every row (dry run)' });
    await button.waitFor();
    await expect(button.isDisabled()).resolves.toBe(true);
    const why = await button.getAttribute('aria-describedby');
    await expect(page.locator(`#${why}`).textContent()).resolves.toBe(
      'Choose a Trackops field for at least one column above (or load a template) to check the rows.',
    );
    await page.getByRole('tab', { name: 'Import' }).click();
  });

  it('a valid row whose date had a time of day says that the time is not kept', async () => {
    await page.reload();
    await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
    const file = writeCsv(
      'with-time.csv',
      "import csv,sys\nr=list(csv.reader(open(sys.argv[1],encoding='utf-8-sig',newline='')))\nh=r[0]\nrow=r[1]\nrow[h.index('Date Received')]='11/3/2026 2:30 PM'\ncsv.writer(open(sys.argv[2],'w',newline='')).writerows([h,row])",
    );
    await page.setInputFiles('#file-input', file);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
    // The sample writes its dates month first: said for every date column, so only the note is left.
    const formats = page.getByLabel('Date format of text dates');
    for (let at = 0; at < (await formats.count()); at++) await formats.nth(at).fill('M/D/YYYY');
    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    await page.getByRole('heading', { name: /Dry run/ }).waitFor();
    const row = page.locator('.vgrid-row').first();
    await row.waitFor();
    await expect(row.locator('.vcell.pin-last').textContent()).resolves.toMatch(/\(note\)$/);
    await row.click();
    const notes = page.getByRole('list', { name: 'Notes on row 2' });
    await expect(notes.textContent()).resolves.toMatch(
      /^Date Received: .*'11\/3\/2026 2:30 PM' has a time of day \(2:30 PM\).*the time is not kept/,
    );
  });

  it('the export date boxes show their whole placeholder', async () => {
    await page.getByRole('tab', { name: 'Export' }).click();
    const box = page.locator('input[placeholder="YYYY-MM-DD [HH:MM]"]').first();
    await box.waitFor();
    const fits = await box.evaluate((input: HTMLInputElement) => {
      const canvas = document.createElement('canvas').getContext('2d')!;
      const style = getComputedStyle(input);
      canvas.font = `${style.fontSize} ${style.fontFamily}`;
      const inner = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      return canvas.measureText(input.placeholder).width <= inner;
    });
    expect(fits).toBe(true);
  });
});
