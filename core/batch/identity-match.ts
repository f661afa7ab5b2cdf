/**
 * A create in doubt whose request was worked on since (explore 21 item 1): the content fingerprint
 * (fingerprint.ts) includes notes, due date, location and contact, which a colleague edits as ordinary
 * work on a new request, so one edit hid the stored create and the row was created a second time.
 *
 * When the fingerprint finds nothing for a row in doubt, the requests already listed (no request more)
 * are looked at again by what identifies the referral and a colleague does not normally change: case
 * type, client, created-on day, the reference values the row sets, and its custom values (its own and
 * its subjects') as far as the record shows them. Only requests created within a tight window around
 * the unanswered send (the reconcile margin before, for clocks that differ; the client's timeout plus
 * that margin after) and edited since (updated_at later than created_at) are candidates. This is a
 * guess, and every note built on it says so.
 */
import { DEFAULT_TIMEOUT_MS } from '../api/http.ts';
import { dayText, numberText, plainText } from '../api/compare-values.ts';
import type { CaseRequestCreateBody, CaseRequestRecord, CustomFieldEntry } from '../api/types.ts';
import { RECONCILE_MARGIN_SECONDS } from './reconcile.ts';

/** A row in doubt: what it sent, and when (the intent's `at`, ISO UTC). */
export interface DoubtByIdentity {
  row: number;
  at: string;
  body: Partial<CaseRequestCreateBody>;
}

/** A request taken for a row on a guess: how long after the send it was created, and what differs now. */
export interface IdentityGuess {
  record: CaseRequestRecord;
  secondsAfter: number;
  /** The fields the row sets that the request now holds otherwise (edited since). */
  differs: string[];
}

/** What the look by identity found for one row. */
export type IdentityFinding =
  | { kind: 'one'; guess: IdentityGuess }
  | { kind: 'several'; records: CaseRequestRecord[]; at: string }
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

/**
 * For each row, the unclaimed requests of `records` that may be its create. A request that more than
 * one row could be is taken by none of them (each is told of the others'), so no row is settled by a
 * request another row may own.
 */
export function findByIdentity(
  records: readonly CaseRequestRecord[],
  doubts: readonly DoubtByIdentity[],
  options: { timeoutMs?: number } = {},
): Map<number, IdentityFinding> {
  const afterSeconds = (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000 + RECONCILE_MARGIN_SECONDS;
  const candidates = new Map<number, CaseRequestRecord[]>();
  const rowsOf = new Map<number, number>();
  for (const doubt of doubts) {
    const sent = sentSecond(doubt.at);
    const list = records.filter((record) => {
      const created = utcMillis(record.created_at);
      const updated = utcMillis(record.updated_at);
      if (created === null || updated === null || !(updated > created)) return false;
      const seconds = (created - sent) / 1000;
      return (
        seconds >= -RECONCILE_MARGIN_SECONDS && seconds <= afterSeconds && sameReferral(doubt.body, record)
      );
    });
    candidates.set(doubt.row, list);
    for (const record of list) rowsOf.set(record.id, (rowsOf.get(record.id) ?? 0) + 1);
  }
  const findings = new Map<number, IdentityFinding>();
  for (const doubt of doubts) {
    const list = candidates.get(doubt.row) ?? [];
    const record = list[0];
    if (list.length === 0) findings.set(doubt.row, { kind: 'none' });
    else if (list.length === 1 && record && rowsOf.get(record.id) === 1) {
      const secondsAfter = Math.round(((utcMillis(record.created_at) ?? 0) - sentSecond(doubt.at)) / 1000);
      findings.set(doubt.row, {
        kind: 'one',
        guess: { record, secondsAfter, differs: differing(doubt.body, record) },
      });
    } else findings.set(doubt.row, { kind: 'several', records: list, at: doubt.at });
  }
  return findings;
}

/** The words a row's note uses for a guess: when, what was the same, what differs. */
export function guessWords(guess: IdentityGuess): string {
  const when =
    guess.secondsAfter >= 0
      ? `created ${guess.secondsAfter} s after the unanswered send`
      : `created ${-guess.secondsAfter} s before the unanswered send was journalled (clocks differ)`;
  const edited =
    guess.differs.length > 0
      ? `edited since (${guess.differs.join(', ')} differ from this row)`
      : 'edited since';
  return `${when}, with this row's case type, client, created-on date and reference values, ${edited}`;
}

/**
 * Why the requests named before it ("REQ-1, REQ-2 …") are held to be candidates. One request only when
 * another row in doubt may be it too (two identical rows sent without an answer).
 */
export function severalWords(records: readonly CaseRequestRecord[], at: string): string {
  const seconds = records.map((record) =>
    Math.abs(Math.round(((utcMillis(record.created_at) ?? 0) - sentSecond(at)) / 1000)),
  );
  const same = "this row's case type, client, created-on date and reference values";
  return records.length === 1
    ? `was created ${seconds[0]} s from the unanswered send with ${same}, and edited since, but another row sent without an answer may be it as well`
    : `were created within ${Math.max(...seconds)} s of the unanswered send, each with ${same}, and each edited since`;
}

/** Whether the record holds every identifying value the body sets (values it leaves blank are not compared). */
function sameReferral(body: Partial<CaseRequestCreateBody>, record: CaseRequestRecord): boolean {
  const sent = body as Record<string, unknown>;
  const held = record as Record<string, unknown>;
  if (numberText(sent.case_type_id) !== numberText(held.case_type_id)) return false;
  if (plainText(body.client?.name) !== plainText(record.client?.name)) return false;
  if (dayText(sent.created_on) !== dayText(held.created_on)) return false;
  for (const key of ['reference_value_1', 'reference_value_2', 'reference_value_3'] as const) {
    // A reference the row leaves blank may have been filled in since (a claim number that came later).
    if (plainText(sent[key]) !== '' && plainText(sent[key]) !== plainText(held[key])) return false;
  }
  if (!sameCustomValues(body.custom_fields, record.custom_fields)) return false;
  for (const [index, subject] of (body.subjects ?? []).entries())
    if (!sameCustomValues(subject.custom_fields, record.subjects?.[index]?.custom_fields)) return false;
  return true;
}

/**
 * Plain values (text, numbers) the body sends that the record shows under the same field id, equal.
 * A value the record does not show (a listing without subjects, a name or address object) is not compared.
 */
function sameCustomValues(
  sent: CustomFieldEntry[] | undefined,
  held: CustomFieldEntry[] | undefined,
): boolean {
  if (!sent || !held) return true;
  for (const entry of sent) {
    if (typeof entry.value === 'object') continue;
    const shown = held.find((other) => Number(other.id) === Number(entry.id));
    if (!shown || typeof shown.value === 'object') continue;
    if (numberText(plainText(entry.value)) !== numberText(plainText(shown.value))) return false;
  }
  return true;
}

function differing(body: Partial<CaseRequestCreateBody>, record: CaseRequestRecord): string[] {
  const sent = body as Record<string, unknown>;
  const held = record as Record<string, unknown>;
  return EDITABLE.filter((field) => field.of(sent) !== field.of(held)).map((field) => field.name);
}

function contactOf(source: Record<string, unknown>): Record<string, unknown> {
  return (source.contact ?? {}) as Record<string, unknown>;
}

/** The send's time to the second, as the server's timestamps are written (11:42:41.49 sent, 11:42:41 stored: 0 s). */
function sentSecond(at: string): number {
  return Math.floor(Date.parse(at) / 1000) * 1000;
}

/** A system timestamp ("YYYY-MM-DD HH:MM:SS", UTC) as milliseconds, or null when it is not one. */
function utcMillis(text: unknown): number | null {
  if (typeof text !== 'string' || !/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}/.test(text)) return null;
  const millis = Date.parse(`${text.slice(0, 10)}T${text.slice(11, 19)}Z`);
  return Number.isNaN(millis) ? null : millis;
}
