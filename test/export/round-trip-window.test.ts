/**
 * Explore 25 items 1 and 2: where a round trip's check for requests changed since the export starts.
 * Real HTTP against a sandbox whose pages are capped at 25, with both clocks injected: ours (the
 * export's `now` and the client's reading of the answers' Date headers) and the server's (the sandbox's
 * `now`, which also writes its Date header). The rule: the check starts when the export began listing,
 * by the server's clock, less the margin; a colleague's change the file does not hold is a conflict.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import {
  exportCaseRequests,
  prepareRoundTripImport,
  roundTripNotes,
  type AccountReference,
  type RowOutcome,
  type TrackopsApi,
} from '../../core/index.ts';
import { createServerClock } from '../../core/api/server-clock.ts';
import { conflictWindow } from '../../core/export/conflict-window.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { fileSource } from './helpers.ts';
import { sandboxApi } from './sandbox-api.ts';
import { hundredRequests } from './since-last-account.ts';

const T0 = Date.parse('2026-03-02T10:00:00Z');
const MINUTE = 60_000;
let ours = T0;
/** The server's clock less ours (negative: ours is ahead). */
let skew = 0;
let sandbox: RunningSandbox;
let api: TrackopsApi;
let reference: AccountReference;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account: await hundredRequests(),
    dialects: ['cap-25'],
    now: () => new Date(ours + skew),
  });
  api = sandboxApi(sandbox, () => ours);
  reference = await api.getReference();
  dir = await mkdtemp(join(tmpdir(), 'round-trip-window-'));
});
afterAll(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});

async function exportTo(name: string, through: TrackopsApi = api): Promise<string> {
  const out = join(dir, name);
  await exportCaseRequests({
    api: through,
    filters: {},
    format: 'xlsx',
    preset: 'round-trip',
    out,
    reference,
    accountLabel: `${sandbox.baseUrl} as ${sandbox.username}`,
    now: () => new Date(ours),
  });
  return out;
}

/** The clerk's edit of one cell, made with exceljs as a spreadsheet program would save it. */
async function editCell(path: string, id: number, header: string, value: string): Promise<string> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.getWorksheet('Case Requests')!;
  const headers = sheet.getRow(1).values as unknown[];
  sheet.eachRow((row) => {
    if (String(row.getCell(headers.indexOf('id')).value) === String(id))
      row.getCell(headers.indexOf(header)).value = value;
  });
  const edited = path.replace(/\.xlsx$/, '-edited.xlsx');
  await book.xlsx.writeFile(edited);
  return edited;
}

async function colleagueChangesNotes(id: number, notes: string) {
  expect((await api.updateCaseRequest(id, { notes })).status).toBe(200);
}

async function outcomesOf(path: string) {
  const plan = (await prepareRoundTripImport(fileSource(path), api, { waysOut: CLI_WAYS_OUT }))!;
  const outcomes: RowOutcome[] = [];
  for await (const outcome of plan.outcomes) outcomes.push(outcome);
  return { outcomes, summary: plan.summary(), notes: roundTripNotes(plan.summary()) };
}

describe('the round trip checks for changes from when the export began listing, by the server clock', () => {
  it('a change to a request on an early page, made while a long export read later pages, is a conflict', async () => {
    ours = T0;
    skew = 0;
    let touched = false;
    const slowApi: TrackopsApi = {
      ...api,
      listCaseRequests: async (filters, page, signal) => {
        if (page.page === 3 && !touched) {
          touched = true;
          // Page 1 held request 3 as it was; a colleague changes it a minute in, and the listing
          // then takes 10 minutes more (a large account at 1 request/s, or a slow server).
          ours += MINUTE;
          await colleagueChangesNotes(3, "the colleague's note");
          ours += 10 * MINUTE;
        }
        return api.listCaseRequests(filters, page, signal);
      },
    };
    const file = await exportTo('long.xlsx', slowApi);
    expect(touched).toBe(true);
    ours += MINUTE;
    const { outcomes, summary } = await outcomesOf(await editCell(file, 3, 'notes', "the clerk's note"));
    expect(outcomes.map((o) => [o.targetId, o.status, o.problems.map((p) => p.code)])).toEqual([
      [3, 'invalid', ['conflict']],
    ]);
    expect(summary.windowGuess).toBeNull();
    expect(sandbox.account().case_requests.find((r) => r.id === 3)?.notes).toBe("the colleague's note");
  });

  it('on a PC whose clock is 8 minutes fast, a change made just after the export is a conflict, and the clock is said', async () => {
    ours = T0 + 120 * MINUTE;
    skew = -8 * MINUTE;
    try {
      const file = await exportTo('fast.xlsx');
      ours += MINUTE;
      await colleagueChangesNotes(5, "the colleague's note");
      ours += MINUTE;
      const { outcomes, notes } = await outcomesOf(await editCell(file, 5, 'notes', "the clerk's note"));
      expect(outcomes.map((o) => [o.targetId, o.status, o.problems.map((p) => p.code)])).toEqual([
        [5, 'invalid', ['conflict']],
      ]);
      expect(notes.join('\n')).toMatch(/This computer's clock is 8 minutes ahead of Trackops'/);
    } finally {
      skew = 0;
    }
  });
});

describe('a round-trip file that gives its start by this computer clock only (an earlier version)', () => {
  it('starts from its started_at (else its exported_at), widened when our clock is ahead now, and says what it assumed', () => {
    const clock = createServerClock(() => Date.parse('2026-03-02T12:08:00Z'));
    clock.observe('Mon, 02 Mar 2026 12:00:00 GMT'); // Trackops 8 minutes behind us
    const started = { serverStartedAt: '', startedAt: '2026-03-02 10:00:00', exportedAt: '' };
    expect(conflictWindow(started, undefined)).toEqual({
      updatedFrom: '2026-03-02 09:55:00',
      guess: expect.stringMatching(/by this computer's clock only.*differed by less than 5 minutes then/),
    });
    expect(conflictWindow(started, clock)).toEqual({
      updatedFrom: '2026-03-02 09:47:00',
      guess: expect.stringMatching(/ahead of Trackops' now, so the window starts that much earlier/),
    });
    const ended = { serverStartedAt: '', startedAt: '', exportedAt: '2026-03-02T10:30:00.000Z' };
    expect(conflictWindow(ended, undefined)?.guess).toMatch(
      /when the export finished \(2026-03-02 10:30:00 UTC; the file does not say when it began/,
    );
    expect(conflictWindow({ serverStartedAt: '', startedAt: '', exportedAt: '' }, clock)).toBeNull();
    // A Date header stated ahead of this computer's start (a proxy's own time): the earlier start.
    expect(conflictWindow({ ...started, serverStartedAt: '2026-03-02 10:10:00' }, undefined)).toEqual({
      updatedFrom: '2026-03-02 09:55:00',
      guess: null,
    });
    expect(conflictWindow({ ...started, serverStartedAt: '2026-03-02 09:52:00' }, clock)).toEqual({
      updatedFrom: '2026-03-02 09:47:00',
      guess: null,
    });
  });
});
