/**
 * After a send that left rows failed and rows not yet tried, "Retry N failed rows" and "Send the
 * remaining N rows" both sent every row left, the failed ones with the rest (explored: the two buttons
 * did the same thing). Now each sends what its label counts: the remaining rows without the failed
 * one, which stays failed and retryable, and the retry that row alone. Browser mode in Debian's
 * Chromium, a profile on a proxy in front of the sandbox that refuses the second create with 403 (a
 * failure that may pass on another try); rows written by Python's csv module, the sample template
 * loaded as a template file.
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

describe('the results of a trial that left a row failed', { timeout: 180_000 }, () => {
  it('rule: "Send the remaining" sends only the rows not tried, and "Retry" only the failed row', async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-failed-rows-buttons-')), 'eight.csv');
    makeRows(file, 8, 'FRB');
    const stat = await sendTrialOfThree(page, file, TEMPLATE);
    await expect(stat('created')).resolves.toBe('2');
    await expect(stat('failed')).resolves.toBe('1');
    await expect(stat('still to send')).resolves.toBe('5');
    await page
      .getByText(
        '“Send the remaining 5 rows” sends only the rows not tried yet, and leaves the failed one for the retry.',
      )
      .waitFor();
    await screenshotIfAsked(page, 'failed-rows-buttons', { fullPage: true });

    // The permission is granted meanwhile: only the five rows not tried are sent.
    refusing = false;
    const before = proxy.writes.length;
    await page.getByRole('button', { name: 'Send the remaining 5 rows' }).click();
    // The send has started once its button is gone (while sending, and from the results after it), and
    // has ended once "Retry" shows again. Not "Sending…": five rows at 50/s end in a fraction of a
    // second, and a page on a loaded machine went from the old results to the new without ever showing
    // it (the test waited 30 s for a screen that had come and gone).
    await page
      .getByRole('button', { name: /^Send the remaining/ })
      .waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByRole('button', { name: 'Retry 1 failed row' }).waitFor({ timeout: 60_000 });
    expect(proxy.writes.length - before).toBe(5);
    await expect(stat('failed')).resolves.toBe('1');
    await expect(page.getByText('still to send').count()).resolves.toBe(0);
    await expect(page.getByRole('table', { name: 'Rows that failed' }).innerText()).resolves.toContain(
      'permission',
    );
    await expect(page.getByRole('button', { name: /^Send the remaining/ }).count()).resolves.toBe(0);

    // The retry sends that row alone.
    await page.getByRole('button', { name: 'Retry 1 failed row' }).click();
    await page
      .getByText(/^1 case request was written to Trackops\. 7 more rows were already there/)
      .waitFor({ timeout: 60_000 });
    expect(proxy.writes.length - before).toBe(6);
    await expect(stat('failed')).resolves.toBe('0');
    expect(
      session.app.sandbox.account().case_requests.filter((one) => /FRB/.test(JSON.stringify(one))),
    ).toHaveLength(8);
    expect(session.pageErrors).toEqual([]);
  });
});
