/**
 * What a request that may be (or is) a row's create now holds otherwise than the row sent, field by
 * field: said to the clerk in the notes of a create in doubt found edited since (own-create.ts) and of
 * the requests that may be it (identity-match.ts), never a verdict. Every field the row sent is
 * compared, its client's and contact's parts one by one (a client's city, email or phone a colleague
 * corrected went unsaid while only the carrier's name was compared), by the target a mapping names it
 * with: `notes`, `client.city`, `contact.phone_office`, `custom field 12`, `subject 1's custom field
 * 101`.
 *
 * Values are compared as the lost-create reconcile compares them (api/compare-values.ts): a server may
 * write them back in another case, spacing, number or date form, and that is no edit. A field the record
 * does not carry at all is not known, so it is not said to differ: a listing may leave keys out. A
 * client or contact object the record carries is whole (seed: it is replaced whole), so a part it lacks
 * is empty there.
 */
import { dayText, numberText, plainText } from '../api/compare-values.ts';
import type { CaseRequestCreateBody, CaseRequestRecord, CustomFieldEntry } from '../api/types.ts';

type Kind = 'number' | 'date' | 'list' | 'text';

/** The create body's top-level fields that are not text, by kind; any other is compared as text. */
const KINDS: Record<string, Kind> = {
  case_type_id: 'number',
  case_region_id: 'number',
  company_location_id: 'number',
  referral_source_id: 'number',
  budget_money: 'number',
  budget_hours: 'number',
  created_on: 'date',
  due_on: 'date',
  case_services_list: 'list',
  case_flags_list: 'list',
};

/** Fields the row sends that the record now holds otherwise, by name, in the body's order. */
export function differing(body: Partial<CaseRequestCreateBody>, record: CaseRequestRecord): string[] {
  const held = record as Record<string, unknown>;
  const differs: string[] = [];
  for (const [key, sent] of Object.entries(body)) {
    if (sent === undefined || !Object.hasOwn(held, key)) continue;
    if (key === 'client' || key === 'contact') {
      differs.push(...partsDiffering(key, sent, held[key]));
    } else if (key === 'custom_fields') {
      differs.push(...customDiffers(body.custom_fields, record.custom_fields, ''));
    } else if (key === 'subjects') {
      for (const [index, subject] of (body.subjects ?? []).entries())
        differs.push(
          ...customDiffers(
            subject.custom_fields,
            record.subjects?.[index]?.custom_fields,
            `subject ${index + 1}'s `,
          ),
        );
    } else if (comparable(KINDS[key] ?? 'text', sent) !== comparable(KINDS[key] ?? 'text', held[key])) {
      differs.push(key);
    }
  }
  return differs;
}

/** `client.city`, `client.email` …: each part the row sends that the record's object holds otherwise. */
function partsDiffering(key: string, sent: unknown, held: unknown): string[] {
  if (sent === null || typeof sent !== 'object') return [];
  // A record without the object (null, or flattened to text) cannot be compared part by part.
  if (held === null || typeof held !== 'object') return [];
  const object = held as Record<string, unknown>;
  return Object.entries(sent as Record<string, unknown>)
    .filter(([part, value]) => plainText(value) !== plainText(object[part]))
    .map(([part]) => `${key}.${part}`);
}

function comparable(kind: Kind, value: unknown): string {
  switch (kind) {
    case 'number':
      return numberText(value);
    case 'date':
      return dayText(value);
    case 'list':
      // Services and flags are sets: the order a server lists them in is not a change.
      return (Array.isArray(value) ? value : String(value ?? '').split(','))
        .map(numberText)
        .filter(Boolean)
        .sort()
        .join(',');
    default:
      return plainText(value);
  }
}

/** Plain values (text, numbers, a name's parts) the body sends that the record shows otherwise, by field. */
function customDiffers(
  sent: CustomFieldEntry[] | undefined,
  held: CustomFieldEntry[] | undefined,
  prefix: string,
): string[] {
  if (!sent || !held) return [];
  const differs: string[] = [];
  for (const entry of sent) {
    const shown = held.find((other) => Number(other.id) === Number(entry.id));
    if (!shown) continue;
    // A listing without expanded values shows a name or an address as one line of text: not comparable
    // part by part, so not said to differ (explore 23: a claimant's same name was said to differ).
    if ((typeof entry.value === 'object') !== (typeof shown.value === 'object')) continue;
    if (valueText(entry.value) !== valueText(shown.value)) differs.push(`${prefix}custom field ${entry.id}`);
  }
  return differs;
}

/** A custom value as comparable text: plain values as numbers or text, objects by their parts. */
function valueText(value: unknown): string {
  // Parts left empty are not compared: a record may show an empty middle name the row never sent.
  if (value !== null && typeof value === 'object')
    return Object.keys(value as object)
      .sort()
      .map((key) => [key, plainText((value as Record<string, unknown>)[key])])
      .filter(([, part]) => part !== '')
      .map(([key, part]) => `${key}=${part}`)
      .join('|');
  return numberText(plainText(value));
}
