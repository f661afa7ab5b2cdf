/**
 * A tab closed mid-send and opened again showed the send while it ran, but once it had ended meanwhile
 * the tab showed nothing of it: its counts, its failed rows and its Retry were lost with the closed tab.
 * Now a send that ended while no window showed it is shown as the tab that started it would have, said
 * as such, once: a window opened after its results were on screen starts afresh. Browser mode in
 * Debian's Chromium, a profile on a proxy in front of the sandbox that refuses the second create with
 * 403 (a failure that may pass on another try) and holds the answer to the fourth until Pause has been
 * clicked; rows written by Python's csv module, the sample template loaded as a template file. The
 * send is paused before its tab is closed and resumed from outside the page, so it ends with no tab
 * open, with no timing guess. The retry started from the tab opened again is that tab's own even when
 * it ends before the tab hears of it (it went on saying it ended while no window showed it, and its end
 * was offered again to the next window): the page is held busy while it runs (heldStart).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSends } from '../../main/bridge/contract.ts';
import { makeRows } from '../batch/helpers.ts';
import { startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { callVerb } from './http-bridge.ts';
import { checkWithTemplate, clickPauseAnswered, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));
const ENDED_UNSEEN = /ended while no window showed it/;

let session: BrowserSession;
let proxy: AnsweringProxy;
let refusing = true;
let releaseHeld: () => void = () => {};
const held = new Promise<void>((resolve) => (releaseHeld = resolve));
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
    return 'forward';
  });
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  releaseHeld();
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
    await screenshotIfAsked(page, 'ended-send-reopened', { fullPage: true });
    // Its results are on a screen now: a window opened later is not offered them again.
    while ((await toShow()).sends.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));

    // The retry works from here, and the send it starts is this tab's own, however fast it ends: here
    // it ends before the tab hears of it (explored at 50 rows a second: the tab went on saying it "ended
    // while no window showed it"). The page is kept busy (a synchronous request held at the browser)
    // from the moment it asks for the retry until main says the retry has ended, so the retry's events
    // reach it together, its end among them; the start's answer is held until the screen is read.
    refusing = false;
    const ended = heldStart(page);
    await page.getByRole('button', { name: 'Retry 1 failed row' }).click();
    await page.getByText(/^1 case request was written to Trackops\. 9 more rows were already there/).waitFor({
      timeout: 60_000,
    });
    await ended.retryEnded;
    await expect(page.locator('.notice', { hasText: ENDED_UNSEEN }).count()).resolves.toBe(0);
    ended.answer();
    await ended.answered;
    await expect(stat('failed')).resolves.toBe('0');
    await expect(page.locator('.notice', { hasText: ENDED_UNSEEN }).count()).resolves.toBe(0);
    // Its results are on this tab's screen: main hears so, and offers them to no window opened later
    // (the retry's end had come as the first send's had: it was never told).
    while ((await toShow()).sends.length > 0) await new Promise((resolve) => setTimeout(resolve, 100));
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

/**
 * Holds the page's next start of a send: once the page has asked for it, the page is kept busy by a
 * synchronous request held at the browser (its script cannot run, so it hears nothing), the start goes
 * on to main, and the page is let go only once main says that send has ended, so it hears the send's
 * events all at once, its end among them. The start's answer is given when `answer` is called.
 */
function heldStart(page: Page): { retryEnded: Promise<void>; answer: () => void; answered: Promise<void> } {
  let ended: () => void = () => {};
  const retryEnded = new Promise<void>((resolve) => (ended = resolve));
  let answer: () => void = () => {};
  const answerGiven = new Promise<void>((resolve) => (answer = resolve));
  let busy: () => void = () => {};
  const pageBusy = new Promise<void>((resolve) => (busy = resolve));
  let letGo: () => void = () => {};
  const release = new Promise<void>((resolve) => (letGo = resolve));
  let given: () => void = () => {};
  const answered = new Promise<void>((resolve) => (given = resolve));
  void (async () => {
    await page.route('**/held-by-test', async (route) => {
      busy();
      await release;
      await route.fulfill({ status: 204, body: '' });
    });
    await page.route('**/bridge/startImport', async (route) => {
      const kept = page.evaluate(() => {
        const request = new XMLHttpRequest();
        request.open('GET', '/held-by-test', false);
        request.send();
      });
      await pageBusy;
      const response = await route.fetch();
      while ((await toShow()).sends[0]?.status.state !== 'done')
        await new Promise((resolve) => setTimeout(resolve, 100));
      letGo();
      await kept;
      ended();
      await answerGiven;
      await route.fulfill({ response });
      given();
    });
  })();
  return { retryEnded, answer, answered };
}
