/**
 * A round trip whose file holds an edit the update cannot make, sent from the app (explored): the
 * clerk typed a new budget (a column the Trackops update cannot change) and a note on another request;
 * the results said "1 refused (see the rows)" and "1 not sent (errors)", but listed no refused row: only
 * the dry run, left behind, had named it. Now the results list each refused row with why, as they list
 * the conflicts. "Undo this import…" said of the row sent that the import had said so "before sending",
 * which the app says on the results, after the send. Browser mode in Debian's Chromium against the sandbox; the export edited with openpyxl.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../helpers/run-python.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { exportRoundTripInApp } from './export-in-app.ts';

// The budget of the first request and the notes of the second, as a clerk types them.
const EDIT = `
import openpyxl, sys
book = openpyxl.load_workbook(sys.argv[1])
sheet = book['Case Requests']
headers = [cell.value for cell in sheet[1]]
sheet.cell(row=2, column=headers.index('budget_money') + 1).value = 999.99
sheet.cell(row=3, column=headers.index('notes') + 1).value = 'Clerk: adjuster wants a rush'
book.save(sys.argv[2])
`;

let session: BrowserSession;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-round-trip-refused-'));
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
}, 120_000);
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the results of a round trip with a refused row', { timeout: 180_000 }, () => {
  it('rule: the results name each refused row and why, not only count it', async () => {
    const { page } = session;
    const exported = join(dir, 'exported.xlsx');
    await exportRoundTripInApp(page, exported);
    const edited = join(dir, 'edited.xlsx');
    runPython(EDIT, [exported, edited]);

    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', edited);
    await page.getByRole('button', { name: 'Next: send 1 valid row' }).click({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Send 1 row' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    const counts = page.getByLabel('Round trip results');
    await expect(counts.locator('.stat', { hasText: 'refused' }).locator('.n').innerText()).resolves.toBe(
      '1',
    );
    await screenshotIfAsked(page, 'round-trip-refused-results', { fullPage: true });
    const refused = page.getByRole('table', { name: 'Round-trip rows refused' });
    await expect(refused.locator('tbody tr').count()).resolves.toBe(1);
    const [row, why] = await refused.locator('tbody td').allInnerTexts();
    expect(row).toBe('2');
    expect(why).toContain('budget_money');
    expect(why).toContain('the Trackops update cannot change it');

    // The row sent without its request read cannot be put back; its words do not claim the app said so
    // before sending (the results say it, after the send).
    await page.getByRole('button', { name: 'Undo this import…' }).click();
    await page.getByRole('heading', { name: 'Undo this import' }).waitFor();
    const undo = page.getByRole('table', { name: 'Requests of this import' });
    await undo.getByText('Cannot be put back', { exact: true }).waitFor({ timeout: 60_000 });
    const words = await undo.innerText();
    expect(words).toContain('whose request had not changed since the export, as the import said');
    expect(words).not.toContain('before sending');
    // Nothing of this import can be checked (its one update kept no value from before): the screen
    // says so, not that Trackops is checked "request by request" with "(no request to check.)".
    const lead = await page.locator('p', { hasText: 'Nothing has been sent yet.' }).innerText();
    expect(lead).toBe(
      'Nothing this import wrote can be checked against Trackops: each row below says why it cannot be put back. Nothing has been sent yet.',
    );
    expect(session.pageErrors).toEqual([]);
  });
});
