/**
 * The send step of an update whose dry run found rows that would change nothing (explored: a round-trip
 * CSV exported from the app and brought back with one note edited; every row mapped as an update). The
 * dry run said "1 request would change; 35 rows would change nothing", then the send step said "36 valid
 * rows will be sent", and the results "1 case request was written": the rows that change nothing are not
 * sent unless asked. Now the send step says how many are sent and how many are not, and says all are
 * once "Also send the rows that would change nothing" is ticked. Browser mode in Debian's Chromium
 * against the sandbox; the export edited with Python's csv module.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../sandbox/index.ts';
import { runPython } from '../helpers/run-python.ts';
import { openBrowserSession, screenshotIfAsked, type BrowserSession } from './browser-harness.ts';
import { exportRoundTripInApp } from './export-in-app.ts';

// The notes of the request with id 5, as a clerk types them; the rest of the file as exported.
const EDIT = `
import csv, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    rows = list(csv.reader(f))
notes = rows[0].index('notes')
for row in rows[1:]:
    if row[0] == '5':
        row[notes] = 'Clerk: adjuster wants a rush'
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    csv.writer(f).writerows(rows)
`;

let session: BrowserSession;
let dir: string;
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-send-unchanged-words-'));
  session = await openBrowserSession({
    log: () => {},
    sandbox: { rate: 1000, onRequest: (entry) => log.push(entry) },
  });
}, 120_000);
afterAll(async () => {
  await session?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the send step of an update with rows that would change nothing', { timeout: 180_000 }, () => {
  it('rule: says how many rows are sent and how many are not, never that all of them are', async () => {
    const { page } = session;
    const requests = session.app.sandbox.account().case_requests.length;
    const exported = join(dir, 'exported.csv');
    await exportRoundTripInApp(page, exported, 'csv');
    const edited = join(dir, 'edited.csv');
    runPython(EDIT, [exported, edited]);

    await page.getByRole('tab', { name: 'Import' }).click();
    await page.setInputFiles('#file-input', edited);
    await page.getByRole('button', { name: 'Next: match columns' }).click();
    await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
    await page
      .getByText(`1 request would change: Notes on 1 row; ${requests - 1} rows would change nothing`)
      .waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: `Next: send ${requests} valid rows` }).click();
    const said = page.getByText(/valid rows/).first();
    await expect(said.innerText()).resolves.toBe(
      `${requests} valid rows: 1 is sent to Built-in sandbox (practice account); ${requests - 1} would change nothing (Trackops already holds their values) and are not sent.`,
    );
    await screenshotIfAsked(page, 'send-unchanged-words');
    await page.getByRole('button', { name: 'Send 1 row', exact: true }).waitFor();
    await page.getByLabel('Also send the rows that would change nothing').check();
    await expect(said.innerText()).resolves.toBe(
      `${requests} valid rows will be sent to Built-in sandbox (practice account), those that would change nothing too.`,
    );
    await page.getByRole('button', { name: `Send ${requests} rows`, exact: true }).waitFor();
    await page.getByLabel('Also send the rows that would change nothing').uncheck();

    const sentFrom = log.length;
    await page.getByRole('button', { name: 'Send 1 row', exact: true }).click();
    await page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
    expect(log.slice(sentFrom).filter((entry) => entry.method === 'PUT')).toHaveLength(1);
    expect(session.pageErrors).toEqual([]);
  });
});
