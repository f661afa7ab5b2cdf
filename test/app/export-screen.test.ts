/**
 * The Export screen in Debian's Chromium against the built-in sandbox.
 *
 * Long work can be stopped: an export running at a real account's pace has "Cancel export", which
 * aborts it (the bridge's cancelExport); the screen says it was cancelled and that nothing was
 * written, the file is never offered for saving, and Export can be started again (behind a proxy
 * whose listings answer only after a long wait: an export that would otherwise run on).
 *
 * One request is one: "1 case request matches", "is ready", "Exported 1 case request".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProfilesView } from '../../main/bridge/contract.ts';
import { startSlowProxy, type RunningProxy } from '../batch/proxies.ts';
import { openBrowserSession, type BrowserSession } from './browser-harness.ts';
import { post } from './http-bridge.ts';

let session: BrowserSession;
let proxy: RunningProxy & { readonly listings: number };

beforeAll(async () => {
  session = await openBrowserSession({ log: () => {}, sandbox: { rate: 1000 } });
  // Every listing (the count first) waits a minute: the export is running whenever Cancel is clicked.
  proxy = await startSlowProxy(session.app.sandbox.baseUrl, { slowListings: { count: 1000, ms: 60_000 } });
  const { sandbox } = session.app;
  const saved = await post(session.app, 'saveProfile', {
    name: 'Acme (slow)',
    baseUrl: proxy.baseUrl,
    user: sandbox.username,
    token: sandbox.token,
    settings: { require_client_address: false, require_client_phone: false },
    // The listings are what is slow; the reference reads before them need not wait a second each.
    pace: { ratePerSecond: 50, concurrency: 1 },
  });
  const view = saved.json.value as ProfilesView;
  const acme = view.profiles.find((profile) => profile.name === 'Acme (slow)');
  await post(session.app, 'selectProfile', { id: acme?.id });
  await session.page.reload();
}, 120_000);
afterAll(async () => {
  await proxy?.close();
  await session?.close();
});

describe('an export in the app can be cancelled', { timeout: 60_000 }, () => {
  it('"Cancel export" stops it: said cancelled with nothing written, no file to save, Export offered again', async () => {
    const { page } = session;
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('button', { name: 'Exporting…' }).waitFor();
    await page.getByRole('button', { name: 'Cancel export' }).click();

    const said = page.getByText(/^Export cancelled\./);
    await said.waitFor();
    await expect(said.textContent()).resolves.toBe(
      'Export cancelled. No file was saved: nothing was written to your computer, and a file saved before stays as it was.',
    );
    await expect(page.getByRole('button', { name: 'Cancel export' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Save the file' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: 'Export', exact: true }).isEnabled()).resolves.toBe(true);
    expect(session.pageErrors).toEqual([]);
  });

  it('while it runs, its filters cannot be changed: the export and its Cancel stay on the screen', async () => {
    // Explored: typing in a filter box while an export ran took the export off the screen (no progress,
    // no Cancel, Export offered again) while it went on listing the account, for a file never offered.
    const { page } = session;
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByRole('button', { name: 'Exporting…' }).waitFor();
    await expect(page.getByLabel('Reference value 1').isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Any date' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel('Columns').isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('radio', { name: 'CSV' }).isDisabled()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: 'Cancel export' }).count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Cancel export' }).click();
    await page.getByText(/^Export cancelled\./).waitFor();
    await expect(page.getByLabel('Reference value 1').isEnabled()).resolves.toBe(true);
    expect(session.pageErrors).toEqual([]);
  });

  it('through the bridge: a cancelled export stays cancelled and its file cannot be saved', async () => {
    const started = await post(session.app, 'startExport', {
      profileId: ((await post(session.app, 'listProfiles', {})).json.value as ProfilesView).activeId,
      filters: {},
      columns: 'report',
      format: 'csv',
    });
    const jobId = (started.json.value as { jobId: string }).jobId;
    const cancelled = await post(session.app, 'cancelExport', { jobId });
    expect(cancelled.json.value).toMatchObject({ jobId, state: 'cancelled', error: { code: 'cancelled' } });
    // Cancelling again changes nothing; the status read later says the same.
    expect((await post(session.app, 'cancelExport', { jobId })).json.value).toMatchObject({
      state: 'cancelled',
    });
    expect((await post(session.app, 'exportStatus', { jobId })).json.value).toMatchObject({
      state: 'cancelled',
    });
    const saved = await post(session.app, 'saveExport', { jobId });
    expect(saved.json).toEqual({
      ok: false,
      error: {
        code: 'not_ready',
        message: 'That export was cancelled: it has no file to save. Export again.',
      },
    });
  });
});

describe('one case request is said as one', { timeout: 60_000 }, () => {
  it('"1 case request matches", "1 case request is ready", "Exported 1 case request"', async () => {
    const { page } = session;
    await post(session.app, 'selectProfile', { id: 'sandbox' });
    await page.reload();
    await page.getByRole('tab', { name: 'Export' }).click();
    await page.getByRole('heading', { name: 'Export case requests' }).waitFor();
    await page.getByRole('button', { name: 'Any date' }).click();
    await page.getByLabel('Case request ID').fill('5');
    await page.getByRole('button', { name: 'Count matching requests' }).click();
    await page.getByText('1 case request matches.', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText('1 case request is ready: save the file.', { exact: true }).waitFor();
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save the file' }).click();
    const fileName = (await download).suggestedFilename();
    await page.getByText(`Exported 1 case request. Downloaded ${fileName}.`, { exact: true }).waitFor();
    expect(session.pageErrors).toEqual([]);
  });
});
