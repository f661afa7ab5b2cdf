/**
 * A row Trackops refused with 403 was counted as failed on the send screen only once the row after it
 * was answered: core holds such a refusal until it knows whether it is that record's alone or the start
 * of a streak that stops the send (send-row.ts REFUSED_IN_A_ROW), and the progress left it out
 * meanwhile, so with the next create held by a slow server the refused row stayed hidden (explored:
 * ~13 s). Now the progress counts it, and names it among the latest failures, as its answer comes.
 * While its verdict is pending it says so: the 403, and that the next writes' answers tell whether the
 * row or the credentials are the cause (it said at once that the row was refused on its own, which is
 * decided only once Trackops accepts a later write, or the send ends).
 * Browser mode in Debian's Chromium, a profile on a proxy in front of the sandbox that refuses the
 * second create with 403 and holds the third create's answer until the screen has been read; rows
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
  status: 403,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: 'You do not have permission to edit this case request.' }),
};

let session: BrowserSession;
let proxy: AnsweringProxy;
let release: () => void = () => {};
const held = new Promise<void>((resolve) => (release = resolve));
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  proxy = await startAnsweringProxy(session.app.sandbox.baseUrl, ({ method, path, nth }) => {
    if (method !== 'POST' || !/\/case\/requests$/.test(path)) return 'forward';
    if (nth === 2) return REFUSED;
    // The third create is stored, and answered once the test has read the screen.
    if (nth === 3) return async (answer) => held.then(() => answer);
    return 'forward';
  });
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  release();
  await proxy?.close();
  await session?.close();
});

describe('a row refused with 403 while the next row waits for its answer', { timeout: 180_000 }, () => {
  it('rule: counted as failed, and named among the latest failures, as its answer comes', async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-refused-row-shown-')), 'five.csv');
    makeRows(file, 5, 'RRS');
    await checkWithTemplate(page, file, TEMPLATE, 5);
    await page.getByRole('button', { name: 'Send 5 rows' }).click();

    // The third create is held: its row has no answer yet, the second's refusal has come.
    await page.getByText(/^1 row has failed so far; the send goes on with the others\./).waitFor();
    await expect(page.getByRole('heading', { name: 'Sending…' }).count()).resolves.toBe(1);
    expect(proxy.count('POST', /\/case\/requests$/)).toBe(3);
    await screenshotIfAsked(page, 'refused-row-shown', { fullPage: true });
    await expect(page.locator('.stat', { hasText: 'failed' }).locator('.n').innerText()).resolves.toBe('1');
    const latest = await page
      .getByRole('table', { name: 'Latest rows that failed' })
      .locator('tbody tr')
      .allInnerTexts();
    // File row 3: the second data row.
    expect(latest).toHaveLength(1);
    expect(latest[0]).toMatch(/^3\t.*permission/);
    // Pending: what is known (the 403), what is not (row or credentials), and what settles it.
    expect(latest[0]).toContain(
      'Trackops refused this create (403 on POST case/requests): You do not have permission to edit this case request. Nothing was created. ' +
        'Whether this row or these credentials are the cause is not known yet',
    );
    expect(latest[0]).toContain('If it accepts the next write, or the import ends first,');
    expect(latest[0]).not.toMatch(/this tool guesses that Trackops refused something in this row/);

    release();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await expect(page.locator('.stat', { hasText: 'failed' }).locator('.n').innerText()).resolves.toBe('1');
    const all = await page
      .getByRole('table', { name: 'Rows that failed' })
      .locator('tbody tr')
      .allInnerTexts();
    expect(all.map((line) => line.split('\t')[0])).toEqual(['3']);
    // Settled: the next create went through, so the refusal is taken to be this row's.
    expect(all[0]).toMatch(/this tool guesses that Trackops refused something in this row/);
    expect(all[0]).not.toMatch(/not known yet/);
    expect(session.pageErrors).toEqual([]);
  });
});
