import { InputError } from '../errors.ts';

/**
 * Why a file could not be read as a sheet. Stable codes for callers (the CLI maps every one of them to
 * exit code 2, the app shows the message); the wording names the file and says what to do.
 */
export type SheetReadErrorCode =
  | 'empty_file'
  | 'unsupported_format' // .xls, .ods, .numbers or another program's file
  | 'encrypted_workbook'
  | 'corrupt_workbook'
  | 'workbook_too_large' // a zip bomb, or a workbook beyond what the reader is willing to inflate
  | 'binary_file' // a binary file given as delimited text
  | 'unknown_encoding'
  | 'bad_delimiter'
  | 'sheet_not_found'
  | 'empty_sheet'
  | 'no_header'
  | 'file_unreadable'; // the bytes could not be read at all (missing file, permission)

export class SheetReadError extends InputError {
  declare readonly code: SheetReadErrorCode;
  /** The file name as the user gave it. */
  readonly fileName: string;

  constructor(code: SheetReadErrorCode, fileName: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.fileName = fileName;
  }
}

/** Advice shared by every workbook the reader cannot open: the two formats it can. */
export const SAVE_AS_ADVICE =
  'Open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook) or .csv.';
