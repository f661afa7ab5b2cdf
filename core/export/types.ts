/**
 * The shapes shared by the export's column presets and its two writers (XLSX, CSV). A column knows
 * its header, how to pull its value out of a record, and what kind of cell that value becomes, so the
 * writers never guess a type from the text (guessing is how zips lose their leading zeros).
 */
import type { CaseRequestRecord } from '../api/types.ts';

/** A value ready for a cell: text stays text, numbers are numbers, dates are calendar dates. */
export type ExportCell = null | string | number | { date: string } | { dateTime: string };

/**
 * `text` cells are written as text even when they look like numbers (ids, zips, phones, reference
 * values); `number`/`money`/`integer` as numbers; `date` as a date cell (YYYY-MM-DD, no time zone);
 * `datetime` as a date-time cell in UTC, as the API returns timestamps.
 */
export type ColumnKind = 'text' | 'number' | 'money' | 'integer' | 'date' | 'datetime';

export interface ExportColumn {
  header: string;
  /**
   * What the column shows, whatever else the export holds: a header can change as more records are
   * seen (joined reference labels, "subjects.N" numbering), the key cannot. The CSV spool
   * (csv-row-spool.ts) matches rows written before the columns grew to the final columns by key.
   */
  key: string;
  kind: ColumnKind;
  /** Excel column width in characters. */
  width: number;
  /** Round-trip preset: the mapping target path the header names (equal to the header). */
  target?: string;
  /** Round-trip preset: false for columns the API's update cannot change (shown, never sent). */
  editable?: boolean;
  value(record: CaseRequestRecord): ExportCell;
}

/** `report`: headers a person reads; `round-trip`: headers that are mapping targets (docs/export.md). */
export const COLUMN_PRESETS = ['report', 'round-trip'] as const;
export type ColumnPreset = (typeof COLUMN_PRESETS)[number];
export type ExportFormat = 'xlsx' | 'csv';

/**
 * What the first pass over the records learned, so the columns fit the data: which case types (for
 * the reference labels), how many subjects of each type one request carries at most (for "Claimant 2:"
 * columns), and which custom fields and reference values actually occur.
 */
export interface ExportStats {
  records: number;
  caseTypeIds: Set<number>;
  caseFieldIds: Set<number>;
  /** subject_type_id → the most subjects of that type on one request. */
  subjectSlots: Map<number, number>;
  /** subject_type_id → field ids seen on subjects of that type. */
  subjectFieldIds: Map<number, Set<number>>;
  referenceValueSeen: [boolean, boolean, boolean];
  /** Records that carried a `custom_fields` member at all (empty or not): none says the list leaves them out. */
  customFieldsCarried: number;
  /**
   * Values a typed column writes as the server gave them (text), not read as its type: by the
   * column's key (`budget_money`), or `custom_fields.N:number` / `:date` (the field's type picks one).
   */
  asGiven: Map<string, { count: number; example: string }>;
  /** Records that carried no `updated_at`: a round trip cannot tell by it what changed since the export. */
  withoutUpdatedAt: number;
  /** Requests holding a character a spreadsheet cannot hold (record-values.ts cleanText leaves it out). */
  unwritable: { count: number; first: string[] };
}

export function emptyStats(): ExportStats {
  return {
    records: 0,
    caseTypeIds: new Set(),
    caseFieldIds: new Set(),
    subjectSlots: new Map(),
    subjectFieldIds: new Map(),
    referenceValueSeen: [false, false, false],
    customFieldsCarried: 0,
    asGiven: new Map(),
    withoutUpdatedAt: 0,
    unwritable: { count: 0, first: [] },
  };
}

/** One subject group of the export: the n-th (0-based `slot`) subject of a subject type. */
export interface SubjectGroup {
  subjectTypeId: number;
  slot: number;
}
