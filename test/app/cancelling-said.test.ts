/**
 * Cancel pressed while Trackops is slow to answer the create in flight: the send stops once that
 * answer comes (so no row is left in doubt), which on a slow account takes seconds. Explored against a
 * sandbox with 1.5 s of latency: after Cancel the screen still said "Sending…" with Pause and Cancel as
 * before, as if the click had done nothing, and Pause then answered "The import is not running any
 * more." Now the screen says it is cancelling and what it waits for, and offers neither button again.
 * Browser mode in Debian's Chromium; a proxy in front of the sandbox holds the third create's answer
 * until the test has read the screen (no timer decides it).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

let session: BrowserSession;
let proxy: AnsweringProxy;
let release: () => void = () => {};
const held = new Promise<void>((resolve) => (release = resolve));
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  proxy = await startAnsweringProxy(session.app.sandbox.baseUrl, ({ method, nth }) =>
    // The third create is stored, and answered only once the test has pressed Cancel and read the screen.
    method === 'POST' && nth === 3 ? async (answer) => held.then(() => answer) : 'forward',
  );
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  release();
  await proxy?.close();
  await session?.close();
});

describe('Cancel while a create is in flight', { timeout: 180_000 }, () => {
  it('the screen says it is cancelling until the answer comes, with no Pause or second Cancel', async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-cancelling-said-')), 'five.csv');
    makeRows(file, 5, 'CNS');
    await checkWithTemplate(page, file, TEMPLATE, 5);
    await page.getByRole('button', { name: 'Send 5 rows' }).click();
    // The third create has reached Trackops, and its answer is held.
    await expect.poll(() => proxy.count('POST'), { timeout: 60_000 }).toBe(3);

    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Cancelling…' }).waitFor();
    await expect(
      page
        .locator('.notice')
        .filter({
          hasText:
            'Cancelling: nothing more is sent. Waiting for Trackops to answer the request already sent, so that no row is left in doubt; then the results show what was written.',
        })
        .count(),
    ).resolves.toBe(1);
    await expect(page.getByRole('button', { name: 'Pause' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Cancel' }).count()).resolves.toBe(0);
    await screenshotIfAsked(page, 'cancelling', { fullPage: true });

    release();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await page
      .getByText(/^Cancelled\. Rows already sent stay in Trackops\. 2 rows of this file are/)
      .waitFor();
    // The held create was answered and counted; nothing was sent after the Cancel.
    expect(proxy.count('POST')).toBe(3);
    const stored = storedByReference(session.app.sandbox.account(), 'CNS');
    expect(stored.size).toBe(3);
    for (const requests of stored.values()) expect(requests).toHaveLength(1);
    expect(session.pageErrors).toEqual([]);
  });
});
