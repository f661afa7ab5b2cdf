/**
 * The app's "Changed since my last export" (issue 18 point 3) through the bridge, as the renderer calls
 * it, against the built-in sandbox with pages capped at 25 (dialect cap-25), the app's clock and the
 * server's injected: the same window rules as the CLI (core/export/since-last.ts), the history kept with
 * the profile, and the window moved on only by a saved file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportCount, ExportStatus, SavedFile } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import type { RequestLogEntry } from '../../sandbox/index.ts';
import { sandboxApi } from '../export/sandbox-api.ts';
import { hundredRequests, OLD } from '../export/since-last-account.ts';
import { post } from './http-bridge.ts';

const MINUTE = 60_000;
const T0 = Date.parse('2026-03-02T10:00:00Z');
let app: RunningWebApp;
let dataDir: string;
/** The app's clock, and how far the server's is from it (negative: behind). */
let ours = T0;
let skew = 0;
const clocks = { now: () => new Date(ours) };
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'app-since-last-'));
  app = await startWebApp({
    dataDir,
    staticDir: dataDir,
    log: () => {},
    ...clocks,
    sandbox: {
      account: await hundredRequests(),
      dialects: ['cap-25'],
      rate: 1000,
      now: () => new Date(ours + skew),
      onRequest: (entry) => log.push(entry),
    },
  });
});
afterAll(async () => {
  await app.close();
  await rm(dataDir, { recursive: true, force: true });
});

const asked = { profileId: 'sandbox', filters: {}, sinceLast: true };

async function count(): Promise<ExportCount> {
  const answer = await post(app, 'countExport', { ...asked, columns: 'round-trip' });
  expect(answer.json.ok).toBe(true);
  return answer.json.value as ExportCount;
}

/** Starts a since-last export and waits for its file; saving it is the caller's choice. */
async function exportDone(): Promise<ExportStatus> {
  const started = await post(app, 'startExport', { ...asked, columns: 'round-trip', format: 'xlsx' });
  expect(started.json.ok).toBe(true);
  let status = started.json.value as ExportStatus;
  while (status.state === 'running') {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = (await post(app, 'exportStatus', { jobId: status.jobId })).json.value as ExportStatus;
  }
  expect(status.state).toBe('done');
  return status;
}

async function saveIds(status: ExportStatus): Promise<number[]> {
  const saved = (await post(app, 'saveExport', { jobId: status.jobId })).json.value as SavedFile;
  if (saved.kind !== 'download') throw new Error('browser mode hands the file over as a download');
  const book = XLSX.read(Buffer.from(saved.bytesBase64, 'base64'));
  const rows = XLSX.utils.sheet_to_json<{ id: string }>(book.Sheets['Case Requests']!, { raw: false });
  return rows.map((row) => Number(row.id)).sort((a, b) => a - b);
}

describe('"Changed since my last export" in the app', () => {
  it('first everything, then exactly the requests updated since the last saved export', async () => {
    // First use: no earlier export of this profile with these columns, so all 100.
    expect(await count()).toMatchObject({
      recordCount: 100,
      sinceLast: { updatedFrom: null, previousStartedAt: null, marginMinutes: 5 },
    });
    const first = await exportDone();
    expect(first.sinceLast?.updatedFrom).toBeNull();
    expect(await saveIds(first)).toHaveLength(100);

    // An hour later 30 requests change (more than a page), one on a server 4 minutes behind: its
    // updated_at says 4 minutes before the first export began.
    ours = T0 + 60 * MINUTE;
    const api = sandboxApi(app.sandbox);
    const ids = app.sandbox.account().case_requests.map((record) => record.id);
    const changed = ids.filter((_, index) => index % 3 === 1).slice(0, 30);
    for (const id of changed.slice(1)) await api.updateCaseRequest(id, { notes: `changed ${id}` });
    skew = -64 * MINUTE;
    await api.updateCaseRequest(changed[0]!, { notes: 'changed on a server 4 minutes behind' });
    skew = 0;
    expect(app.sandbox.account().case_requests.filter((record) => record.updated_at !== OLD)).toHaveLength(
      30,
    );

    // An export that is never saved is not "my last export": the window stays where it was.
    ours = T0 + 120 * MINUTE;
    const window = (await count()).sinceLast!;
    // The built-in sandbox stamps UTC, which the app knows: no 12 hours more for a zone not seen yet.
    expect(window).toEqual({
      updatedFrom: '2026-03-02 09:55:00',
      previousStartedAt: '2026-03-02T10:00:00.000Z',
      marginMinutes: 5,
      zoneHours: 0,
    });
    const unsaved = await exportDone();
    expect(unsaved.written).toBe(30);
    expect((await count()).sinceLast).toEqual(window);

    // The saved one holds exactly the 30, read across page boundaries at the server's page size.
    log.length = 0;
    const second = await exportDone();
    expect(second.sinceLast).toEqual(window);
    expect(await saveIds(second)).toEqual([...changed].sort((a, b) => a - b));
    const pages = log.filter(
      (entry) => entry.url.startsWith('/api/v1/case/requests?') && !entry.url.includes('mode=count'),
    );
    // Then one page of what changed since the listing's bound (list-all.ts pins it): nothing.
    expect(pages.map((entry) => new URL(entry.url, 'http://x').searchParams.get('page'))).toEqual([
      '1',
      '2',
      '1',
    ]);
    // Saved: the next window starts from this export, and nothing has changed since.
    ours = T0 + 180 * MINUTE;
    expect(await count()).toMatchObject({
      recordCount: 0,
      sinceLast: { updatedFrom: '2026-03-02 11:55:00', previousStartedAt: '2026-03-02T12:00:00.000Z' },
    });
  });

  it('refuses an updated window of its own, and keeps the history with the profile across restarts', async () => {
    const refused = await post(app, 'countExport', {
      ...asked,
      filters: { updated_from: '2026-01-01' },
    });
    expect(refused.json).toEqual({
      ok: false,
      error: {
        code: 'input',
        message: '"Changed since my last export" sets the updated window itself: clear "Updated from (UTC)".',
      },
    });
    const before = (await count()).sinceLast;
    await app.close();
    app = await startWebApp({
      dataDir,
      staticDir: dataDir,
      log: () => {},
      ...clocks,
      sandbox: { account: await hundredRequests(), rate: 1000 },
    });
    expect((await count()).sinceLast).toEqual(before);
  });
});
