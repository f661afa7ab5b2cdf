/**
 * The conformance matrix's cells (issue 12): each runs one thing a clerk does (dry run, import in one
 * mode, export to XLSX or CSV, round trip) against one sandbox over real HTTP, with core's own client,
 * validator, planner, runner and export, and returns what can be compared with the plain sandbox: row
 * outcomes, import counts, export rows as our reader reads them back. A cell that stops returns the
 * message it stopped with instead.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createTrackopsApi } from '../../core/api/client.ts';
import { openJournal, sha256 } from '../../core/batch/journal.ts';
import { runImport } from '../../core/batch/runner.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import {
  exportCaseRequests,
  fileSource,
  openSheet,
  planImport,
  prepareRoundTripImport,
  validateRows,
  type AccountReference,
  type ImportMode,
  type Mapping,
  type TrackopsApi,
} from '../../core/index.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { thisProcess } from '../../cli/journal-owner.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

export interface Station {
  sandbox: RunningSandbox;
  api: TrackopsApi;
  reference: AccountReference;
  dir: string;
  /** Cells run one after another on a station; each names its files by this counter. */
  step: number;
}

/** A station per sandbox: one client, one fast pacer, the reference data read once. */
export async function openStation(sandbox: RunningSandbox, dir: string): Promise<Station> {
  const pacer = createPacer({ ratePerSecond: 2000, concurrency: 2 });
  const api = createTrackopsApi(
    { words: CLI_CONNECTION_WORDS, baseUrl: sandbox.baseUrl, user: sandbox.username, token: sandbox.token },
    { pacer },
  );
  return { sandbox, api, reference: await api.getReference(), dir, step: 0 };
}

export type Outcome<T> = { ok: T } | { stopped: string };

async function attempt<T>(work: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: await work() };
  } catch (error) {
    return { stopped: (error as Error).message };
  }
}

export interface PlannedRow {
  row: number;
  status: string;
  action: string | undefined;
  codes: string[];
  /** The reference value of the request an update would go to (ids differ between sandboxes only if writes did). */
  target: number | undefined;
}

export async function dryRun(
  station: Station,
  file: string,
  mapping: Mapping,
  perPage?: number,
): Promise<Outcome<PlannedRow[]>> {
  return attempt(async () => {
    const sheet = await openSheet(fileSource(file));
    const outcomes = validateRows(sheet, mapping, {
      reference: station.reference,
      settings: station.sandbox.settings,
    });
    const rows: PlannedRow[] = [];
    for await (const outcome of planImport(outcomes, station.api, mapping, {
      waysOut: CLI_WAYS_OUT,
      ...(perPage ? { perPage } : {}),
    }))
      rows.push({
        row: outcome.row,
        status: outcome.status,
        action: outcome.action,
        codes: outcome.problems.map((problem) => problem.code),
        target: outcome.targetId,
      });
    return rows;
  });
}

export interface Imported {
  rows: number;
  valid: number;
  invalid: number;
  created: number;
  updated: number;
  failed: number;
  skipped: number;
  /** Rows whose outcome carries a note, by its code (e.g. an answer that lacks a value sent). */
  notes: Record<string, number>;
}

export async function importFile(
  station: Station,
  file: string,
  mapping: Mapping,
  mode: ImportMode,
): Promise<Outcome<Imported>> {
  return attempt(async () => {
    const sheet = await openSheet(fileSource(file));
    // One request at a time: creates then get their ids in row order, so stored records compare
    // exactly across runs under any load (concurrency is the exactly-once suites' business).
    const pacer = createPacer({ ratePerSecond: 2000, concurrency: 1 });
    const withMode = { ...mapping, mode };
    const journalPath = join(station.dir, `journal-${station.step++}.jsonl`);
    const journal = await openJournal(
      journalPath,
      {
        file: 'rows.csv',
        fileHash: sha256(await readFile(file)),
        mappingHash: sha256(JSON.stringify(withMode)),
        mode,
      },
      { resume: false, owner: thisProcess() },
    );
    try {
      const summary = await runImport({
        waysOut: CLI_WAYS_OUT,
        outcomes: validateRows(sheet, withMode, {
          reference: station.reference,
          settings: station.sandbox.settings,
        }),
        mode,
        match: withMode.match ?? null,
        api: station.api,
        pacer,
        journal,
        headers: sheet.headers,
        columns: withMode.columns,
      });
      const { rows, valid, invalid, created, updated, failed, skipped } = summary;
      return { rows, valid, invalid, created, updated, failed, skipped, notes: await notesIn(journalPath) };
    } finally {
      await journal.close();
    }
  });
}

/** The journal's outcome notes, counted by code. */
async function notesIn(path: string): Promise<Record<string, number>> {
  const notes: Record<string, number> = {};
  for (const text of (await readFile(path, 'utf8')).split('\n')) {
    if (!text.trim()) continue;
    const line = JSON.parse(text) as { type?: string; note?: { code: string } };
    if (line.type === 'outcome' && line.note) notes[line.note.code] = (notes[line.note.code] ?? 0) + 1;
  }
  return notes;
}

/** An export to `format`, read back with our own reader: headers and the cells of every row. */
export async function exportRows(
  station: Station,
  format: 'xlsx' | 'csv',
  preset: 'report' | 'round-trip' = 'report',
): Promise<Outcome<{ path: string; headers: string[]; rows: unknown[][]; notes: string[] }>> {
  return attempt(async () => {
    const path = join(station.dir, `export-${station.step++}.${format}`);
    const { notes } = await exportCaseRequests({
      api: station.api,
      filters: {},
      format,
      preset,
      out: path,
      reference: station.reference,
      accountLabel: 'conformance',
      now: () => new Date(Date.UTC(2027, 0, 1)),
    });
    const sheet = await openSheet(fileSource(path), format === 'xlsx' ? { sheet: 'Case Requests' } : {});
    const rows: unknown[][] = [];
    for await (const row of sheet.rows())
      rows.push(row.cells.map((cell) => (cell instanceof Date ? cell.toISOString() : cell)));
    return { path, headers: sheet.headers, rows, notes };
  });
}

/**
 * The round trip: a round-trip export, one cell edited with exceljs as a person would in Excel (the
 * notes of the request whose reference is `reference`), prepared and sent through the runner.
 */
export async function roundTrip(
  station: Station,
  reference: string,
  notes: string,
): Promise<Outcome<Imported & { changed: number; conflicts: number }>> {
  return attempt(async () => {
    const exported = await exportRows(station, 'xlsx', 'round-trip');
    if ('stopped' in exported) throw new Error(exported.stopped);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(exported.ok.path);
    const sheet = book.getWorksheet('Case Requests')!;
    const headers = sheet.getRow(1).values as unknown[];
    const referenceColumn = headers.indexOf('reference_value_1');
    const notesColumn = headers.indexOf('notes');
    let edited = 0;
    sheet.eachRow((row) => {
      if (row.getCell(referenceColumn).value === reference) {
        row.getCell(notesColumn).value = notes;
        edited += 1;
      }
    });
    if (edited !== 1) throw new Error(`the round-trip export holds ${edited} rows for ${reference}`);
    const path = join(station.dir, `edited-${station.step++}.xlsx`);
    await book.xlsx.writeFile(path);
    const plan = await prepareRoundTripImport(fileSource(path), station.api, {
      waysOut: CLI_WAYS_OUT,
      reference: station.reference,
    });
    if (!plan) throw new Error('the edited export is not a round-trip file');
    const journalPath = join(station.dir, `journal-${station.step++}.jsonl`);
    const journal = await openJournal(
      journalPath,
      {
        file: 'edited.xlsx',
        fileHash: sha256(await readFile(path)),
        mappingHash: 'round-trip',
        mode: 'update',
      },
      { resume: false, owner: thisProcess() },
    );
    try {
      const summary = await runImport({
        waysOut: CLI_WAYS_OUT,
        outcomes: plan.outcomes,
        mode: 'update',
        match: 'id',
        api: station.api,
        pacer: createPacer({ ratePerSecond: 2000, concurrency: 1 }),
        journal,
      });
      const { rows, valid, invalid, created, updated, failed, skipped } = summary;
      const { changed, conflicts } = plan.summary();
      const notes = await notesIn(journalPath);
      return { rows, valid, invalid, created, updated, failed, skipped, notes, changed, conflicts };
    } finally {
      await journal.close();
    }
  });
}
