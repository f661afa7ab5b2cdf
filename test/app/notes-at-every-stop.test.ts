/**
 * What a send met is never lost from its results, however it ends (rule: anything unexpected the server
 * says is reported in plain words):
 * - a send stopped by an error says the line a finished send says on creates Trackops answered without
 *   their record, and what reading them cost;
 * - a round trip whose check of its edited rows (just before sending) ends on an error says the round
 *   trip's notes (an exported row not in the file…) on its results, under the error, which a finished
 *   one says with its round-trip counts;
 * - a round trip's check on a server that ignores updated_from says so with its round-trip counts;
 * - a send refused before it sends anything, as another import of its rows seems to be running, says
 *   what its look for that import met (a filter the server ignores).
 * Browser mode in Debian's Chromium; profiles on a proxy in front of the sandbox that answers creates
 * with only a Location, or refuses the credentials (its 401 echoing the token, never to reach the
 * screen); rows written by Python's csv module, the round-trip file edited by ExcelJS.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdId, startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { makeRows } from '../batch/helpers.ts';
import { startLooseFilterProxy } from '../batch/proxies.ts';
import { sandboxApi } from '../export/sandbox-api.ts';
import { referralLike } from '../helpers/sandbox-api.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { checkWithTemplate, useAccountAt } from './send-in-browser.ts';

const TEMPLATE = fileURLToPath(new URL('../../samples/referrals-template.json', import.meta.url));
/** A 401's body that echoes the token it was sent, as a careless gateway's may. */
const refused = (token: string) => ({
  status: 401,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: `Invalid credentials (token ${token})` }),
});

let session: BrowserSession;
let proxy: AnsweringProxy;
let dir: string;
beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  proxy = await startAnsweringProxy(session.app.sandbox.baseUrl, () => 'forward');
  await useAccountAt(session, 'Stops', proxy.baseUrl);
  dir = await mkdtemp(join(tmpdir(), 'app-notes-at-every-stop-'));
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await session?.close();
});

/** The token is nowhere in the page, though the 401 echoed it. */
async function expectNoToken(): Promise<void> {
  expect(await session.page.content()).not.toContain(session.app.sandbox.token);
}

/** The app's export with the round-trip columns (the account in use), saved where the test edits it. */
async function exportRoundTrip(): Promise<ExcelJS.Workbook> {
  const { page } = session;
  await page.getByRole('tab', { name: 'Export' }).click();
  await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
  await page.getByRole('button', { name: 'Any date' }).click();
  await page.getByLabel('Columns').selectOption('round-trip');
  await page.getByRole('button', { name: 'Count matching requests' }).click();
  await page.getByText(/case requests match/).waitFor();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const save = page.getByRole('button', { name: 'Save the file' });
  await save.waitFor();
  const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
  const exported = join(dir, 'rt-export.xlsx');
  await download.saveAs(exported);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(exported);
  return book;
}

describe('a send that ends on an error', { timeout: 180_000 }, () => {
  it('rule: its results say the creates answered without their record, as a finished send’s do', async () => {
    const { page } = session;
    const token = session.app.sandbox.token;
    // The first create answered 201 with only a Location (read there), the next refused 401.
    proxy.answerWith(({ method, path, nth }) => {
      if (method !== 'POST' || !/\/case\/requests$/.test(path)) return 'forward';
      if (nth > 1) return refused(token);
      return (answer) => ({
        status: 201,
        headers: { location: `/api/v1/case/requests/${createdId(answer)}` },
        body: '',
      });
    });
    const file = join(dir, 'three.csv');
    makeRows(file, 3, 'AWR');
    await checkWithTemplate(page, file, TEMPLATE, 3);
    await page.getByRole('button', { name: 'Send 3 rows' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await page
      .locator('.notice', { hasText: /credentials|401/i })
      .first()
      .waitFor();
    await page
      .getByText(
        "Trackops answered 1 create without the request it made: 1 was read where the answer's Location said (1 request more each). That is why this send took longer than its rows alone would have.",
      )
      .waitFor();
    expect(proxy.count('GET', /\/case\/requests\/\d+$/)).toBe(1);
    await expectNoToken();
    expect(session.pageErrors).toEqual([]);
  });

  it('rule: a round trip whose check before sending is refused says its notes under the error', async () => {
    const { page } = session;
    const token = session.app.sandbox.token;
    proxy.answerWith(() => 'forward');
    await page.reload();
    const book = await exportRoundTrip();
    // The clerk edits one request's notes and deletes another's row (deleting deletes nothing: said).
    const sheet = book.getWorksheet('Case Requests')!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    sheet.getRow(2).getCell(headers.indexOf('notes')).value = 'CLERK: edited';
    sheet.spliceRows(4, 1);
    const edited = join(dir, 'rt-edited.xlsx');
    await book.xlsx.writeFile(edited);

    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', edited);
    await page.getByRole('heading', { name: 'Dry run: every row checked, nothing sent' }).waitFor();
    const next = page.getByRole('button', { name: 'Next: send 1 valid row' });
    await next.and(page.locator(':not([disabled])')).waitFor({ timeout: 60_000 });
    await next.click();
    await page.getByRole('heading', { name: 'Send to Trackops' }).waitFor();
    // The credentials refused to every reading of the account's requests from now on: the send's check.
    proxy.answerWith(({ method, path }) =>
      method === 'GET' && /\/case\/requests(\?|$)/.test(path) ? refused(token) : 'forward',
    );
    const before = session.app.sandbox.account().case_requests.map((request) => request.notes);
    await page.getByRole('button', { name: 'Send 1 row' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    await page
      .locator('.notice', { hasText: /credentials|401/i })
      .first()
      .waitFor();
    const missing = page.getByText(/^1 exported row is not in the file/);
    await missing.waitFor();
    expect(await missing.count()).toBe(1);
    expect(proxy.count('PUT')).toBe(0);
    expect(session.app.sandbox.account().case_requests.map((request) => request.notes)).toEqual(before);
    await expectNoToken();
    await page.screenshot({ path: join(dir, 'round-trip-stopped.png'), fullPage: true });
    expect(session.pageErrors).toEqual([]);
  });

  it('rule: refused as another import of its rows running, it says what its look for that import met', async () => {
    const { page } = session;
    const sandbox = session.app.sandbox;
    const direct = sandboxApi(sandbox);
    const one = sandbox.account().case_requests[0]!;
    // Another computer imported the file's first two rows minutes ago (no journal here knows them).
    for (const claim of ['AKB-0000', 'AKB-0001'])
      await direct.createCaseRequest(referralLike(one as never, claim));
    // This app's account is on a server that ignores created_from_system.
    const loose = await startLooseFilterProxy(sandbox.baseUrl, 'created_from_system');
    try {
      await useAccountAt(session, 'Loose', loose.baseUrl);
      const file = join(dir, 'six.csv');
      makeRows(file, 6, 'AKB');
      await page.getByRole('tab', { name: 'Import' }).click();
      await checkWithTemplate(page, file, TEMPLATE, 4);
      await page.getByRole('button', { name: 'Send 4 rows' }).click();
      // While it waits before its second look, the other computer adds the third row's claim.
      await page
        .getByText(/^Waiting \d+ s before sending anything/)
        .first()
        .waitFor({ timeout: 60_000 });
      await direct.createCaseRequest(referralLike(one as never, 'AKB-0002'));
      await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
      await page
        .locator('.notice', { hasText: /seems to be running now/ })
        .first()
        .waitFor();
      const said = page.getByText(
        /^In the second look for this file's rows being added by another import, Trackops's list gave REQ-\d+/,
      );
      await said.waitFor();
      expect(await said.count()).toBe(1);
      expect(await said.innerText()).toMatch(/the server seems to ignore that filter/);
      // Nothing was sent: the third claim is held once, by the other computer's create.
      expect(
        sandbox.account().case_requests.filter((request) => request.reference_value_1 === 'AKB-0002'),
      ).toHaveLength(1);
      await page.screenshot({ path: join(dir, 'another-import-running.png'), fullPage: true });
      expect(session.pageErrors).toEqual([]);
    } finally {
      await loose.close();
    }
  });

  it("rule: a round trip's check on a server that ignores updated_from says so on its results", async () => {
    const { page } = session;
    const loose = await startLooseFilterProxy(session.app.sandbox.baseUrl, 'updated_from');
    try {
      await useAccountAt(session, 'Loose updates', loose.baseUrl);
      const book = await exportRoundTrip();
      // Three edited rows: more than the listing's one page, so the send's check lists what changed since.
      const sheet = book.getWorksheet('Case Requests')!;
      const headers = (sheet.getRow(1).values as unknown[]).map(String);
      for (const row of [2, 3, 4]) sheet.getRow(row).getCell(headers.indexOf('notes')).value = `CLERK ${row}`;
      const edited = join(dir, 'rt-three.xlsx');
      await book.xlsx.writeFile(edited);
      await page.getByRole('tab', { name: 'Import' }).click();
      await page.setInputFiles('#file-input', edited);
      const next = page.getByRole('button', { name: 'Next: send 3 valid rows' });
      await next.and(page.locator(':not([disabled])')).waitFor({ timeout: 60_000 });
      await next.click();
      await page.getByRole('button', { name: 'Send 3 rows' }).click();
      await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
      const results = page.getByLabel('Round trip results');
      await results.waitFor();
      const said = results.getByText(
        /^In the check of the edited rows for changes made in Trackops since the export, Trackops's list gave REQ-\d+/,
      );
      await said.waitFor();
      expect(await said.count()).toBe(1);
      expect(await said.innerText()).toMatch(/the server seems to ignore that filter/);
      expect(session.pageErrors).toEqual([]);
    } finally {
      await loose.close();
    }
  });
});
