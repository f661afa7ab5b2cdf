/**
 * The import as the engine runs it, for tests: rows written by Python's csv module (make-rows.py), the
 * real reader, mapping loader and validator, core's client and runner, and a sandbox over real HTTP.
 */
import { readFile } from 'node:fs/promises';
import { createTrackopsApi } from '../../core/api/client.ts';
import { openJournal, sha256 } from '../../core/batch/journal.ts';
import type { LostCreateWaits } from '../../core/batch/reconcile.ts';
import { runImport, type ImportRunOptions, type ImportSummary } from '../../core/batch/runner.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { sleep } from '../../core/pace/sleep.ts';
import {
  fileSource,
  loadMappingFile,
  openResultsWriter,
  openSheet,
  validateRows,
  type ImportMode,
  type Mapping,
} from '../../core/index.ts';
import type { AccountFile, RunningSandbox } from '../../sandbox/index.ts';
import { thisProcess } from '../../cli/journal-owner.ts';
import { rowLines } from '../../cli/row-lines.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';
import { runPythonFile } from '../helpers/run-python.ts';

export const TEMPLATE = new URL('../../samples/referrals-template.json', import.meta.url).pathname;
const MAKE_ROWS = new URL('./make-rows.py', import.meta.url).pathname;

export function makeRows(
  out: string,
  count: number,
  prefix: string,
  badRows: number[] = [],
  city = 'Denver',
  note = 'Check gym visits',
  blankColumn?: string,
): void {
  const bad = badRows.length ? badRows.join(',') : '-';
  runPythonFile(MAKE_ROWS, [out, String(count), prefix, bad, city, note], {
    env: { ...process.env, ...(blankColumn ? { BLANK_COLUMN: blankColumn } : {}) },
  });
}

export async function templateMapping(overrides: Partial<Mapping> = {}): Promise<Mapping> {
  return { ...(await loadMappingFile(TEMPLATE)), ...overrides };
}

export interface InProcessImport {
  file: string;
  mapping: Mapping;
  mode: ImportMode;
  sandbox: RunningSandbox;
  /** Talk to this base URL instead of the sandbox's (a proxy in front of it). */
  baseUrl?: string;
  journal: string;
  /** The account the journal records (as the CLI and the app record theirs); none by default. */
  account?: string;
  results?: string;
  resume?: boolean;
  rate?: number;
  concurrency?: number;
  limit?: number;
  /** The client's time per request (default 30 s). */
  timeoutMs?: number;
  /**
   * Waits before the looks for a lost create. Default here: the first as in a real run (0.5 s), the
   * second 50 ms instead of 10 s, so that a 5xx that stored nothing is not waited for as long for real.
   */
  lostCreateWaits?: Partial<LostCreateWaits>;
  /** Run the pacer's and the retries' clock at real speed (default: FAST_TIME_SPEED times faster). */
  realTime?: boolean;
  /** The runner's clock, its progress, and the stop that abandons a request in flight. */
  now?: () => number;
  onProgress?: ImportRunOptions['onProgress'];
  hardSignal?: AbortSignal;
}

/** How much faster than real time the pacer and the client's retries wait in importInProcess. */
export const FAST_TIME_SPEED = 10;

/**
 * A clock for the pacer and the client that runs `speed` times faster than the wall clock, and a sleep
 * that waits in that time: a Retry-After second pauses every worker 100 ms, a 5xx's back-off of 2 s
 * 200 ms. Every decision a run under seeded faults makes (which request waits, which goes again, how
 * the rate halves and climbs back) is the same; only the waiting is shorter. The rate asked of the pacer
 * is divided by `speed`, so requests reach the sandbox as fast as before. The sandbox and the runner
 * keep the wall clock: the server's times are never scaled.
 */
export function fastTime(speed = FAST_TIME_SPEED): {
  now: () => number;
  sleep: typeof sleep;
  speed: number;
} {
  const start = Date.now();
  return {
    now: () => start + (Date.now() - start) * speed,
    sleep: (ms, ...signals) => sleep(ms / speed, ...signals),
    speed,
  };
}

/**
 * The second look for a lost create, shortened for tests (a real run waits 10 s), and no settle window
 * before a resume sends a row in doubt again (a real one waits for the timeout and 2 min after its
 * send: earlier-sends.ts; its own tests set one).
 */
export const TEST_WAITS: Partial<LostCreateWaits> = { againMs: 50, settleMs: 0 };

export async function importInProcess(options: InProcessImport): Promise<ImportSummary> {
  const sheet = await openSheet(fileSource(options.file));
  const time = options.realTime ? null : fastTime();
  const pacer = createPacer({
    ratePerSecond: (options.rate ?? 500) / (time?.speed ?? 1),
    concurrency: options.concurrency ?? 4,
    ...(time ? { now: time.now, sleep: time.sleep } : {}),
  });
  const api = createTrackopsApi(
    {
      words: CLI_CONNECTION_WORDS,
      baseUrl: options.baseUrl ?? options.sandbox.baseUrl,
      user: options.sandbox.username,
      token: options.sandbox.token,
    },
    {
      pacer,
      ...(time ? { sleep: time.sleep } : {}),
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    },
  );
  const reference = await api.getReference();
  const mapping = { ...options.mapping, mode: options.mode };
  const journal = await openJournal(
    options.journal,
    {
      file: 'rows.csv',
      fileHash: sha256(await readFile(options.file)),
      mappingHash: sha256(JSON.stringify(mapping)),
      mode: options.mode,
      ...(options.account ? { account: options.account } : {}),
    },
    { resume: options.resume === true, owner: thisProcess() },
  );
  const results = options.results
    ? rowLines(
        await openResultsWriter(options.results, {
          file: 'rows.csv',
          sheet: null,
          mode: options.mode,
          headers: sheet.headers,
        }),
      )
    : null;
  try {
    const summary = await runImport({
      waysOut: CLI_WAYS_OUT,
      outcomes: validateRows(sheet, mapping, { reference, settings: options.sandbox.settings }),
      mode: options.mode,
      match: mapping.match ?? null,
      api,
      pacer,
      journal,
      results,
      headers: sheet.headers,
      columns: mapping.columns,
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      lostCreateWaits: { ...TEST_WAITS, ...options.lostCreateWaits },
      ...(options.now ? { now: options.now } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.hardSignal ? { hardSignal: options.hardSignal } : {}),
    });
    const { interrupted: _interrupted, searchNotes: _searchNotes, ...counters } = summary;
    await results?.close(counters);
    return summary;
  } catch (error) {
    // As the CLI does: a run that stopped has reported every row; its results file is whole.
    await results?.close(results.counts());
    throw error;
  } finally {
    await journal.close();
  }
}

/**
 * Requests of `account` whose reference_value_1 starts with `prefix`, counted per reference value, in
 * the order of the reference values (PRE-0, PRE-1, …): the account's own order is the order the requests
 * were created in, which a seeding import sending several at once does not fix.
 */
export function storedByReference(
  account: AccountFile,
  prefix: string,
): Map<string, AccountFile['case_requests']> {
  const found = new Map<string, AccountFile['case_requests']>();
  for (const request of account.case_requests) {
    const reference = request.reference_value_1 ?? '';
    if (!reference.startsWith(prefix)) continue;
    found.set(reference, [...(found.get(reference) ?? []), request]);
  }
  return new Map([...found].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })));
}

export const FAULTS = 'latency=2-20ms,error5xx=0.1,throttle=0.1,drop-after-commit=0.1,seed=';

/** A sandbox account file holding the requests a fault-free create import of `file` made. */
export async function seededAccountFile(dir: string, file: string, mapping: Mapping): Promise<string> {
  const { startSandbox } = await import('../../sandbox/index.ts');
  const dataFile = `${dir}/account.json`;
  const sandbox = await startSandbox({ port: 0, rate: 1000, dataFile });
  try {
    const summary = await importInProcess({
      file,
      mapping,
      mode: 'create',
      sandbox,
      journal: `${dir}/seed.journal.jsonl`,
    });
    if (summary.failed > 0) throw new Error(`seeding failed for ${summary.failed} rows`);
  } finally {
    await sandbox.close();
  }
  return dataFile;
}
