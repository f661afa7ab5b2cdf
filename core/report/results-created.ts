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

/** The rows the results file at `path` lists as created, or null when there is no such results file. */
export async function createdInResults(path: string): Promise<CreatedInResults[] | null> {
  const format = reportFormatOf(path);
  try {
    if (format === 'json') return createdInJson(await readFile(path, 'utf8'));
    if (format === 'csv' || format === 'xlsx') return await createdInSheet(path);
    return null;
  } catch {
    // Missing, or not a file this tool wrote: nothing to go by.
    return null;
  }
}

function createdInJson(text: string): CreatedInResults[] | null {
  const parsed = JSON.parse(text) as { rows?: unknown };
  if (!Array.isArray(parsed.rows)) return null;
  const created: CreatedInResults[] = [];
  for (const row of parsed.rows as {
    row?: unknown;
    status?: unknown;
    id?: unknown;
    case_request_number?: unknown;
  }[]) {
    if (row.status !== 'created' || typeof row.row !== 'number') continue;
    created.push({
      row: row.row,
      id: typeof row.id === 'number' ? row.id : null,
      caseRequestNumber: typeof row.case_request_number === 'string' ? row.case_request_number : null,
    });
  }
  return created;
}

async function createdInSheet(path: string): Promise<CreatedInResults[] | null> {
  const sheet = await openSheet(fileSource(path));
  const find = (name: string) => sheet.headers.findIndex((header) => header.trim().toLowerCase() === name);
  const status = find(STATUS_COLUMN);
  if (status < 0) return null;
  const id = find(ID_COLUMN);
  const number = find(REQUEST_NUMBER_COLUMN);
  const created: CreatedInResults[] = [];
  for await (const { row, cells } of sheet.rows()) {
    if (
      cellText(cells[status] ?? null)
        .trim()
        .toLowerCase() !== 'created'
    )
      continue;
    const idText = id >= 0 ? cellText(cells[id] ?? null).trim() : '';
    const numberText = number >= 0 ? cellText(cells[number] ?? null).trim() : '';
    created.push({
      row,
      id: /^\d+$/.test(idText) ? Number(idText) : null,
      caseRequestNumber: numberText || null,
    });
  }
  return created;
}
