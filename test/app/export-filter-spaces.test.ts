/**
 * The Export screen's text boxes: a reference typed (or pasted from a cell) with a space at its start
 * or end was trimmed before the count and the export without a word, so one that really starts with a
 * space matched nothing, silently. It is still sent trimmed (how values match is the server's), but the
 * count and the export say so; a box of spaces only says no filter was sent. Debian's Chromium against
 * the built-in sandbox, whose first request's reference 1 is made to start with a space and whose second
 * holds the same reference without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount } from '../../sandbox/index.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';

let session: BrowserSession;
beforeAll(async () => {
  const account = await loadDemoAccount();
  account.case_requests[0]!.reference_value_1 = ' leading space';
  // Another request holds the same reference without the space: the one the trimmed value matches.
  account.case_requests[1]!.reference_value_1 = 'leading space';
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000, account } });
}, 120_000);
afterAll(async () => {
  await session?.close();
});

const TRIMMED =
  "\"Reference value 1\" ' leading space' was sent as 'leading space', without the spaces at its start and end " +
  '(a value copied from a cell often carries them): a request whose value really starts or ends with a space is not matched by it.';

describe('export boxes with spaces at their ends', { timeout: 60_000 }, () => {
  it('the count and the export say the value was sent without them', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
    await page.getByRole('button', { name: 'Any date' }).click();
    await page.getByLabel('Reference value 1').fill(' leading space');
    await page.getByRole('button', { name: 'Count matching requests' }).click();
    const counted = page.getByText(/^1 case request matches\./);
    await counted.waitFor();
    expect(await counted.textContent()).toBe(`1 case request matches. ${TRIMMED}`);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const ready = page.getByText(/^1 case request is ready: save the file\./);
    await ready.waitFor();
    expect(await ready.textContent()).toBe(`1 case request is ready: save the file. ${TRIMMED}`);
  });

  it('a box of spaces only says no filter was sent, so the count is not narrowed by it', async () => {
    const { page } = session;
    await page.getByLabel('Reference value 1').fill('   ');
    await page.getByRole('button', { name: 'Count matching requests' }).click();
    const counted = page.getByText(/case requests match\./);
    await counted.waitFor();
    expect(await counted.textContent()).toContain(
      '"Reference value 1" \'   \' holds only spaces, so no such filter was sent: this export is not narrowed by it.',
    );
    expect(session.pageErrors).toEqual([]);
  });
});
