/**
 * A tab closed mid-send and opened again showed the send while it ran, but once it had ended meanwhile
 * the tab showed nothing of it: its counts, its failed rows and its Retry were lost with the closed tab.
 * Now a send that ended while no window showed it is shown as the tab that started it would have, said
 * as such, once: a window opened after its results were on screen starts afresh. Browser mode in
 * Debian's Chromium, a profile on a proxy in front of the sandbox that refuses the second create with
 * 403 (a failure that may pass on another try) and holds the answer to the fourth until Pause has been
 * clicked; rows written by Python's csv module, the sample template loaded as a template file. The
 * send is paused before its tab is closed and resumed from outside the page, so it ends with no tab
 * open, with no timing guess.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSends } from '../../main/bridge/contract.ts';
import { makeRows } from '../batch/helpers.ts';
import { startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { openBrowserSession, screenshotsDir, type BrowserSession } from './browser-harness.ts';
import { callVerb } from './http-bridge.ts';
import { checkWithTemplate, clickPauseAnswered, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));
const ENDED_UNSEEN = /ended while no window showed it/;

let session: BrowserSession;
let proxy: AnsweringProxy;
let refusing = true;
let releaseHeld: () => void = () => {};
const held = new Promise<void>((resolve) => (releaseHeld = resolve));
let releaseRetry: () => void = () => {};
const retryHeld = new Promise<void>((resolve) => (releaseRetry = resolve));
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  let creates = 0;
  proxy = await startAnsweringProxy(session.app.sandbox.baseUrl, ({ method, path }) => {
    if (method !== 'POST' || !/\/case\/requests$/.test(path)) return 'forward';
    creates += 1;
    if (creates === 2 && refusing)
      return {
        status: 403,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ message: 'You do not have permission to edit this case request.' }),
      };
    // The fourth create is stored at once and answered once Pause has been clicked: the send is still
    // going when its failure is shown, however fast it paces (it was paced at 3 rows a second for this,
    // and the dry run's and send's reads of the account waited on that pace too). The fourth: the
    // screen counts the second's 403 once the third is answered.
    if (creates === 4) return (answer) => held.then(() => answer);
    // The retry's create (the eleventh) is answered once the tab shows that send going: at this pace the
    // retry could end before its own tab had heard of it, and be said as ended while no window showed it.
    if (creates === 11) return (answer) => retryHeld.then(() => answer);
    return 'forward';
  });
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  releaseHeld();
  releaseRetry();
  await proxy?.close();
  await session?.close();
});

/** The sends a window opened now would be shown (asked without reading any send's status). */
const toShow = () => callVerb<RunningSends>(session.app, 'runningSends', {});

describe('a send that ended while its tab was closed', { timeout: 180_000 }, () => {
  it('rule: a tab opened again shows its results, failures and Retry, once', async () => {
    const first = session.page;
    const file = join(await mkdtemp(join(tmpdir(), 'app-ended-send-')), 'ten.csv');
    makeRows(file, 10, 'ESR');
    await checkWithTemplate(first, file, TEMPLATE, 10);
    await first.getByRole('button', { name: 'Send 10 rows' }).click();
    await first.getByText(/^1 row has failed so far/).waitFor({ timeout: 60_000 });
    await clickPauseAnswered(first);
    releaseHeld();
    await first.getByRole('heading', { name: 'Paused' }).waitFor({ timeout: 60_000 });
    await first.close();

    // Resumed from elsewhere, it ends with no tab open.
    const [paused] = (await toShow()).sends;
    await callVerb(session.app, 'resumeImport', { runId: paused!.status.runId });
    while ((await toShow()).sends[0]?.status.state !== 'done')
      await new Promise((resolve) => setTimeout(resolve, 100));

    // The clerk opens the app again: the send's results, as its own tab would have shown them.
    const page = await first.context().newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(session.app.openUrl);
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await expect(page.locator('.notice', { hasText: ENDED_UNSEEN }).innerText()).resolves.toContain(
      'This send of ten.csv was started earlier in this app (in a window since closed, or another one) and ended while no window showed it.',
    );
    const stat = (label: string) => page.locator('.stat', { hasText: label }).locator('.n').innerText();
    await expect(stat('created')).resolves.toBe('9');
    await expect(stat('failed')).resolves.toBe('1');
    await expect(page.getByRole('table', { name: 'Rows that failed' }).innerText()).resolves.toContain(
      'permission',
    );
    await page.screenshot({ path: `${screenshotsDir()}ended-send-reopened.png`, fullPage: true });
    // Its results are on a screen now: a window opened later is not offered them again.
    while ((await toShow()).sends.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));

    // The retry works from here, and the send it starts is this tab's own.
    refusing = false;
    await page.getByRole('button', { name: 'Retry 1 failed row' }).click();
    await page.getByRole('heading', { name: 'Sending…' }).waitFor({ timeout: 60_000 });
    releaseRetry();
    await page.getByText(/^1 case request was written to Trackops\. 9 more rows were already there/).waitFor({
      timeout: 60_000,
    });
    await expect(stat('failed')).resolves.toBe('0');
    await expect(page.locator('.notice', { hasText: ENDED_UNSEEN }).count()).resolves.toBe(0);
    expect(
      session.app.sandbox.account().case_requests.filter((one) => /ESR/.test(JSON.stringify(one))),
    ).toHaveLength(10);

    // Opened once more: nothing of those sends, the first step.
    await page.reload();
    await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor({ timeout: 60_000 });
    await expect(page.getByRole('heading', { name: 'Results' }).count()).resolves.toBe(0);
    expect([...session.pageErrors, ...pageErrors]).toEqual([]);
  });
});
