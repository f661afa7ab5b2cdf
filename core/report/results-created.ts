/**
 * What an earlier import's results file says it created (explore 52 item 2). A trial with `--limit 2`
 * wrote `out/res.csv` listing its 2 rows `created` with their ids; the clerk deleted the journal beside
 * it and ran the import from the beginning, as the refused `--resume` advised: the 2 rows, which had no
 * claim number, were created again, and that very run deleted the results file that named them. The
 * journal is what recognises earlier creates; when it is gone, the results file is the record left, so
 * the import reads it before it starts over (cli: refused when no journal records those requests) and
 * never deletes one that lists created rows (kept aside, results-kept-aside.ts).
 *
 * A row counts when its status says `created` (the `_status` column of a .csv or .xlsx, `status` in a
 * .json). A file that cannot be read as results says nothing (null): it is not one of ours.
 */
import { readFile } from 'node:fs/promises';
import { fileSource } from '../read/byte-sources.ts';
import { cellText } from '../read/cell-text.ts';
import { openSheet } from '../read/open-sheet.ts';
import { ID_COLUMN, REQUEST_NUMBER_COLUMN, STATUS_COLUMN } from '../read/tool-columns.ts';
import { reportFormatOf } from './report-types.ts';

export interface CreatedInResults {
  row: number;
  /** The request's id, when the file gives one. */
  id: number | null;
  caseRequestNumber: string | null;
}

/**
 * What a results file lists: the rows created, and the rows never sent (explore 59 item 2: a run the
 * scheduler stopped lists the rows it did not reach `skipped`, "not sent: … run again with --resume").
 * A row counts as never sent when it is `skipped` without a request `_id`: a skip an earlier import
 * settled (already sent, done by an earlier generation) carries the request's id (earlier-results.ts),
 * and a row without one is what importing this results file sends.
 */
export interface ResultsRows {
  created: CreatedInResults[];
  /** Row numbers of the rows `skipped` without a request: not written by that run. */
  unsent: number[];
}

/** The rows the results file at `path` lists as created, or null when there is no such results file. */
export async function createdInResults(path: string): Promise<CreatedInResults[] | null> {
  return (await rowsInResults(path))?.created ?? null;
}

/** What the results file at `path` lists (ResultsRows), or null when there is no such results file. */
export async function rowsInResults(path: string): Promise<ResultsRows | null> {
  const format = reportFormatOf(path);
  try {
    if (format === 'json') return rowsInJson(await readFile(path, 'utf8'));
    if (format === 'csv' || format === 'xlsx') return await rowsInSheet(path);
    return null;
  } catch {
    // Missing, or not a file this tool wrote: nothing to go by.
    return null;
  }
}

function rowsInJson(text: string): ResultsRows | null {
  const parsed = JSON.parse(text) as { rows?: unknown };
  if (!Array.isArray(parsed.rows)) return null;
  const created: CreatedInResults[] = [];
  const unsent: number[] = [];
  for (const row of parsed.rows as {
    row?: unknown;
    status?: unknown;
    id?: unknown;
    case_request_number?: unknown;
  }[]) {
    if (typeof row.row !== 'number') continue;
    if (row.status === 'skipped' && typeof row.id !== 'number') unsent.push(row.row);
    if (row.status !== 'created') continue;
    created.push({
      row: row.row,
      id: typeof row.id === 'number' ? row.id : null,
      caseRequestNumber: typeof row.case_request_number === 'string' ? row.case_request_number : null,
    });
  }
  return { created, unsent };
}

async function rowsInSheet(path: string): Promise<ResultsRows | null> {
  const sheet = await openSheet(fileSource(path));
  const find = (name: string) => sheet.headers.findIndex((header) => header.trim().toLowerCase() === name);
  const status = find(STATUS_COLUMN);
  if (status < 0) return null;
  const id = find(ID_COLUMN);
  const number = find(REQUEST_NUMBER_COLUMN);
  const created: CreatedInResults[] = [];
  const unsent: number[] = [];
  for await (const { row, cells } of sheet.rows()) {
    const was = cellText(cells[status] ?? null)
      .trim()
      .toLowerCase();
    const idText = id >= 0 ? cellText(cells[id] ?? null).trim() : '';
    if (was === 'skipped' && idText === '') unsent.push(row);
    if (was !== 'created') continue;
    const numberText = number >= 0 ? cellText(cells[number] ?? null).trim() : '';
    created.push({
      row,
      id: /^\d+$/.test(idText) ? Number(idText) : null,
      caseRequestNumber: numberText || null,
    });
  }
  return { created, unsent };
}
