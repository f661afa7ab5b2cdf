/**
 * The Export screen's date presets ("Today", "This month", …) are resolved by main when Count or Export
 * is clicked, with the app's clock, not when the screen opened (tester 4's item 5: left open past a
 * month's end, "This month" still counted and exported the month before, under a file named for the new
 * day). The answer says the dates used and the screen shows them. Browser mode over real HTTP, with an
 * injected clock, then the screen in Debian's Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportCount, ExportStatus } from '../../main/bridge/contract.ts';
import type { RequestLogEntry } from '../../sandbox/index.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { sandboxApi } from '../export/sandbox-api.ts';
import { post } from './http-bridge.ts';

let session: BrowserSession;
let clock = new Date('2026-11-30T23:50:00Z');
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  session = await openBrowserSession({
    log: () => {},
    now: () => clock,
    // The presets are days of the computer's calendar: this test's clock times are for an office on UTC.
    timeZone: 'UTC',
    sandbox: { rate: 1000, onRequest: (entry) => log.push(entry) },
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

describe('date presets resolved at the click', () => {
  it('countExport resolves the preset with the clock of the click and says the dates used', async () => {
    clock = new Date('2026-12-01T08:30:00Z');
    const answer = await post(session.app, 'countExport', {
      profileId: 'sandbox',
      filters: {},
      datePreset: { field: 'due', name: 'yesterday' },
    });
    expect(answer.json.ok).toBe(true);
    expect((answer.json.value as ExportCount).dates).toEqual({
      field: 'due',
      preset: 'Yesterday',
      from: '2026-11-30',
      to: '2026-11-30',
    });
    expect(lastAsked().get('due_from')).toBe('2026-11-30');
    expect(lastAsked().get('due_to')).toBe('2026-11-30');
  });

  it('refuses a preset together with dates of the same field, or with "Changed since my last export"', async () => {
    const both = await post(session.app, 'countExport', {
      profileId: 'sandbox',
      filters: { created_from: '2026-01-01' },
      datePreset: { field: 'created', name: 'this-month' },
    });
    expect(both.json).toEqual({
      ok: false,
      error: {
        code: 'input',
        message:
          '"This month" and "Received from"/"Received to" were both given: choose the preset or your own dates, not both.',
      },
    });
    const since = await post(session.app, 'countExport', {
      profileId: 'sandbox',
      filters: {},
      sinceLast: true,
      columns: 'report',
      datePreset: { field: 'created', name: 'today' },
    });
    expect(since.json.ok).toBe(false);
    expect(since.json.error?.message).toContain('"Changed since my last export" sets its own window');
  });

  it('a screen opened on 30 November counts and exports December once the clock says 1 December', async () => {
    clock = new Date('2026-11-30T23:50:00Z');
    const { page } = session;
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
    await page.getByRole('button', { name: 'This month' }).click();
    await page.getByText('2026-11-01 to 2026-11-30 now').waitFor();

    // Two requests received in December, so that its count is not 0 (and Export can be clicked).
    const api = sandboxApi(session.app.sandbox);
    for (const id of [1, 2]) await api.updateCaseRequest(id, { created_on: '2026-12-01' });

    // The clerk comes back the next morning, the screen still open, and counts.
    clock = new Date('2026-12-01T08:30:00Z');
    await page.getByRole('button', { name: 'Count matching requests' }).click();
    await page
      .getByText('2 case requests match. Received 2026-12-01 to 2026-12-31 ("This month" as of this count).')
      .waitFor();
    expect(lastAsked().get('created_from')).toBe('2026-12-01');
    expect(lastAsked().get('created_to')).toBe('2026-12-31');
    await page.getByText(/^2026-12-01 to 2026-12-31, as "This month" stood when you last clicked/).waitFor();

    // Exported a day later still: the export asks for what "This month" is then, and says so.
    clock = new Date('2026-12-02T09:00:00Z');
    const sizeBefore = log.length;
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page
      .getByText(/are ready \(received 2026-12-01 to 2026-12-31, "This month" as of the export\)/)
      .waitFor();
    const listed = log.slice(sizeBefore).filter((entry) => /\/case\/requests\?/.test(entry.url));
    expect(listed.length).toBeGreaterThan(0);
    for (const entry of listed) {
      const asked = new URL(entry.url, 'http://sandbox').searchParams;
      expect([asked.get('created_from'), asked.get('created_to')]).toEqual(['2026-12-01', '2026-12-31']);
    }
    expect(session.pageErrors).toEqual([]);
  });

  it('startExport answers with the dates it used', async () => {
    clock = new Date('2027-01-01T00:00:05Z');
    const started = await post(session.app, 'startExport', {
      profileId: 'sandbox',
      filters: {},
      columns: 'report',
      format: 'csv',
      datePreset: { field: 'created', name: 'last-month' },
    });
    expect(started.json.ok).toBe(true);
    expect((started.json.value as ExportStatus).dates).toEqual({
      field: 'created',
      preset: 'Last month',
      from: '2026-12-01',
      to: '2026-12-31',
    });
  });
});
