/**
 * Explore 35 items 1, 4 and 5, the Export screen's side: its date presets are days of the computer's
 * calendar and say so (they said "dates in UTC"), and the saved file is named by that same day; a time
 * box typed to the minute counts the whole minute and the screen says the second sent; a time box given
 * what it cannot read is answered naming the box, the value and only the forms that box takes (it was
 * "The request for 'countExport' was not valid: filters.updated_from: …"). Browser mode over real HTTP,
 * the app's clock and zone injected (a Denver evening, already the next day in UTC), the sandbox's clock
 * injected so that an update lands at :16 of a minute; then the screen in Debian's Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestLogEntry } from '../../sandbox/index.ts';
import { sandboxApi } from '../export/sandbox-api.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { post } from './http-bridge.ts';

let session: BrowserSession;
// 21:35 on Saturday 5 December in Denver: 04:35 on Sunday the 6th in UTC.
const appClock = new Date('2026-12-06T04:35:00Z');
let serverClock = new Date('2026-08-10T05:34:16Z');
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  session = await openBrowserSession({
    log: () => {},
    now: () => appClock,
    timeZone: 'America/Denver',
    sandbox: { rate: 1000, now: () => serverClock, onRequest: (entry) => log.push(entry) },
  });
}, 120_000);
afterAll(async () => {
  await session.close();
});

/** What the last listing or count of case requests asked for. */
function lastAsked(): URLSearchParams {
  const entry = log.filter((candidate) => /\/case\/requests\?/.test(candidate.url)).at(-1)!;
  return new URL(entry.url, 'http://sandbox').searchParams;
}

async function openExport(): Promise<void> {
  const { page } = session;
  await page.getByRole('tab', { name: 'Export' }).click();
  await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
}

describe("the Export screen's dates and times say what they are", () => {
  it("names the presets' days as this computer's calendar, and the file by the same day", async () => {
    const { page } = session;
    await openExport();
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    await page
      .getByText(
        "2026-12-05 to 2026-12-05 now; worked out again when you click Count or Export (days on this computer's calendar, America/Denver; weeks start on Monday)",
      )
      .waitFor();
    await expect(page.getByText(/dates in UTC/).count()).resolves.toBe(0);

    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('button', { name: 'Save the file' }).waitFor();
    expect(lastAsked().get('created_from')).toBe('2026-12-05');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save the file' }).click();
    // The UTC day is already the 6th: the file is named by the day "Today" stood for.
    expect((await download).suggestedFilename()).toBe('case-requests-2026-12-05.xlsx');
    expect(session.pageErrors).toEqual([]);
  });

  it('names a round-trip export apart from a report of the same day, so neither is saved over the other', async () => {
    // Explored: both were offered as case-requests-2026-12-05.xlsx; the desktop app's save dialog
    // proposes that name in one folder, so the second export of the day asked to replace the first.
    const { page } = session;
    await openExport();
    await page.getByLabel('Columns').selectOption('round-trip');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('button', { name: 'Save the file' }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save the file' }).click();
    expect((await download).suggestedFilename()).toBe('case-requests-round-trip-2026-12-05.xlsx');
    expect(session.pageErrors).toEqual([]);
  });

  it('counts a request updated at 05:34:16 in "from 05:34 to 05:34", and says the seconds sent', async () => {
    serverClock = new Date('2026-08-10T05:34:16Z');
    await sandboxApi(session.app.sandbox).updateCaseRequest(1, { notes: 'updated at 05:34:16' });
    const { page } = session;
    await openExport();
    await page.getByRole('button', { name: 'Any date' }).click();
    await page.getByLabel('Updated from (UTC)').fill('2026-08-10 05:34');
    await page.getByLabel('Updated to (UTC)').fill('2026-08-10 05:34');
    await page.getByRole('button', { name: 'Count matching requests' }).click();
    await page
      .getByText(
        '1 case request matches. Sent as (UTC): "Updated from (UTC)" 2026-08-10 05:34 = 2026-08-10 05:34:00, "Updated to (UTC)" 2026-08-10 05:34 = 2026-08-10 05:34:59; a date stands for the whole day and a time to the minute for the whole minute.',
      )
      .waitFor();
    expect(lastAsked().get('updated_from')).toBe('2026-08-10 05:34:00');
    expect(lastAsked().get('updated_to')).toBe('2026-08-10 05:34:59');
    await page.getByLabel('Updated from (UTC)').fill('');
    await page.getByLabel('Updated to (UTC)').fill('');
    expect(session.pageErrors).toEqual([]);
  });

  const FORMS =
    'use a date as YYYY-MM-DD (the whole day) or a time as YYYY-MM-DD HH:MM, in UTC (e.g. 2025-03-31 or 2025-03-31 13:45)';
  it.each([
    [
      'updated_from',
      '30/11/2026',
      `"Updated from (UTC)" '30/11/2026' is not a date or time this tool understands; ${FORMS}`,
    ],
    [
      'updated_from',
      'yesterday',
      `"Updated from (UTC)" 'yesterday' is not a date or time this box takes: it takes no relative forms (type the date itself); ${FORMS}`,
    ],
    ['updated_to', '2026-02-30', `"Updated to (UTC)" '2026-02-30' is not a day that exists; ${FORMS}`],
    [
      'created_to_system',
      '2026-11-30 24:00',
      `"Entered in Trackops to (UTC)" '2026-11-30 24:00' is not a time of day that exists (hours 00 to 23, minutes and seconds 00 to 59); ${FORMS}`,
    ],
  ])('refuses %s %j naming the box, the value and only the forms it takes', async (key, typed, words) => {
    const before = log.length;
    const answer = await post(session.app, 'countExport', {
      profileId: 'sandbox',
      filters: { [key]: typed },
    });
    expect(answer.json).toEqual({ ok: false, error: { code: 'bad_date', message: words } });
    const asked = log.slice(before).map((entry) => `${entry.method} ${entry.url}`);
    expect(asked.filter((line) => /\/case\/requests/.test(line))).toEqual([]);
  });

  it('the screen shows those words, never the bridge call or its key', async () => {
    const { page } = session;
    await openExport();
    await page.getByRole('button', { name: 'Any date' }).click();
    for (const typed of ['30/11/2026', 'yesterday']) {
      await page.getByLabel('Updated from (UTC)').fill(typed);
      await page.getByRole('button', { name: 'Count matching requests' }).click();
      await page.getByText(`"Updated from (UTC)" '${typed}' is not a date or time`).waitFor();
    }
    await expect(page.getByText(/countExport|filters\.updated_from|-7d/).count()).resolves.toBe(0);
    expect(session.pageErrors).toEqual([]);
  });
});
