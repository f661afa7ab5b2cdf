/**
 * A round-trip CSV holds a one-line field as Trackops holds it, line break and all, in every cell the
 * clerk did not touch (a reference typed on two lines in Trackops itself). The check refuses a line
 * break in a one-line field (multi_line_text: the tool never sends one), and so refused the whole row
 * for a cell that is no edit, and its real edits could never be sent. An unedited cell is not an edit:
 * in update mode, a row refused only for such line breaks carries the body it sends without those
 * cells (RowOutcome.provisional, `unedited_line_breaks`), and the plan, which reads the row's request, settles it here.
 * A cell holding what the request holds (line breaks as one kind, since a spreadsheet keeps `\n` for a
 * stored `\r\n`; surrounding spaces off, as the check trims them) is left as Trackops holds it, and the
 * row goes on; a cell that differs is an edit, and the row stays refused, its words saying so and what
 * Trackops holds. Only the plan can tell (it holds the request): offline the row stays refused, with the
 * advice to empty the cell if it was not edited. No request.
 */
import type { CaseRequestRecord, CustomFieldEntry } from '../api/types.ts';
import { compositeValue, fieldValue } from '../export/record-values.ts';
import { targetWords, type TargetWordsContext } from '../mapping/target-words.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import type { RowOutcome } from './types.ts';

/** Whether every problem of a row is a line break in a one-line field. */
export function onlyLineBreaks(problems: readonly Problem[]): boolean {
  return problems.length > 0 && problems.every((found) => found.code === 'multi_line_text');
}

/**
 * Settles a row refused only for line breaks against its request (found by its key): valid, with the
 * body it sends without those cells, when each holds what the request holds; else left refused.
 */
export function settleUneditedLineBreaks(
  outcome: RowOutcome,
  record: CaseRequestRecord | null,
  words: TargetWordsContext = {},
): void {
  if (outcome.provisional?.why !== 'unedited_line_breaks') return;
  const { body } = outcome.provisional;
  delete outcome.provisional;
  if (!record || outcome.status !== 'invalid' || !onlyLineBreaks(outcome.problems)) return;
  const kept = structuredClone(body) as Record<string, unknown>;
  const edited: { found: Problem; held: string }[] = [];
  for (const found of outcome.problems) {
    // A subject's field is not in what an update can read back as one value: which subject is meant
    // cannot be told here, so the row keeps the advice that fits either case.
    if (found.target === null || found.target.startsWith('subjects.')) return;
    const stored = storedValue(record, found.target);
    const held = stored === undefined || stored === null ? '' : String(stored);
    if (oneLineForm(held) !== oneLineForm(found.value ?? '')) edited.push({ found, held });
    else keepStored(kept, found.target, held);
  }
  if (edited.length > 0) {
    // The request was read: the clerk is told this cell is an edit, not the offline advice "if you did
    // not edit this cell, empty it", which would only confuse them here.
    for (const { found, held } of edited)
      found.message = problem('multi_line_text', {
        row: found.row,
        label: found.column,
        target: found.target,
        what: targetWords(found.target!, words),
        value: found.value,
        mode: 'update',
        held,
      }).message;
    return;
  }
  outcome.problems = [];
  outcome.status = 'valid';
  outcome.body = kept;
}

/** Text with its line breaks as one kind and surrounding spaces off. */
function oneLineForm(text: string): string {
  return text.replace(/\r\n?/g, '\n').trim();
}

const OBJECT_PART = /^(client|contact)\.([a-z_0-9]+)$/;
const CUSTOM = /^custom_fields\.(\d+)(?:\.([a-z_0-9]+))?$/;

/** What the request holds at a target a one-line text can be given to; undefined when none. */
function storedValue(record: CaseRequestRecord, target: string): unknown {
  const object = OBJECT_PART.exec(target);
  if (object) {
    const held = (record as unknown as Record<string, unknown>)[object[1]!];
    return held && typeof held === 'object' ? (held as Record<string, unknown>)[object[2]!] : undefined;
  }
  const custom = CUSTOM.exec(target);
  if (custom) {
    const value = fieldValue(record.custom_fields, Number(custom[1]));
    return custom[2] ? compositeValue(value)?.[custom[2]] : value;
  }
  return (record as unknown as Record<string, unknown>)[target];
}

/**
 * The stored text where the body sends an object whole around it (a client or contact, a NAME or
 * ADDRESS field given by its other parts): left out, the part would be cleared by the PUT. A field or
 * object the body does not send is left as Trackops holds it already.
 */
function keepStored(body: Record<string, unknown>, target: string, stored: string): void {
  const object = OBJECT_PART.exec(target);
  if (object) {
    const sent = body[object[1]!];
    if (sent && typeof sent === 'object') body[object[1]!] = { ...sent, [object[2]!]: stored };
    return;
  }
  const custom = CUSTOM.exec(target);
  if (!custom?.[2] || !Array.isArray(body.custom_fields)) return;
  for (const entry of body.custom_fields as CustomFieldEntry[]) {
    if (Number(entry.id) !== Number(custom[1])) continue;
    if (entry.value && typeof entry.value === 'object' && !Array.isArray(entry.value))
      entry.value = { ...(entry.value as Record<string, unknown>), [custom[2]]: stored };
  }
}
