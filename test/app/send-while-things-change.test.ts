/**
 * The wizard when the clerk acts while the account is slow (explore 40 items 1-3):
 * - a dry run left before it answered (Back, Back, another file chosen) took over the wizard when it
 *   answered, offering Send for the file left: its answer is now dropped (and the run stopped), and the
 *   next file's sheet step no longer says "Reading the file…" until that answer comes;
 * - "Back to dry run" clicked while a send was starting left the send writing every row behind a dry
 *   run saying "nothing sent": it is disabled while the send starts, and the send step stays on screen
 *   even when the connection in use is switched meanwhile;
 * - after that switch, the send's progress, results and undo named the connection switched to: they
 *   name the one the send writes to, and say that another is in use now.
 *
 * The slow account is a standalone sandbox behind a proxy that holds its lists (read first by a dry run
 * and by a send) until the test lets them through: late by construction, not by a timer. Real Chromium;
 * rows written by Python's csv module.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startHoldingListsProxy, type HoldingListsProxy } from '../batch/proxies.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { useAccountAt } from './send-in-browser.ts';
import { runPython } from '../helpers/run-python.ts';

const REFERRALS = fileURLToPath(new URL('../fixtures/app/bad-email.csv', import.meta.url));

let session: BrowserSession;
let slow: RunningSandbox;
let proxy: HoldingListsProxy;
let fileA = '';
let fileB = '';
/** Requests the slow account's demo data holds before the test. */
let heldBefore = 0;

beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  slow = await startSandbox({ port: 0, rate: 1000 });
  proxy = await startHoldingListsProxy(slow.baseUrl);
  heldBefore = slow.account().case_requests.length;
  await useAccountAt(session, 'Slow account', proxy.baseUrl, { user: slow.username, token: slow.token });
  const dir = await mkdtemp(join(tmpdir(), 'app-things-change-'));
  fileA = join(dir, 'carrier-A.csv');
  fileB = join(dir, 'carrier-B.csv');
  // The first referrals of a fixture (all valid), written by Python's csv module: 3 in A, 2 in B.
  const firstRows = [
    'import csv, sys',
    'rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))',
    'csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows[: 1 + int(sys.argv[3])])',
  ].join('\n');
  runPython(firstRows, [REFERRALS, fileA, '3']);
  runPython(firstRows, [REFERRALS, fileB, '2']);
}, 120_000);
afterAll(async () => {
  proxy?.release();
  await proxy?.close();
  await slow?.close();
  await session?.close();
});

it('a dry run left before it answered never takes over; a send starting keeps its screen and names its connection', async () => {
  const { page } = session;
  // Anything that ever shows carrier-A.csv's dry run is recorded, whenever it comes.
  await page.evaluate(() => {
    const seen = window as unknown as { sawA: boolean };
    seen.sawA = false;
    new MutationObserver(() => {
      const step = document.querySelector('[aria-current="step"]')?.textContent ?? '';
      if (step.includes('Dry run') && document.body.innerText.includes('carrier-A.csv')) seen.sawA = true;
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  await page.getByRole('tab', { name: 'Import' }).click();
  await page.locator('#file-input').setInputFiles(fileA);
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  proxy.hold();
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  await expect.poll(() => proxy.held, { timeout: 20_000 }).toBeGreaterThan(0);
  // The clerk walks away: Back, Back, and another file.
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await page.getByRole('button', { name: 'Back', exact: true }).click();
  await page.locator('#file-input').setInputFiles(fileB);
  await page.getByRole('heading', { name: 'Which sheet and which row holds the column names?' }).waitFor();
  await page.getByText('carrier-B.csv', { exact: true }).waitFor();
  // B's sheet step does not wait for the run left behind: it said "Reading the file…", its Next
  // disabled, until A's answer came and was dropped.
  expect(proxy.held).toBeGreaterThan(0);
  await expect(page.getByRole('button', { name: 'Next: match columns' }).isEnabled()).resolves.toBe(true);
  await expect(page.getByRole('button', { name: 'Reading the file…' }).count()).resolves.toBe(0);
  proxy.release();
  // A's answer comes and is dropped: B goes on from its own sheet step to its own dry run.
  await page.getByRole('button', { name: 'Next: match columns' }).click();
  await page.getByRole('heading', { name: 'Match your columns to Trackops fields' }).waitFor();
  await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
  const toSend = page.getByRole('button', { name: /^Next: send \d+ valid rows?$/ });
  await toSend.and(page.locator(':enabled')).waitFor();
  await page.getByText('carrier-B.csv').first().waitFor();
  expect(await page.evaluate(() => (window as unknown as { sawA: boolean }).sawA)).toBe(false);

  // Send, with the account's lists read again held: the clerk cannot go back meanwhile.
  const valid = Number(/(\d+)/.exec((await toSend.textContent()) ?? '')?.[1]);
  expect(valid).toBeGreaterThan(0);
  await toSend.click();
  proxy.hold();
  await page.getByRole('button', { name: `Send ${valid} ${valid === 1 ? 'row' : 'rows'}` }).click();
  await expect.poll(() => proxy.held, { timeout: 20_000 }).toBeGreaterThan(0);
  await expect(page.getByRole('button', { name: 'Back to dry run' }).isDisabled()).resolves.toBe(true);
  // The practice sandbox made the one in use while the send starts: the send step stays.
  await page.getByRole('tab', { name: 'Connection' }).click();
  await page.getByRole('button', { name: /^Built-in sandbox/ }).click();
  await page.getByRole('button', { name: /^Built-in sandbox.*in use/ }).waitFor();
  await page.getByRole('tab', { name: 'Import' }).click();
  await expect(page.getByRole('heading', { name: 'Send to Trackops' }).isVisible()).resolves.toBe(true);
  proxy.release();

  await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
  const head = page.locator('.card-head', { has: page.locator('#progress-title') });
  await expect(head.innerText()).resolves.toContain('Slow account');
  await page
    .getByText(
      /^This send writes to Slow account, the connection in use when it started; Built-in sandbox \(practice account\) is in use now/,
    )
    .waitFor();
  await page.getByRole('button', { name: 'Undo this import…' }).click();
  await page.getByRole('heading', { name: 'Undo this import' }).waitFor();
  const undo = page.locator('.card-head', { has: page.locator('#undo-title') });
  await expect(undo.innerText()).resolves.toContain('Slow account');
  // Every row went to the slow account (nothing else was ever sent to it).
  expect(slow.account().case_requests.length - heldBefore).toBe(valid);
  expect(session.pageErrors).toEqual([]);
}, 120_000);
