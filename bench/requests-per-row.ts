/**
 * Requests per row (issue 13.1): at 1 request/s what a clerk waits for is requests, so each way of
 * importing is measured by the requests the sandbox answered (its own `stats()`), reference reads aside
 * (read once per run before anything is counted), on an account of 50 requests and on a large one.
 *
 * Everything runs in this process through core, as the CLI runs it: validateRows → planImport →
 * runImport with the plan's records (`stored`), a journal per run; the round trip exports with
 * exportCaseRequests, edits 5 % of the rows with exceljs as a person would, and imports them back with
 * prepareRoundTripImport. Rows are plain CSV written here (values without commas or quotes).
 *
 * Targets (issue 13.1), judged as requests ≤ rows × per-row target + 3 (the plan's count and pages, and
 * one freshness count, on a small account): create 1.00; update and upsert, by id or by a reference
 * value, ≤ 1.05 with the whole-object (client) merge; rows that would change nothing 0; a round trip
 * only for its edited rows; a dry run ≤ rows/100 + 3. On the large account the check of the rows against
 * it costs either one look-up per row or a listing of the whole account, whichever is fewer (never
 * dropped to meet a number), so there the target is the writes plus that cheaper search, + 3; an update's
 * or upsert's writes at their 1.05 each, as on the small account (the checks for a colleague's edits while
 * sending, 2 requests per 40 rows sent: docs/import.md, "Fresh, or checked").
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { thisProcess } from '../cli/journal-owner.ts';
import {
  createPacer,
  createTrackopsApi,
  exportCaseRequests,
  fileSource,
  openJournal,
  openSheet,
  planImport,
  prepareRoundTripImport,
  runImport,
  sha256,
  validateRows,
  type AccountReference,
  type ImportMode,
  type Mapping,
  type PlanStats,
  type StoredRequests,
  type TrackopsApi,
} from '../core/index.ts';
import { loadDemoAccount, startSandbox, type AccountFile, type RunningSandbox } from '../sandbox/index.ts';
import { round, type Measurement } from './measure.ts';
import { CLI_WAYS_OUT } from '../cli/ways-out.ts';
import { CLI_CONNECTION_WORDS } from '../cli/connection-words.ts';

export interface RequestSizes {
  /** The small account (the 50 requests). */
  smallAccount: number;
  /** The large account (50,000; the quick run uses fewer and says so). */
  largeAccount: number;
  /** Rows of a file against the large account. */
  largeRows: number;
}

/** Records created on this day are the round trip's export (a date filter picks them from a large account). */
const EXPORT_DAY = '2026-05-04';
const OTHER_DAY = '2026-06-01';
const KEY = (index: number) => `BEN-${String(index).padStart(6, '0')}`;

const updateMapping = (match: 'id' | 'reference_value_1'): Mapping =>
  ({
    version: 1,
    mode: 'update',
    match,
    columns: [
      { column: match === 'id' ? 'Trackops Id' : 'Claim #', target: match },
      { column: 'Carrier City', target: 'client.city' },
      { column: 'Instructions', target: 'notes' },
    ],
  }) as Mapping;

/** Everything a create needs, most of it as a value for every row. */
const CREATE_MAPPING = {
  version: 1,
  mode: 'create',
  match: 'reference_value_1',
  constants: {
    case_type_id: 1,
    case_region_id: 1,
    created_on: OTHER_DAY,
    'client.name': 'Acme Mutual Insurance',
    'client.country': 'US',
    'contact.first_name': 'Dana',
    'contact.last_name': 'Whitfield',
    'contact.email': 'dana.whitfield@example.com',
  },
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Carrier City', target: 'client.city' },
    { column: 'Instructions', target: 'notes' },
  ],
} as Mapping;

export async function requestsPerRow(dir: string, sizes: RequestSizes): Promise<Measurement[]> {
  const measurements: Measurement[] = [];
  const accounts: [string, number, number][] = [
    ['small', sizes.smallAccount, sizes.smallAccount],
    ['large', sizes.largeAccount, sizes.largeRows],
  ];
  for (const [kind, accountSize, rows] of accounts) {
    const sandbox = await startSandbox({ port: 0, rate: 5000, account: await accountOf(accountSize, rows) });
    try {
      const bench = await benchOf(sandbox, join(dir, `requests-${kind}`), accountSize, rows);
      measurements.push(...(await bench.all()));
    } finally {
      await sandbox.close();
    }
  }
  return measurements;
}

/** The demo account's reference data with `size` plain requests: the first `exported` on EXPORT_DAY. */
async function accountOf(size: number, exported: number): Promise<AccountFile> {
  const account = await loadDemoAccount();
  account.case_requests = Array.from({ length: size }, (_, index) => {
    const id = index + 1;
    return {
      id,
      case_request_number: `REQ-${String(id).padStart(6, '0')}`,
      series_number: id,
      case_type_id: 1,
      case_region_id: 1,
      company_location_id: 51,
      referral_source_id: 41,
      created_on: id <= exported ? EXPORT_DAY : OTHER_DAY,
      due_on: null,
      reference_value_1: KEY(id),
      reference_value_2: null,
      reference_value_3: null,
      case_location: null,
      budget_money: null,
      budget_hours: null,
      notes: `Note ${id}`,
      scheduling_notes: null,
      admin_notes: null,
      client_id: null,
      location_id: null,
      primary_contact_id: null,
      primary_subject_id: null,
      client: { name: 'Acme Mutual Insurance', address_1: '1200 Market St', city: 'Denver', country: 'US' },
      contact: { first_name: 'Dana', last_name: 'Whitfield', email: 'dana.whitfield@example.com' },
      case_services_list: [21],
      case_flags_list: [],
      custom_fields: [],
      subjects: [],
      // Long before the run: nothing in the account changed since an export made now.
      created_at: '2020-01-01 00:00:00',
      updated_at: '2020-01-01 00:00:00',
    };
  });
  return account;
}

interface Scenario {
  what: string;
  rows: number;
  requests: number;
  /** Writes the scenario must send (creates, updates). */
  writes: number;
  /** Per-row target on a small account (beside the 3 listing requests). */
  perRow: number;
  detail: string;
  /** Requests the account held when the scenario began (creates add to it). */
  accountNow: number;
}

async function benchOf(sandbox: RunningSandbox, dir: string, accountSize: number, rows: number) {
  await rm(dir, { recursive: true, force: true });
  await mkdtemp(`${dir}-`).then((made) => (dir = made));
  const pacer = createPacer({ ratePerSecond: 2000, concurrency: 4 });
  const api = createTrackopsApi(
    { words: CLI_CONNECTION_WORDS, baseUrl: sandbox.baseUrl, user: sandbox.username, token: sandbox.token },
    { pacer },
  );
  const reference = await api.getReference();
  const small = accountSize <= 100;
  let step = 0;

  /** Writes a CSV of `rows` rows: [key, city, notes]. */
  const csv = async (header: string, lines: [string, string, string][]) => {
    const path = join(dir, `rows-${step++}.csv`);
    const text = [[header, 'Carrier City', 'Instructions'], ...lines]
      .map((line) => line.join(','))
      .join('\r\n');
    await writeFile(path, text + '\r\n');
    return path;
  };

  /** One import as the CLI runs it (plan, then runner with the plan's records); the requests it took. */
  const imported = async (file: string, mapping: Mapping, mode: ImportMode) => {
    const withMode = { ...mapping, mode };
    const before = sandbox.stats().requests;
    const sheet = await openSheet(fileSource(file));
    const journal = await openJournal(
      join(dir, `journal-${step++}.jsonl`),
      {
        file: 'rows.csv',
        fileHash: sha256(await readFile(file)),
        mappingHash: sha256(JSON.stringify(withMode)),
        mode,
      },
      { resume: false, owner: thisProcess() },
    );
    let stored: StoredRequests | undefined;
    const plan: PlanStats = { strategy: 'none', requests: 0, distinctKeys: 0 };
    try {
      const summary = await runImport({
        waysOut: CLI_WAYS_OUT,
        outcomes: planImport(
          validateRows(sheet, withMode, { reference }),
          api,
          withMode,
          { waysOut: CLI_WAYS_OUT, reference, onStored: (found) => (stored = found) },
          plan,
        ),
        mode,
        match: withMode.match ?? null,
        api,
        pacer,
        journal,
        headers: sheet.headers,
        columns: withMode.columns,
        ...(withMode.constants ? { constants: withMode.constants } : {}),
        stored: () => stored,
        reference,
      });
      if (summary.failed || summary.invalid)
        throw new Error(
          `bench import (${mode}) had ${summary.failed} failed, ${summary.invalid} invalid rows`,
        );
      // Where the requests went beside the writes, for results.json: the plan's search, and the checks
      // while sending (a colleague's edits, requests added with a row's key).
      const spent =
        `plan ${plan.requests} (${plan.strategy === 'per-key' ? 'look-ups' : plan.strategy})` +
        (stored
          ? `, ${stored.checks} check${stored.checks === 1 ? '' : 's'} while sending (${stored.requests} requests)`
          : '');
      return { summary, requests: sandbox.stats().requests - before, spent };
    } finally {
      await journal.close();
    }
  };

  const keys = Array.from({ length: rows }, (_, index) => index + 1);
  const scenarios: Scenario[] = [];
  const held = () => sandbox.account().case_requests.length;
  const plural = `${rows} rows, account of ${accountSize.toLocaleString('en-US')} requests`;

  // Round trip of an export with 5 % of its rows edited (first: an export is edited while the
  // account stays as it was; the others' writes would all be "changed since the export").
  {
    const accountNow = held();
    const edited = Math.max(1, Math.ceil(rows * 0.05));
    const run = await roundTrip(api, reference, sandbox, dir, rows, edited);
    scenarios.push({
      what: 'round trip of an export with 5 % of rows edited',
      rows,
      requests: run.requests,
      writes: edited,
      perRow: edited / rows,
      accountNow,
      detail: `${edited} edited rows of ${rows} exported; the edited rows' check and PUTs (the export itself not counted)`,
    });
  }

  // Dry run of an update (the change preview included): the plan only.
  {
    const accountNow = held();
    const file = await csv(
      'Claim #',
      keys.map((id) => [KEY(id), 'Aurora', `Note ${id} edited`]),
    );
    const mapping = updateMapping('reference_value_1');
    const before = sandbox.stats().requests;
    const sheet = await openSheet(fileSource(file));
    let planned = 0;
    for await (const outcome of planImport(validateRows(sheet, mapping, { reference }), api, mapping, {
      waysOut: CLI_WAYS_OUT,
      reference,
    }))
      if (outcome.action === 'update' && outcome.changes?.length) planned += 1;
    if (planned !== rows) throw new Error(`bench dry run: ${planned} of ${rows} rows would update`);
    scenarios.push({
      what: 'dry run (update, change preview)',
      rows,
      requests: sandbox.stats().requests - before,
      writes: 0,
      perRow: 1 / 100,
      accountNow,
      detail: 'validate + planImport, every row previewed',
    });
  }

  // Update by reference value, and by id: a client part (whole-object merge) and the notes.
  for (const match of ['reference_value_1', 'id'] as const) {
    const accountNow = held();
    const file = await csv(
      match === 'id' ? 'Trackops Id' : 'Claim #',
      keys.map((id) => [match === 'id' ? String(id) : KEY(id), 'Aurora', `Note ${id} by ${match}`]),
    );
    const run = await imported(file, updateMapping(match), 'update');
    if (run.summary.updated !== rows)
      throw new Error(`bench update by ${match}: ${run.summary.updated} updated`);
    scenarios.push({
      what: `update by ${match === 'id' ? 'id' : 'reference value'}`,
      rows,
      requests: run.requests,
      writes: rows,
      perRow: 1.05,
      accountNow,
      detail: `client city (merged into the stored client) and notes; ${run.spent}`,
    });
  }

  // The same file again: every value already held.
  {
    const accountNow = held();
    const file = await csv(
      'Claim #',
      keys.map((id) => [KEY(id), 'Aurora', `Note ${id} by id`]),
    );
    const run = await imported(file, updateMapping('reference_value_1'), 'update');
    if (run.summary.unchanged !== rows)
      throw new Error(`bench unchanged: ${run.summary.unchanged} unchanged`);
    scenarios.push({
      what: 'update of rows that would change nothing',
      rows,
      requests: run.requests,
      writes: 0,
      perRow: 0,
      accountNow,
      detail: `status unchanged, nothing sent; ${run.spent}`,
    });
  }

  // Create: new keys, the duplicate check included.
  {
    const accountNow = held();
    const file = await csv(
      'Claim #',
      keys.map((id) => [`NEW-${id}`, 'Denver', `New ${id}`]),
    );
    const run = await imported(file, CREATE_MAPPING, 'create');
    if (run.summary.created !== rows) throw new Error(`bench create: ${run.summary.created} created`);
    scenarios.push({
      what: 'create',
      rows,
      requests: run.requests,
      writes: rows,
      perRow: 1,
      accountNow,
      detail: `one POST per row, after the duplicate check; ${run.spent}`,
    });
  }

  // Upsert: half the rows update existing requests, half create.
  {
    const accountNow = held();
    const half = Math.floor(rows / 2);
    const file = await csv(
      'Claim #',
      keys.map((id) =>
        id <= half ? [KEY(id), 'Golden', `Upserted ${id}`] : [`UPS-${id}`, 'Golden', `Upserted ${id}`],
      ),
    );
    const run = await imported(file, CREATE_MAPPING, 'upsert');
    if (run.summary.updated + run.summary.created !== rows)
      throw new Error(`bench upsert: ${run.summary.updated} updated, ${run.summary.created} created`);
    scenarios.push({
      what: 'upsert',
      rows,
      requests: run.requests,
      writes: rows,
      perRow: 1.05,
      accountNow,
      detail: `${run.summary.updated} updates (client merged), ${run.summary.created} creates; ${run.spent}`,
    });
  }

  return {
    async all(): Promise<Measurement[]> {
      return scenarios.map((scenario) => {
        // On the large account the cheaper search of the rows' keys: a look-up per row, or the listing.
        const search = Math.min(scenario.rows, Math.ceil(scenario.accountNow / 100) + 1);
        // Per write: an update's or upsert's 1.05 holds its checks while sending (the small account's
        // rule); a large account adds no more of them, so its writes are held to the same figure.
        const perWrite = Math.max(1, scenario.perRow);
        const limit = small
          ? Math.floor(scenario.rows * scenario.perRow + 1e-9) + 3
          : Math.floor(scenario.writes * perWrite + 1e-9) +
            (scenario.what.startsWith('round trip') ? 0 : search) +
            3;
        const value = round(scenario.requests / scenario.rows, 3);
        const target = small
          ? scenario.perRow === 0
            ? '0 per row (+ 3 listing)'
            : scenario.what.startsWith('dry run')
              ? '≤ rows/100 + 3'
              : scenario.what.startsWith('round trip')
                ? 'edited rows only (+ 3)'
                : `≤ ${scenario.perRow.toFixed(2)} per row (+ 3 listing)`
          : perWrite > 1
            ? `≤ ${perWrite.toFixed(2)} per write + the cheaper search (${search} requests) + 3`
            : `≤ writes + the cheaper search (${search} requests) + 3`;
        return {
          name: `requests per row: ${scenario.what}, ${plural}`,
          value,
          unit: 'requests/row',
          target,
          met: scenario.requests <= limit,
          median: scenario.requests,
          min: scenario.requests,
          max: scenario.requests,
          baseline: null,
          detail: `${scenario.requests} requests for ${scenario.rows} rows (limit ${limit}); ${scenario.detail}`,
        };
      });
    },
  };
}

/** Export the EXPORT_DAY requests for a round trip, edit `edited` rows' notes with exceljs, import them back. */
async function roundTrip(
  api: TrackopsApi,
  reference: AccountReference,
  sandbox: RunningSandbox,
  dir: string,
  rows: number,
  edited: number,
): Promise<{ requests: number }> {
  const exported = join(dir, 'round-trip.xlsx');
  const result = await exportCaseRequests({
    api,
    filters: { created_from: EXPORT_DAY, created_to: EXPORT_DAY },
    format: 'xlsx',
    preset: 'round-trip',
    out: exported,
    reference,
    accountLabel: `${sandbox.baseUrl} as ${sandbox.username}`,
  });
  if (result.rows !== rows) throw new Error(`bench round trip: exported ${result.rows} rows, not ${rows}`);
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(exported);
  const sheet = book.getWorksheet('Case Requests')!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  const notes = headers.indexOf('notes');
  let done = 0;
  sheet.eachRow((row, number) => {
    if (number === 1 || done >= edited) return;
    row.getCell(notes).value = `Edited in Excel ${number}`;
    done += 1;
  });
  const editedPath = join(dir, 'round-trip-edited.xlsx');
  await book.xlsx.writeFile(editedPath);

  const before = sandbox.stats().requests;
  const trip = await prepareRoundTripImport(fileSource(editedPath), api, {
    waysOut: CLI_WAYS_OUT,
    reference,
  });
  if (!trip) throw new Error('bench round trip: not a round-trip file');
  const journal = await openJournal(
    join(dir, 'round-trip.journal.jsonl'),
    {
      file: 'edited.xlsx',
      fileHash: sha256(await readFile(editedPath)),
      mappingHash: 'round-trip',
      mode: 'update',
    },
    { resume: false, owner: thisProcess() },
  );
  try {
    const summary = await runImport({
      waysOut: CLI_WAYS_OUT,
      outcomes: trip.outcomes,
      mode: 'update',
      match: 'id',
      api,
      pacer: createPacer({ ratePerSecond: 2000, concurrency: 4 }),
      journal,
      targetsChecked: true,
    });
    if (summary.updated !== edited)
      throw new Error(`bench round trip: ${summary.updated} updated of ${edited}`);
  } finally {
    await journal.close();
  }
  return { requests: sandbox.stats().requests - before };
}
