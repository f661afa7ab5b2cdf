/**
 * A tab closed mid-send and opened again shows that send, with a notice that it "goes on running …
 * you can pause or cancel it here". Once it had ended, the notice stayed over its results, and over
 * every send started from that screen after it (explore 38 item 2). Now it is there while that send
 * runs, and only then. Browser mode in Debian's Chromium against the app's own sandbox; rows written by
 * Python's csv module, the sample template loaded as a template file. The send is paused before the
 * tab is closed, so it is still running when the tab opens again, with no timing guess.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));
const RUNNING = /goes on running/;

let session: BrowserSession;
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  // Slow enough that the send is still going when Pause is clicked.
  await useAccountAt(session, 'Acme', session.app.sandbox.baseUrl, {
    pace: { ratePerSecond: 5, concurrency: 1 },
  });
}, 120_000);
afterAll(async () => {
  await session?.close();
});

describe(
  'a send shown again in a tab opened after the one that started it was closed',
  { timeout: 180_000 },
  () => {
    it('rule: the "goes on running" notice is there while that send runs, and gone once it has ended and for later sends', async () => {
      const first = session.page;
      const file = join(await mkdtemp(join(tmpdir(), 'app-reopened-send-')), 'forty.csv');
      makeRows(file, 41, 'RSN');
      // The file's last row left out by a footer rule: counted apart on the send screen, as on the dry run's.
      const template = join(dirname(file), 'template.json');
      const mapping = JSON.parse(await readFile(TEMPLATE, 'utf8'));
      delete mapping.source;
      await writeFile(
        template,
        JSON.stringify({ ...mapping, skip: { whenFirstCellStartsWith: ['RSN-0040'] } }),
      );
      await checkWithTemplate(first, file, template, 40);
      await first.getByRole('button', { name: 'Send 40 rows' }).click();
      await first.getByRole('button', { name: 'Pause' }).click();
      await first.getByRole('heading', { name: 'Paused' }).waitFor({ timeout: 60_000 });
      await first.close();

      // The clerk opens the app again: the send, paused, is shown with the notice and its controls.
      const page = await first.context().newPage();
      const pageErrors: string[] = [];
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(session.app.openUrl);
      await page.getByRole('heading', { name: 'Paused' }).waitFor({ timeout: 60_000 });
      const notice = page.locator('.notice', { hasText: RUNNING });
      await expect(notice.count()).resolves.toBe(1);

      // Cancelled from here: the send has ended, its results say so, and the notice is gone.
      await page.getByRole('button', { name: 'Cancel' }).click();
      await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
      await page.getByText(/^Cancelled\. Rows already sent stay in Trackops\./).waitFor();
      await expect(notice.count()).resolves.toBe(0);
      await screenshotIfAsked(page, 'reopened-send-ended', { fullPage: true });

      // A send started from these results is this tab's own: no notice while it runs, nor after it.
      await page.getByRole('button', { name: /^Send the remaining \d+ rows$/ }).click();
      await page.getByRole('button', { name: 'Pause' }).click();
      await page.getByRole('heading', { name: 'Paused' }).waitFor({ timeout: 60_000 });
      await expect(notice.count()).resolves.toBe(0);
      await page.getByRole('button', { name: 'Resume' }).click();
      await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
      await expect(page.getByText('still to send').count()).resolves.toBe(0);
      await expect(notice.count()).resolves.toBe(0);
      // Every row of the file is counted: those written (now and before the cancel) and the one left out.
      const counts = await page
        .locator('.stats .stat')
        .evaluateAll((stats) =>
          stats.map(
            (stat) =>
              [stat.querySelector('.l')!.textContent, Number(stat.querySelector('.n')!.textContent)] as const,
          ),
        );
      expect(Object.fromEntries(counts)).toMatchObject({ 'left out (never sent)': 1, failed: 0 });
      expect(counts.reduce((sum, [, count]) => sum + count, 0)).toBe(41);
      expect([...session.pageErrors, ...pageErrors]).toEqual([]);
    });
  },
);
