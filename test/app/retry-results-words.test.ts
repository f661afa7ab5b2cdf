/**
 * The results say what the send was. After "Retry 1 failed row" of a send that left rows to send, they
 * said "That was a trial run", and the retried row's note said "--resume sent it again", a flag the
 * app does not have (explore 38 item 4). Now a trial is called one, a retry is said as the retry it
 * was, and the row's note speaks of the app's sends. Browser mode in Debian's Chromium, a profile on a
 * proxy in front of the sandbox that refuses the second create with 403 until told otherwise; rows
 * written by Python's csv module, the sample template loaded as a template file.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { startForbiddingProxy } from '../batch/proxies.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { sendTrialOfThree, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

let session: BrowserSession;
let proxy: Awaited<ReturnType<typeof startForbiddingProxy>>;
let refusing = true;
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  let creates = 0;
  proxy = await startForbiddingProxy(
    session.app.sandbox.baseUrl,
    (method) => method === 'POST' && ++creates === 2 && refusing,
  );
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await session?.close();
});

describe('the results of a retry of the failed rows, with rows still to send', { timeout: 180_000 }, () => {
  it('rule: only a trial is called a trial run; the retry is said as one, and the retried row names no command-line flag', async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-retry-words-')), 'eight.csv');
    makeRows(file, 8, 'RRW');
    const stat = await sendTrialOfThree(page, file, TEMPLATE);
    await expect(stat('failed')).resolves.toBe('1');
    await expect(stat('still to send')).resolves.toBe('5');

    // The permission is granted meanwhile: the retry sends that row alone, and five rows are left.
    refusing = false;
    const before = proxy.writes.length;
    await page.getByRole('button', { name: 'Retry 1 failed row' }).click();
    const done = page.locator('.notice', { hasText: /^1 case request was written to Trackops\./ });
    await done.waitFor({ timeout: 60_000 });
    expect(proxy.writes.length - before).toBe(1);
    await expect(done.innerText()).resolves.toBe(
      '1 case request was written to Trackops. 2 more rows were already there from an earlier send (of this file, or of one holding the same rows; not sent again). ' +
        'That was a retry of the failed rows only; 5 rows of this file are still to send: “Send the remaining 5 rows” sends them.',
    );
    await expect(page.getByText(/trial run/).count()).resolves.toBe(0);
    const written = await page.getByRole('table', { name: 'Rows written to Trackops' }).innerText();
    expect(written).not.toMatch(/--[a-z]/);
    expect(written).toContain(
      'Created. Trackops refused this row with 403 in an earlier send of this file; this send sent it again, and Trackops accepted it.',
    );
    await screenshotIfAsked(page, 'retry-results-words', { fullPage: true });

    // The rest of the file, as the retry's results said.
    await page.getByRole('button', { name: 'Send the remaining 5 rows' }).click();
    await page
      .locator('.notice', { hasText: /^5 case requests were written to Trackops\./ })
      .waitFor({ timeout: 60_000 });
    await expect(page.getByText(/trial run|still to send/).count()).resolves.toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
