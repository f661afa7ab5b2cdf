/**
 * A create in doubt found by what only the row's own send would have made, when its content no longer
 * matches: a colleague worked on the new request before the resume looked (notes, a client's phone, a
 * priority), or Trackops filled in a field the row left empty. The content fingerprint (fingerprint.ts)
 * compares such fields, so the row was created a second time once its settle window had passed.
 *
 * The rule: a request is the row's create when it is the only one, among the requests no other row
 * claims, that
 * - was created within the send's window (the reconcile margin before the unanswered send, for clocks
 *   that differ; the client's timeout plus that margin after it, which covers the settle window);
 * - has the row's case type, and every one of these the row sets: its client's name (the carrier),
 *   each reference value (the claim and policy numbers), and each subject's name with its subject type
 *   (the claimant: explore 22 found a colleague's request for another claimant of the same claim,
 *   typed in the same minute, taken for the row's).
 * Everything else may differ: fields the row did not set, and fields a colleague edits on a new request.
 * A row that sets no subject name, or neither a client name nor a reference value, cannot be told from
 * a colleague's request for the same claim this way: none is taken, and the look by identity
 * (identity-match.ts) holds the row back, naming the candidates. Two requests that both qualify: none is
 * taken either (the same fallback names both).
 */
import { numberText, plainText } from '../api/compare-values.ts';
import type {
  CaseRequestCreateBody,
  CaseRequestFilters,
  CaseRequestRecord,
  TrackopsApi,
} from '../api/types.ts';
import { fingerprintMatches } from './fingerprint.ts';
import { differing } from './differing-fields.ts';
import type { DoubtByIdentity } from './identity-match.ts';
import type { IntentLine } from './journal.ts';
import {
  createdSince,
  searchFrom,
  secondsAfterSend,
  sendWindowWords,
  withinSendWindow,
} from './reconcile.ts';
import { lastLeftAt } from './earlier-sends.ts';
import { listHeard, type SearchesMet } from './searches-met.ts';

/** The row's own create, found by the rule above, and words for its note. */
export interface OwnCreate {
  record: CaseRequestRecord;
  /** "REQ-00012 was created 2 s after this row's unanswered send (within its window …) … now differs in notes, client.city". */
  words: string;
}

/** The one request of `records` that is the row's create by the rule above, or null. */
export function ownCreateOf(
  records: readonly CaseRequestRecord[],
  doubt: Omit<DoubtByIdentity, 'row'>,
  options: { timeoutMs?: number | undefined } = {},
): OwnCreate | null {
  const names = subjectNames(doubt.body);
  const client = plainText(doubt.body.client?.name);
  const sent = doubt.body as Record<string, unknown>;
  const references = REFERENCES.filter((key) => plainText(sent[key]) !== '');
  if (names.length === 0 || (client === '' && references.length === 0)) return null;
  const matches = records.filter((record) => {
    const seconds = secondsAfterSend(record.created_at, doubt.at);
    if (seconds === null || !withinSendWindow(seconds, options.timeoutMs)) return false;
    const held = record as Record<string, unknown>;
    if (numberText(sent.case_type_id) !== numberText(held.case_type_id)) return false;
    if (client !== '' && client !== plainText(record.client?.name)) return false;
    if (references.some((key) => plainText(sent[key]) !== plainText(held[key]))) return false;
    return names.every((name) => holdsName(record, name));
  });
  if (matches.length !== 1) return null;
  const record = matches[0]!;
  const seconds = secondsAfterSend(record.created_at, doubt.at) ?? 0;
  // The window said, so that a clerk can tell why this request and not one typed in later was taken.
  const when =
    (seconds >= 0
      ? `created ${seconds} s after this row's unanswered send`
      : `created ${-seconds} s before this row's unanswered send`) +
    ` (${sendWindowWords(options.timeoutMs)})`;
  const differs = differing(doubt.body, record);
  const shared = [
    'case type',
    ...(client === '' ? [] : ['client']),
    ...(references.length ? ['reference values'] : []),
    names.length === 1 ? "subject's name" : "subjects' names",
  ];
  return {
    record,
    words:
      `${record.case_request_number ?? `id ${record.id}`} was ${when}, with this row's ${listWords(shared)}` +
      (differs.length
        ? `; it now differs from the row in ${differs.join(', ')} (edited in Trackops since, or filled in there)`
        : '') +
      ": no other request holds these, so it was taken as this row's create and the row was not sent again",
  };
}

const REFERENCES = ['reference_value_1', 'reference_value_2', 'reference_value_3'] as const;

/** A subject name the row sends: the subject's type, the field, and the name's words. */
interface SubjectName {
  typeId: string;
  fieldId: string;
  words: string;
}

/** The NAME values (objects with name parts) of the row's subjects. */
function subjectNames(body: Partial<CaseRequestCreateBody>): SubjectName[] {
  const names: SubjectName[] = [];
  for (const subject of body.subjects ?? [])
    for (const entry of subject.custom_fields ?? []) {
      const value = entry.value as unknown;
      if (value === null || typeof value !== 'object') continue;
      if (!('first_name' in value) && !('last_name' in value)) continue;
      const words = nameWords(value);
      if (words !== '')
        names.push({ typeId: numberText(subject.subject_type_id), fieldId: numberText(entry.id), words });
    }
  return names;
}

/**
 * Whether a subject of the record's, of the same type, holds the name: compared by its words in any
 * order, so that a listing that prints a name on one line ("Ann Lee", "Lee, Ann") reads as the parts sent.
 */
function holdsName(record: CaseRequestRecord, name: SubjectName): boolean {
  return (record.subjects ?? []).some(
    (subject) =>
      numberText(subject.subject_type_id) === name.typeId &&
      (subject.custom_fields ?? []).some(
        (entry) => numberText(entry.id) === name.fieldId && nameWords(entry.value) === name.words,
      ),
  );
}

/** A name's words, lower case, sorted: from its parts (an object) or from one line of text. */
function nameWords(value: unknown): string {
  const text =
    value !== null && typeof value === 'object'
      ? Object.values(value as Record<string, unknown>)
          .map((part) => String(part ?? ''))
          .join(' ')
      : String(value ?? '');
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .sort()
    .join(' ');
}

/** "a, b and c". */
function listWords(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * After a send's settle window (send-row.ts): the row's create by content (fingerprint.ts), else the
 * one only its send can have made (the rule above), from one listing of the requests created since the
 * send (the reconcile's filters). Null: neither; a listing that fails throws, as the reconcile's does.
 */
export async function findLateCreate(
  api: TrackopsApi,
  intent: IntentLine,
  body: Partial<CaseRequestCreateBody>,
  claimedIds: ReadonlySet<number>,
  signal?: AbortSignal,
  met?: SearchesMet,
): Promise<{ record: CaseRequestRecord; own?: string } | null> {
  const since = searchFrom(Date.parse(intent.at), api.serverClock);
  const filters: CaseRequestFilters = { created_from_system: since };
  if (intent.lookup) (filters as Record<string, string>)[intent.lookup.filter] = intent.lookup.value;
  const listed: CaseRequestRecord[] = [];
  for await (const page of listHeard(api, filters, signal ? { signal } : {}, met, 'own-create'))
    for (const record of page)
      if (!claimedIds.has(record.id) && createdSince(record, since)) listed.push(record);
  const fingerprint = intent.fingerprint;
  const same = fingerprint ? listed.find((record) => fingerprintMatches(record, fingerprint)) : undefined;
  if (same) return { record: same };
  // Measured from its last attempt: a POST goes again only after a 429, which stored nothing.
  const own = ownCreateOf(listed, { at: lastLeftAt(intent), body }, { timeoutMs: api.timeoutMs });
  return own ? { record: own.record, own: own.words } : null;
}
