/**
 * The work being measured and the library-only baselines it is compared with. Each function does one
 * full pass and returns how many rows it saw, so a run that silently did nothing cannot look fast.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import {
  exportCaseRequests,
  fileSource,
  openSheet,
  openValidationReport,
  validateRowBatches,
  type ExportFormat,
  type RowOutcome,
} from '../core/index.ts';
import { demoAccount, fakeApi } from './fake-api.ts';
import { MAPPING } from './layout.ts';

const account = demoAccount();

/** Every row of `path` read, mapped and validated against the demo account, in the reader's batches. */
async function validatedBatches(path: string): Promise<AsyncIterable<RowOutcome[]>> {
  const sheet = await openSheet(fileSource(path), {});
  // In batches, as the CLI's validate takes them (issue 13 item 7).
  return validateRowBatches(sheet, MAPPING, { reference: account, settings: account.settings });
}

/** Ours: read + map + validate every row against the demo account's reference data. */
export async function validateFile(path: string): Promise<number> {
  let rows = 0;
  for await (const batch of await validatedBatches(path)) {
    for (const outcome of batch) if (outcome.row > 0) rows++;
  }
  return rows;
}

/**
 * Ours: validate `path` with an `.xlsx` report, as `validate --report r.xlsx` writes it: for an XLSX
 * source, the copy of the workbook, or past its limit the streamed new workbook (explore 61 item 2).
 */
export async function validateWithReport(path: string, report: string): Promise<number> {
  const sheet = await openSheet(fileSource(path), {});
  const writer = await openValidationReport(report, {
    file: sheet.fileName,
    sheet: sheet.sheet,
    mode: 'create',
    headers: sheet.headers,
    headerRow: sheet.headerRow,
    ...(path.endsWith('.xlsx') ? { workbook: fileSource(path) } : {}),
  });
  let rows = 0;
  let invalid = 0;
  const batches = validateRowBatches(sheet, MAPPING, { reference: account, settings: account.settings });
  for await (const batch of batches) {
    for (const outcome of batch) {
      if (outcome.row <= 0) continue;
      rows++;
      if (outcome.status === 'invalid') invalid++;
      await writer.add(outcome);
    }
  }
  await writer.close({ rows, valid: rows - invalid, invalid, skippedBlank: 0 });
  return rows;
}

/** The bodies a create import of `path` sends: its valid rows, as validation makes them. */
export async function validBodies(path: string): Promise<unknown[]> {
  const bodies: unknown[] = [];
  for await (const batch of await validatedBatches(path)) {
    for (const outcome of batch) if (outcome.body) bodies.push(outcome.body);
  }
  return bodies;
}

/** Baseline 1: papaparse alone, streaming the same file row by row. */
export function papaparseRows(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    Papa.parse(createReadStream(path, { encoding: 'utf8' }), {
      skipEmptyLines: true,
      step: () => {
        rows++;
      },
      complete: () => resolve(rows - 1),
      error: reject,
    });
  });
}

/** Baseline 2: exceljs's streaming reader alone, touching every row's values. */
export async function exceljsRows(path: string): Promise<number> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  });
  let rows = 0;
  for await (const sheet of reader) {
    for await (const row of sheet) if ((row as ExcelJS.Row).values) rows++;
  }
  return rows - 1;
}

/** Ours: export `count` requests (report preset) from the in-memory API to a file. */
export async function exportRequests(count: number, format: ExportFormat, path: string): Promise<number> {
  const result = await exportCaseRequests({
    api: fakeApi(count),
    filters: {},
    format,
    preset: 'report',
    out: path,
    reference: account,
    accountLabel: 'benchmark',
  });
  return result.rows;
}

/** The cell grid an export wrote (read from its CSV form), typed as the XLSX export types it. */
export async function exportedGrid(csvPath: string): Promise<(string | number | null)[][]> {
  const grid: (string | number | null)[][] = [];
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(createReadStream(csvPath, { encoding: 'utf8' }), {
      skipEmptyLines: true,
      step: (result) => {
        grid.push(
          result.data.map((text) =>
            text === '' ? null : /^-?\d+(\.\d+)?$/.test(text) && !/^0\d/.test(text) ? Number(text) : text,
          ),
        );
      },
      complete: () => resolve(),
      error: reject,
    });
  });
  return grid;
}

/** Baseline 3a: exceljs's streaming writer alone writing the same grid. */
export async function exceljsWrite(
  grid: readonly (string | number | null)[][],
  path: string,
): Promise<number> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useSharedStrings: false,
    useStyles: true,
  });
  const sheet = workbook.addWorksheet('Case Requests');
  for (const row of grid) sheet.addRow(row as ExcelJS.CellValue[]).commit();
  sheet.commit();
  await workbook.commit();
  return grid.length - 1;
}

/** Baseline 3b: papaparse's unparse of the same grid, written in chunks as a streaming writer would. */
export async function papaparseWrite(
  grid: readonly (string | number | null)[][],
  path: string,
): Promise<number> {
  const out = createWriteStream(path);
  out.write('\ufeff');
  const CHUNK = 1000;
  for (let start = 0; start < grid.length; start += CHUNK) {
    const text = Papa.unparse(grid.slice(start, start + CHUNK) as unknown[][], { newline: '\r\n' }) + '\r\n';
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return grid.length - 1;
}
