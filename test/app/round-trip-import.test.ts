/**
 * The app's own round-trip export comes back in through the app's Import, by core's round-trip path
 * (the CLI's `validate FILE` / `import FILE`), never as a plain update file (report 4, item 1: read so,
 * a colleague's change made since the export was overwritten and counted as the clerk's edit).
 * Driven in Chromium against the sandbox: export with the round-trip columns, edit with ExcelJS, a
 * colleague changes a request through the API, bring the file back: the sheet and mapping steps are
 * skipped, the dry run shows the conflict and the edit, the send writes only the clerk's cell, and a
 * file from another account is refused naming both, before any request.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../sandbox/stats.ts';
import type { DryRunPage, DryRunStarted, SourceView } from '../../main/bridge/contract.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { callVerb, openFile, post } from './http-bridge.ts';

let session: BrowserSession;
let dir: string;
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-round-trip-'));
  session = await openBrowserSession({
    log: () => {},
    sandbox: { rate: 1000, onRequest: (entry) => log.push(entry) },
  });
}, 120_000);
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

/** The app's export with the round-trip columns, saved where the test can edit it. */
async function exportRoundTrip(): Promise<ExcelJS.Workbook> {
  const { page } = session;
  await page.getByRole('tab', { name: 'Export' }).click();
  await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
  await page.getByRole('button', { name: 'Any date' }).click();
  await page.getByLabel('Columns').selectOption('round-trip');
  await expect
    .poll(() => page.locator('main').innerText())
    .toContain("Bring the edited .xlsx back in this app's Import");
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

/** Sets the `column` cell of the row of request `id` on the data sheet. */
function edit(book: ExcelJS.Workbook, id: number, column: string, value: string): void {
  const sheet = book.getWorksheet('Case Requests')!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  sheet.eachRow((row) => {
    if (String(row.getCell(headers.indexOf('id')).value) === String(id))
      row.getCell(headers.indexOf(column)).value = value;
  });
}

describe("the app's Import and a round-trip export", { timeout: 180_000 }, () => {
  it('previews and sends only the clerk’s edited cell; a colleague’s change since the export is a conflict, kept', async () => {
    const { page, app } = session;
    const account = app.sandbox;
    const book = await exportRoundTrip();
    const info = new Map<string, string>();
    book.getWorksheet('Export info')!.eachRow((row) => {
      info.set(String(row.getCell(1).value), String(row.getCell(2).value));
    });
    expect(info.get('Columns')).toContain("import it back in the app's Import");
    expect(info.get('Columns')).not.toContain('does not import it back');

    // The clerk edits the notes of requests 5 and 3; a colleague changed request 3 in Trackops meanwhile.
    const before5 = account.account().case_requests.find((request) => request.id === 5)!;
    edit(book, 5, 'notes', 'CLERK: call adjuster first');
    edit(book, 3, 'notes', 'CLERK: old plan');
    const edited = join(dir, 'rt-edited.xlsx');
    await book.xlsx.writeFile(edited);
    const colleague = await fetch(`${account.baseUrl}/case/requests/3`, {
      method: 'PUT',
      headers: {
        Authorization: `Basic ${Buffer.from(`${account.username}/token:${account.token}`).toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ casefile_request: { notes: 'COLLEAGUE: subject moved to Boise' } }),
    });
    expect(colleague.ok).toBe(true);

    const chosenAt = log.length;
    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', edited);
    // Recognised and said so; no sheet or mapping step.
    await page
      .getByText(
        /^Round-trip export made .* from built-in sandbox at .*: only the cells you edited are sent\.$/,
      )
      .first()
      .waitFor();
    await page.getByRole('heading', { name: 'Dry run: every row checked, nothing sent' }).waitFor();
    expect(await page.getByRole('heading', { name: /Which sheet/ }).count()).toBe(0);
    const steps = page.getByRole('list', { name: 'Import steps' }).getByRole('listitem');
    await expect(steps.allInnerTexts()).resolves.toEqual([
      '1File',
      '2Sheet and header · not needed',
      '3Columns · not needed',
      '4Dry run',
      '5Send and results',
    ]);
    const counts = page.getByLabel('Round trip counts');
    await counts.waitFor();
    const stat = (words: string) => counts.locator('.stat', { hasText: words }).locator('.n').innerText();
    await expect(stat('edited since the export')).resolves.toBe('2');
    await expect(stat('to send (edited cells only)')).resolves.toBe('1');
    await expect(stat('conflicts: changed in Trackops since the export')).resolves.toBe('1');
    await expect(stat('refused')).resolves.toBe('0');
    await expect(stat('not edited (nothing sent)')).resolves.toBe(
      String(account.account().case_requests.length - 2),
    );
    await page.getByText(/^1 request would change: Notes on 1 row/).waitFor();
    // Row 5's change preview: the value it replaces, read from Trackops.
    await page.locator('.vgrid-row', { hasText: 'CLERK: call adjuster first' }).click();
    const list = page.getByRole('list', { name: /^What row \d+ would change$/ });
    await expect(list.textContent()).resolves.toBe(
      `Notes: ${before5.notes || '(empty)'} → CLERK: call adjuster first`,
    );
    // Row 3: the conflict, shown, with nothing to fix in the app.
    await page.locator('.vgrid-row', { hasText: 'CLERK: old plan' }).click();
    await page.getByRole('heading', { name: /^Row \d+: not sent$/ }).waitFor();
    expect(await page.getByRole('textbox', { name: /^New value for/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Leave this row out/ }).count()).toBe(0);
    await screenshotIfAsked(page, 'round-trip-dry-run', { fullPage: true });
    // The dry run wrote nothing, and read each edited request once (validate FILE's requests).
    const dryRunRequests = log.slice(chosenAt);
    expect(dryRunRequests.filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect(
      dryRunRequests.filter((entry) => /\/case\/requests\?/.test(entry.url)).map((entry) => entry.url),
    ).toEqual([expect.stringMatching(/[?&]id=3(&|$)/), expect.stringMatching(/[?&]id=5(&|$)/)]);

    const sendAt = log.length;
    await page.getByRole('button', { name: 'Next: send 1 valid row' }).click();
    await page.getByRole('heading', { name: 'Send to Trackops' }).waitFor();
    await page.getByRole('button', { name: 'Send 1 row' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    const results = page.getByLabel('Round trip results');
    await results.waitFor();
    await expect(results.locator('.stat', { hasText: 'conflicts' }).locator('.n').innerText()).resolves.toBe(
      '1',
    );
    const conflicts = page.getByRole('table', { name: 'Rows changed in Trackops since the export' });
    await expect(conflicts.getByRole('row').count()).resolves.toBe(2);
    const written = page.getByRole('table', { name: 'Rows written to Trackops' });
    await expect(written.getByRole('cell', { name: 'Updated' }).count()).resolves.toBe(1);
    // Request 5 was not read before sending (the count and the listing of changed requests sufficed):
    // said, since Undo cannot put back what was not kept.
    await page.getByText(/^1 edited row was sent without first reading the values it replaced/).waitFor();
    await screenshotIfAsked(page, 'round-trip-results', { fullPage: true });

    // Only the clerk's cell was sent: one write, to request 5, holding only its notes.
    const writes = log.slice(sendAt).filter((entry) => entry.method !== 'GET');
    expect(writes.map((entry) => `${entry.method} ${entry.url.split('?')[0]}`)).toEqual([
      'PUT /api/v1/case/requests/5',
    ]);
    const requests = account.account().case_requests;
    expect(requests.find((request) => request.id === 3)!.notes).toBe('COLLEAGUE: subject moved to Boise');
    const after5 = requests.find((request) => request.id === 5)!;
    expect(after5.notes).toBe('CLERK: call adjuster first');
    expect({ ...after5, notes: before5.notes, updated_at: before5.updated_at }).toEqual(before5);
    expect(session.pageErrors).toEqual([]);
  });

  it('refuses a file exported from another account, naming both, before any request', async () => {
    const { page } = session;
    await page.reload();
    const book = await exportRoundTrip();
    edit(book, 5, 'notes', 'CLERK: from the other account');
    const meta = book.getWorksheet('_trackops_round_trip')!;
    let relabelled = 0;
    meta.eachRow((row) => {
      if (String(row.getCell(1).value) === 'account') {
        row.getCell(2).value = 'https://acme.viewcases.com/api/v1 as clerk';
        relabelled += 1;
      }
    });
    expect(relabelled).toBe(1);
    const other = join(dir, 'rt-other-account.xlsx');
    await book.xlsx.writeFile(other);

    const chosenAt = log.length;
    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', other);
    const refusal = page.getByText(/rt-other-account\.xlsx was exported from/);
    await refusal.waitFor();
    const words = await refusal.innerText();
    expect(words).toContain('https://acme.viewcases.com/api/v1');
    expect(words).toContain('not from built-in sandbox');
    expect(words).toContain('nothing was sent');
    expect(await page.getByRole('heading', { name: /Dry run/ }).count()).toBe(0);
    expect(log.slice(chosenAt)).toEqual([]);
    await screenshotIfAsked(page, 'round-trip-other-account');
    expect(session.pageErrors).toEqual([]);
  });

  it('checks again just before sending: a change made after the dry run is a conflict, nothing is sent', async () => {
    const { page, app } = session;
    const account = app.sandbox;
    await page.reload();
    const book = await exportRoundTrip();
    edit(book, 7, 'notes', 'CLERK: late edit');
    const late = join(dir, 'rt-late.xlsx');
    await book.xlsx.writeFile(late);
    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', late);
    await page.getByRole('button', { name: 'Next: send 1 valid row' }).waitFor();
    // The colleague's change lands between the dry run and the send.
    const colleague = await fetch(`${account.baseUrl}/case/requests/7`, {
      method: 'PUT',
      headers: {
        Authorization: `Basic ${Buffer.from(`${account.username}/token:${account.token}`).toString('base64')}`,
        'Content-Type': 'application/json',
      },
      body: JSON.stringify({ casefile_request: { notes: 'COLLEAGUE: after your check' } }),
    });
    expect(colleague.ok).toBe(true);
    const sendAt = log.length;
    await page.getByRole('button', { name: 'Next: send 1 valid row' }).click();
    await page.getByRole('button', { name: 'Send 1 row' }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    const conflicts = page.getByRole('table', { name: 'Rows changed in Trackops since the export' });
    await expect(conflicts.innerText()).resolves.toContain('request 7 was changed in Trackops');
    expect(log.slice(sendAt).filter((entry) => entry.method !== 'GET')).toEqual([]);
    expect(account.account().case_requests.find((request) => request.id === 7)!.notes).toBe(
      'COLLEAGUE: after your check',
    );
    expect(session.pageErrors).toEqual([]);
  });

  it('main takes the round-trip path whatever mapping comes with the file, and refuses fixing its rows', async () => {
    const { app } = session;
    const book = await exportRoundTrip();
    edit(book, 9, 'notes', 'CLERK: through the bridge');
    const path = join(dir, 'rt-bridge.xlsx');
    await book.xlsx.writeFile(path);
    const opened: SourceView = await openFile(app, path);
    expect(opened.roundTrip?.exportedFrom).toMatch(/^built-in sandbox at /);
    // A plain update mapping of the same columns: main still checks the file as a round trip.
    const plain = { ...opened.roundTrip!.mapping, source: { sheet: 'Case Requests', headerRow: 1 } };
    const { runId } = await callVerb<DryRunStarted>(app, 'startDryRun', {
      sourceId: opened.sourceId,
      profileId: 'sandbox',
      mapping: plain,
    });
    let page: DryRunPage;
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      page = await callVerb<DryRunPage>(app, 'dryRunPage', {
        runId,
        offset: 0,
        limit: 50,
        onlyErrors: false,
      });
    } while (page.summary.state === 'running');
    expect(page.summary.state).toBe('done');
    expect(page.summary.roundTrip).toMatchObject({ edited: 1, changed: 1 });
    // Only the edited row is a row of the dry run (a plain update file would have every row).
    expect(page.rows.map((row) => row.targetId)).toEqual([9]);
    const fix = await post(app, 'fixCell', { runId, row: page.rows[0]!.row, column: 'notes', value: 'x' });
    expect(fix.json.error?.code).toBe('round_trip_row');
    expect(fix.json.error?.message).toContain(
      'Edit the cell in the file, save it, and choose the file again',
    );
    const leave = await post(app, 'leaveRowOut', { runId, row: page.rows[0]!.row, leave: true });
    expect(leave.json.error?.code).toBe('round_trip_row');
  });
});
