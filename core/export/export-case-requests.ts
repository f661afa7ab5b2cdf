/**
 * Export filtered case requests to XLSX or CSV: count, page and hold or spool the records (spool.ts), choose
 * the columns from what the records hold (preset `report` or `round-trip`), then stream the rows out.
 * A path is written atomically (temp file beside it, renamed at the end), so a failed or cancelled
 * export never leaves a half file under the name the user asked for.
 */
import { thousands } from '../thousands.ts';
import type { Writable } from 'node:stream';
import type { AccountReference } from '../account/reference.ts';
import type { CaseRequestFilters, CaseRequestRecord, TrackopsApi } from '../api/types.ts';
import { InputError } from '../errors.ts';
import { clockDifferenceWords, type ServerClock } from '../api/server-clock.ts';
import { stampZoneNotes } from '../api/stamp-zone.ts';
import { RECONCILE_MARGIN_SECONDS, utcTimestamp } from '../batch/reconcile.ts';
import { reportColumns } from './columns-report.ts';
import { exportNotes, overLimitWords } from './export-notes.ts';
import { filterCheckWords, type FilterCheck } from './filter-check.ts';
import type { SinceLastWindow } from './since-last.ts';
import { roundTripColumns } from './columns-round-trip.ts';
import { fitWidths, WIDTH_SAMPLE } from './column-widths.ts';
import { openAtomicStream, type AtomicStream } from '../files/atomic-write.ts';
import { asDiskFull } from '../files/disk-full.ts';
import { KEEP_FRESH_MS, leftoverTempWords, removeLeftoverTemps } from '../files/leftover-temps.ts';
import { csvRecordLine, CsvWriter } from '../files/csv-writer.ts';
import {
  cutRecords,
  headerRows,
  metaColumnsOf,
  META_SHEET,
  rowRecord,
  tablessRecords,
} from './round-trip-meta.ts';
import { spoolRecords, type Spool } from './spool.ts';
import { EXPORT_INFO_SHEET } from './earlier-export.ts';
import type { ColumnPreset, ExportColumn, ExportFormat, ExportStats } from './types.ts';
import { XlsxWriter } from './xlsx-writer.ts';
import { ROWS_BETWEEN_WAITS } from '../files/sheet-backpressure.ts';

export interface ExportProgress {
  phase: 'counting' | 'fetching' | 'writing' | 'done';
  /** Requests fetched (fetching) or rows written (writing, done). */
  done: number;
  /** From `mode=count`; null until known. */
  total: number | null;
}

export interface ExportOptions {
  api: Pick<TrackopsApi, 'listCaseRequests' | 'countCaseRequests' | 'serverClock' | 'stampZone'>;
  filters: CaseRequestFilters;
  format: ExportFormat;
  preset: ColumnPreset;
  /** A file path (written atomically) or a stream the caller owns (ended when the export finishes). */
  out: string | Writable;
  reference: AccountReference;
  /** Where the data came from, shown in the "Export info" sheet: URL and user, never the token. */
  accountLabel: string;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
  now?: () => Date;
  /** CSV: write the UTF-8 byte-order mark (default true, so Excel reads UTF-8). */
  csvBom?: boolean;
  /** Name of the first data sheet (default "Case Requests"). */
  sheetName?: string;
  /** XLSX: rows per sheet including the header, default Excel's 1,048,576 (lower only to test rollover). */
  maxRowsPerSheet?: number;
  tempDir?: string;
  /** JSON bytes of records held in memory before the rest is spooled to `tempDir` (spool.ts). */
  inMemoryBytes?: number;
  /**
   * A since-last export (since-last.ts): the window it covers, said in the "Export info" sheet. The
   * caller has put `window.updatedFrom` into `filters` already.
   */
  window?: SinceLastWindow;
  /**
   * The "Export info" sheet's words for the host that made the file (default the CLI's): what made it
   * (`Tool`), and how a round-trip file goes back (`Columns`), so the app's file names no CLI flag.
   */
  infoWords?: { tool: string; roundTrip: string };
}

export interface ExportResult {
  rows: number;
  format: ExportFormat;
  preset: ColumnPreset;
  path: string | null;
  /** XLSX data sheets written (more than one past Excel's row limit). */
  sheets: string[];
  columns: string[];
  /** When the export began listing (ISO, UTC, before its count request), by this machine's clock. */
  startedAt: string;
  /**
   * The same moment by the server's clock, as its answers stated it (server-clock.ts; ISO, UTC): where
   * the next since-last window and this file's round-trip check start. Null when no answer stated it.
   */
  serverStartedAt: string | null;
  exportedAt: string;
  /** What the file could not show, in words (export-notes.ts): said beside the file by the CLI and the app. */
  notes: string[];
  /**
   * What the server listed, checked against the filters (filter-check.ts): requests outside them are
   * not in the file, and `notes` says so. Null when no filter was given.
   */
  filterCheck: FilterCheck | null;
}

/**
 * An XLSX export holds fewer records in memory than a CSV one (spool.ts IN_MEMORY_BUDGET): exceljs's
 * writer dominates its time, so reading records back from the spool costs little, while held records
 * count fully against the 300 MB peak (issue 13). 1M-row export in a loaded run: 297–305 MB at 64 MB;
 * 150k rows, alternating: 283/295 MB at 64 MB vs 252/255 MB at 16 MB, times within the noise. Then
 * 1M rows, both budgets at once, two pairs: 325.0 and 299.5 MB at 16 MB, 272.5 and 254.0 MB at 4 MB,
 * in 205/204 s and 223/222 s: 16 MB had left no margin under the limit.
 */
const XLSX_IN_MEMORY_BUDGET = 4 * 1024 * 1024;

export async function exportCaseRequests(options: ExportOptions): Promise<ExportResult> {
  const now = options.now ?? (() => new Date());
  const started = now();
  const progress = options.onProgress ?? (() => {});
  let total: number | null = null;
  // Opened before fetching, so a folder that does not exist fails now, not after 1,000 pages.
  const target = typeof options.out === 'string' ? await openAtomic(options.out) : null;
  progress({ phase: 'counting', done: 0, total });
  const columnsFor = (stats: ExportStats): ExportColumn[] =>
    options.preset === 'report'
      ? reportColumns(options.reference, stats)
      : roundTripColumns(options.reference, stats).columns;
  // Explore 25 items 1 and 2: the windows on the server's timestamps (the round trip's check, the next
  // --since-last) start from the server's own clock. The count's answer states it (its Date header),
  // before any page is read: a change the file does not hold was made after that, so its `updated_at`
  // is no earlier. By the server's clock alone, never mixed with ours.
  const listingFrom = options.api.serverClock?.localNow() ?? 0;
  let serverStarted = null as Date | null; // set in a callback: not narrowed to null
  let spool: Spool;
  try {
    spool = await spoolRecords({
      api: options.api,
      filters: options.filters,
      signal: options.signal,
      tempDir: options.tempDir,
      inMemoryBytes: options.inMemoryBytes ?? (options.format === 'xlsx' ? XLSX_IN_MEMORY_BUDGET : undefined),
      // CSV rows past the in-memory budget are spooled as the lines they become (csv-row-spool.ts).
      csvColumns: options.format === 'csv' ? columnsFor : undefined,
      onCount: (count) => {
        serverStarted = serverTimeSince(options.api.serverClock, listingFrom);
        progress({ phase: 'fetching', done: 0, total: (total = count) });
      },
      filterNames: {
        case_region: (id) => options.reference.case_regions.find((region) => Number(region.id) === id)?.name,
      },
      onRecords: (done) => progress({ phase: 'fetching', done, total }),
    });
  } catch (error) {
    await target?.abandon();
    throw error;
  }
  const output = target ? target.stream : (options.out as Writable);
  try {
    const columns = columnsFor(spool.stats);
    const context = {
      ...options,
      columns,
      startedAt: started,
      serverStartedAt: serverStarted,
      exportedAt: now().toISOString(),
      total: spool.total,
      filterCheck: spool.filterCheck,
      beyondCount: spool.beyondCount,
      listedTwice: spool.listedTwice,
    };
    const written =
      options.format === 'csv'
        ? await writeCsv(context, spool, output, progress)
        : await writeXlsx(context, spool, output, progress);
    if (target) await target.finish();
    progress({ phase: 'done', done: written.rows, total: spool.total });
    return {
      rows: written.rows,
      format: options.format,
      preset: options.preset,
      path: target ? options.out.toString() : null,
      sheets: written.sheets,
      columns: columns.map((column) => column.header),
      startedAt: started.toISOString(),
      serverStartedAt: serverStarted?.toISOString() ?? null,
      exportedAt: context.exportedAt,
      filterCheck: spool.filterCheck,
      notes: [
        ...(target?.leftovers ?? []),
        ...nonNull(clockDifferenceWords(options.api.serverClock, RECONCILE_MARGIN_SECONDS)),
        // Read in the zone an earlier run's write showed (stamp-zone.ts): said, as the stamps are moved.
        ...stampZoneNotes(options.api.stampZone).map((words) => `${words}.`),
        ...filterCheckWords(spool.filterCheck),
        // A count lower than the list: every request listed was read (and checked against the filters).
        ...(spool.beyondCount ? [`${spool.beyondCount}.`] : []),
        // A request a page gave twice is in the file once: said, as the server's rows and the file's differ.
        ...(spool.listedTwice ? [`${spool.listedTwice}.`] : []),
        ...exportNotes(options.reference, spool.stats, columns, options.preset, options.format),
        ...(written.overLimit ? [written.overLimit] : []),
      ],
    };
  } catch (error) {
    // The temp file goes (a full disk stays full otherwise), and a full disk names the file.
    await target?.abandon();
    throw typeof options.out === 'string' ? asDiskFull(error, options.out) : error;
  } finally {
    await spool.remove();
  }
}

interface WriteContext extends ExportOptions {
  columns: ExportColumn[];
  startedAt: Date;
  serverStartedAt: Date | null;
  exportedAt: string;
  total: number;
  filterCheck: FilterCheck | null;
  beyondCount: string | null;
  listedTwice: string | null;
}

type Progress = (progress: ExportProgress) => void;

async function writeCsv(
  context: WriteContext,
  spool: Spool,
  output: Writable,
  progress: Progress,
): Promise<{ rows: number; sheets: string[]; overLimit?: string | null }> {
  const writer = new CsvWriter(output, { bom: context.csvBom ?? true });
  await writer.writeHeader(context.columns.map((column) => column.header));
  let rows = 0;
  for await (const record of spool.records()) {
    context.signal?.throwIfAborted();
    await writer.writeLines(csvRecordLine(context.columns, record));
    rows += 1;
    if (rows % 500 === 0) progress({ phase: 'writing', done: rows, total: context.total });
  }
  const held = rows;
  for await (const chunk of spool.csvTail(context.columns, context.signal)) {
    context.signal?.throwIfAborted();
    if ('bytes' in chunk) await writer.writeBytes(chunk.bytes);
    else await writer.writeLines(chunk.text);
    rows = held + chunk.rowsDone;
    progress({ phase: 'writing', done: rows, total: context.total });
  }
  await writer.end();
  return { rows, sheets: [] };
}

async function writeXlsx(
  context: WriteContext,
  spool: Spool,
  output: Writable,
  progress: Progress,
): Promise<{ rows: number; sheets: string[]; overLimit: string | null }> {
  const finished = new Promise<void>((resolve, reject) => {
    output.once('finish', resolve);
    output.once('error', reject);
  });
  // A write that fails (a full disk) fails while rows are still being added, long before `finished` is
  // awaited: noted here and raised at the next step (explore 10 item 2: an unhandled rejection crashed
  // the process and left the temp file), and raced against each wait for the writer, which may
  // otherwise wait for a drain that never comes.
  let failed: unknown = null;
  const failure = finished.then(
    () => new Promise<never>(() => {}),
    (error: unknown) => {
      failed = error;
      throw error;
    },
  );
  failure.catch(() => {});
  const unlessFailed = <T>(step: Promise<T>): Promise<T> => Promise.race([step, failure]);
  const sample: CaseRequestRecord[] = [];
  for await (const record of spool.records()) {
    sample.push(record);
    if (sample.length >= WIDTH_SAMPLE) break;
  }
  const writer = await XlsxWriter.open(output, {
    columns: fitWidths(context.columns, sample),
    sheetName: context.sheetName ?? 'Case Requests',
    maxRowsPerSheet: context.maxRowsPerSheet,
  });
  let rows = 0;
  for await (const record of spool.records()) {
    context.signal?.throwIfAborted();
    if (failed) throw failed;
    writer.writeRow(context.columns.map((column) => column.value(record)));
    rows += 1;
    if (rows % ROWS_BETWEEN_WAITS === 0) await unlessFailed(writer.drained());
    if (rows % 500 === 0) progress({ phase: 'writing', done: rows, total: context.total });
  }
  const overLimit = overLimitWords(writer.overLimit, context.preset);
  writer.addInfoSheet(EXPORT_INFO_SHEET, infoEntries(context, rows, [...writer.withDataSheet()], overLimit));
  if (context.preset === 'round-trip') {
    const meta = {
      version: 1,
      exportedAt: context.exportedAt,
      startedAt: utcTimestamp(context.startedAt),
      serverStartedAt: context.serverStartedAt ? utcTimestamp(context.serverStartedAt) : '',
      account: context.accountLabel,
      dataSheets: [...writer.dataSheets],
      columns: metaColumnsOf(context.columns),
      // The zone its stamps were read in, when not UTC: the round trip compares them in its own.
      ...(context.api.stampZone?.offsetMinutes
        ? { stampZoneMinutes: context.api.stampZone.offsetMinutes }
        : {}),
    };
    await unlessFailed(writer.addHiddenSheet(META_SHEET, metaRows(meta, context.columns, spool.records())));
  }
  await unlessFailed(writer.commit());
  await finished;
  return { rows, sheets: [...writer.dataSheets], overLimit };
}

async function* metaRows(
  meta: Parameters<typeof headerRows>[0],
  columns: ExportColumn[],
  records: AsyncIterable<CaseRequestRecord>,
): AsyncIterable<(string | number)[]> {
  yield* headerRows(meta);
  for await (const record of records) {
    const cells = columns.map((column) => column.value(record));
    yield rowRecord(Number(record.id), String(record.updated_at ?? ''), cells);
    yield* cutRecords(Number(record.id), cells);
    yield* tablessRecords(Number(record.id), cells);
  }
}

function infoEntries(
  context: WriteContext,
  rows: number,
  sheets: string[],
  overLimit: string | null,
): [string, string | number][] {
  const filters = Object.entries(context.filters).filter(([, value]) => value !== undefined && value !== '');
  return [
    ['Exported at (UTC)', context.exportedAt.replace('T', ' ').replace(/\.\d+Z$/, '')],
    ['Account', context.accountLabel],
    ['Rows', rows],
    [
      'Columns',
      context.preset === 'report'
        ? 'report (for reading)'
        : (context.infoWords?.roundTrip ?? 'round-trip (edit and import with --mode update)'),
    ],
    ['Data sheets', sheets.join(', ')],
    ...(context.window ? windowEntries(context.window, context.serverStartedAt ?? context.startedAt) : []),
    ['Filters', filters.length ? '' : 'none (every case request)'],
    ...filters.map(([name, value]): [string, string | number] => [`  ${name}`, String(value)]),
    ...filterCheckEntries(context.filterCheck),
    // Said on screen and on stderr; written here too, beside the filter check, for whoever opens the file.
    ...(context.beyondCount ? [['Count checked', `${context.beyondCount}.`] as [string, string]] : []),
    ...(context.listedTwice ? [['Listed twice', `${context.listedTwice}.`] as [string, string]] : []),
    // Which cells Excel will cut, for whoever opens the file (said on stderr and in --json notes too).
    ...(overLimit ? [['Cells too long', overLimit] as [string, string]] : []),
    ['Tool', context.infoWords?.tool ?? 'trackops-bulk export'],
  ];
}

/** The server's time as an answer received since `localMillis` stated it (its Date header), or null. */
function serverTimeSince(clock: ServerClock | undefined, localMillis: number): Date | null {
  const seen = clock?.latest;
  return seen && seen.localMillis >= localMillis ? new Date(seen.serverMillis) : null;
}

function nonNull<T>(value: T | null): T[] {
  return value === null ? [] : [value];
}

/** The filters as checked on the records: what was left out, and what could not be checked. */
function filterCheckEntries(check: FilterCheck | null): [string, string | number][] {
  if (!check) return [];
  const words = filterCheckWords(check);
  if (words.length === 0) {
    const listed = check.listed;
    const said =
      listed === 0
        ? 'Trackops listed no request for them: nothing to check'
        : listed === 1
          ? 'the 1 request listed matches them'
          : `every one of the ${thousands(listed)} requests listed matches them`;
    return [['Filters checked', said]];
  }
  return [
    ['Listed by the server', check.listed],
    // What the file holds: the requests matching the filters, and those a guessed check kept unconfirmed.
    ['In the file', check.kept],
    ...words.map((line): [string, string] => ['Filters checked', line]),
  ];
}

/** Which window a since-last export covers, in words: "updated from … to …". */
function windowEntries(window: SinceLastWindow, startedAt: Date): [string, string][] {
  const stamp = (iso: string) => iso.replace('T', ' ').replace(/(\.\d+)?Z$/, '');
  const minutes = Math.round(window.marginSeconds / 60);
  const to = `${stamp(startedAt.toISOString())} (when this export began; a request changed while it ran may also be in the next one)`;
  if (window.updatedFrom === null || window.previousStartedAt === null)
    return [
      ['Since last export', 'no earlier export of this connection, columns and filters: every request'],
      ['Updated from (UTC)', 'the beginning'],
      ['Updated to (UTC)', to],
    ];
  return [
    [
      'Since last export',
      `requests updated since the previous export began (${stamp(window.previousStartedAt)})`,
    ],
    [
      'Updated from (UTC)',
      window.zoneHours > 0
        ? `${window.updatedFrom} (${window.zoneHours} hours and ${minutes} minutes before it: ${minutes} minutes for clock differences, ${window.zoneHours} hours as the zone Trackops stamps in is not known yet on this computer; a request may be in two exports, never in none)`
        : `${window.updatedFrom} (${minutes} minutes before it, for clock differences: a request may be in two exports, never in none)`,
    ],
    ['Updated to (UTC)', to],
  ];
}

/** The output file, written atomically (files/atomic-write.ts); a failure is said as the user's to fix. */
async function openAtomic(path: string): Promise<{
  stream: Writable;
  /** What was done with temp files an earlier, killed export to this path left beside it (in words). */
  leftovers: string[];
  finish(): Promise<void>;
  abandon(): Promise<void>;
}> {
  const unwritable = (error: unknown, check: string) =>
    new InputError(
      'unwritable_output',
      `cannot write ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}): ${check}`,
      { cause: error },
    );
  let target: AtomicStream;
  try {
    target = await openAtomicStream(path, { keepFreshMs: KEEP_FRESH_MS });
  } catch (error) {
    throw unwritable(error, 'check that the folder exists and that you may write to it');
  }
  const leftovers = leftoverTempWords(path, await removeLeftoverTemps(path, target.tempPath));
  return {
    stream: target.stream,
    leftovers,
    async finish() {
      try {
        await target.commit();
      } catch (error) {
        // The last step can still fail (a folder of that name, a file held open by Excel on Windows).
        throw unwritable(error, 'check that it is not a folder or a file open in another program');
      }
    },
    abandon: () => target.abandon(),
  };
}
