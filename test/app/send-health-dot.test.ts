/**
 * The header's status dot hears how a send ends, as it hears an export's (explored: after a send that
 * stopped because Trackops could not be reached, the dot stayed green beside "Trackops could not be
 * reached"), and a send stopped on 403s to its writes (`writes_refused`: the token may read but not
 * write) is said in the app's words, with what to do, and marks the dot amber: reads working since
 * (Test connection) do not turn it green. Real HTTP: browser mode in Debian's Chromium, profiles on
 * proxies in front of the sandbox (every write answered 403; gone after the dry run; a create's answer
 * dropped and the server gone); rows written by Python's csv module.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sleep } from '../../core/pace/sleep.ts';
import { startForbiddingProxy, startOutageProxy } from '../batch/proxies.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { dryRunInBrowser, sendInBrowser, useAccountAt } from './send-in-browser.ts';
import { runPython } from '../helpers/run-python.ts';

const REFERRALS = fileURLToPath(new URL('../fixtures/app/bad-email.csv', import.meta.url));
// Its first four referrals (all valid).
const FIRST_FOUR = `
import csv, sys
with open(sys.argv[1], encoding='utf-8', newline='') as f:
    rows = list(csv.reader(f))
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    csv.writer(f).writerows(rows[:5])
`;

let session: BrowserSession;
let dir = '';
/** A file of the first four referrals, written by Python's csv module. */
async function referrals(name: string): Promise<string> {
  const file = join(dir, name);
  runPython(FIRST_FOUR, [REFERRALS, file]);
  return file;
}
// An app (and sandbox) of its own per test: what one send left in the account or its journals is not
// another test's concern. A send still tries a read five times before it stops, but waits a
// hundredth of core's back-off (1, 2, 4, 8 s) between tries: 15 s of waiting per stop became 0.15 s.
beforeEach(async () => {
  session = await openBrowserSession({
    log: () => {},
    sandbox: { rate: 1000 },
    retrySleep: (ms, signal) => sleep(ms / 100, signal),
  });
  dir = await mkdtemp(join(tmpdir(), 'app-send-health-'));
}, 120_000);
afterEach(() => session?.close());

const pill = () => session.page.locator('.connection-pill');
const UNREACHABLE = 'Trackops could not be reached: see the Connection screen';

describe("the header's status dot after a send", { timeout: 120_000 }, () => {
  it('rule: a send stopped because Trackops could not be reached marks the dot red, with those words', async () => {
    const { page } = session;
    const proxy = await startOutageProxy(session.app.sandbox.baseUrl, 99);
    await useAccountAt(session, 'Acme (gone)', proxy.baseUrl);
    await dryRunInBrowser(page, await referrals('gone.csv'), 4);
    await expect(pill().locator('.dot.ok').count()).resolves.toBe(1);
    // The account goes away between the dry run and the send: the send's first read (the account's
    // lists, read again before anything is sent) gets no answer, and nothing is sent.
    await proxy.close();
    await page.getByRole('button', { name: /^Next: send/ }).click();
    await page.getByRole('button', { name: 'Send 4 rows' }).click();
    await page.getByRole('alert').waitFor({ timeout: 60_000 });
    await screenshotIfAsked(page, 'send-unreachable', { fullPage: true });
    await expect(page.getByRole('alert').innerText()).resolves.toMatch(
      /^Cannot read the account's reference data .* so nothing was sent: Trackops could not be reached\./,
    );
    await expect(pill().textContent()).resolves.toContain(UNREACHABLE);
    await expect(pill().locator('.dot.unreachable').count()).resolves.toBe(1);
    expect(session.pageErrors).toEqual([]);
  });

  it('rule: a stop on a search that got no answer is the connection giving none (the failure under it)', async () => {
    const { page } = session;
    // The second create is stored, its answer never comes, and the server is gone: the send looks for
    // that create before anything else, and the search gets no answer.
    const proxy = await startOutageProxy(session.app.sandbox.baseUrl, 2);
    try {
      await useAccountAt(session, 'Acme (drops an answer)', proxy.baseUrl, { recheckAfterSeconds: 0.25 });
      await dryRunInBrowser(page, await referrals('dropped.csv'), 4);
      await sendInBrowser(page, 4);
      await expect(page.getByRole('alert').innerText()).resolves.toMatch(
        /^Trackops could not be searched for a request an earlier send may have created/,
      );
      await expect(pill().textContent()).resolves.toContain(UNREACHABLE);
      await expect(pill().locator('.dot.unreachable').count()).resolves.toBe(1);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
  it('rule: a send stopped on 403s to its writes says what to do, and the dot says the token may not write', async () => {
    const { page } = session;
    const proxy = await startForbiddingProxy(session.app.sandbox.baseUrl, () => true);
    try {
      await useAccountAt(session, 'Acme (read only)', proxy.baseUrl);
      await dryRunInBrowser(page, await referrals('read-only.csv'), 4);
      await sendInBrowser(page, 4);
      await screenshotIfAsked(page, 'send-writes-refused', { fullPage: true });
      const said = await page.getByRole('alert').innerText();
      expect(said).toMatch(
        /^Trackops refused this send’s writes with 403 \(forbidden\), so it seems this user/,
      );
      expect(said).toContain(
        'Ask your Trackops administrator for write rights for this user (or change the token on the Connection screen to one that has them), then send again',
      );
      // Core's words after ours: the row, what Trackops said, and that it is a guess.
      expect(said).toContain(
        '(row 2: 403 on POST case/requests: "You do not have permission to edit this case request.")',
      );
      expect(said).toContain('This tool guesses from that 403');
      expect(proxy.writes).toHaveLength(1);
      await expect(pill().textContent()).resolves.toContain(
        'Trackops refused this user’s writes (403): the token may read but not write; ask your Trackops administrator for write rights',
      );
      await expect(pill().locator('.dot.readOnly').count()).resolves.toBe(1);

      // Reads still work (Test connection asks the account): they say nothing of writes.
      await page.getByRole('tab', { name: 'Connection' }).click();
      await page.getByRole('button', { name: 'Test connection' }).click();
      await page.getByText(/^Connected to .* The account has \d+ case requests/).waitFor();
      await expect(pill().locator('.dot.readOnly').count()).resolves.toBe(1);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await proxy.close();
    }
  });
});
