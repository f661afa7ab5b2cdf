/**
 * What identifies a create among the account's requests when its answer was lost: the fields a person
 * would compare, read the same way from the body we sent and from the record the API returns. Fields the
 * API might reformat (numbers, lists, custom values) are left out; ids and texts are enough to tell rows
 * of one file apart, and the journal's claimed ids settle rows that are identical.
 */
import { sha256 } from './journal.ts';
import type { CaseRequestCreateBody, CaseRequestRecord, CaseRequestUpdateBody } from '../api/types.ts';

type Source = Partial<CaseRequestCreateBody> | CaseRequestUpdateBody | CaseRequestRecord;

const SCALARS = [
  'case_type_id',
  'case_region_id',
  'created_on',
  'due_on',
  'reference_value_1',
  'reference_value_2',
  'reference_value_3',
  'case_location',
  'notes',
] as const;

export function fingerprintOf(source: Source): string {
  const record = source as Record<string, unknown>;
  const client = (record.client ?? {}) as Record<string, unknown>;
  const contact = (record.contact ?? {}) as Record<string, unknown>;
  const parts = [
    ...SCALARS.map((key) => text(record[key])),
    text(client.name),
    text(contact.email).toLowerCase(),
    text(contact.first_name),
    text(contact.last_name),
  ];
  return sha256(JSON.stringify(parts)).slice(0, 32);
}

function text(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).trim();
}
