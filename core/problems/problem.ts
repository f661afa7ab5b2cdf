import type { ProblemCode } from './catalogue.ts';

/**
 * A data problem found in one row (or in the file/mapping as a whole), as data rather than a thrown
 * string (the zod lesson). The CLI, the reports and the UI all render these same objects.
 */
export interface Problem {
  /** Row number a person sees in the sheet (header row included); null for file-level problems. */
  row: number | null;
  /** The source column header, or the constant/rule behind the problem (e.g. "constant case_type_id"). */
  column: string | null;
  /** The target path of the mapping (e.g. "contact.email", "subjects.0.custom_fields.101"). */
  target: string | null;
  /** The offending value as the user sees it in the sheet (text), or null when absent. */
  value: string | null;
  /** Stable machine code, separate from the wording (e.g. "invalid_email"): one of the catalogue's. */
  code: ProblemCode;
  /** A sentence a clerk can act on. */
  message: string;
  /**
   * "mapping": the problem comes from the mapping (nothing maps a required target, a constant that
   * cannot be used, a field the account lacks), not from a cell: every row it touches has the same
   * one, so summaries show it once with the number of rows (see validate/problem-groups.ts).
   */
  scope?: 'mapping';
}
