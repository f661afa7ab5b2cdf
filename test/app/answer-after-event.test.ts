/**
 * A run's last event can reach the page before the answer of the call that started or stopped it: in
 * a browser the event stream and each call are separate connections. A dry run whose "done" came before
 * its start's answer stayed "checking" for good (the event was dropped, its run not known yet, then
 * the older answer shown), and a paused send cancelled from the screen stayed "cancelling" once its
 * "cancelled" event had come first (CI failed on both, now and then). Here each answer is held back
 * on purpose until the event it races has been sent, in Debian's Chromium against the app's own
 * sandbox, slowed so the dry run is still running when its first page is answered.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../main/bridge/contract.ts';
import { makeRows } from '../batch/helpers.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { secretOf } from './http-bridge.ts';
import { useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

let session: BrowserSession;
const events: ProgressEvent[] = [];
let stopListening = () => {};
beforeAll(async () => {
  // Every sandbox answer takes 300 ms: the dry run's reads of the account outlast its first page's answer.
  session = await openBrowserSession({
    log: () => {},
    sandbox: { rate: 1000, faults: 'latency=300-300ms,seed=1' },
  });
  await useAccountAt(session, 'Acme', session.app.sandbox.baseUrl, {
    pace: { ratePerSecond: 5, concurrency: 1 },
  });
  stopListening = await listen();
}, 120_000);
afterAll(async () => {
  stopListening();
  await session?.close();
});

/** The app's event stream, read as the page reads it, into `events`. */
async function listen(): Promise<() => void> {
  const controller = new AbortController();
  const response = await fetch(`${session.app.origin}/bridge/events`, {
    headers: { 'X-Trackops-Secret': secretOf(session.app) },
    signal: controller.signal,
  });
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    for (;;) {
      const { value, done } = await reader.read().catch(() => ({ value: '', done: true }));
      if (done) return;
      buffer += value;
      const complete = buffer.slice(0, buffer.lastIndexOf('\n') + 1);
      buffer = buffer.slice(complete.length);
      for (const line of complete.split('\n').filter((line) => line.startsWith('data: ')))
        events.push(JSON.parse(line.slice(6)) as ProgressEvent);
    }
  })();
  return () => controller.abort();
}

async function eventSeen(match: (event: ProgressEvent) => boolean): Promise<void> {
  for (let waited = 0; !events.some(match); waited += 50) {
    if (waited > 60_000) throw new Error('the awaited event never came');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  // And a moment for the page's own stream to deliver it too.
  await new Promise((resolve) => setTimeout(resolve, 500));
}

/** Holds a verb's first answer until `after` (given its value) has resolved; keeps what it held. */
function holdAnswer(verb: string, after: (value: never) => Promise<void>): unknown[] {
  const held: unknown[] = [];
  void session.page.route(`**/bridge/${verb}`, async (route: Route) => {
    try {
      if (held.length > 0) return await route.continue();
      const response = await route.fetch();
      // Its parts taken now: the fetched response may be disposed while it is held (seen once in a
      // full run: "route.fulfill: Fetch response has been disposed", an unhandled rejection).
      const [status, headers, body] = [response.status(), response.headers(), await response.body()];
      const answer = JSON.parse(body.toString('utf8')) as { value: never };
      held.push(answer.value);
      await after(answer.value);
      await route.fulfill({ status, headers, body });
    } catch (error) {
      // A request still held when the file's session closes (its browser context, test/app/
      // browser-harness.ts) cannot be answered any more: nothing to report then. Else it is a failure.
      if (!session.page.isClosed()) throw error;
    }
  });
  return held;
}

describe('an answer that reaches the page after the event it raced', { timeout: 180_000 }, () => {
  it("rule: the page shows the run's newest state, whichever came first", async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-answer-after-event-')), 'ten.csv');
    makeRows(file, 10, 'AAE', [], 'Aurora', 'Answer after event');

    // The dry run's first page, answered only once the run's "done" event has been sent.
    const pages = holdAnswer('dryRunPage', (value: { summary: { runId: string } }) =>
      eventSeen(
        (event) =>
          event.kind === 'dryRun' &&
          event.summary.runId === value.summary.runId &&
          event.summary.state === 'done',
      ),
    );
    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', file);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.setInputFiles('#template-file', TEMPLATE);
    await page.getByText(/^Loaded template/).waitFor();
    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    const next = page.getByRole('button', { name: 'Next: send 10 valid rows' });
    await next.and(page.locator(':not([disabled])')).waitFor({ timeout: 60_000 });
    // The race was run: the first answer held (the start's) said the check was still going; the grid's
    // own reads of rows came after.
    expect(pages[0]).toMatchObject({ summary: { state: 'running' } });

    // A paused send cancelled: its answer ("cancelling") held until the send's end has been sent.
    const cancels = holdAnswer('cancelImport', (value: { runId: string }) =>
      eventSeen(
        (event) =>
          event.kind === 'import' && event.status.runId === value.runId && event.status.state === 'cancelled',
      ),
    );
    await next.click();
    await page.getByRole('button', { name: 'Send 10 rows' }).click();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('heading', { name: 'Paused' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await page.getByText(/^Cancelled\. Rows already sent stay in Trackops\./).waitFor();
    expect(cancels).toEqual([expect.objectContaining({ state: 'cancelling' })]);
    expect(session.pageErrors).toEqual([]);
  });
});
