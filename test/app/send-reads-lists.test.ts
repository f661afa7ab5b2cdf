/**
 * The send reads the account's lists again before its first write (so nothing is sent on names changed
 * since the dry run: stale-reference.ts). At 1 request/s that read takes seconds; the screen says what
 * it waits for, so the clerk does not take the wait for a click that did nothing. Browser mode in
 * Debian's Chromium, the profile on a proxy that holds the send's first read of the account's fields
 * (the test knows the send is waiting on exactly that request, no timing guess); referrals from the
 * app's fixture, written by Python's csv module.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sleep } from '../../core/pace/sleep.ts';
import { holdingProxy, type HoldingProxy } from '../helpers/holding-proxy.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { dryRunInBrowser, useAccountAt } from './send-in-browser.ts';
import { runPython } from '../helpers/run-python.ts';

const REFERRALS = fileURLToPath(new URL('../fixtures/app/bad-email.csv', import.meta.url));
// Its first four referrals (all valid), written by Python's csv module.
const FIRST_FOUR = `
import csv, sys
with open(sys.argv[1], encoding='utf-8', newline='') as f:
    rows = list(csv.reader(f))
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    csv.writer(f).writerows(rows[:5])
`;

let session: BrowserSession;
let proxy: HoldingProxy | null = null;
beforeEach(async () => {
  session = await openBrowserSession({
    log: () => {},
    sandbox: { rate: 1000 },
    // Once the held read is given up, its retries meet a closed port: a hundredth of core's back-off.
    retrySleep: (ms, signal) => sleep(ms / 100, signal),
  });
}, 120_000);
afterEach(async () => {
  await proxy?.close();
  await session?.close();
});

describe('the send step while the account is read again', { timeout: 120_000 }, () => {
  it("says it is reading the account's lists while the send's first read is unanswered", async () => {
    const { page } = session;
    let armed = false;
    proxy = await holdingProxy(
      session.app.sandbox.baseUrl,
      (method, path) => armed && method === 'GET' && /\/fields\b/.test(path),
    );
    await useAccountAt(session, 'Acme (slow)', proxy.baseUrl);
    const file = join(await mkdtemp(join(tmpdir(), 'app-send-reads-')), 'four.csv');
    runPython(FIRST_FOUR, [REFERRALS, file]);
    await dryRunInBrowser(page, file, 4);
    armed = true;
    await page.getByRole('button', { name: /^Next: send/ }).click();
    await page.getByRole('button', { name: 'Send 4 rows' }).click();
    await expect(proxy.held).resolves.toMatch(/^GET .*fields/);
    const status = page.getByRole('status').filter({ hasText: 'Reading the account' });
    await status.waitFor();
    await expect(status.innerText()).resolves.toContain(
      'again before sending, so that nothing is sent on names changed since the dry run',
    );
    // The account goes away while held: the wait ends in the read's failure, said, and nothing is sent.
    await proxy.close();
    proxy = null;
    await page.getByRole('alert').waitFor({ timeout: 60_000 });
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(/so nothing was sent/);
    await expect(status.count()).resolves.toBe(0);
    expect(session.app.sandbox.stats().writesCommitted).toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
