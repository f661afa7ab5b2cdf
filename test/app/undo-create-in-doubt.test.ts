/**
 * "Undo this import" of a send that stopped with a create in doubt looks for that create in Trackops
 * (as the import's own finish would) before it says anything of it, but its check's line said only
 * the requests it checked for changes, neither the search nor what it took, and the row's words named "the import's own resume (send again)"
 * beside the app's “Send the remaining” button, under "Answered with a request that existed before".
 * Now the check's line says it looked for the create in doubt and what that took, counted at a proxy,
 * and the row is said in doubt and names the app's buttons. Browser mode in Debian's
 * Chromium, a profile on a proxy in front of the sandbox whose third create is answered with a
 * sign-in gateway's login page and never reaches Trackops; rows written by Python's csv module, the
 * sample template loaded as a template file.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnsweringProxy, type AnsweringProxy, type ProxyAnswer } from '../batch/answering-proxy.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { openBrowserSession, screenshotsDir, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));
/** A sign-in gateway's login page in place of the API's answer, the create kept from Trackops. */
const LOGIN_PAGE: ProxyAnswer = {
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: '<!doctype html><html><head><title>Sign in - Acme SSO</title></head><body>Sign in</body></html>',
};
const REQUESTS = /\/case\/requests(\?|$)/;

let session: BrowserSession;
let proxy: AnsweringProxy;
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  proxy = await startAnsweringProxy(session.app.sandbox.baseUrl, ({ method, nth }) =>
    method === 'POST' && nth === 3 ? LOGIN_PAGE : 'forward',
  );
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await session?.close();
});

describe('undoing a send that stopped with a create in doubt', { timeout: 180_000 }, () => {
  it("rule: the check says it looked for the create in doubt, and the row names the app's button", async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-undo-doubt-')), 'five.csv');
    makeRows(file, 5, 'UCD');
    await checkWithTemplate(page, file, TEMPLATE, 5);
    await page.getByRole('button', { name: 'Send 5 rows' }).click();
    await page.getByRole('table', { name: /^Rows in doubt/ }).waitFor({ timeout: 60_000 });
    expect(storedByReference(session.app.sandbox.account(), 'UCD').size).toBe(2);

    const listedBefore = proxy.count('GET', REQUESTS);
    await page.getByRole('button', { name: 'Undo this import…' }).click();
    await page.getByText('Nothing has been sent yet.', { exact: false }).waitFor({ timeout: 60_000 });
    const asked = proxy.count('GET', REQUESTS) - listedBefore;
    expect(asked).toBeGreaterThan(0);
    const requests = `${asked} ${asked === 1 ? 'request' : 'requests'}`;
    // The import's two creates are checked for changes, then the create in doubt looked for; every
    // request the proxy saw is counted in all.
    await expect(page.locator('p', { hasText: 'Nothing has been sent yet.' }).innerText()).resolves.toMatch(
      new RegExp(
        "\\(checking 2 requests for changes since the import: .*, then looking in Trackops for the import's create in doubt " +
          `\\(the requests created since it was sent, with its row's values: \\d+ requests?\\); ${requests} in all\\.\\)$`,
      ),
    );
    await page.screenshot({ path: `${screenshotsDir()}undo-create-in-doubt.png`, fullPage: true });

    const row = page
      .getByRole('table', { name: 'Requests of this import' })
      .locator('tr', { hasText: /^\s*4\b/ });
    const words = await row.innerText();
    expect(words).toContain(
      'Before undoing, “Send the remaining” on the import’s results would settle it by the same search, but it also sends the rows the import had not reached; once the undo has started it is refused.',
    );
    expect(words).toContain('In doubt: not known to be created by the import');
    expect(words).toContain(
      '“Undo this import” looked for it as “Send the remaining” would (the requests created since then',
    );
    expect(words).not.toMatch(/resume|revert|send again\)|existed before/);
    expect(session.pageErrors).toEqual([]);
  });
});
