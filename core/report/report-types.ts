/**
 * What the report writers are told about the file being reported on. Row numbers everywhere are the
 * ones a person sees in the sheet (CONTRACTS section 3).
 */
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
}

/** The report format a path asks for, by extension; null when it names none of them. */
export function reportFormatOf(path: string): ReportFormat | null {
  const match = /\.(json|csv|xlsx)$/i.exec(path);
  return match ? (match[1]!.toLowerCase() as ReportFormat) : null;
}
