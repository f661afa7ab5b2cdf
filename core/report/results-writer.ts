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
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import { csvLine } from '../files/csv-writer.ts';
import { openAtomicStream, writeFileAtomic } from '../files/atomic-write.ts';
import { asWriteRefused } from '../files/disk-full.ts';
import { problemsCellText } from './problem-text.ts';
import { csvCell } from './report-cells.ts';
import { reportFormatOf } from './report-types.ts';
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
  // The host checked the path before any work (the folder is there and writable: cli/paths.ts), and
  // the writer is opened during the run (once its first row is settled, or before its first request
  // leaves): a folder removed, made read-only or held since is the folder refusing a write, said as a
  // full disk is (the file, the system's reason, what to do), never a bare system error or "a bug".
  const writing = format === 'csv' ? unfinishedResultsPath(path) : path;
  try {
    const writer =
      format === 'csv'
        ? await openResultsCsv(path, options)
        : format === 'json'
          ? await openResultsJson(path, options)
          : await openResultsXlsx(path, options);
    return namingFullDisk(writer, writing, path);
  } catch (error) {
    throw asWriteRefused(error, writing);
  }
}

/**
 * A full disk while the results are written names the file (disk-full.ts), not Node's bare ENOSPC; so
 * does a folder that stops taking them (explore 52 item 6: a rename refused at the end was "a bug").
 */
function namingFullDisk(writer: ResultsWriter, writing: string, path: string): ResultsWriter {
  return {
    write: (result) =>
      writer.write(result).catch((error: unknown) => Promise.reject(asWriteRefused(error, writing))),
    close: (summary, closing) =>
      writer.close(summary, closing).catch((error: unknown) => Promise.reject(asWriteRefused(error, path))),
    ...(writer.discard
      ? {
          discard: () =>
            writer.discard!().catch((error: unknown) => Promise.reject(asWriteRefused(error, writing))),
        }
      : {}),
  };
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
  const header = Buffer.from(
    '\uFEFF' + csvLine([...options.headers.filter((_, i) => keep[i]), ...RESULT_COLUMNS]),
  );
  const lines = new LineIndex(header.length);
  let queue: Promise<unknown> = handle.write(header);
  return {
    write(result) {
      const cells = options.headers
        .map((_, index) => csvCell(result.cells[index] ?? null))
        .filter((_, index) => keep[index]);
      const line = Buffer.from(csvLine([...cells, ...toolValues(result)]));
      lines.add(result.row, line.length);
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
        // Rows settle in any order (invalid ones first, sends as their answers come); the finished file
        // has them in the source's order, as the .json and .xlsx results do (explore 9 item 5).
        if (lines.inOrder()) await rename(unfinished, path);
        else await writeInRowOrder(unfinished, path, header, lines);
        return path;
      })();
      return closed;
    },
    async discard() {
      if (closed) return;
      closed = (async () => {
        await queue.catch(() => undefined);
        await handle.close();
        await rm(unfinished, { force: true });
        return path;
      })();
      await closed;
    },
  };
}

/**
 * Where each results line sits in the unfinished file, in the order written: enough to write them again
 * in row order without holding their text (a million rows: about 16 MB here, not the file's size).
 */
class LineIndex {
  rows = new Float64Array(1024);
  lengths = new Float64Array(1024);
  count = 0;
  #sorted = true;
  #unique = true;
  constructor(readonly start: number) {}

  add(row: number, length: number): void {
    if (this.count === this.rows.length) {
      this.rows = grown(this.rows);
      this.lengths = grown(this.lengths);
    }
    const last = this.count > 0 ? this.rows[this.count - 1]! : -Infinity;
    if (row < last) this.#sorted = false;
    if (row === last) this.#unique = false;
    this.rows[this.count] = row;
    this.lengths[this.count] = length;
    this.count++;
  }

  inOrder(): boolean {
    return this.#sorted && this.#unique;
  }

  /** Line positions (index into the file's lines) in row order; a row written twice keeps its last line, as the .xlsx does. */
  ordered(): number[] {
    const order = Array.from({ length: this.count }, (_, index) => index);
    // Stable: of a row's lines, the last written comes last, and wins below.
    order.sort((a, b) => this.rows[a]! - this.rows[b]!);
    return order.filter(
      (index, at) => at + 1 === order.length || this.rows[order[at + 1]!] !== this.rows[index],
    );
  }
}

function grown(array: Float64Array<ArrayBuffer>): Float64Array<ArrayBuffer> {
  const bigger = new Float64Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

/**
 * The unfinished file's lines in row order, into OUT (atomically), then the unfinished file removed.
 * Read through a few cached blocks: the lines come from a handful of places at a time (the invalid rows
 * settled first, the sends settled nearly in order), so the file is read about once, not line by line.
 */
async function writeInRowOrder(
  unfinished: string,
  path: string,
  header: Buffer,
  lines: LineIndex,
): Promise<void> {
  const offsets = new Float64Array(lines.count);
  let offset = lines.start;
  for (let index = 0; index < lines.count; index++) {
    offsets[index] = offset;
    offset += lines.lengths[index]!;
  }
  const source = await open(unfinished, 'r');
  const out = await openAtomicStream(path).catch(async (error: unknown) => {
    await source.close();
    throw error;
  });
  try {
    const stream = out.stream;
    const write = (chunk: Buffer) =>
      stream.write(chunk)
        ? Promise.resolve()
        : new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    await write(header);
    const read = blockReader(source, offset, unfinished);
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for (const index of lines.ordered()) {
      const line = await read(offsets[index]!, lines.lengths[index]!);
      pending.push(line);
      pendingBytes += line.length;
      if (pendingBytes >= 1 << 20) {
        await write(Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pending.length) await write(Buffer.concat(pending));
    stream.end();
    await out.commit();
  } catch (error) {
    // The unfinished file stays, whole: the rows are there, only not in order.
    await out.abandon();
    throw error;
  } finally {
    await source.close();
  }
  await rm(unfinished, { force: true });
}

const BLOCK_BYTES = 256 * 1024;
const BLOCKS_KEPT = 16;

/** `length` bytes at `position` of a file of `size` bytes, through the last BLOCKS_KEPT blocks read. */
function blockReader(
  file: FileHandle,
  size: number,
  name: string,
): (position: number, length: number) => Promise<Buffer> {
  const blocks = new Map<number, Buffer>();
  const exactly = async (position: number, length: number): Promise<Buffer> => {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await file.read(buffer, 0, length, position);
    if (bytesRead !== length) throw new Error(`results: ${name} is shorter than what was written to it`);
    return buffer;
  };
  return async (position, length) => {
    const first = Math.floor(position / BLOCK_BYTES);
    if (Math.floor((position + length - 1) / BLOCK_BYTES) !== first) return exactly(position, length);
    let block = blocks.get(first);
    if (block) blocks.delete(first);
    else block = await exactly(first * BLOCK_BYTES, Math.min(BLOCK_BYTES, size - first * BLOCK_BYTES));
    blocks.set(first, block);
    if (blocks.size > BLOCKS_KEPT) blocks.delete(blocks.keys().next().value!);
    const at = position - first * BLOCK_BYTES;
    return block.subarray(at, at + length);
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
      // In row order; a row written twice (a retried row) keeps its last result, as in the other forms.
      rows.sort((a, b) => a.row - b.row);
      let kept = 0;
      for (let at = 0; at < rows.length; at++)
        if (rows[at + 1]?.row !== rows[at]!.row) rows[kept++] = rows[at]!;
      rows.length = kept;
      await flush(summary, closing?.stopped !== true);
      return path;
    },
    async discard() {
      await queue.catch(() => undefined);
      await rm(path, { force: true });
    },
  };
}

async function openResultsXlsx(path: string, options: ResultsWriterOptions): Promise<ResultsWriter> {
  const results: WorkbookRow[] = [];
  const columnIndex = headerIndex(options.headers);
  // Each row's last errors, when its last result is a failure or invalid (explore 38 item 3): a written
  // row's `errors` are its notes (sent again after a 5xx, found after a lost answer) and a left-out
  // row's are why it was left out, which the summary's "Errors by column" counted as errors ("(no
  // column) 44" on a send with no failed row). A row written twice (a retried row) counts once, as its
  // last result, which is the one the sheet keeps.
  const lastErrors = new Map<number, RowResult['errors'] | null>();
  const layout = {
    headers: options.headers,
    headerRow: options.headerRow ?? 1,
    sheet: options.sheet,
    toolHeaders: RESULT_COLUMNS,
  };
  return {
    async write(result) {
      const bad = result.status === 'invalid' || result.status === 'failed';
      lastErrors.set(result.row, bad ? result.errors : null);
      results.push({
        row: result.row,
        cells: result.cells,
        tool: toolValues(result),
        marks: marksOf(result.errors, columnIndex),
        bad,
      });
    },
    async close(summary) {
      // Rows finish in any order (requests in flight); the sheet needs them in order.
      // A row written twice (a retried row) keeps its last result.
      const ordered = [...new Map(results.map((row) => [row.row, row])).values()].sort(
        (a, b) => a.row - b.row,
      );
      const tally = new ErrorTally();
      for (const [row, errors] of lastErrors) if (errors) tally.add(row, errors);
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
        await writeWorkbookCopy(path, options.workbook, layout, ordered, lines, {
          ...(options.onNotice ? { onNotice: options.onNotice } : {}),
          ...(options.workbookSha256 ? { sha256: options.workbookSha256 } : {}),
          what: 'results',
        });
      } else {
        const streamed = await openStreamedWorkbook(path, layout);
        for (const row of ordered) await streamed.add(row);
        await streamed.close(lines);
      }
      return path;
    },
  };
}
