/**
 * A case field is enabled per case type (seed; sandbox: field_not_enabled). The check of a row's cells
 * knows the case type only from the row itself, and an update body carries none: an update's case type
 * is the one its request holds. So the update preview promised a change to Priority on a Background
 * Check request, which Trackops then refused (explore 33 item 5). The plan, which holds the request,
 * checks each case field the row sends against that case type, so the dry run and the import refuse the
 * row alike, and no PUT is spent on it. Not known (no field list for that case type, a record without
 * its case type) is not refused: Trackops judges it, as before. No request.
 */
import type { AccountReference } from '../account/reference.ts';
import type { CaseRequestRecord, CustomFieldEntry } from '../api/types.ts';
import type { Mapping } from '../mapping/schema.ts';
import { problem } from '../problems/format.ts';
import type { MappingWords } from '../problems/mapping-words.ts';
import type { Problem } from '../problems/problem.ts';
import { sameLabelField, sameLabelParams } from './same-label-field.ts';

export interface CaseFieldWords {
  reference: AccountReference | undefined;
  mapping: Mapping;
  /** The row's cell under a column as typed; null when not known. */
  typed: (column: string) => string | null;
  /** The host's words for the template (problems/mapping-words.ts); the mapping file's by default. */
  mappingWords?: MappingWords;
}

/** One field_not_enabled problem per case field of `body` that `record`'s case type does not enable. */
export function fieldsNotEnabled(
  row: number,
  body: { custom_fields?: CustomFieldEntry[] } | undefined,
  record: CaseRequestRecord,
  words: CaseFieldWords,
): Problem[] {
  const entries = body?.custom_fields ?? [];
  const typeId = Number(record.case_type_id);
  if (entries.length === 0 || !Number.isInteger(typeId)) return [];
  const caseType = words.reference?.case_types.find((known) => known.id === typeId);
  if (!caseType?.field_ids) return [];
  const enabled = new Set(caseType.field_ids.map(Number));
  const request = record.case_request_number ?? `request ${record.id}`;
  const problems: Problem[] = [];
  for (const entry of entries) {
    const id = Number(entry.id);
    if (enabled.has(id)) continue;
    const target = `custom_fields.${id}`;
    // The column giving the field, or one of its parts (a NAME or ADDRESS given part by part).
    const column = words.mapping.columns.find(
      (candidate) => candidate.target === target || candidate.target.startsWith(`${target}.`),
    );
    const field = words.reference?.fields.find((known) => known.id === id);
    problems.push(
      problem(
        'field_not_enabled',
        {
          row,
          label: column?.column ?? `constant ${target}`,
          target,
          value: (column ? words.typed(column.column) : null) ?? valueText(entry.value),
          field: field ? `${field.name} (field ${id})` : `field ${id}`,
          caseType: caseType.name || typeId,
          request,
          ...sameLabelParams(field ? sameLabelField(words.reference?.fields ?? [], field, enabled) : null),
        },
        undefined,
        words.mappingWords,
      ),
    );
  }
  return problems;
}

/** A value read as one text: a NAME/ADDRESS value's parts in order, blanks left out. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object')
    return Object.values(value as Record<string, unknown>)
      .filter((part) => part !== null && part !== undefined && String(part) !== '')
      .join(' ');
  return String(value);
}
