/**
 * The field core's fieldForColumn offers for each header, wherever the column's field may be (the case's
 * fields, each subject type's), worked out once by main for the app's mapping step: the renderer cannot
 * import core, and offers the field the dry run's words name (explore 34 item 5) from this.
 */
import type { AccountReference } from '../account/reference.ts';
import { fieldsOfScope } from './account-fields.ts';
import { fieldForColumn } from './field-for-column.ts';

/** Per header, the field fieldForColumn offers among the case's fields and among each subject type's. */
export interface HeaderFields {
  /** The case field the header names, or null. */
  case: number | null;
  /** Subject type id → the field of that type the header names (types with none are left out). */
  subjectTypes: Record<string, number>;
}

/**
 * fieldForColumn for every header and every place a custom field can be, so that a host without core
 * (the app's renderer) offers the same field the dry run names, whichever group a column is in.
 */
export function fieldsNamedByHeaders(
  headers: readonly string[],
  reference: AccountReference,
): Record<string, HeaderFields> {
  const caseFields = fieldsOfScope(reference.fields, null);
  const typeFields = reference.subject_types.map((type) => ({
    id: type.id,
    fields: fieldsOfScope(reference.fields, {
      id: type.id,
      listed: type.field_ids ? new Set(type.field_ids) : null,
    }),
  }));
  const named: Record<string, HeaderFields> = {};
  for (const header of headers) {
    const subjectTypes: Record<string, number> = {};
    for (const type of typeFields) {
      const found = fieldForColumn(header, type.fields);
      if (found) subjectTypes[String(type.id)] = found.id;
    }
    named[header] = { case: fieldForColumn(header, caseFields)?.id ?? null, subjectTypes };
  }
  return named;
}
