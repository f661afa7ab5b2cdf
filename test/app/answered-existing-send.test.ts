/**
 * A send whose creates Trackops answered with a request it already held, creating nothing (a server
 * that de-duplicates on its own): each row's note said so, but the results screen counted "2 created"
 * and said "2 case requests were written to Trackops". Now it counts them as the CLI's summary does
 * ("Created 2 (2 of them answered with a request Trackops held before…)"): in "created", and said apart,
 * with what to check. Real HTTP: browser mode in Debian's Chromium, a profile on a proxy in front of the
 * sandbox that answers every create with request 1 as it holds it; rows written by Python's csv module.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startExistingAnswerProxy, type RunningProxy } from '../batch/proxies.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { dryRunInBrowser, sendInBrowser, useAccountAt } from './send-in-browser.ts';
import { runPython } from '../helpers/run-python.ts';

const REFERRALS = fileURLToPath(new URL('../fixtures/app/bad-email.csv', import.meta.url));
// Its first two referrals (both valid).
const FIRST_TWO = `
import csv, sys
with open(sys.argv[1], encoding='utf-8', newline='') as f:
    rows = list(csv.reader(f))
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    csv.writer(f).writerows(rows[:3])
`;

let session: BrowserSession;
let proxy: RunningProxy;
let file = '';
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  const old = session.app.sandbox.account().case_requests[0]!;
  proxy = await startExistingAnswerProxy(session.app.sandbox.baseUrl, old.id);
  // The second look for a create that may have been made is 0.25 s after the first, not 10 s.
  await useAccountAt(session, 'Acme (answers with what it holds)', proxy.baseUrl, {
    recheckAfterSeconds: 0.25,
  });
  file = join(await mkdtemp(join(tmpdir(), 'app-answered-existing-')), 'two.csv');
  runPython(FIRST_TWO, [REFERRALS, file]);
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await session?.close();
});

describe('a send whose creates Trackops answered with requests it already held', { timeout: 120_000 }, () => {
  it('rule: counted in "created" as the CLI counts them, said apart, and not called written requests', async () => {
    const { page } = session;
    const before = session.app.sandbox.account().case_requests.length;
    await dryRunInBrowser(page, file, 2);
    await sendInBrowser(page, 2);
    await screenshotIfAsked(page, 'answered-existing', { fullPage: true });
    expect(session.app.sandbox.account().case_requests).toHaveLength(before);

    const stat = (label: string) => page.locator('.stat', { hasText: label }).locator('.n').innerText();
    await expect(stat('created')).resolves.toBe('2');
    await expect(stat('of them answered with a request')).resolves.toBe('2');
    await expect(page.getByText('case requests were written to Trackops').count()).resolves.toBe(0);
    await expect(
      page
        .getByText(/^2 rows were sent and counted as written\. Trackops answered all 2 with a request/)
        .innerText(),
    ).resolves.toContain(
      'they are not known to be created by this import. Check those requests in Trackops (“What happened” below names each); “Undo this import” leaves them alone.',
    );
    // The rows' notes say it in the app's words (no `revert`).
    const rows = page.getByRole('table', { name: 'Rows written to Trackops' });
    await expect(rows.textContent()).resolves.toContain('"Undo this import" leaves REQ-00001 alone');
    await expect(rows.textContent()).resolves.not.toContain('revert');
    // Not also counted among the rows with an unexpected answer of another kind.
    await expect(page.getByText(/answered something this tool did not expect/).count()).resolves.toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
