/**
 * Explore 38 item 1: Trackops stopped answering mid-send and the send screen stayed on "Sending…" for
 * over three minutes, the row count stuck, the time left growing to an hour and the header's dot green,
 * with no word. Now, a few seconds into the silence, the screen says which row's request Trackops has
 * not answered, for how long, and what comes next; the time left says it is paused; the dot turns
 * amber. Once Trackops answers, the notice goes, the dot is green again and the send finishes, each row
 * created once. Browser mode in Debian's Chromium; a proxy in front of the sandbox holds the third
 * create's answer until the test has read the screen (no timer decides it).
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
    // The third create is stored, and answered only once the test has read the screen.
    method === 'POST' && nth === 3 ? async (answer) => held.then(() => answer) : 'forward',
  );
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  release();
  await proxy?.close();
  await session?.close();
});

describe('Trackops stops answering while a send runs', { timeout: 180_000 }, () => {
  it('rule: the screen says which row waits on Trackops, for how long and what comes next', async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-silence-while-sending-')), 'five.csv');
    makeRows(file, 5, 'SWS');
    await checkWithTemplate(page, file, TEMPLATE, 5);
    await page.getByRole('button', { name: 'Send 5 rows' }).click();

    // File row 4 (the third data row): its create is held, unanswered.
    const notice = page
      .locator('.notice')
      .filter({ hasText: /^Trackops has not answered row 4's create for \d+ s; waiting up to 30 s/ });
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.innerText()).toMatch(
      /^Trackops has not answered row 4's create for \d+ s; waiting up to 30 s, then it is looked for in Trackops before anything is sent again\.$/,
    );
    await expect(page.getByRole('heading', { name: 'Sending…' }).count()).resolves.toBe(1);
    await expect(
      page
        .getByText(/2 of 5 rows done in this run · time left paused while Trackops does not answer/)
        .count(),
    ).resolves.toBe(1);
    await expect(page.locator('.connection-pill .dot').getAttribute('class')).resolves.toBe('dot silent');
    await screenshotIfAsked(page, 'silence-while-sending', { fullPage: true });

    release();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await expect(page.locator('.notice', { hasText: 'Trackops has not answered' }).count()).resolves.toBe(0);
    await expect(page.locator('.connection-pill .dot').getAttribute('class')).resolves.toBe('dot ok');
    // Nothing was sent again: each row created once, five creates in all.
    expect(proxy.count('POST')).toBe(5);
    const stored = storedByReference(session.app.sandbox.account(), 'SWS');
    expect(stored.size).toBe(5);
    for (const requests of stored.values()) expect(requests).toHaveLength(1);
    expect(session.pageErrors).toEqual([]);
  });
});
