/**
 * The dry run's Status column for an update of a request whose id has six digits, as a real account's
 * are (explored with four: "Update #1046" showed as "Update #1…", its number cut and no tooltip to read
 * it). Now the column fits the status of a request id up to six digits in bold. Browser mode in
 * Debian's Chromium against a sandbox whose requests are numbered from 104,500; a round-trip export of
 * it, its notes edited with openpyxl, brought back in the app's Import.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount } from '../../sandbox/index.ts';
import { runPython } from '../helpers/run-python.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { exportRoundTripInApp } from './export-in-app.ts';

// The notes of the first three requests, as a clerk types them.
const EDIT = `
import openpyxl, sys
book = openpyxl.load_workbook(sys.argv[1])
sheet = book['Case Requests']
notes = [cell.value for cell in sheet[1]].index('notes') + 1
for row in (2, 3, 4):
    sheet.cell(row=row, column=notes).value = f'Clerk: call back ({row})'
book.save(sys.argv[2])
`;

let session: BrowserSession;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-grid-status-width-'));
  const account = await loadDemoAccount();
  for (const [index, request] of account.case_requests.entries()) request.id = 104_500 + index;
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000, account } });
}, 120_000);
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the Status column of a request with a six-digit id', { timeout: 180_000 }, () => {
  it('rule: "Update #104500" shows whole', async () => {
    const { page } = session;
    const exported = join(dir, 'exported.xlsx');
    await exportRoundTripInApp(page, exported);
    const edited = join(dir, 'edited.xlsx');
    runPython(EDIT, [exported, edited]);

    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', edited);
    await page.getByRole('button', { name: 'Next: send 3 valid rows' }).waitFor({ timeout: 60_000 });
    const statuses = page.locator('.vgrid-row .vcell.pin-last');
    await statuses.first().waitFor();
    await screenshotIfAsked(page, 'grid-status-width');
    const shown = await statuses.evaluateAll((cells) =>
      cells.map((cell) => ({ text: cell.textContent, cut: cell.scrollWidth > cell.clientWidth })),
    );
    expect(shown.map((cell) => cell.text)).toEqual(['Update #104500', 'Update #104501', 'Update #104502']);
    expect(shown.filter((cell) => cell.cut)).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  });
});
