/**
 * The app reads the export form's filters as the CLI reads its flags (issue 14 point 3: one filters
 * schema, core's buildExportFilters for both): a "from" after its "to" or a day that does not exist is
 * refused before any request, with a sentence the Export screen shows; a timestamp's date means the
 * whole day, as `export --updated-to` says. Bridge calls over browser mode's HTTP, then the screen in
 * Debian's Chromium.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportCount } from '../../main/bridge/contract.ts';
import type { RequestLogEntry } from '../../sandbox/index.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { post } from './http-bridge.ts';

let session: BrowserSession;
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  session = await openBrowserSession({
    log: () => {},
    sandbox: { rate: 1000, onRequest: (entry) => log.push(entry) },
  });
}, 120_000);
afterAll(async () => {
  await session.close();
});

const REVERSED = { created_from: '2026-02-01', created_to: '2026-01-01' };

describe('export filters in the app, checked as the CLI checks them', () => {
  it.each(['countExport', 'startExport'])(
    '%s refuses a "from" after its "to" before any request',
    async (verb) => {
      const before = log.length;
      const answer = await post(session.app, verb, {
        profileId: 'sandbox',
        filters: REVERSED,
        columns: 'report',
        ...(verb === 'startExport' ? { format: 'csv' } : {}),
      });
      expect(answer.json).toEqual({
        ok: false,
        error: {
          code: 'bad_filter',
          message:
            '"Received from" 2026-02-01 is after "Received to" 2026-01-01: nothing could match; swap them',
        },
      });
      // Nothing asked of the case requests (the page's own start-up reads of reference data may still
      // land in the log on a busy machine: they are not this call's).
      const asked = log.slice(before).map((entry) => `${entry.method} ${entry.url}`);
      expect(asked.filter((line) => /\/case\/requests/.test(line))).toEqual([]);
    },
  );

  it('refuses a day that does not exist, as `export --due-from 2026-02-30` does', async () => {
    const answer = await post(session.app, 'countExport', {
      profileId: 'sandbox',
      filters: { due_from: '2026-02-30' },
    });
    expect(answer.json.ok).toBe(false);
    expect(answer.json.error?.code).toBe('bad_date');
    expect(answer.json.error?.message).toContain('"Due from"');
  });

  it('sends a timestamp filter given as a date as the whole day, as the CLI does', async () => {
    const answer = await post(session.app, 'countExport', {
      profileId: 'sandbox',
      filters: { updated_from: '2026-01-01', updated_to: '2026-01-31' },
    });
    expect(answer.json.ok).toBe(true);
    expect((answer.json.value as ExportCount).recordCount).toBeGreaterThanOrEqual(0);
    // The count's own request: the page's reference reads may land after it on a busy machine.
    const count = log.filter((entry) => /\/case\/requests\?/.test(entry.url)).at(-1)!;
    const asked = new URL(count.url, 'http://sandbox').searchParams;
    expect(asked.get('updated_from')).toBe('2026-01-01 00:00:00');
    expect(asked.get('updated_to')).toBe('2026-01-31 23:59:59');
  });

  it('the Export screen shows the refusal in words', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
    await page.getByRole('button', { name: 'Custom…' }).click();
    await page.getByLabel('From', { exact: true }).fill('2026-02-01');
    await page.getByLabel('To', { exact: true }).fill('2026-01-01');
    await page.getByRole('button', { name: 'Count matching requests' }).click();
    await page
      .getByText(
        '"Received from" 2026-02-01 is after "Received to" 2026-01-01: nothing could match; swap them',
      )
      .waitFor();
    expect(session.pageErrors).toEqual([]);
  });

  // Tester 4's item 6: a box of type=number reports "5-6" or "12e" as empty, and the filter was left
  // out: the count and the export covered every request. The boxes are text now, checked by core.
  it.each([
    ['id', '5-6', 'Case request ID'],
    ['id', '12e', 'Case request ID'],
    ['series_number', '0', 'Series number'],
    ['client', '1.5', 'Client ID'],
    ['location', 0, 'Client location ID'],
    ['primary_contact', 1.5, 'Primary contact ID'],
    ['primary_subject', '7 8', 'Primary subject ID'],
  ])('refuses %s %j, naming the box and the value, before any request', async (key, typed, box) => {
    const before = log.length;
    const answer = await post(session.app, 'countExport', {
      profileId: 'sandbox',
      filters: { [key]: typed },
    });
    expect(answer.json).toEqual({
      ok: false,
      error: {
        code: 'bad_filter',
        message: `"${box}" '${typed}' must be one whole-number id, 1 or more, e.g. 42 (Trackops filters on one id, not a range or a list)`,
      },
    });
    const asked = log.slice(before).map((entry) => `${entry.method} ${entry.url}`);
    expect(asked.filter((line) => /\/case\/requests/.test(line))).toEqual([]);
  });

  it('takes an id typed as text, as the box sends it', async () => {
    const answer = await post(session.app, 'countExport', { profileId: 'sandbox', filters: { id: ' 5 ' } });
    expect(answer.json).toMatchObject({ ok: true, value: { recordCount: 1 } });
  });

  it('the Export screen refuses "5-6" in "Case request ID" instead of counting every request', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
    await page.getByRole('button', { name: 'Any date' }).click();
    await page.getByLabel('Case request ID', { exact: true }).fill('5-6');
    await page.getByRole('button', { name: 'Count matching requests' }).click();
    await page
      .getByText(
        `"Case request ID" '5-6' must be one whole-number id, 1 or more, e.g. 42 (Trackops filters on one id, not a range or a list)`,
      )
      .waitFor();
    await expect(page.getByText(/case requests? match/).count()).resolves.toBe(0);
    await page.getByLabel('Case request ID', { exact: true }).fill('5');
    await page.getByRole('button', { name: 'Count matching requests' }).click();
    await page.getByText(/^1 case requests? match/).waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
