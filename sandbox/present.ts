/**
 * A stored record as the API answers it. Without `expand_field_values=1` composite custom-field values
 * (NAME, ADDRESS) come back flattened to text (API-NOTES Known: some endpoints "return composite
 * custom-field values as JSON objects rather than as flattened strings"), so clients must read both.
 */
import type { AccountFile, StoredCaseRequest, StoredCustomField } from './account-schema.ts';

export function presentRecord(
  record: StoredCaseRequest,
  account: AccountFile,
  expand: boolean,
): StoredCaseRequest {
  const copy = structuredClone(record);
  if (expand) return copy;
  copy.custom_fields = copy.custom_fields.map((entry) => flattenEntry(entry, account));
  for (const subject of copy.subjects)
    subject.custom_fields = subject.custom_fields.map((entry) => flattenEntry(entry, account));
  return copy;
}

export function flattenEntry(entry: StoredCustomField, account: AccountFile): StoredCustomField {
  if (typeof entry.value !== 'object') return entry;
  const tag = account.fields.find((field) => field.id === entry.id)?.field_type_tag;
  const parts = entry.value;
  const join = (values: Array<string | number | undefined>, separator: string): string =>
    values
      .map((value) => String(value ?? '').trim())
      .filter(Boolean)
      .join(separator);
  if (tag === 'NAME')
    return { id: entry.id, value: join([parts.first_name, parts.middle_name, parts.last_name], ' ') };
  // "2000 Blake St, STE 123, Denver, CO 80202, US": the way an address prints on one line.
  const region = join([parts.state, parts.zip], ' ');
  return {
    id: entry.id,
    value: join([parts.address_1, parts.address_2, parts.city, region, parts.country], ', '),
  };
}
