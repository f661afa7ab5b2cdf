/**
 * An update's checks while sending (stored-requests.ts) pay only for what changed (issue 13): a check's
 * window reaches 5 minutes back, so it holds the run's own writes and the writes of a run made just
 * before this one (the previous file of a batch, the benchmark's scenarios one after another). The run
 * knows those records as it read or wrote them, so a check costs its count and first page, and one page
 * more for each page that should hold a row still to be sent; before, such a check listed its whole
 * window every time (447 requests for the benchmark's 200-row update where 409 do). A write of the run
 * still in flight while a check reads is no change either. A colleague's edit of a row still to be sent
 * is seen all the same: that row is a conflict, never overwritten.
 *
 * In process, as the CLI runs it (plan, then runner with the plan's records), over real HTTP against the
 * sandbox, which logs every request; the runner's clock is injected (it moves 1 ms a look, so checks
 * come every 40 rows sent, never by time); the sheets written by Python's csv module.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { thisProcess } from '../../cli/journal-owner.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import {
  createPacer,
  createTrackopsApi,
  fileSource,
  openJournal,
  openSheet,
  planImport,
  runImport,
  ServerError,
  sha256,
  validateRows,
  type Mapping,
  type StoredRequests,
  type TrackopsApi,
} from '../../core/index.ts';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { tempDir } from '../report/helpers.ts';

const ROWS = 150;
const FIRST_ID = 101;
const claim = (n: number) => `CLM-K-${String(n).padStart(4, '0')}`;
/** The request of sheet data row `n` (1-based). */
const idOf = (n: number) => FIRST_ID + n - 1;

const MAPPING = {
  version: 1,
  mode: 'update',
  match: 'reference_value_1',
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Instructions', target: 'notes' },
  ],
} as Mapping;

let sandbox: RunningSandbox;
let urls: { method: string; url: string }[];
let dir: string;

beforeEach(async () => {
  const account = await loadDemoAccount();
  // Long before the test: only what the test writes is in a check's window.
  for (const request of account.case_requests) request.updated_at = '2020-01-01 00:00:00';
  const model = account.case_requests[0]!;
  for (let n = 1; n <= ROWS; n++)
    account.case_requests.push({
      ...structuredClone(model),
      id: idOf(n),
      case_request_number: `REQ-${String(idOf(n)).padStart(5, '0')}`,
      reference_value_1: claim(n),
      notes: `Note ${n}`,
      subjects: [],
      primary_subject_id: null,
    });
  urls = [];
  sandbox = await startSandbox({
    port: 0,
    rate: 5000,
    account,
    onRequest: (entry) => urls.push({ method: entry.method, url: decodeURIComponent(entry.url) }),
  });
  dir = await tempDir();
});
afterEach(() => sandbox.close());

function connect(): TrackopsApi {
  return createTrackopsApi(
    { words: CLI_CONNECTION_WORDS, baseUrl: sandbox.baseUrl, user: sandbox.username, token: sandbox.token },
    { pacer: createPacer({ ratePerSecond: 2000, concurrency: 4 }) },
  );
}

/** Every row's notes set anew, as a clerk's sheet gives them. */
function sheet(note: string): string {
  const rows = [['Claim #', 'Instructions']];
  for (let n = 1; n <= ROWS; n++) rows.push([claim(n), `${note} ${n}`]);
  return writeCsvByPython(join(dir, `${note.replace(/\W/g, '-')}.csv`), rows);
}

/**
 * One update as the CLI runs it: the plan, then the runner with the plan's records. `concurrency` 1
 * where a test counts a check's requests and none of its writes should be in flight: with several, a
 * check that finds some but not all of them landed lists its window whole (stored-requests.ts), which
 * a loaded machine makes happen at any check (the first test holds one in flight on purpose).
 */
async function update(api: TrackopsApi, file: string, concurrency = 4) {
  const reference = await api.getReference();
  const table = await openSheet(fileSource(file));
  const journal = await openJournal(
    join(dir, `${file.split('/').at(-1)}.journal.jsonl`),
    {
      file: 'rows.csv',
      fileHash: sha256(await readFile(file)),
      mappingHash: sha256(JSON.stringify(MAPPING)),
      mode: 'update',
    },
    { resume: false, owner: thisProcess() },
  );
  let clock = Date.now();
  let stored: StoredRequests | undefined;
  try {
    return await runImport({
      waysOut: CLI_WAYS_OUT,
      outcomes: planImport(validateRows(table, MAPPING, { reference }), api, MAPPING, {
        waysOut: CLI_WAYS_OUT,
        reference,
        onStored: (found) => (stored = found),
      }),
      mode: 'update',
      match: 'reference_value_1',
      api,
      pacer: createPacer({ ratePerSecond: 2000, concurrency }),
      journal,
      headers: table.headers,
      columns: MAPPING.columns,
      stored: () => stored,
      reference,
      now: () => (clock += 1),
    });
  } finally {
    await journal.close();
  }
}

/** The checks made while sending (after the first PUT): the requests of each, from its count on. */
function checks(): number[] {
  const costs: number[] = [];
  const sending = urls.slice(urls.findIndex(({ method }) => method === 'PUT'));
  for (const { method, url } of sending) {
    if (method !== 'GET' || !url.includes('updated_from=')) continue;
    // A check begins with its count of the open window; a listing's pinned parts have an end.
    if ((url.includes('mode=count') && !url.includes('updated_to=')) || costs.length === 0) costs.push(1);
    else costs[costs.length - 1]! += 1;
  }
  return costs;
}

type Hooked = Pick<TrackopsApi, 'updateCaseRequest' | 'listCaseRequests' | 'countCaseRequests'>;

/**
 * The connection with some of its calls going through `hooks` (given the call to make), also in each
 * row's own view of it (`observed`, which the runner sends through): the requests still go to Trackops.
 */
function hooked(api: TrackopsApi, hooks: (inner: TrackopsApi) => Partial<Hooked>): TrackopsApi {
  const wrap = (inner: TrackopsApi): TrackopsApi => ({
    ...inner,
    ...hooks(inner),
    ...(inner.observed ? { observed: (listener) => wrap(inner.observed!(listener)) } : {}),
  });
  return wrap(api);
}

describe("an update's checks while sending pay only for what changed", () => {
  it("a window of the run's own writes, one still in flight: its count and first page", async () => {
    // The 40th write lands, and its answer reaches the run only once the check after it has read its
    // first page: a write in flight through the check's count and page.
    let firstPage: () => void = () => undefined;
    const read = new Promise<void>((resolve) => (firstPage = resolve));
    let updates = 0;
    let held = false;
    const watching = hooked(connect(), (inner) => ({
      updateCaseRequest: async (...args) => {
        const answer = await inner.updateCaseRequest(...args);
        if (++updates === 40) await read.then(() => (held = true));
        return answer;
      },
      listCaseRequests: async (...args) => {
        const page = await inner.listCaseRequests(...args);
        if ('updated_from' in args[0]) firstPage();
        return page;
      },
    }));
    const summary = await update(watching, sheet('Status Dec'));
    expect(summary).toMatchObject({ updated: ROWS, failed: 0 });
    expect(held).toBe(true);
    // After 40, 80 and 120 rows; the last window holds 120 writes, past a page: not read.
    expect(checks()).toEqual([2, 2, 2]);
    expect(urls.filter(({ method }) => method === 'PUT')).toHaveLength(ROWS);
  });

  it("a window that also holds a run's writes made just before: one page more while rows to send are on it", async () => {
    // The file before, sent moments ago: every request of this sheet stamped in the next run's windows.
    expect(await update(connect(), sheet('Status Nov'))).toMatchObject({ updated: ROWS });
    urls.length = 0;
    const summary = await update(connect(), sheet('Status Dec'), 1);
    expect(summary).toMatchObject({ updated: ROWS, failed: 0 });
    // 150 known records in each window: the first page, and the second, where rows still to be sent are.
    expect(checks()).toEqual([3, 3, 3]);
    expect(sandbox.account().case_requests.find(({ id }) => id === idOf(ROWS))!.notes).toBe(
      `Status Dec ${ROWS}`,
    );
  });

  it("a colleague's edit of a row still to be sent, on a page the count alone would pass: a conflict", async () => {
    expect(await update(connect(), sheet('Status Nov'))).toMatchObject({ updated: ROWS });
    const colleague = connect();
    const edited = idOf(140);
    // Row 140's request, on the window's second page, edited in Trackops as the check after 120 rows
    // begins (its updated_at moves within the window, or keeps its second; the count stays the same).
    let counts = 0;
    const editing = hooked(connect(), (inner) => ({
      countCaseRequests: async (...args) => {
        if ('updated_from' in args[0] && ++counts === 3)
          await colleague.updateCaseRequest(edited, { notes: 'Called the adjuster' });
        return inner.countCaseRequests(...args);
      },
    }));
    urls.length = 0;
    const summary = await update(editing, sheet('Status Dec'));
    expect(summary).toMatchObject({ updated: ROWS - 1, failed: 1 });
    expect(sandbox.account().case_requests.find(({ id }) => id === edited)!.notes).toBe(
      'Called the adjuster',
    );
    expect(counts).toBeGreaterThanOrEqual(3);
    const journal = await readFile(join(dir, 'Status-Dec.csv.journal.jsonl'), 'utf8');
    expect(journal).toMatch(/"row":141,[^\n]*"status":"failed"[^\n]*"conflict"/);
    // The checks before it cost their three requests; the one after the edit read the page holding
    // row 140's request at least (then its window whole, unless the edit kept the second it was stamped
    // at before: its content read on that page is the change all the same).
    expect(checks().slice(0, 2)).toEqual([3, 3]);
    expect(checks()[2]).toBeGreaterThanOrEqual(3);
  });

  it("a server that ignores updated_from (every request in every window): a colleague's edit is still a conflict", async () => {
    const before = await update(connect(), sheet('Status Nov'));
    expect(before).toMatchObject({ updated: ROWS });
    const colleague = connect();
    const edited = idOf(140);
    const withoutWindow = <T extends Record<string, unknown>>(filters: T): T => {
      const { updated_from: _ignored, ...rest } = filters;
      return rest as T;
    };
    // Its lists and counts answer as if no updated_from were asked: the whole account, the demo's
    // requests stamped years ago among them, which no check of this run has seen.
    let counts = 0;
    const ignoring = hooked(connect(), (inner) => ({
      countCaseRequests: async (filters, ...rest) => {
        if ('updated_from' in filters && ++counts === 3)
          await colleague.updateCaseRequest(edited, { notes: 'Called the adjuster' });
        return inner.countCaseRequests(withoutWindow(filters), ...rest);
      },
      listCaseRequests: (filters, ...rest) => inner.listCaseRequests(withoutWindow(filters), ...rest),
    }));
    const summary = await update(ignoring, sheet('Status Dec'), 1);

    expect(summary).toMatchObject({ updated: ROWS - 1, failed: 1 });
    // Said once in the run's notes, however many checks met it: what Trackops did, what the checks did
    // instead, what it costs. The run before, against a server that keeps to the filter, says nothing.
    expect(before.searchNotes).toEqual([]);
    expect(summary.searchNotes).toHaveLength(1);
    const [note] = summary.searchNotes;
    expect(note).toMatch(
      /^In the \d+ checks for changes made in Trackops while the rows were sent, Trackops's list gave REQ-\d+ \(id \d+\), changed 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d, when asked only for requests changed from 20\d\d-\d\d-\d\d \d\d:\d\d:\d\d on \(updated_from, UTC\): the server seems to ignore that filter, so each of them looked up each row still to be sent by its key instead \(\d+ look-ups in all\)\. /,
    );
    expect(note).toContain('each such check costs a request per row left instead of two');
    expect(sandbox.account().case_requests.find(({ id }) => id === edited)!.notes).toBe(
      'Called the adjuster',
    );
    const journal = await readFile(join(dir, 'Status-Dec.csv.journal.jsonl'), 'utf8');
    expect(journal).toMatch(/"row":141,[^\n]*"status":"failed"[^\n]*"conflict"/);
  });
});

describe('an update whose server ignores updated_to but keeps to updated_from', () => {
  it("a colleague's edit is still a conflict, and a check reads what came since its pin instead of looking up every row left", async () => {
    expect(await update(connect(), sheet('Status Nov'))).toMatchObject({ updated: ROWS });
    const colleague = connect();
    const edited = idOf(140);
    const withoutEnd = <T extends Record<string, unknown>>(filters: T): T => {
      const { updated_to: _ignored, ...rest } = filters;
      return rest as T;
    };
    // Its lists and counts answer as if no updated_to were asked: every pinned part of a check holds
    // what changed up to now, the run's writes after the pin's bound among them.
    let counts = 0;
    const ignoring = hooked(connect(), (inner) => ({
      countCaseRequests: async (filters, ...rest) => {
        if ('updated_from' in filters && !('updated_to' in filters) && ++counts === 3)
          await colleague.updateCaseRequest(edited, { notes: 'Called the adjuster' });
        return inner.countCaseRequests(withoutEnd(filters), ...rest);
      },
      listCaseRequests: (filters, ...rest) => inner.listCaseRequests(withoutEnd(filters), ...rest),
    }));
    urls.length = 0;
    const summary = await update(ignoring, sheet('Status Dec'), 1);

    expect(summary).toMatchObject({ updated: ROWS - 1, failed: 1 });
    expect(sandbox.account().case_requests.find(({ id }) => id === edited)!.notes).toBe(
      'Called the adjuster',
    );
    const journal = await readFile(join(dir, 'Status-Dec.csv.journal.jsonl'), 'utf8');
    expect(journal).toMatch(/"row":141,[^\n]*"status":"failed"[^\n]*"conflict"/);
    // What came since each pin was read after its pinned part: no row was looked up by its key.
    const sending = urls.slice(urls.findIndex(({ method }) => method === 'PUT'));
    expect(
      sending.filter(({ method, url }) => method === 'GET' && url.includes('reference_value_1=')),
    ).toEqual([]);
  });
});

describe("an update's check while sending that fails, or whose server counts otherwise than it lists", () => {
  it("a check that failed is made again at the next row: a colleague's edit made before it is a conflict, not overwritten", async () => {
    expect(await update(connect(), sheet('Status Nov'))).toMatchObject({ updated: ROWS });
    const colleague = connect();
    const edited = idOf(140);
    // The check after 120 rows: the colleague's edit lands, then Trackops answers its count with a 503.
    let counts = 0;
    const failing = hooked(connect(), (inner) => ({
      countCaseRequests: async (filters, ...rest) => {
        if ('updated_from' in filters && !('updated_to' in filters) && ++counts === 3) {
          await colleague.updateCaseRequest(edited, { notes: 'Called the adjuster' });
          throw new ServerError('api_server_error', 'Trackops answered 503 Service Unavailable', {
            method: 'GET',
            path: 'case/requests?mode=count',
            status: 503,
          });
        }
        return inner.countCaseRequests(filters, ...rest);
      },
    }));
    const summary = await update(failing, sheet('Status Dec'), 1);

    expect(sandbox.account().case_requests.find(({ id }) => id === edited)!.notes).toBe(
      'Called the adjuster',
    );
    const journal = await readFile(join(dir, 'Status-Dec.csv.journal.jsonl'), 'utf8');
    expect(journal).toMatch(/"row":141,[^\n]*"status":"failed"[^\n]*"conflict"/);
    // The row whose check failed was not sent (resumable); every other row but the edited one was.
    expect(summary).toMatchObject({ updated: ROWS - 2, failed: 2 });
  });

  it("a server whose count ignores updated_from: each check looks up the rows left by their keys, and a colleague's edit is a conflict", async () => {
    expect(await update(connect(), sheet('Status Nov'))).toMatchObject({ updated: ROWS });
    const colleague = connect();
    const edited = idOf(140);
    // Its counts answer as if no updated_from were asked (the whole account, or all up to updated_to),
    // while its lists keep to it: a check's pinned listing ends short of its count, twice.
    let counts = 0;
    const miscounting = hooked(connect(), (inner) => ({
      countCaseRequests: async (filters, ...rest) => {
        if ('updated_from' in filters && !('updated_to' in filters) && ++counts === 3)
          await colleague.updateCaseRequest(edited, { notes: 'Called the adjuster' });
        const { updated_from: _ignored, ...counted } = filters;
        return inner.countCaseRequests(counted, ...rest);
      },
    }));
    const summary = await update(miscounting, sheet('Status Dec'), 1);

    expect(summary).toMatchObject({ updated: ROWS - 1, failed: 1 });
    expect(sandbox.account().case_requests.find(({ id }) => id === edited)!.notes).toBe(
      'Called the adjuster',
    );
    const journal = await readFile(join(dir, 'Status-Dec.csv.journal.jsonl'), 'utf8');
    expect(journal).toMatch(/"row":141,[^\n]*"status":"failed"[^\n]*"conflict"/);
  });
});
