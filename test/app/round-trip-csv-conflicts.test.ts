/**
 * A round-trip CSV exported from the app, edited by a clerk, brought back in the app's Import, after a
 * colleague changed requests in Trackops. Before, the dry run said every such request "would change"
 * and the send put each colleague's note back as exported. Now the dry run names each as a conflict
 * (changed since the export, both stamps), the send leaves them out, and only the clerk's edit of an
 * unchanged request is written. Browser mode in Debian's Chromium against the sandbox; the export
 * edited with Python's csv module; the colleague's edits made through the sandbox's API over HTTP.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../sandbox/index.ts';
import { runPython } from '../helpers/run-python.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';

// The notes of requests 5 and 6, as a clerk types them; the rest of the file as exported.
const EDIT = `
import csv, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    rows = list(csv.reader(f))
notes = rows[0].index('notes')
for row in rows[1:]:
    if row[0] in ('5', '6'):
        row[notes] = 'Clerk: adjuster wants a rush'
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    csv.writer(f).writerows(rows)
`;

let session: BrowserSession;
let dir: string;
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-round-trip-csv-conflicts-'));
  session = await openBrowserSession({
    log: () => {},
    sandbox: { rate: 1000, onRequest: (entry) => log.push(entry) },
  });
}, 120_000);
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

/** A colleague's edit of a request's notes, made in Trackops after the export. */
async function colleagueEdits(id: number, notes: string): Promise<void> {
  const sandbox = session.app.sandbox;
  const response = await fetch(`${sandbox.baseUrl}/case/requests/${id}`, {
    method: 'PUT',
    headers: {
      authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ casefile_request: { notes } }),
  });
  expect(response.ok).toBe(true);
}

describe('a round-trip CSV brought back after a colleague’s edits', { timeout: 180_000 }, () => {
  it('rule: the dry run names each request changed since the export as a conflict, and the send leaves it', async () => {
    const { page } = session;
    const stored = (id: number) => session.app.sandbox.account().case_requests.find((r) => r.id === id)!;
    const requests = session.app.sandbox.account().case_requests.length;
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
    await page.getByRole('button', { name: 'Any date' }).click();
    await page.getByLabel('Columns').selectOption('round-trip');
    await page.getByRole('radio', { name: 'CSV' }).check();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const save = page.getByRole('button', { name: 'Save the file' });
    await save.waitFor({ timeout: 60_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
    const exported = join(dir, 'exported.csv');
    await download.saveAs(exported);
    const edited = join(dir, 'edited.csv');
    runPython(EDIT, [exported, edited]);
    // Meanwhile, in Trackops: request 6 (which the clerk edited too) and 7 (which the clerk did not).
    await colleagueEdits(6, 'Colleague: claimant moved');
    await colleagueEdits(7, 'Colleague: adjuster assigned');

    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', edited);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByText(/a request changed in Trackops since the export is a conflict, not sent/).waitFor();
    const sentFrom = log.length;
    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    await page
      .getByText(`1 request would change: Notes on 1 row; ${requests - 3} rows would change nothing`)
      .waitFor({ timeout: 60_000 });
    const conflict = page.getByText(
      /REQ-00006 \(id 6\) was changed in Trackops after this file was exported/,
    );
    await conflict.first().waitFor();
    await expect(page.locator('main').innerText()).resolves.toMatch(
      /REQ-00007 \(id 7\) was changed in Trackops after this file was exported/,
    );
    await screenshotIfAsked(page, 'round-trip-csv-conflicts', { fullPage: true });
    // No request per row: the dry run's stamps are its listing's.
    expect(log.slice(sentFrom).filter((entry) => /case\/requests\/\d+$/.test(entry.url))).toEqual([]);

    // A fix in the grid re-checks its row: the row keeps its stamp and is still a conflict (before, the
    // re-checked row had lost it and went out as an update over the colleague's note).
    // The stamp typed again as Excel writes it, and applied: the fixed row is checked again as the
    // pass checked it, stamp included, and is still a conflict (before, it went out as an update).
    const row8 = page.locator('.vgrid-row', { hasText: 'REQ-00007' });
    await row8.click();
    const stamp = page.getByRole('textbox', { name: /updated_at/ });
    const typed = (await stamp.inputValue()).replace(
      /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):\d{2}$/,
      (_all, y: string, m: string, d: string, h: string, min: string) => `${+m}/${+d}/${y} ${+h}:${min}`,
    );
    await stamp.fill(typed);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('.vgrid-row', { hasText: typed }).waitFor();
    await expect(page.locator('.vgrid-row', { hasText: typed }).innerText()).resolves.toMatch(
      /1 error\s+REQ-00007 \(id 7\) was changed in Trackops after this file was exported/,
    );
    await page.getByRole('button', { name: new RegExp(`^Next: send ${requests - 2} valid rows`) }).click();
    const writesFrom = log.length;
    // One row is written: the others would change nothing (the button counts the rows written).
    await page.getByRole('button', { name: 'Send 1 row', exact: true }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    const puts = log.slice(writesFrom).filter((entry) => entry.method === 'PUT');
    expect(puts.map((entry) => entry.url)).toEqual([expect.stringMatching(/case\/requests\/5$/)]);
    expect(stored(5).notes).toBe('Clerk: adjuster wants a rush');
    expect(stored(6).notes).toBe('Colleague: claimant moved');
    expect(stored(7).notes).toBe('Colleague: adjuster assigned');
    expect(session.pageErrors).toEqual([]);
  });
});
