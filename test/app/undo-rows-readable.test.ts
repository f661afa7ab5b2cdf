/**
 * The undo screen's rows read as sentences, whole, at the app's 1360 px window: each row's words came
 * from core as a fragment ("created by the import, with no change seen since …: close or delete
 * REQ-00002 in Trackops (the API cannot delete)") and were shown as they came, lower-case and without a
 * full stop; and its "What happens" cell, one line clipped at 280 px by the plain tables' style, cut a
 * long status ("Answered with a request that existed before: not known to be created by the import, do
 * not delete it") in the middle. Browser mode in Debian's Chromium, a profile on a proxy in front of the
 * sandbox that answers the first create with a request the sandbox held before (storing nothing), and
 * passes the others on; rows written by Python's csv module, the sample template loaded as a template
 * file.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnsweringProxy, type AnsweringProxy, type ProxyAnswer } from '../batch/answering-proxy.ts';
import { makeRows } from '../batch/helpers.ts';
import { call } from '../sandbox/helpers.ts';
import { openBrowserSession, screenshotsDir, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

let session: BrowserSession;
let proxy: AnsweringProxy;
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  const { sandbox } = session.app;
  const old = sandbox.account().case_requests[0]!;
  const held = await call(sandbox, 'GET', `/case/requests/${old.id}`);
  expect(held.status).toBe(200);
  // The first create answered with a request Trackops held before the send: not created by the import.
  const existing: ProxyAnswer = {
    status: 201,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(held.body),
  };
  proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method, path, nth }) =>
    method === 'POST' && /\/case\/requests$/.test(path) && nth === 1 ? existing : 'forward',
  );
  // The second look for a create that may have been made is 0.25 s after the first, not 10 s.
  await useAccountAt(session, 'Acme', proxy.baseUrl, { recheckAfterSeconds: 0.25 });
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await session?.close();
});

describe("the undo screen's rows", { timeout: 180_000 }, () => {
  it('rule: each row says what happens whole, and its words read as sentences', async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-undo-rows-readable-')), 'three.csv');
    makeRows(file, 3, 'URR');
    await checkWithTemplate(page, file, TEMPLATE, 3);
    await page.getByRole('button', { name: 'Send 3 rows' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Undo this import…' }).click();
    await page.getByText('Nothing has been sent yet.', { exact: false }).waitFor({ timeout: 60_000 });
    const table = page.getByRole('table', { name: 'Requests of this import' });
    await table.waitFor();
    await page.screenshot({ path: `${screenshotsDir()}undo-rows-readable.png`, fullPage: true });

    // Every row's "What happens", shown whole: nothing of it is clipped by its cell.
    const cells = await table.locator('tbody tr').evaluateAll((rows) =>
      rows.map((row) => {
        const cell = row.children[2] as HTMLElement;
        return { text: cell.innerText, clipped: cell.scrollWidth > cell.clientWidth };
      }),
    );
    expect(cells.map((cell) => cell.text)).toEqual([
      'Answered with a request that existed before: not known to be created by the import, do not delete it',
      'Created: close or delete it in Trackops',
      'Created: close or delete it in Trackops',
    ]);
    expect(cells.filter((cell) => cell.clipped)).toEqual([]);

    // Every row's words: a sentence, capitalised and ended.
    const words = await table.locator('tbody tr td:nth-child(4) .small').allInnerTexts();
    expect(words).toHaveLength(3);
    expect(words[0]).toMatch(
      /^Not known to be created by the import: Trackops answered its create with REQ-\d+/,
    );
    expect(words[1]).toMatch(/^Created by the import, with no change seen since/);
    for (const text of words) expect(text).toMatch(/^[A-Z][\s\S]*\.$/);
    expect(session.pageErrors).toEqual([]);
  });
});
