/**
 * The results of a send, as a clerk reads them (explored): a row's number sat halfway down its row
 * beside a reason of several lines, so it looked like it belonged to the reason's middle line, and the
 * tile counting rows never sent said "left out (not data)" for a row the clerk had left out with "Leave
 * this row out" (a row of data). Now every cell starts at its row's top, and the tile's words fit rows
 * left out by a rule and by hand alike, in the dry run and in the results. Browser mode in Debian's
 * Chromium, a profile on a proxy in front of the sandbox that refuses the second create with 403 (a
 * reason of several lines); rows written by Python's csv module, the sample template loaded.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { startForbiddingProxy } from '../batch/proxies.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

let session: BrowserSession;
let proxy: Awaited<ReturnType<typeof startForbiddingProxy>>;
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  let creates = 0;
  proxy = await startForbiddingProxy(
    session.app.sandbox.baseUrl,
    (method) => method === 'POST' && ++creates === 2,
  );
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await session?.close();
});

/** The label under the tile counting the rows left out, on the dry run or the results. */
async function leftOutLabel(): Promise<string> {
  const labels = await session.page.locator('.stats .stat .l').allInnerTexts();
  const leftOut = labels.filter((label) => label.startsWith('left out'));
  expect(leftOut).toHaveLength(1);
  return leftOut[0]!;
}

describe(
  'the results of a send with a row left out by the clerk and a row refused',
  { timeout: 180_000 },
  () => {
    it('rule: the left-out tile does not call a row the clerk left out "not data"; each row number stands at its row’s top', async () => {
      const { page } = session;
      const file = join(await mkdtemp(join(tmpdir(), 'app-results-layout-')), 'five.csv');
      makeRows(file, 5, 'RRL');
      await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
      await page.setInputFiles('#file-input', file);
      await page.getByRole('button', { name: 'Next: match columns' }).click();
      await page.setInputFiles('#template-file', TEMPLATE);
      await page.getByText(/^Loaded template/).waitFor();
      await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
      await page
        .getByRole('button', { name: 'Next: send 5 valid rows' })
        .and(page.locator(':not([disabled])'))
        .waitFor();
      await page.locator('.vgrid-row', { hasText: 'RRL-0004' }).click();
      await page.getByRole('button', { name: 'Leave this row out' }).click();
      await page
        .getByRole('button', { name: 'Next: send 4 valid rows' })
        .and(page.locator(':not([disabled])'))
        .waitFor();
      expect(await leftOutLabel()).not.toContain('not data');
      await page.getByRole('button', { name: 'Next: send 4 valid rows' }).click();
      await page.getByRole('button', { name: 'Send 4 rows' }).click();
      await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
      await screenshotIfAsked(page, 'results-rows-layout', { fullPage: true });

      expect(await leftOutLabel()).not.toContain('not data');
      // A narrow window makes the refusal's reason several lines long.
      await page.setViewportSize({ width: 760, height: 900 });
      const failed = page.getByRole('table', { name: 'Rows that failed' }).locator('tbody tr').first();
      const [number, reason] = await failed.locator('td').evaluateAll((cells) =>
        cells.map((cell) => {
          const range = document.createRange();
          range.selectNodeContents(cell);
          const lines = range.getClientRects();
          return {
            top: lines[0]!.top,
            lines: new Set(Array.from(lines, (line) => Math.round(line.top))).size,
          };
        }),
      );
      expect(reason!.lines).toBeGreaterThan(2);
      expect(Math.abs(number!.top - reason!.top)).toBeLessThan(2);
      expect(session.pageErrors).toEqual([]);
    });
  },
);
