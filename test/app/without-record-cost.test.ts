/**
 * Creates Trackops answered without their record (a 201 with only a Location) cost a read each, and
 * the CLI's summary says so once ("Trackops answered 3 creates without the request they made: …"),
 * while the app's results said nothing of it. Now they say the same sentence, with why the send took
 * longer. Browser mode in Debian's Chromium, a profile on a proxy in front of the sandbox that answers
 * every create 201 with an empty body and the new request's address; rows written by Python's csv
 * module, the sample template loaded as a template file.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdId, startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { makeRows } from '../batch/helpers.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));

let session: BrowserSession;
let proxy: AnsweringProxy;
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  proxy = await startAnsweringProxy(session.app.sandbox.baseUrl, ({ method }) =>
    method === 'POST'
      ? (answer) => ({
          status: 201,
          headers: { location: `/api/v1/case/requests/${createdId(answer)}` },
          body: '',
        })
      : 'forward',
  );
  await useAccountAt(session, 'Acme', proxy.baseUrl);
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await session?.close();
});

describe('creates answered without their record', { timeout: 180_000 }, () => {
  it('rule: the results say what reading them cost, in the words of the CLI summary', async () => {
    const { page } = session;
    const file = join(await mkdtemp(join(tmpdir(), 'app-without-record-')), 'three.csv');
    makeRows(file, 3, 'WRC');
    await checkWithTemplate(page, file, TEMPLATE, 3);
    await page.getByRole('button', { name: 'Send 3 rows' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });

    await page
      .getByText(
        "Trackops answered 3 creates without the request they made: 3 were read where the answer's Location said (1 request more each). That is why this send took longer than its rows alone would have.",
      )
      .waitFor();
    // What it says is what was sent: one read at each Location.
    expect(proxy.count('GET', /\/case\/requests\/\d+$/)).toBe(3);
    expect(session.pageErrors).toEqual([]);
  });
});
