/**
 * The app's own round-trip export is refused by the app's Import (report 4, item 1: read as a plain
 * update file, every exported value that differed from Trackops was sent back, so a colleague's change
 * made since the export was overwritten and counted as the clerk's edit). Until the app has core's
 * round-trip path, the file is refused at the first step, pointing to the command-line import; the
 * Export screen and the file's "Export info" sheet say so too, naming no CLI flag the app has not.
 * Driven in Chromium: export with the round-trip columns, edit with ExcelJS, bring the file back.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';

let session: BrowserSession;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-round-trip-'));
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
}, 120_000);
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("the app's Import and a round-trip export", { timeout: 120_000 }, () => {
  it('refuses the file at the first step, pointing to the command-line import; nothing can be sent', async () => {
    const { page, app } = session;
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
    await page.getByRole('button', { name: 'Any date' }).click();
    await page.getByLabel('Columns').selectOption('round-trip');
    await expect
      .poll(() => page.locator('main').innerText())
      .toContain('this app does not import it back yet');
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
    const info = new Map<string, string>();
    book.getWorksheet('Export info')!.eachRow((row) => {
      info.set(String(row.getCell(1).value), String(row.getCell(2).value));
    });
    expect(info.get('Tool')).toBe('trackops-bulk desktop app (Export screen)');
    expect(info.get('Columns')).toContain('import with the command-line tool: trackops-bulk import FILE');
    expect(info.get('Columns')).not.toContain('--mode');

    // The clerk edits request 5; a colleague changed request 3 in Trackops meanwhile.
    const sheet = book.getWorksheet('Case Requests')!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    sheet.eachRow((row) => {
      if (String(row.getCell(headers.indexOf('id')).value) === '5')
        row.getCell(headers.indexOf('notes')).value = 'CLERK: call adjuster first';
    });
    const edited = join(dir, 'rt-edited.xlsx');
    await book.xlsx.writeFile(edited);
    const account = app.sandbox;
    const colleague = await fetch(`${account.baseUrl}/case/requests/3`, {
      method: 'PUT',
      headers: {
        Authorization: `Basic ${Buffer.from(`${account.username}/token:${account.token}`).toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ casefile_request: { notes: 'COLLEAGUE: subject moved to Boise' } }),
    });
    expect(colleague.ok).toBe(true);

    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', edited);
    const refusal = page.getByText(/rt-edited\.xlsx is a round-trip export/);
    await refusal.waitFor();
    const words = await refusal.innerText();
    expect(words).toContain('overwriting changes made in Trackops since the export');
    expect(words).toContain('trackops-bulk import "rt-edited.xlsx"');
    expect(await page.getByRole('heading', { name: /Which sheet/ }).count()).toBe(0);
    expect(account.account().case_requests.find((request) => request.id === 3)!.notes).toBe(
      'COLLEAGUE: subject moved to Boise',
    );
    expect(account.account().case_requests.find((request) => request.id === 5)!.notes).not.toBe(
      'CLERK: call adjuster first',
    );
    expect(session.pageErrors).toEqual([]);
  });
});
