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
import { numberText, plainText } from '../api/compare-values.ts';
import type { CaseRequestCreateBody, CaseRequestRecord } from '../api/types.ts';
import { differing } from './differing-fields.ts';
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
