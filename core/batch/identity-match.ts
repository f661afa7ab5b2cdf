/**
 * A create in doubt whose request was worked on since (explore 21 item 1): the content fingerprint
 * (fingerprint.ts) includes notes, due date, location and contact, which a colleague edits as ordinary
 * work on a new request, so one edit hid the stored create and the row was created a second time.
 *
 * When the fingerprint finds nothing for a row in doubt, the requests already listed (no request more)
 * are looked at again: one created within a tight window around the unanswered send (the reconcile
 * margin before, for clocks that differ; the client's timeout plus that margin after), edited since
 * (updated_at later than created_at), with the row's case type and its client or a reference value it
 * sets, may be its create. Such a request is never taken on that guess (explore 22: a colleague's own
 * request for another claimant of the same claim was taken, and the row never created; a colleague who
 * raised a priority hid the row's own request from a stricter look, and it was created twice): the row
 * is held back, naming each candidate and what it now holds otherwise, for the clerk to settle.
 */
import { dayText, numberText, plainText } from '../api/compare-values.ts';
import type { CaseRequestCreateBody, CaseRequestRecord, CustomFieldEntry } from '../api/types.ts';
import { secondsAfterSend, utcMillis, withinSendWindow } from './reconcile.ts';

/** A row in doubt: what it sent, and when (the intent's `at`, ISO UTC). */
export interface DoubtByIdentity {
  row: number;
  at: string;
  body: Partial<CaseRequestCreateBody>;
}

/** What the look by identity found for one row: requests that may be its create, or none. */
export type IdentityFinding =
  | { kind: 'several'; records: CaseRequestRecord[]; at: string; body: Partial<CaseRequestCreateBody> }
  | { kind: 'none' };

/** Fields the fingerprint compares that a colleague edits on a new request: named when they differ. */
const EDITABLE: { name: string; of: (source: Record<string, unknown>) => string }[] = [
  { name: 'notes', of: (source) => plainText(source.notes) },
  { name: 'due_on', of: (source) => dayText(source.due_on) },
  { name: 'case_location', of: (source) => plainText(source.case_location) },
  { name: 'case_region_id', of: (source) => numberText(source.case_region_id) },
  { name: 'contact.first_name', of: (source) => plainText(contactOf(source).first_name) },
  { name: 'contact.last_name', of: (source) => plainText(contactOf(source).last_name) },
  { name: 'contact.email', of: (source) => plainText(contactOf(source).email) },
];

/** For each row, the unclaimed requests of `records` that may be its create (identity, not content). */
export function findByIdentity(
  records: readonly CaseRequestRecord[],
  doubts: readonly DoubtByIdentity[],
  options: { timeoutMs?: number | undefined } = {},
): Map<number, IdentityFinding> {
  const findings = new Map<number, IdentityFinding>();
  for (const doubt of doubts) {
    const list = records.filter((record) => {
      const created = utcMillis(record.created_at);
      const updated = utcMillis(record.updated_at);
      if (created === null || updated === null || !(updated > created)) return false;
      const seconds = secondsAfterSend(record.created_at, doubt.at);
      return (
        seconds !== null && withinSendWindow(seconds, options.timeoutMs) && mayBeReferral(doubt.body, record)
      );
    });
    findings.set(
      doubt.row,
      list.length === 0
        ? { kind: 'none' }
        : { kind: 'several', records: list, at: doubt.at, body: doubt.body },
    );
  }
  return findings;
}

/**
 * Why the requests named before it ("REQ-1, REQ-2 …") may be the row's create: when each was created,
 * what it shares with the row, and what it now holds otherwise (the clerk's way to tell).
 */
export function severalWords(finding: Extract<IdentityFinding, { kind: 'several' }>): string {
  const each = finding.records.map((record) => {
    const seconds = secondsAfterSend(record.created_at, finding.at) ?? 0;
    const when =
      seconds >= 0
        ? `created ${seconds} s after the unanswered send`
        : `created ${-seconds} s before it (clocks differ)`;
    const differs = differing(finding.body, record);
    return `${requestLabel(record)}: ${when}, edited since${differs.length ? `, now differs from this row in ${differs.join(', ')}` : ''}`;
  });
  const shared = "this row's case type and its client or a reference value it sets";
  return finding.records.length === 1 ? `has ${shared} (${each[0]})` : `have ${shared} (${each.join('; ')})`;
}

function requestLabel(record: CaseRequestRecord): string {
  return record.case_request_number ?? `id ${record.id}`;
}

/**
 * Whether the record may be the row's referral: the case type the row sends, and its client's name or a
 * reference value the row sets. Loose on purpose: what a colleague works on (custom values, subjects,
 * reference values filled in later) must not hide the row's own create; a wrong candidate only holds
 * the row back, named, never settles it.
 */
function mayBeReferral(body: Partial<CaseRequestCreateBody>, record: CaseRequestRecord): boolean {
  const sent = body as Record<string, unknown>;
  const held = record as Record<string, unknown>;
  if (numberText(sent.case_type_id) !== numberText(held.case_type_id)) return false;
  const client = plainText(body.client?.name);
  if (client !== '' && client === plainText(record.client?.name)) return true;
  return (['reference_value_1', 'reference_value_2', 'reference_value_3'] as const).some(
    (key) => plainText(sent[key]) !== '' && plainText(sent[key]) === plainText(held[key]),
  );
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

/** Fields the row sends that the record now holds otherwise, by name (for the clerk, never a verdict). */
export function differing(body: Partial<CaseRequestCreateBody>, record: CaseRequestRecord): string[] {
  const sent = body as Record<string, unknown>;
  const held = record as Record<string, unknown>;
  const differs = EDITABLE.filter((field) => field.of(sent) !== field.of(held)).map((field) => field.name);
  if (plainText(body.client?.name) !== plainText(record.client?.name)) differs.push('client');
  for (const key of ['reference_value_1', 'reference_value_2', 'reference_value_3'] as const)
    if (plainText(sent[key]) !== plainText(held[key])) differs.push(key);
  differs.push(...customDiffers(body.custom_fields, record.custom_fields, ''));
  for (const [index, subject] of (body.subjects ?? []).entries())
    differs.push(
      ...customDiffers(
        subject.custom_fields,
        record.subjects?.[index]?.custom_fields,
        `subject ${index + 1}'s `,
      ),
    );
  return differs;
}

function contactOf(source: Record<string, unknown>): Record<string, unknown> {
  return (source.contact ?? {}) as Record<string, unknown>;
}
