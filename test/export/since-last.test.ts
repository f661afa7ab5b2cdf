/**
 * Issue 18 point 3, "since last export", in core: the window rules (core/export/since-last.ts) over
 * real HTTP against a sandbox whose pages are capped at 25 (dialect cap-25), with both clocks injected:
 * ours (the export's `now`) and the server's (the sandbox's `now`), so time moves only when the test
 * says and the two may disagree. The hosts (CLI, app) have their own tests for keeping the history.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  emptyExportHistory,
  exportCaseRequests,
  lastExportOf,
  parseExportHistory,
  sinceLastConflict,
  sinceLastWindow,
  SINCE_LAST_MARGIN_SECONDS,
  withExport,
  type AccountReference,
  type CaseRequestFilters,
  type ExportHistory,
  type SinceLastScope,
  type TrackopsApi,
} from '../../core/index.ts';
import { startSandbox, type RunningSandbox, type RequestLogEntry } from '../../sandbox/index.ts';
import { hundredRequests, OLD } from './since-last-account.ts';
import { sandboxApi } from './sandbox-api.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const MINUTE = 60_000;

let ours = T0;
/** How far the server's clock is from ours (negative: behind). */
let skew = 0;
let sandbox: RunningSandbox;
let api: TrackopsApi;
let reference: AccountReference;
let dir: string;
const log: RequestLogEntry[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account: await hundredRequests(),
    dialects: ['cap-25'],
    now: () => new Date(ours + skew),
    onRequest: (entry) => log.push(entry),
  });
  // Its answers' Date headers are taken by our clock, as the export's `now` is.
  api = sandboxApi(sandbox, () => ours);
  reference = await api.getReference();
  dir = await mkdtemp(join(tmpdir(), 'since-last-'));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

const scope = (): SinceLastScope => ({
  account: sandbox.baseUrl,
  user: sandbox.username,
  preset: 'round-trip',
  filters: {},
});

/** One since-last export as a host runs it: window from the history, the export, then the history moved on. */
async function sinceLastExport(history: ExportHistory, name: string, exportApi: TrackopsApi = api) {
  const window = sinceLastWindow(history, scope());
  const filters: CaseRequestFilters = window.updatedFrom ? { updated_from: window.updatedFrom } : {};
  const out = join(dir, `${name}.xlsx`);
  const result = await exportCaseRequests({
    api: exportApi,
    filters,
    format: 'xlsx',
    preset: 'round-trip',
    out,
    reference,
    accountLabel: 'sandbox',
    now: () => new Date(ours),
    window,
  });
  const book = XLSX.read(await readFile(out));
  const rows = XLSX.utils.sheet_to_json<{ id: string }>(book.Sheets['Case Requests']!, { raw: false });
  const info = Object.fromEntries(
    XLSX.utils
      .sheet_to_json<string[]>(book.Sheets['Export info']!, { header: 1, raw: false })
      .map((row) => [row[0], row[1]]),
  );
  const next = withExport(history, scope(), {
    startedAt: result.startedAt,
    serverStartedAt: result.serverStartedAt,
    updatedFrom: window.updatedFrom,
    rows: result.rows,
    file: out,
  });
  return { ids: rows.map((row) => Number(row.id)).sort((a, b) => a - b), info, window, result, next };
}

async function touch(id: number, note: string) {
  const answer = await api.updateCaseRequest(id, { notes: note });
  expect(answer.status).toBe(200);
}

describe('since last export', () => {
  it('exports exactly the requests updated since the previous export began, across capped pages', async () => {
    // 1. First use: no earlier export, so everything (100 requests: four pages of 25).
    let history = emptyExportHistory();
    let touchedWhileListing = false;
    const slowApi: TrackopsApi = {
      ...api,
      // A clerk edits request 3 in Trackops while the export is on its third page, after page 1 held
      // request 3 as it was: the next window must still bring the edit, so it starts from when this
      // export began, not from when it finished 10 minutes later.
      listCaseRequests: async (filters, page, signal) => {
        if (page.page === 3 && !touchedWhileListing) {
          touchedWhileListing = true;
          ours += MINUTE;
          await touch(3, 'edited while the first export was listing');
          // A long export: it finishes well past the margin after the edit.
          ours += 10 * MINUTE;
        }
        return api.listCaseRequests(filters, page, signal);
      },
    };
    const first = await sinceLastExport(history, 'first', slowApi);
    expect(touchedWhileListing).toBe(true);
    expect(first.ids).toHaveLength(100);
    expect(first.window.updatedFrom).toBeNull();
    expect(first.info['Updated from (UTC)']).toBe('the beginning');
    expect(first.result.startedAt).toBe(new Date(T0).toISOString());
    expect(first.result.exportedAt).toBe(new Date(T0 + 11 * MINUTE).toISOString());
    history = first.next;

    // 2. An hour later 40 requests change (more than a page), and one more on a server whose clock is
    // 4 minutes behind ours: its updated_at says 4 minutes before the first export began.
    ours = T0 + 60 * MINUTE;
    const ids = sandbox.account().case_requests.map((record) => record.id);
    const changed = ids.filter((_, index) => index >= 9 && index % 2 === 1).slice(0, 40);
    expect(changed).toHaveLength(40);
    for (const id of changed) await touch(id, `changed ${id}`);
    skew = -(64 * MINUTE);
    await touch(7, 'changed on a server 4 minutes behind');
    skew = 0;
    const untouched = sandbox.account().case_requests.filter((record) => record.updated_at === OLD);
    expect(untouched.length).toBe(100 - 42);

    // 3. The second since-last export: exactly those 42, from 5 minutes before the first one began.
    ours = T0 + 120 * MINUTE;
    log.length = 0;
    const second = await sinceLastExport(history, 'second');
    expect(second.window.updatedFrom).toBe('2026-03-02 09:55:00');
    expect(second.ids).toEqual([3, 7, ...changed].sort((a, b) => a - b));
    // The listing is pinned (list-all.ts) once its count shows it longer than a page: the window up to
    // a bound 5 minutes before the server's time as its count's answer stated it (updated_to), across
    // the server's page boundary (cap-25: pages 1 and 2), then one page of what changed from a second
    // before the bound on (the bound's own second in both parts: listing-pin.ts).
    const pages = log.filter(
      (entry) => entry.url.includes('case/requests') && !entry.url.includes('mode=count'),
    );
    const asked = pages.map((entry) => new URL(entry.url, 'http://x').searchParams);
    const bound = asked[0]!.get('updated_to');
    expect(bound).toMatch(/^2026-03-02 \d{2}:\d{2}:00$/);
    expect(asked[0]!.get('updated_from')).toBe('2026-03-02 09:55:00');
    expect(asked.map((query) => query.get('page'))).toEqual(['1', '2', '1']);
    expect(asked.slice(0, 2).every((query) => query.get('updated_to') === bound)).toBe(true);
    const secondBefore = new Date(Date.parse(`${bound!.replace(' ', 'T')}Z`) - 1000);
    expect(asked[2]!.get('updated_from')).toBe(secondBefore.toISOString().slice(0, 19).replace('T', ' '));
    expect(second.info['Updated from (UTC)']).toMatch(/^2026-03-02 09:55:00 \(5 minutes before it/);
    expect(second.info['Updated to (UTC)']).toMatch(/^2026-03-02 12:00:00 \(when this export began/);
    expect(second.info['Since last export']).toContain('2026-03-02 10:00:00');
    history = second.next;

    // 4. Nothing changed since: the third holds nothing, and its window starts at the second's start.
    ours = T0 + 180 * MINUTE;
    const third = await sinceLastExport(history, 'third');
    expect(third.window.updatedFrom).toBe('2026-03-02 11:55:00');
    expect(third.ids).toEqual([]);
  });
});

describe('since last export, on a PC whose clock is fast', () => {
  it("starts the next window by the server's clock: a change made just after an export is in the next one", async () => {
    // Explore 25 item 1: ours 8 minutes ahead of the server's. By our clock less 5 minutes the window
    // started 3 minutes after the server's time of the change, and no export ever held it.
    ours = T0 + 600 * MINUTE;
    skew = -8 * MINUTE;
    try {
      const first = await sinceLastExport(emptyExportHistory(), 'fast-1');
      // The server stated its time on the count's answer: the export's start by that clock is kept.
      expect(first.result.serverStartedAt).toBe(new Date(T0 + 592 * MINUTE).toISOString());
      expect(first.next.exports[0]?.serverStartedAt).toBe(first.result.serverStartedAt);
      // The PC's clock is said to be off, in plain words, with the file.
      expect(first.result.notes.join('\n')).toMatch(/this computer's clock is 8 minutes ahead of Trackops'/);
      ours += MINUTE;
      await touch(12, 'changed right after the fast export');
      ours += 60 * MINUTE;
      const second = await sinceLastExport(first.next, 'fast-2');
      expect(second.window.updatedFrom).toBe('2026-03-02 19:47:00');
      expect(second.window.guessed).toBeNull();
      expect(second.ids).toContain(12);
    } finally {
      skew = 0;
    }
  });

  it('an entry kept by our clock only is widened by the difference measured now, and the guess said', async () => {
    const history = withExport(emptyExportHistory(), scope(), {
      startedAt: new Date(T0 + 700 * MINUTE).toISOString(),
      serverStartedAt: null,
      updatedFrom: null,
      rows: 0,
      file: 'old.xlsx',
    });
    skew = -8 * MINUTE;
    try {
      await api.countCaseRequests({}, 100); // an answer that states the server's time
      const window = sinceLastWindow(history, scope(), api.serverClock);
      // 700 minutes less the 8 the PC is ahead (to the second the Date header gives), less the margin.
      const from = Date.parse(`${window.updatedFrom!.replace(' ', 'T')}Z`);
      expect(T0 + 687 * MINUTE - from).toBeGreaterThanOrEqual(0);
      expect(T0 + 687 * MINUTE - from).toBeLessThan(5000);
      expect(window.guessed).toMatch(/kept by this computer's clock only, which is now ahead of Trackops'/);
      expect(sinceLastWindow(history, scope()).guessed).toMatch(/differed by less than 5 minutes then/);
    } finally {
      skew = 0;
    }
  });
});

describe('the since-last history', () => {
  const base: SinceLastScope = {
    account: 'https://acme.viewcases.com/api/v1',
    user: 'jo',
    preset: 'report',
    filters: { case_region: '3', created_from: 'start-of-month' },
  };
  const done = {
    startedAt: '2026-03-02T10:00:00.000Z',
    serverStartedAt: null,
    updatedFrom: null,
    rows: 5,
    file: 'a.xlsx',
  };

  it('keeps one window per connection, preset and filters (in any order), and replaces it on the next export', () => {
    let history = withExport(emptyExportHistory(), base, done);
    const reordered = { ...base, filters: { created_from: ' start-of-month', case_region: '3', due_to: '' } };
    expect(lastExportOf(history, reordered)?.startedAt).toBe(done.startedAt);
    for (const other of [
      { ...base, preset: 'round-trip' as const },
      { ...base, user: 'sam' },
      { ...base, account: 'https://other.viewcases.com/api/v1' },
      { ...base, filters: { case_region: '4', created_from: 'start-of-month' } },
      { ...base, filters: {} },
    ])
      expect(sinceLastWindow(history, other).updatedFrom).toBeNull();
    history = withExport(history, base, { ...done, startedAt: '2026-03-09T10:00:00.000Z' });
    expect(history.exports).toHaveLength(1);
    expect(sinceLastWindow(history, base)).toMatchObject({
      updatedFrom: '2026-03-09 09:55:00',
      previousStartedAt: '2026-03-09T10:00:00.000Z',
    });
    // A file is JSON: what was written reads back the same.
    expect(parseExportHistory(JSON.parse(JSON.stringify(history)), 'h.json')).toEqual(history);
  });

  it('rule: 12 hours earlier while the zone Trackops stamps in is not known, said; the clocks alone once it is', () => {
    const history = withExport(emptyExportHistory(), base, done);
    const unknown = sinceLastWindow(history, base, undefined, { learnt: null });
    expect(unknown).toMatchObject({ updatedFrom: '2026-03-01 21:55:00', zoneHours: 12 });
    expect(unknown.zoneGuess).toContain('starts 12 hours earlier (the widest zone west of UTC)');
    const utc = { offsetMinutes: 0, from: 'a write', stamp: '', clock: '' };
    expect(sinceLastWindow(history, base, undefined, { learnt: utc })).toMatchObject({
      updatedFrom: '2026-03-02 09:55:00',
      zoneHours: 0,
      zoneGuess: null,
    });
    // The first export (no window) is everything, whatever is known.
    expect(sinceLastWindow(emptyExportHistory(), base, undefined, { learnt: null })).toMatchObject({
      updatedFrom: null,
      zoneHours: 0,
    });
  });

  it('one account however its address is typed: case, a trailing slash, the default port, loopback names', () => {
    const history = withExport(emptyExportHistory(), base, done);
    for (const account of ['HTTPS://Acme.ViewCases.com/api/v1/', 'https://acme.viewcases.com:443/api/v1'])
      expect(lastExportOf(history, { ...base, account })?.startedAt).toBe(done.startedAt);
    // The path's case is kept: a server may tell paths apart by it.
    expect(lastExportOf(history, { ...base, account: 'https://acme.viewcases.com/API/v1' })).toBeNull();
    const local = withExport(
      emptyExportHistory(),
      { ...base, account: 'http://localhost:4010/api/v1' },
      done,
    );
    expect(lastExportOf(local, { ...base, account: 'http://127.0.0.1:4010/api/v1' })).not.toBeNull();
    expect(lastExportOf(local, { ...base, account: 'http://127.0.0.1:4011/api/v1' })).toBeNull();
  });

  it('an id typed with leading zeros is the same scope; a reference value is kept as typed', () => {
    const byId = { ...base, filters: { client: '5', reference_value_1: '007' } };
    const history = withExport(emptyExportHistory(), byId, done);
    expect(
      lastExportOf(history, { ...byId, filters: { client: '005', reference_value_1: '007' } }),
    ).not.toBeNull();
    expect(
      lastExportOf(history, { ...byId, filters: { client: 5, reference_value_1: '007' } }),
    ).not.toBeNull();
    expect(lastExportOf(history, { ...byId, filters: { client: '5', reference_value_1: '7' } })).toBeNull();
    expect(
      lastExportOf(history, { ...byId, filters: { client: '50', reference_value_1: '007' } }),
    ).toBeNull();
  });

  it('a window always starts the margin before the previous export began, to the second', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (start) => {
          const history = withExport(emptyExportHistory(), base, { ...done, startedAt: start.toISOString() });
          const from = sinceLastWindow(history, base).updatedFrom!;
          expect(from).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
          const gap = start.getTime() - Date.parse(`${from.replace(' ', 'T')}Z`);
          expect(gap).toBeGreaterThanOrEqual(SINCE_LAST_MARGIN_SECONDS * 1000);
          expect(gap).toBeLessThan(SINCE_LAST_MARGIN_SECONDS * 1000 + 1000);
        },
      ),
    );
  });

  it('starts at the earlier of the two clocks: a Date header stated ahead (a proxy) never narrows it', () => {
    const stated = (serverStartedAt: string) =>
      sinceLastWindow(
        withExport(emptyExportHistory(), base, {
          ...done,
          startedAt: '2026-12-06T00:20:00.000Z',
          serverStartedAt,
        }),
        base,
      );
    // Trackops' time 10 minutes ahead of this computer's (a proxy's own Date): this computer's start.
    expect(stated('2026-12-06T00:30:00.000Z')).toMatchObject({
      updatedFrom: '2026-12-06 00:15:00',
      guessed: null,
    });
    // This computer 8 minutes fast: Trackops' start, as before.
    expect(stated('2026-12-06T00:12:00.000Z').updatedFrom).toBe('2026-12-06 00:07:00');
  });

  it('refuses a history it cannot read, or one from a newer version, naming it', () => {
    expect(() => parseExportHistory({ version: 2 }, 'h.json')).toThrow(/h\.json was written by a newer/);
    expect(() => parseExportHistory({ version: 1, exports: 'no' }, 'h.json')).toThrow(
      /h\.json is not an export history .*the next --since-last export then exports everything again/,
    );
  });

  it('an updated window of its own conflicts with since-last', () => {
    expect(sinceLastConflict({ updated_from: '-7d' })).toBe('updated_from');
    expect(sinceLastConflict({ updated_to: 'today', case_region: '3' })).toBe('updated_to');
    expect(sinceLastConflict({ updated_from: ' ', case_region: '3' })).toBeNull();
  });
});
