/**
 * What a revert does with one updated request, given the request as Trackops holds it now (issue 18):
 * - `revert`: put the kept values back (the body, and each field as now → before);
 * - `unchanged`: it already holds the values from before the import (nothing to send);
 * - `conflict`: it changed in Trackops since the import's write: never touched, reported with the
 *   values the import set and the values it holds now;
 * - `gone`: Trackops no longer has it; `not_revertible`: the import kept no values to put back.
 *
 * "Changed since" is told by `updated_at` (API-NOTES Assumed: every write moves it; timestamps have
 * whole seconds, so a change within the same second as the import's write is told only by the values):
 * the import's journal recorded the `updated_at` its PUT's answer gave. When that answer carried none,
 * or the import never learnt whether its write landed, the values alone decide (a guess, said so):
 * the fields the import changed must still hold what it sent.
 */
import type { CaseRequestRecord, CaseRequestUpdateBody } from '../api/types.ts';
import { targetWords, type TargetWordsContext } from '../mapping/target-words.ts';
import { fieldChanges, type FieldChange } from '../validate/field-changes.ts';
import { afterOwnWrites, type OwnWrites } from './revert-chain.ts';
import type { RevertEntry } from './revert-source.ts';
import { revertBody, withAddedPartsCleared, type RevertBody } from './revert-values.ts';

export type RevertDecision =
  | { kind: 'revert'; body: CaseRequestUpdateBody; changes: FieldChange[]; lost: RevertBody['lost'] }
  | { kind: 'unchanged'; lost: RevertBody['lost'] }
  | {
      kind: 'conflict';
      /** Fields the import changed that no longer hold its value: old = the value now, new = the import's. */
      fields: FieldChange[];
      /**
       * Every field the import changed that does not hold its value from before now, as now → before
       * (old = the value now, new = the value before the import): what a person puts back by hand,
       * the fields in conflict and the others alike.
       */
      byHand: FieldChange[];
      updatedAt: { recorded: string | null; now: string | null };
      message: string;
    }
  | { kind: 'gone'; message: string }
  | { kind: 'not_revertible'; message: string };

export function decideRevert(
  entry: RevertEntry,
  current: CaseRequestRecord | null,
  words: TargetWordsContext = {},
  ownWrites?: OwnWrites,
): RevertDecision {
  const name = entry.case_request_number ?? `request ${entry.id}`;
  if (!entry.stored || !entry.sent) {
    return {
      kind: 'not_revertible',
      message: `${name}: the import's journal kept no values from before its update (a journal written before undo existed, or an update sent without reading the request first, such as a round-trip row whose request had not changed since the export: the import said so before sending); it cannot be put back automatically`,
    };
  }
  if (!current) {
    return { kind: 'gone', message: `${name}: Trackops no longer has this request; nothing was sent` };
  }
  const kept = revertBody(entry.stored, entry.sent);
  const { lost, uncleared } = kept;
  const body = withAddedPartsCleared(kept.body, current);
  const back = fieldChanges(body, current, words);
  // Only a field that still holds a value needs clearing.
  const toClear = uncleared.filter((field) => {
    const now = (current as Record<string, unknown>)[field.target];
    return now !== null && now !== undefined && String(now).trim() !== '';
  });
  if (back.length === 0 && toClear.length === 0) return { kind: 'unchanged', lost };
  const oursNow = fieldChanges(entry.sent as CaseRequestUpdateBody, current, words);
  const now = stringOrNull(current.updated_at);
  const byTime = entry.importEnded === 'updated' && entry.updatedAtFrom === 'answer' && !!entry.updatedAt;
  // Moved only by a later import of this folder and its own undo: it holds what this import left.
  const moved = byTime && now !== afterOwnWrites(ownWrites, entry.id, entry.updatedAt!);
  if (moved || oursNow.length > 0) {
    const which = oursNow
      .slice(0, 5)
      .map((change) => `${change.label}: the import set '${change.new}', Trackops now holds '${change.old}'`)
      .join('; ');
    const more = oursNow.length > 5 ? `; and ${oursNow.length - 5} more` : '';
    const when = moved
      ? ` (its updated_at is now ${now ?? 'not given'}; after the import it was ${entry.updatedAt})`
      : '';
    const what = which
      ? `${which}${more}`
      : 'the fields the import changed still hold its values, but something else in the request was changed';
    return {
      kind: 'conflict',
      fields: oursNow,
      byHand: back,
      updatedAt: { recorded: entry.updatedAt ?? null, now },
      message: `${name} was changed in Trackops since the import${when}: ${what}. Not touched, so that change is not overwritten; put back by hand what should be (the values from before the import are listed)`,
    };
  }
  if (toClear.length > 0) {
    // Refused as the round trip refuses clearing them (cannot_clear): sending `null` is a guess the
    // API reference does not document, and a server that ignores it would leave the import's value.
    const clear = toClear
      .map((field) => {
        const now = (current as Record<string, unknown>)[field.target];
        return `${targetWords(field.target, words)} (now '${String(now)}', empty before the import)`;
      })
      .join(', ');
    const rest = back.length
      ? `; put back by hand as well: ${back.map((change) => `${change.label} '${change.old}' → '${change.new}'`).join(', ')}`
      : '';
    return {
      kind: 'not_revertible',
      message: `${name}: ${clear} cannot be put back: the Trackops update has no documented way to clear a ${toClear[0]!.kind === 'date' ? 'date' : 'value like this'}, so nothing was sent. Clear it by hand in Trackops${rest}`,
    };
  }
  return { kind: 'revert', body, changes: back, lost };
}

function stringOrNull(value: unknown): string | null {
  return value === undefined || value === null || value === '' ? null : String(value);
}
