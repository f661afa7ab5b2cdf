/**
 * The send screen of 200 rows of which Trackops refuses some on their own (403 on every 40th create),
 * during the send and after, at 1280x800 and 1024x700 (explored): each refused row's reason named the
 * CLI's --resume, and nothing said what to do about the failures. Now the reasons say the app's way
 * ("Retry failed rows", or fix the file and import it again), and a sentence above them says what the
 * retry does. Browser mode in Debian's Chromium, a profile on a proxy in front of the sandbox that holds
 * the answer to the 50th create until the pictures of the send going on are taken; rows written by
 * Python's csv module (three invalid), the sample template loaded as a template file.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { openBrowserSession, pngSize, screenshotsDir, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));
const SCREENSHOTS = screenshotsDir();
const SIZES = [
  { width: 1280, height: 800 },
  { width: 1024, height: 700 },
];

let session: BrowserSession;
let proxy: AnsweringProxy;
let releaseHeld: () => void = () => {};
const held = new Promise<void>((resolve) => (releaseHeld = resolve));
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  let creates = 0;
  proxy = await startAnsweringProxy(session.app.sandbox.baseUrl, ({ method, path }) => {
    if (method !== 'POST' || !/\/case\/requests$/.test(path)) return 'forward';
    creates += 1;
    if (creates % 40 === 0)
      return {
        status: 403,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'You do not have permission to edit this case request.' }),
      };
    // The 50th is stored at once and answered once the pictures of the send going on are taken, one
    // refused row among those sent: the send is still going in them however fast it paces (it was paced
    // at 20 requests a second for this, and the reads before it waited on that pace too).
    if (creates === 50) return (answer) => held.then(() => answer);
    return 'forward';
  });
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  releaseHeld();
  await proxy?.close();
  await session?.close();
});

/** The window at each size, as a clerk's smaller screens show it. */
async function shots(name: string): Promise<void> {
  for (const size of SIZES) {
    await session.page.setViewportSize(size);
    const path = `${SCREENSHOTS}${name}-${size.width}.png`;
    await session.page.screenshot({ path });
    expect(pngSize(await readFile(path))).toEqual(size);
  }
}

describe('a send of 200 rows, some refused by Trackops', { timeout: 180_000 }, () => {
  it('rule: the refused rows say what to do in the app, and the screen says what the retry does', async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-refused-rows-')), 'two-hundred.csv');
    makeRows(file, 200, 'RFD', [5, 50, 120]);
    await checkWithTemplate(page, file, TEMPLATE, 197);
    await page.getByRole('button', { name: 'Send 197 rows' }).click();
    await page.getByRole('heading', { name: 'Sending…' }).waitFor();
    await page.getByText(/^1 row has failed so far/).waitFor({ timeout: 60_000 });
    await shots('send-200-during');
    releaseHeld();

    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 120_000 });
    await shots('send-200-results');
    const stat = (label: string) => page.locator('.stat', { hasText: label }).locator('.n').innerText();
    await expect(stat('created')).resolves.toBe('193');
    await expect(stat('failed')).resolves.toBe('4');
    await expect(stat('not sent (errors)')).resolves.toBe('3');
    await page
      .getByText(
        '4 rows failed for the reasons below, and may pass on another try: “Retry 4 failed rows” sends only them again, once the cause is dealt with. Rows already written are not sent twice.',
      )
      .waitFor();
    const reasons = await page.getByRole('table', { name: 'Rows that failed' }).innerText();
    expect(reasons).not.toContain('--resume');
    expect(reasons).toContain(
      'If permission is granted, use “Retry failed rows” on the results, which sends this row again. If the row itself must change instead, fix it in the file and import that file again: rows already written are not sent again.',
    );
    await expect(page.getByRole('button', { name: 'Retry 4 failed rows' }).count()).resolves.toBe(1);
    expect(session.pageErrors).toEqual([]);
  });
});
