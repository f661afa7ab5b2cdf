/**
 * The columns trackops-bulk appends to the files it writes back (validation reports, import results).
 * A clerk fixes cells in such a file and validates it again, so every reader of a sheet must treat
 * these as ours, not as data: mapping suggestions skip them and reports replace rather than repeat them.
 */
export const STATUS_COLUMN = '_status';
export const ERRORS_COLUMN = '_errors';
export const ACTION_COLUMN = '_action';
export const ID_COLUMN = '_id';
export const REQUEST_NUMBER_COLUMN = '_case_request_number';
export const ERROR_COLUMN = '_error';
/** A live dry run in update/upsert mode: each field the row would change, stored → new (issue 18). */
export const CHANGES_COLUMN = '_changes';

export const TOOL_COLUMNS: readonly string[] = [
  STATUS_COLUMN,
  ERRORS_COLUMN,
  ACTION_COLUMN,
  ID_COLUMN,
  REQUEST_NUMBER_COLUMN,
  ERROR_COLUMN,
  CHANGES_COLUMN,
];

const TOOL_COLUMN_SET = new Set(TOOL_COLUMNS);

/** True for a header trackops-bulk itself wrote (compared trimmed and case-insensitively, as mappings match headers). */
export function isToolColumn(header: string): boolean {
  return TOOL_COLUMN_SET.has(header.trim().toLowerCase());
}
