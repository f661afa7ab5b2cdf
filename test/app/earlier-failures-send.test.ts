/**
 * After a trial that left two rows failed (a 403 that may pass on another try), "Send the remaining 5
 * rows" began by saying "2 rows have failed so far", the trial's two, though it does not send them; and
 * once "Retry" had sent them and Trackops accepted them, each was counted among the rows "Trackops
 * answered something this tool did not expect". Now the running send counts only its own failures and
 * says the earlier ones apart, and a row accepted after an earlier 403 is counted as what it ended as:
 * created, its note saying what it went through. Browser mode in Debian's Chromium, a profile on a
 * proxy in front of the sandbox that refuses the trial's second and third creates and the first create
 * of the next send, and holds the answer to that send's third create until Pause has been clicked (so
 * the send is still going when its first failure is shown, with no timing guess); rows written by
 * Python's csv module, the sample template loaded as a template file.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { clickPauseAnswered, sendTrialOfThree, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

let session: BrowserSession;
let proxy: AnsweringProxy;
/** The creates refused, by their number among the creates the proxy has seen. */
const refused = new Set([2, 3, 4]);
/** The create whose answer is held (the remaining send's third, row 7) until `releaseHeld()`. */
const HELD = 6;
let releaseHeld: () => void = () => {};
const held = new Promise<void>((resolve) => (releaseHeld = resolve));
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  let creates = 0;
  proxy = await startAnsweringProxy(session.app.sandbox.baseUrl, ({ method, path }) => {
    if (method !== 'POST' || !/\/case\/requests$/.test(path)) return 'forward';
    creates += 1;
    if (refused.has(creates))
      return {
        status: 403,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'You do not have permission to edit this case request.' }),
      };
    // Stored at once, answered once the test has paused the send: the send is still going when its
    // first failure is shown, however fast it paces (the pace before this was 2 rows a second, and
    // every dry run's and send's reads of the account waited on it too). The third, not the second:
    // the screen counts row 5's 403 once row 6 is answered.
    if (creates === HELD) return (answer) => held.then(() => answer);
    return 'forward';
  });
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  releaseHeld();
  await proxy?.close();
  await session?.close();
});

describe('a send after an earlier one left rows failed', { timeout: 180_000 }, () => {
  it('rule: the running send counts only its own failures, and a row accepted after a 403 is not taken for an unexpected answer', async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-earlier-failures-')), 'eight.csv');
    makeRows(file, 8, 'EFS');
    const stat = await sendTrialOfThree(page, file, TEMPLATE);
    await expect(stat('failed')).resolves.toBe('2');

    // The remaining five: the first is refused (row 5); the trial's rows 3 and 4 are not sent.
    await page.getByRole('button', { name: 'Send the remaining 5 rows' }).click();
    await page
      .getByText(/^1 row has failed so far; the send goes on with the others\./)
      .waitFor({ timeout: 60_000 });
    await clickPauseAnswered(page);
    releaseHeld();
    await page.getByRole('heading', { name: 'Paused' }).waitFor({ timeout: 60_000 });
    await page
      .getByText(
        '2 rows that failed in an earlier send are not sent by this one, and are counted under “failed”: “Retry failed rows” sends them once this send has ended.',
      )
      .waitFor();
    await expect(page.getByText(/failed so far/).innerText()).resolves.toMatch(/^1 row has failed so far/);
    const latest = page.getByRole('table', { name: 'Latest rows that failed' });
    await expect(latest.locator('tbody tr').count()).resolves.toBe(1);
    await expect(latest.locator('tbody tr td.rownum').innerText()).resolves.toBe('5');
    await screenshotIfAsked(page, 'earlier-failures-send', { fullPage: true });
    await page.getByRole('button', { name: 'Resume' }).click();
    await page.getByRole('button', { name: 'Retry 3 failed rows' }).waitFor({ timeout: 60_000 });
    await expect(stat('failed')).resolves.toBe('3');

    // Permission granted: the retry sends the three, Trackops accepts them, and they count as created.
    refused.clear();
    await page.getByRole('button', { name: 'Retry 3 failed rows' }).click();
    await page
      .getByText(/^3 case requests were written to Trackops\. 5 more rows were already there/)
      .waitFor({ timeout: 60_000 });
    await expect(stat('failed')).resolves.toBe('0');
    await expect(page.getByText(/did not expect/).count()).resolves.toBe(0);
    const written = page.getByRole('table', { name: 'Rows written to Trackops' });
    for (const row of ['3', '4', '5'])
      await expect(
        written
          .locator('tr', { has: page.locator('td.rownum', { hasText: new RegExp(`^${row}$`) }) })
          .innerText(),
      ).resolves.toContain(
        'Created. Trackops refused this row with 403 in an earlier send of this file; this send sent it again, and Trackops accepted it.',
      );
    expect(
      session.app.sandbox.account().case_requests.filter((one) => /EFS/.test(JSON.stringify(one))),
    ).toHaveLength(8);
    expect(session.pageErrors).toEqual([]);
  });
});
