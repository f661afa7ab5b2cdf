/**
 * The results' "In doubt" rows said one sentence for a create and an update alike ("may be there
 * already … looks for it"). A create in doubt may have made a request, an update may have changed one:
 * each row now says which write is in doubt, what may have happened, what "Send the remaining" does for
 * it and from when it decides at once, and what to check in Trackops now. The write is put in doubt by
 * a sign-in gateway answering it with its login page (200 text/html: not the API's answer), through a
 * proxy in front of the sandbox; browser mode in Debian's Chromium.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnsweringProxy, type AnsweringProxy, type ProxyAnswer } from '../batch/answering-proxy.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate, useAccountAt } from './send-in-browser.ts';
import { sendUndoUpdates, undoRequests } from './undo-updates.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));
/** A sign-in gateway's login page in place of the API's answer (the write may or may not have landed). */
const LOGIN_PAGE: ProxyAnswer = {
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: '<!doctype html><html><head><title>Sign in - Acme SSO</title></head><body>Sign in</body></html>',
};

let session: BrowserSession;
let page: Page;
let proxy: AnsweringProxy;
/** The write to answer with the login page: its method and which one of them (1 for the first). */
let pageFor: { method: string; nth: number } | null = null;

beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  page = session.page;
  proxy = await startAnsweringProxy(session.app.sandbox.baseUrl, ({ method, nth }) =>
    // Forwarded (so the write lands), then answered with the login page.
    pageFor && method === pageFor.method && nth === pageFor.nth ? () => LOGIN_PAGE : 'forward',
  );
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await session?.close();
});

/** The in-doubt rows' table, row number → its words. */
async function inDoubtRows(): Promise<Map<string, string>> {
  const table = page.getByRole('table', { name: /^Rows in doubt/ });
  await table.waitFor({ timeout: 60_000 });
  const rows = new Map<string, string>();
  for (const line of await table.locator('tbody tr').all())
    rows.set(await line.locator('td').nth(0).innerText(), await line.locator('td').nth(1).innerText());
  return rows;
}

const TIME = '\\d{2}:\\d{2}:\\d{2}';

describe(
  'a row in doubt says whether its create or its update is in doubt, and from when',
  { timeout: 180_000 },
  () => {
    it('rule: a create in doubt says a request may have been made, that it is looked for first, and from when', async () => {
      const file = join(await mkdtemp(join(tmpdir(), 'app-in-doubt-')), 'five.csv');
      makeRows(file, 5, 'IDR');
      pageFor = { method: 'POST', nth: proxy.count('POST') + 3 };
      await checkWithTemplate(page, file, TEMPLATE, 5);
      await page.getByRole('button', { name: 'Send 5 rows' }).click();
      const rows = await inDoubtRows();
      // File row 4: the third data row, whose create was answered with the login page.
      expect([...rows.keys()]).toEqual(['4']);
      expect(rows.get('4')).toMatch(
        new RegExp(
          `^Its create left at ${TIME}, and Trackops gave no answer that says whether it stored it: a request for this row may be in Trackops already\\. Nothing was sent after it\\. “Send the remaining” looks for it in Trackops first and creates it only if it is not there, never twice\\. From ${TIME} it decides at once; started sooner, it waits until then, as Trackops may still be storing it\\. To know now, look in Trackops for a request for this row received since ${TIME}\\.$`,
        ),
      );
      // It did land: one request for it, and none for the rows after it.
      expect(storedByReference(session.app.sandbox.account(), 'IDR').size).toBe(3);
      expect(session.pageErrors).toEqual([]);
    });

    it('rule: an update in doubt names its request, says it is read back and compared first, and from when', async () => {
      await page.getByRole('button', { name: 'Import another file' }).click();
      // The second of the fixture's three updates is answered with the login page.
      pageFor = { method: 'PUT', nth: proxy.count('PUT') + 2 };
      const second = undoRequests(session.app.sandbox)[1]!;
      await sendUndoUpdates(page, session.app.sandbox).catch(() => {
        // Not every update lands (the send stops at the second): the results are what this test reads.
      });
      const rows = await inDoubtRows();
      expect(rows.size).toBe(1);
      const [message] = [...rows.values()];
      const request = `request ${second.id}`;
      expect(message).toMatch(
        new RegExp(
          `^Its change to ${request} left at ${TIME}, and Trackops gave no answer that says whether it saved it: ${request} may hold this row's new values already, or still the old ones\\. Nothing was sent after it\\. “Send the remaining” reads ${request} back first and sends the change again only if it does not hold the row's values\\. From ${TIME} it decides at once; started sooner, it waits until then, as Trackops may still be storing it\\. To know now, open ${request} in Trackops and compare it with the row\\.$`,
        ),
      );
      expect(session.pageErrors).toEqual([]);
    });
  },
);
