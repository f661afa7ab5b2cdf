/**
 * What the report writers are told about the file being reported on. Row numbers everywhere are the
 * ones a person sees in the sheet (CONTRACTS section 3).
 */
import { access, constants, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InputError } from '../errors.ts';
import type { ByteSource } from '../read/types.ts';
import type { ImportMode } from '../validate/types.ts';

export type ReportFormat = 'json' | 'csv' | 'xlsx';

export interface ReportSource {
  /** The file name as the user gave it. */
  file: string;
  /** XLSX sheet name; null for delimited text. */
  sheet: string | null;
  mode: ImportMode;
  /** The sheet's headers as read (any of our own `_status`/`_errors` columns included: they are replaced, not repeated). */
  headers: string[];
  /** 1-based header row, so a report's rows sit at the row numbers the messages name. Default 1. */
  headerRow?: number;
  /**
   * The source workbook's bytes, for an XLSX report of an XLSX source: the report is then a copy of
   * the user's own workbook (their formatting kept). Without it, an XLSX report is a new workbook.
   */
  workbook?: ByteSource;
  /**
   * sha256 (hex) of the bytes `workbook` held when its rows were read (an import's journal binding): the
   * copy is made only while the file still holds those bytes. A workbook saved again, or moved, while a
   * long run read and sent its rows gets a new workbook of the rows as read (explore 52 items 3 and 5).
   */
  workbookSha256?: string;
  /**
   * Told when an XLSX report cannot be all that was asked (the workbook copied without its pictures,
   * or a new workbook instead of a copy), in words for the user; the report's summary sheet says so too.
   */
  onNotice?: (message: string) => void;
}

/** The report format a path asks for, by extension; null when it names none of them. */
export function reportFormatOf(path: string): ReportFormat | null {
  const match = /\.(json|csv|xlsx)$/i.exec(path);
  return match ? (match[1]!.toLowerCase() as ReportFormat) : null;
}

/**
 * Fails early, before any row is read or sent, when the report cannot be written where asked: a missing
 * folder or one we may not write to is the user's to fix, said in one line.
 */
export async function checkWritableTarget(path: string, what: string): Promise<void> {
  const folder = dirname(path);
  try {
    const info = await stat(folder);
    if (!info.isDirectory())
      throw new InputError(
        'report_unwritable',
        `${what} '${path}' cannot be written: ${folder} is not a folder`,
      );
    await access(folder, constants.W_OK);
  } catch (error) {
    if (error instanceof InputError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? `the folder ${folder} does not exist`
        : `the folder ${folder} is not writable (${code ?? 'error'})`;
    throw new InputError(
      'report_unwritable',
      `${what} '${path}' cannot be written: ${why}; choose another place`,
      { cause: error },
    );
  }
}
