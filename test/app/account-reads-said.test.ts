/**
 * What the app reads of the account before a call answers was said nowhere: "Check every row" stayed on
 * "Checking…", the send step on its first line and the undo screen on "Checking every request…" for as
 * long as Trackops kept silent (a proxy or gateway holding the read), with no word of waiting. A send's
 * rows said it since their own status exists; these reads come before any status, dry run or undo view.
 * Now each says what it reads, how many answers came and, a few seconds into a silence, for how long
 * Trackops has not answered, what it waits for and what comes next; the dry run's own check of its rows
 * says a silence on its screen too. Browser mode in Debian's Chromium; a proxy in front of the sandbox
 * holds one read's answer until the test has read the screen (no timer decides it).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { useAccountAt } from './send-in-browser.ts';
import { sendUndoUpdates } from './undo-updates.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

let session: BrowserSession;
let page: Page;
let proxy: AnsweringProxy;
/** The next GET whose path this matches is forwarded, and its answer held until `release()`. */
let holdNext: RegExp | null = null;
let release: () => void = () => {};
let held: Promise<string> = Promise.resolve('');
let heldNow: (what: string) => void = () => {};

/** Holds the next GET of `path`; resolves with what was held once it is. */
function hold(path: RegExp): Promise<string> {
  holdNext = path;
  held = new Promise((resolve) => (heldNow = resolve));
  return held;
}

beforeAll(async () => {
  // The silence said after 2 s, not the app's 5: each of the four reads held here waited 5 s for its
  // words, and what is checked is the words, not when they come (core's NOTICE_AFTER_MS is the app's).
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 }, silenceNoticeAfterMs: 2_000 });
  page = session.page;
  proxy = await startAnsweringProxy(session.app.sandbox.baseUrl, ({ method, path }) => {
    if (method !== 'GET' || !holdNext?.test(path)) return 'forward';
    holdNext = null;
    heldNow(`${method} ${path}`);
    const answered = new Promise<void>((resolve) => (release = resolve));
    return async (answer) => answered.then(() => answer);
  });
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  release();
  await proxy?.close();
  await session?.close();
});

/** The silence as the screen says it: for how long, what it waits for, and the attempt. */
const SILENCE =
  /^Trackops has not answered for \d+ s: waiting for the account's \S.* \(attempt 1 of 5\), up to 30 s, then it is asked again \(attempt 2 of 5\)/;

describe(
  'the app says what it reads of the account, and when Trackops is silent',
  { timeout: 240_000 },
  () => {
    it('rule: a dry run says it reads the lists, and waits on a silent Trackops, before any row is checked', async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'app-account-reads-')), 'five.csv');
      makeRows(file, 5, 'ARS');
      await page.getByRole('heading', { name: 'Choose the referral file' }).waitFor();
      await page.setInputFiles('#file-input', file);
      await page.getByRole('button', { name: 'Next: match columns' }).click();
      await page.setInputFiles('#template-file', TEMPLATE);
      await page.getByText(/^Loaded template/).waitFor();

      // The dry run's first read: the account's lists.
      const reading = hold(/case\/types/);
      await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
      await reading;
      const said = page.getByTestId('account-reading');
      await said
        .getByText(
          /^Reading the account's case types, regions, services and fields before checking the rows…/,
        )
        .waitFor();
      const silence = said.locator('.notice.warn');
      await silence.waitFor({ timeout: 30_000 });
      expect(await silence.innerText()).toMatch(SILENCE);
      expect(await silence.innerText()).toMatch(/; no row has been checked yet\.$/);
      release();
      const next = page.getByRole('button', { name: 'Next: send 5 valid rows' });
      await next.and(page.locator(':not([disabled])')).waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('account-reading').count()).resolves.toBe(0);
    });

    it('rule: a dry run says a silence while it checks the rows against the account', async () => {
      await page.getByRole('button', { name: 'Back to mapping' }).click();
      // After the lists, the check of the rows asks Trackops for the requests the rows may match.
      const reading = hold(/case\/requests/);
      await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
      await reading;
      const silence = page.locator('.notice.warn', {
        hasText: /^Trackops has not answered for \d+ s: waiting for/,
      });
      await silence.waitFor({ timeout: 30_000 });
      expect(await silence.innerText()).toMatch(
        /^Trackops has not answered for \d+ s: waiting for (a page of the account's requests|request \S+) \(attempt 1 of 5\), up to 30 s, then it is asked again \(attempt 2 of 5\)\.$/,
      );
      await expect(
        page.getByRole('heading', { name: 'Dry run: every row checked, nothing sent' }).count(),
      ).resolves.toBe(1);
      release();
      const next = page.getByRole('button', { name: 'Next: send 5 valid rows' });
      await next.and(page.locator(':not([disabled])')).waitFor({ timeout: 60_000 });
      await expect(silence.count()).resolves.toBe(0);
    });

    it('rule: a send says it reads the lists again, and waits on a silent Trackops, before any row is sent', async () => {
      await page.getByRole('button', { name: 'Next: send 5 valid rows' }).click();
      const reading = hold(/case\/types/);
      await page.getByRole('button', { name: 'Send 5 rows' }).click();
      await reading;
      const said = page.getByTestId('account-reading');
      await said
        .getByText(/^Reading the account's case types, regions and fields again before sending/)
        .waitFor();
      const silence = said.locator('.notice.warn');
      await silence.waitFor({ timeout: 30_000 });
      expect(await silence.innerText()).toMatch(SILENCE);
      expect(await silence.innerText()).toMatch(/; nothing has been sent yet\.$/);
      // Nothing was sent while it waited.
      expect(proxy.count('POST')).toBe(0);
      release();
      await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
      await expect(said.count()).resolves.toBe(0);
      const stored = storedByReference(session.app.sandbox.account(), 'ARS');
      expect(stored.size).toBe(5);
      for (const requests of stored.values()) expect(requests).toHaveLength(1);
    });

    it("rule: an undo's check says what it reads and waits on a silent Trackops", async () => {
      await page.getByRole('button', { name: 'Import another file' }).click();
      await sendUndoUpdates(page, session.app.sandbox);
      // The undo's check reads each request the import changed, as Trackops holds it now.
      const reading = hold(/case\/requests/);
      await page.getByRole('button', { name: 'Undo this import…' }).click();
      await reading;
      const said = page.getByTestId('account-reading');
      const silence = said.locator('.notice.warn');
      await silence.waitFor({ timeout: 30_000 });
      expect(await said.innerText()).toMatch(
        /^Reading every request this import changed, as Trackops holds it now…/,
      );
      expect(await silence.innerText()).toMatch(
        /^Trackops has not answered for \d+ s: waiting for (a page of the account's requests|request \S+) \(attempt 1 of 5\), up to 30 s, then it is asked again \(attempt 2 of 5\); nothing has been put back yet\.$/,
      );
      release();
      await page.getByRole('button', { name: /^Put back 3 requests/ }).waitFor({ timeout: 60_000 });
      await expect(said.count()).resolves.toBe(0);
      expect(session.pageErrors).toEqual([]);
    });
  },
);
