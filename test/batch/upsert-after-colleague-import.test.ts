/**
 * An upsert sent right after a colleague's import at full speed (issue 13's benchmark: its upsert came
 * seconds after 400 writes of the scenarios before it, stamped within 2 seconds). The plan looks each
 * key up (the account is too large to list), so it never reads the colleague's new requests; the first
 * check while sending finds them in its window (5 minutes back) and lists the window once: any of them
 * could hold a key of a row still to be sent. That check is kept; what it costs is the listing's
 * (list-all.ts): a second holding more than a page is read by its count and pages without its first
 * page asked once more, a page listed by id whose latest requests are the run's own writes is cut
 * between them and the rest, and the pinned part counted empty is not asked for its page (before: 15
 * requests for this check, where 10 do now).
 *
 * In process, as the CLI runs it (plan, then runner with the plan's records), over real HTTP against the
 * sandbox, which logs every request; the runner's clock is injected (it moves 1 ms a look, so checks
 * come every 40 rows sent, never by time); the sheet written by Python's csv module.
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
  sha256,
  validateRows,
  type Mapping,
  type StoredRequests,
} from '../../core/index.ts';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { tempDir } from '../report/helpers.ts';

/** Requests the account held before the colleague's import: a listing would take 80 pages. */
const HELD = 8_000;
/** The colleague's import: 150 new requests, stamped in one second a minute ago. */
const IMPORTED = 150;
/** The sheet: 60 rows of held requests to update, 20 of new keys to create (80 look-ups < 80 pages). */
const UPDATES = 60;
const CREATES = 20;
const key = (id: number) => `CLM-U-${String(id).padStart(5, '0')}`;

const MAPPING = {
  version: 1,
  mode: 'upsert',
  match: 'reference_value_1',
  constants: {
    case_type_id: 1,
    case_region_id: 1,
    created_on: '2026-06-01',
    'client.name': 'Acme Mutual Insurance',
    'client.country': 'US',
    'contact.first_name': 'Dana',
    'contact.last_name': 'Whitfield',
    'contact.email': 'dana.whitfield@example.com',
  },
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Instructions', target: 'notes' },
  ],
} as Mapping;

const stamp = (millis: number) => new Date(millis).toISOString().slice(0, 19).replace('T', ' ');

let sandbox: RunningSandbox;
let urls: { method: string; url: string }[];
let dir: string;

beforeEach(async () => {
  const account = await loadDemoAccount();
  const model = { ...structuredClone(account.case_requests[0]!), subjects: [], primary_subject_id: null };
  const imported = stamp(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  account.case_requests = Array.from({ length: HELD + IMPORTED }, (_, index) => {
    const id = index + 1;
    // Long before the test, but the colleague's import of a minute ago.
    const at = id > HELD ? imported : '2020-01-01 00:00:00';
    return {
      ...model,
      id,
      series_number: id,
      case_request_number: `REQ-${String(id).padStart(5, '0')}`,
      reference_value_1: key(id),
      notes: `Note ${id}`,
      created_at: at,
      updated_at: at,
    };
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

/** The upsert as the CLI runs it: the plan, then the runner with the plan's records; one row at a time. */
async function upsert(file: string) {
  const api = createTrackopsApi(
    { words: CLI_CONNECTION_WORDS, baseUrl: sandbox.baseUrl, user: sandbox.username, token: sandbox.token },
    { pacer: createPacer({ ratePerSecond: 2000, concurrency: 1 }) },
  );
  const reference = await api.getReference();
  const table = await openSheet(fileSource(file));
  const journal = await openJournal(
    join(dir, 'upsert.journal.jsonl'),
    {
      file: 'rows.csv',
      fileHash: sha256(await readFile(file)),
      mappingHash: sha256(JSON.stringify(MAPPING)),
      mode: 'upsert',
    },
    { resume: false, owner: thisProcess() },
  );
  let clock = Date.now();
  let stored: StoredRequests | undefined;
  const before = urls.length;
  try {
    const summary = await runImport({
      waysOut: CLI_WAYS_OUT,
      outcomes: planImport(validateRows(table, MAPPING, { reference }), api, MAPPING, {
        waysOut: CLI_WAYS_OUT,
        reference,
        onStored: (found) => (stored = found),
      }),
      mode: 'upsert',
      match: 'reference_value_1',
      api,
      pacer: createPacer({ ratePerSecond: 2000, concurrency: 1 }),
      journal,
      headers: table.headers,
      columns: MAPPING.columns,
      constants: MAPPING.constants!,
      stored: () => stored,
      reference,
      now: () => (clock += 1),
    });
    return { summary, asked: urls.slice(before) };
  } finally {
    await journal.close();
  }
}

describe("an upsert right after a colleague's import at full speed", () => {
  it("checks the import's requests once, by the counts and pages they need", async () => {
    const rows = [['Claim #', 'Instructions']];
    for (let id = 1; id <= UPDATES; id++) rows.push([key(id), `Upserted ${id}`]);
    for (let n = 1; n <= CREATES; n++) rows.push([`CLM-NEW-${n}`, `Upserted new ${n}`]);
    const file = writeCsvByPython(join(dir, 'upsert.csv'), rows);

    const { summary, asked } = await upsert(file);
    expect(summary).toMatchObject({ updated: UPDATES, created: CREATES, failed: 0 });
    const reads = asked.filter(({ method }) => method === 'GET');
    // The plan: its count and a look-up per key, nothing listed.
    const lookUps = reads.filter(({ url }) => url.includes('reference_value_1='));
    expect(lookUps).toHaveLength(UPDATES + CREATES);
    // The checks while sending: every request they asked has a window.
    const checks = reads.filter(({ url }) => url.includes('updated_from='));
    expect(reads.length).toBe(1 + lookUps.length + checks.length);
    // One check, after 40 rows sent (the creates after the 60th update overwrite nothing): its count,
    // the pinned part's count (0: its window began a moment before the pin's bound, so its page is not
    // asked), then what came since: its first page (the run's 40 writes and 60 of the import), the part
    // before the run's writes (the import's first 100, all of its one second), that second by its count
    // and 2 pages, the empty part after it, the run's writes with what may follow (1 page). 10
    // requests; 15 before.
    expect(checks.filter(({ url }) => isCheckCount(url))).toHaveLength(1);
    expect(checks).toHaveLength(10);
    // Every write sent once.
    expect(asked.filter(({ method }) => method === 'PUT')).toHaveLength(UPDATES);
    expect(asked.filter(({ method }) => method === 'POST')).toHaveLength(CREATES);
  });
});

/** A check begins with its count of the open window (a listing's pinned parts have an end). */
function isCheckCount(url: string): boolean {
  return url.includes('mode=count') && !url.includes('updated_to=');
}
