/**
 * Excel and LibreOffice turn a zip typed 03101 into the number 3101 when a sheet is opened and saved
 * again ("General" cells). An update fed such a sheet would "change" every stored 03101 to 3101. A text
 * target whose value a plain number cell gave (RowOutcome.numberTexts), whose request holds the same
 * digits with leading zeros, keeps what the request holds, and the row says so: it is a guess, and the
 * guess a clerk wants (the zeros were never theirs to drop, and refusing the cell would hold back the
 * row's real changes). A clerk who means 3101 formats the column as Text: a text cell is taken as typed.
 * Used by the dry run (validate/plan-import.ts) and the send (send-row.ts) alike, on the merged body, so
 * the preview and the PUT agree. No request.
 */
import type { CaseRequestRecord, CaseRequestUpdateBody, CustomFieldEntry } from '../api/types.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';

export interface KeptZeros {
  target: string;
  column: string;
  /** What the number cell gave ("3101") and what the request holds and keeps ("03101"). */
  given: string;
  stored: string;
}

export function keepStoredZeros(
  body: CaseRequestUpdateBody,
  record: CaseRequestRecord,
  numberTexts: readonly { target: string; column: string }[] | undefined,
): { body: CaseRequestUpdateBody; kept: KeptZeros[] } {
  if (!numberTexts?.length) return { body, kept: [] };
  const kept: KeptZeros[] = [];
  const out: Record<string, unknown> = { ...body };
  for (const { target, column } of numberTexts) {
    const stored = storedText(record, target);
    const given = givenText(out, target);
    if (stored === null || given === null || stored === given) continue;
    if (!/^0\d*$/.test(stored) || stored.replace(/^0+(?=\d)/, '') !== given.replace(/^0+(?=\d)/, ''))
      continue;
    setText(out, target, stored);
    kept.push({ target, column, given, stored });
  }
  return { body: out as CaseRequestUpdateBody, kept };
}

/** The row's notes for what was kept (number_lost_zeros), naming the request. */
export function keptZerosNotes(
  row: number,
  kept: readonly KeptZeros[],
  record: CaseRequestRecord,
): Problem[] {
  return kept.map((one) =>
    problem('number_lost_zeros', {
      row,
      label: one.column,
      target: one.target,
      value: one.given,
      stored: one.stored,
      request: record.case_request_number ?? `request ${record.id}`,
    }),
  );
}

/**
 * Applies keepStoredZeros to a row about to update `record`: its body keeps the stored values, its
 * notes say so. Done once per row (the dry run's plan, else the send): `numberTexts` is used up.
 */
export function keepRowZeros(
  outcome: { row: number; notes?: Problem[]; numberTexts?: { target: string; column: string }[] },
  body: CaseRequestUpdateBody,
  record: CaseRequestRecord,
): CaseRequestUpdateBody {
  const zeros = keepStoredZeros(body, record, outcome.numberTexts);
  delete outcome.numberTexts;
  if (zeros.kept.length === 0) return body;
  outcome.notes = [...(outcome.notes ?? []), ...keptZerosNotes(outcome.row, zeros.kept, record)];
  return zeros.body;
}

const OBJECT = /^(client|contact)\.([a-z_0-9]+)$/;
const CUSTOM = /^custom_fields\.(\d+)(?:\.([a-z_0-9]+))?$/;

function storedText(record: CaseRequestRecord, target: string): string | null {
  const object = OBJECT.exec(target);
  if (object)
    return textOr(((record as Record<string, unknown>)[object[1]!] as Record<string, unknown>)?.[object[2]!]);
  const custom = CUSTOM.exec(target);
  if (custom) {
    const entry = (Array.isArray(record.custom_fields) ? record.custom_fields : []).find(
      (field) => Number(field.id) === Number(custom[1]),
    );
    const value: unknown = entry?.value;
    return custom[2] ? textOr(isObject(value) ? value[custom[2]] : undefined) : textOr(value);
  }
  return textOr((record as Record<string, unknown>)[target]);
}

function givenText(body: Record<string, unknown>, target: string): string | null {
  const object = OBJECT.exec(target);
  if (object) return textOr((body[object[1]!] as Record<string, unknown> | undefined)?.[object[2]!]);
  const custom = CUSTOM.exec(target);
  if (custom) {
    const entry = ((body.custom_fields ?? []) as CustomFieldEntry[]).find(
      (field) => field.id === Number(custom[1]),
    );
    const value: unknown = entry?.value;
    return custom[2] ? textOr(isObject(value) ? value[custom[2]] : undefined) : textOr(value);
  }
  return textOr(body[target]);
}

function setText(body: Record<string, unknown>, target: string, text: string): void {
  const object = OBJECT.exec(target);
  if (object) {
    body[object[1]!] = { ...(body[object[1]!] as Record<string, unknown>), [object[2]!]: text };
    return;
  }
  const custom = CUSTOM.exec(target);
  if (custom) {
    body.custom_fields = ((body.custom_fields ?? []) as CustomFieldEntry[]).map((entry) =>
      entry.id !== Number(custom[1])
        ? entry
        : custom[2]
          ? { ...entry, value: { ...(entry.value as object), [custom[2]]: text } }
          : { ...entry, value: text },
    );
    return;
  }
  body[target] = text;
}

function textOr(value: unknown): string | null {
  return typeof value === 'string' ? value.trim() : null;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
