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
  | 'wrong_encoding' // an encoding given that the file's bytes contradict (a BOM, UTF-16's zero bytes)
  | 'bad_delimiter'
  | 'sheet_not_found'
  | 'empty_sheet'
  | 'no_header'
  | 'file_unreadable' // the bytes could not be read at all (missing file, permission)
  | 'damaged_text' // delimited text whose quotes do not pair up: rows cannot be told apart exactly
  | 'too_long' // a line or cell past the reader's limit (ReadOptions.maxLineChars)
  | 'outside_grid'; // a cell reference past XFD1048576

export class SheetReadError extends InputError {
  declare readonly code: SheetReadErrorCode;
  /** The file name as the user gave it. */
  readonly fileName: string;
  /** The row (as Excel numbers it) and 1-based column the refusal is about, where there is one. */
  readonly row?: number;
  readonly column?: number;
  /**
   * What of the reading was guessed, where the refusal may come from the guess (a header one cell wide
   * after a guessed delimiter): a host that lets the person give it keeps the file open for that.
   */
  readonly guessed?: 'delimiter';

  constructor(
    code: SheetReadErrorCode,
    fileName: string,
    message: string,
    options?: { cause?: unknown; row?: number; column?: number; guessed?: 'delimiter' },
  ) {
    super(code, message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.fileName = fileName;
    if (options?.guessed !== undefined) this.guessed = options.guessed;
    if (options?.row !== undefined) this.row = options.row;
    if (options?.column !== undefined) this.column = options.column;
  }
}

/** Advice shared by every workbook the reader cannot open: the two formats it can. */
export const SAVE_AS_ADVICE =
  'Open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook) or .csv.';
