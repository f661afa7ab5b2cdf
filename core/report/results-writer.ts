/**
 * Import results (`--results OUT`) in the format the extension asks for, written as the import runs:
 *
 * - `.json` is rewritten atomically as rows come (see flushDue) and at close, so a crash leaves a valid
 *   JSON file of the rows so far (`complete: false`).
 * - `.csv` is appended row by row with unbuffered writes (each row reaches the OS before `write`
 *   resolves) to `OUT.unfinished.csv`, renamed OUT at close, so a crash leaves a usable file that
 *   says it is unfinished: every source column, then `_status`, `_id`, `_case_request_number`, `_error`.
 * - `.xlsx` cannot be appended to, so it is written once at close (a copy of the user's workbook when
 *   `workbook` is given, else a new one); until then the rows wait in memory.
 *
 * Calls to `write` may overlap (the runner has requests in flight); they are applied in call order.
 */
import { open, rename, rm } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import { csvLine } from '../files/csv-writer.ts';
import { writeFileAtomic } from '../files/atomic-write.ts';
import { problemsCellText } from './problem-text.ts';
import { csvCell } from './report-cells.ts';
import { checkWritableTarget, reportFormatOf } from './report-types.ts';
import {
  openStreamedWorkbook,
  writeWorkbookCopy,
  type SummaryLines,
  type WorkbookRow,
} from './report-workbook.ts';
import { ErrorTally } from './error-tally.ts';
import type {
  ResultsJson,
  ResultsSummary,
  ResultsWriter,
  ResultsWriterOptions,
  RowResult,
} from './results-types.ts';
import {
  ERROR_COLUMN,
  ID_COLUMN,
  REQUEST_NUMBER_COLUMN,
  STATUS_COLUMN,
  isToolColumn,
} from '../read/tool-columns.ts';
import { headerIndex, marksOf } from './validation-xlsx.ts';

const RESULT_COLUMNS = [STATUS_COLUMN, ID_COLUMN, REQUEST_NUMBER_COLUMN, ERROR_COLUMN];

export async function openResultsWriter(path: string, options: ResultsWriterOptions): Promise<ResultsWriter> {
  const format = reportFormatOf(path);
  if (format === null) {
    throw new InputError(
      'report_format',
      `results '${path}' must end in .json, .csv or .xlsx (the extension picks the format)`,
    );
  }
  await checkWritableTarget(path, 'results');
  if (format === 'csv') return openResultsCsv(path, options);
  if (format === 'json') return openResultsJson(path, options);
  return openResultsXlsx(path, options);
}

function toolValues(result: RowResult): [string, number | null, string | null, string | null] {
  return [
    result.status,
    result.id ?? null,
    result.case_request_number ?? null,
    problemsCellText(result.errors, result.notes) || null,
  ];
}

/**
 * Where a `.csv` results file is written until the run closes it (explore 7 item 3): a run killed
 * outright (`kill -9`, power loss) left OUT holding the rows settled so far, all `created`, which read
 * like the whole results of a shorter file. Now OUT appears only once the run closes it (every row
 * written, unsent ones `skipped`); until then the rows are in `OUT.unfinished.csv` (`res.unfinished.csv` for `res.csv`), still usable,
 * and named for what it is. The journal stays the record: `--resume` writes OUT whole.
 */
export function unfinishedResultsPath(path: string): string {
  return path.replace(/(\.csv)?$/i, '.unfinished.csv');
}

async function openResultsCsv(path: string, options: ResultsWriterOptions): Promise<ResultsWriter> {
  const unfinished = unfinishedResultsPath(path);
  // An earlier run's OUT must not stay beside this run's unfinished rows, looking like this run's.
  await rm(path, { force: true });
  const handle = await open(unfinished, 'w');
  let closed: Promise<string> | undefined;
  const keep = options.headers.map((header) => !isToolColumn(header));
  let queue: Promise<unknown> = handle.write(
    '\uFEFF' + csvLine([...options.headers.filter((_, i) => keep[i]), ...RESULT_COLUMNS]),
  );
  return {
    write(result) {
      const cells = options.headers
        .map((_, index) => csvCell(result.cells[index] ?? null))
        .filter((_, index) => keep[index]);
      const line = csvLine([...cells, ...toolValues(result)]);
      const done = queue.then(() => handle.write(line));
      queue = done;
      return done.then(() => undefined);
    },
    close() {
      // Once: a second close (a host closing on every path out) must not rename twice.
      closed ??= (async () => {
        await queue;
        await handle.sync();
        await handle.close();
        await rename(unfinished, path);
        return path;
      })();
      return closed;
    },
  };
}

/** Every count at zero: what a writer (or a host counting rows) starts from. */
export function emptyResultsSummary(): ResultsSummary {
  return { rows: 0, created: 0, updated: 0, skipped: 0, invalid: 0, failed: 0, duplicate: 0, unchanged: 0 };
}

async function openResultsJson(path: string, options: ResultsWriterOptions): Promise<ResultsWriter> {
  const everyRows = options.flushEveryRows ?? 100;
  const everyMs = (options.flushEverySeconds ?? 2) * 1000;
  const rows: ResultsJson['rows'] = [];
  const counts = emptyResultsSummary();
  let unflushed = 0;
  let lastFlush = Date.now();
  let queue: Promise<unknown> = Promise.resolve();

  const flush = (summary: ResultsSummary, complete: boolean): Promise<void> => {
    const document: ResultsJson = {
      file: options.file,
      sheet: options.sheet,
      mode: options.mode,
      complete,
      summary,
      rows: [],
    };
    const body = rows.map((row) => JSON.stringify(row)).join(',\n');
    const text =
      JSON.stringify(document).replace(/"rows":\[\]\}$/, `"rows":[${body ? '\n' + body + '\n' : ''}]}`) +
      '\n';
    unflushed = 0;
    lastFlush = Date.now();
    const done = queue.then(() => writeFileAtomic(path, text));
    queue = done;
    return done;
  };

  /**
   * Each rewrite costs the whole file, so the gaps grow with it: every `everyRows` rows or 10% more
   * rows, whichever is more, and on time only once 1% more rows have come. A 100k-row import then
   * rewrites its JSON about a hundred times in all, not a thousand; the CSV and the journal carry
   * every row in between.
   */
  const flushDue = (): boolean =>
    unflushed >= Math.max(everyRows, rows.length / 10) ||
    (Date.now() - lastFlush >= everyMs && unflushed >= Math.max(1, rows.length / 100));

  await flush(counts, false);
  return {
    async write(result) {
      rows.push({
        row: result.row,
        status: result.status,
        id: result.id ?? null,
        case_request_number: result.case_request_number ?? null,
        errors: result.errors,
        ...(result.notes ? { notes: result.notes } : {}),
      });
      counts.rows++;
      counts[result.status] = (counts[result.status] ?? 0) + 1;
      unflushed++;
      if (flushDue()) await flush({ ...counts }, false);
    },
    async close(summary, closing) {
      rows.sort((a, b) => a.row - b.row);
      await flush(summary, closing?.stopped !== true);
      return path;
    },
  };
}

async function openResultsXlsx(path: string, options: ResultsWriterOptions): Promise<ResultsWriter> {
  const results: WorkbookRow[] = [];
  const columnIndex = headerIndex(options.headers);
  const tally = new ErrorTally();
  const layout = {
    headers: options.headers,
    headerRow: options.headerRow ?? 1,
    sheet: options.sheet,
    toolHeaders: RESULT_COLUMNS,
  };
  return {
    async write(result) {
      tally.add(result.row, result.errors);
      results.push({
        row: result.row,
        cells: result.cells,
        tool: toolValues(result),
        marks: marksOf(result.errors, columnIndex),
        bad: result.status === 'invalid' || result.status === 'failed',
      });
    },
    async close(summary) {
      // Rows finish in any order (requests in flight); the sheet needs them in order.
      // A row written twice (a retried row) keeps its last result.
      const ordered = [...new Map(results.map((row) => [row.row, row])).values()].sort(
        (a, b) => a.row - b.row,
      );
      const lines: SummaryLines = [
        ['Import results', null],
        ['File', options.file],
        ['Sheet', options.sheet ?? '(delimited text)'],
        ['Mode', options.mode],
        ...Object.entries(summary).map(([name, value]) => [name, value]),
        [],
        ...tally.lines(),
      ];
      if (options.workbook) {
        await writeWorkbookCopy(path, options.workbook, layout, ordered, lines, options.onNotice);
      } else {
        const streamed = await openStreamedWorkbook(path, layout);
        for (const row of ordered) streamed.add(row);
        await streamed.close(lines);
      }
      return path;
    },
  };
}
