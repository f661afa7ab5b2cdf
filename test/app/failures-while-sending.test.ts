/**
 * Failed rows were listed only once a send had ended: a clerk watching a 2,000-row send saw "3 failed"
 * and no reason until the last row. Now the send screen says, while it runs, how many rows have failed
 * so far and the latest few with their row, column, value and what to do, from the progress core
 * already spaces out (no message per row). Browser mode in Debian's Chromium, a profile on a proxy in
 * front of the sandbox that refuses the 2nd and 4th creates with 422 on the client's country and holds
 * the 6th until the test lets it go, so the screen is read while the send is surely still running; rows
 * written by Python's csv module, the sample template loaded as a template file.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { makeRows } from '../batch/helpers.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));
const REFUSED = {
  status: 422,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    message: 'The given data was invalid.',
    errors: { 'casefile_request.client.country': ['The selected country is not served by this account.'] },
  }),
};

let session: BrowserSession;
let proxy: AnsweringProxy;
let release: () => void = () => {};
const held = new Promise<void>((resolve) => (release = resolve));
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  proxy = await startAnsweringProxy(session.app.sandbox.baseUrl, ({ method, nth }) => {
    if (method !== 'POST') return 'forward';
    if (nth === 2 || nth === 4) return REFUSED;
    // The sixth create is stored, and answered once the test has read the screen.
    if (nth === 6) return async (answer) => held.then(() => answer);
    return 'forward';
  });
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  release();
  await proxy?.close();
  await session?.close();
});

describe('rows that fail while a send runs', { timeout: 180_000 }, () => {
  it('rule: counted and shown as they come (row, column, value, what to do), then listed whole', async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-failures-while-sending-')), 'ten.csv');
    makeRows(file, 10, 'FWS');
    await checkWithTemplate(page, file, TEMPLATE, 10);
    await page.getByRole('button', { name: 'Send 10 rows' }).click();

    // The sixth create is held: the send is running while the two failures are on screen.
    await page.getByText(/^2 rows have failed so far; the send goes on with the others\./).waitFor();
    await expect(page.getByRole('heading', { name: 'Sending…' }).count()).resolves.toBe(1);
    await screenshotIfAsked(page, 'failures-while-sending', { fullPage: true });
    const latest = page.getByRole('table', { name: 'Latest rows that failed' });
    const cells = await latest.locator('tbody tr').allInnerTexts();
    // Newest first: file rows 5 and 3 (the 4th and 2nd data rows).
    expect(cells.map((line) => line.split('\t')[0])).toEqual(['5', '3']);
    // The column and value, Trackops' reason, and what to do.
    expect(cells[0]).toBe(
      "5\tCountry = 'US': Trackops refused this row: Country: The selected country is not served by this account (value 'US'). Fix it in the file and import it again.",
    );
    await expect(page.locator('.stat', { hasText: 'failed' }).locator('.n').innerText()).resolves.toBe('2');

    release();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await expect(page.getByRole('table', { name: 'Latest rows that failed' }).count()).resolves.toBe(0);
    const all = await page
      .getByRole('table', { name: 'Rows that failed' })
      .locator('tbody tr')
      .allInnerTexts();
    expect(all.map((line) => line.split('\t')[0])).toEqual(['3', '5']);
    expect(session.pageErrors).toEqual([]);
  });
});
