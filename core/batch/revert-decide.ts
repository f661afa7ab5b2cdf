/**
 * What a revert does with one updated request, given the request as Trackops holds it now (issue 18):
 * - `revert`: put the kept values back (the body, and each field as now → before);
 * - `unchanged`: it already holds the values from before the import (nothing to send);
 * - `conflict`: it changed in Trackops since the import's write: never touched, reported with the
 *   values the import set and the values it holds now;
 * - `gone`: Trackops no longer has it; `not_revertible`: the import kept no values to put back, or
 *   every field left to put back is one the update cannot clear (empty before the import: a date, an
 *   id, a custom field whose type takes no ""). Such a field beside others is named (`uncleared`) and
 *   the others are put back.
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
import { afterOwnWrites, ownWalk, type OwnWrites } from './revert-chain.ts';
import { importsOf, laterImportsWords } from './later-imports-words.ts';
import type { RevertEntry } from './revert-source.ts';
import { revertBody, withAddedPartsCleared, type RevertBody, type UnclearedField } from './revert-values.ts';

export type RevertDecision =
  | {
      kind: 'revert';
      body: CaseRequestUpdateBody;
      changes: FieldChange[];
      lost: RevertBody['lost'];
      /** Fields empty before the import that the update cannot clear: left for a person (not sent). */
      uncleared: LeftToClear[];
    }
  | {
      kind: 'unchanged';
      lost: RevertBody['lost'];
      /**
       * This revert's own earlier put-back, whose answer was lost, landed (`ownPutBackInDoubt`): the
       * fields it could not clear, which still hold the import's values as it left them.
       */
      uncleared?: LeftToClear[];
    }
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
  /** A put-back of this revert for this request got no answer, and may have landed. */
  ownPutBackInDoubt = false,
): RevertDecision {
  const name = entry.case_request_number ?? `request ${entry.id}`;
  if (!entry.stored || !entry.sent) {
    return {
      kind: 'not_revertible',
      message: `${name}: the import's journal kept no values from before its update (a journal written before undo existed, or an update sent without reading the request first, such as a round-trip row whose request had not changed since the export, as the import said); it cannot be put back automatically`,
    };
  }
  if (!current) {
    return { kind: 'gone', message: `${name}: Trackops no longer has this request; nothing was sent` };
  }
  const kept = revertBody(entry.stored, entry.sent, words.reference?.fields);
  const { lost, uncleared } = kept;
  const body = withAddedPartsCleared(kept.body, current);
  const back = fieldChanges(body, current, words);
  // Only a field that still holds a value needs clearing.
  const toClear = uncleared.flatMap((field) => {
    const now = valueNow(current, field.target);
    return now === null ? [] : [{ ...field, label: targetWords(field.target, words), now }];
  });
  if (back.length === 0 && toClear.length === 0) return { kind: 'unchanged', lost };
  // Our own put-back landed: what it could put back is back, and the fields it cannot clear are as it
  // left them. Not a change by someone else (the values it put back are no longer the import's).
  if (back.length === 0 && ownPutBackInDoubt) return { kind: 'unchanged', lost, uncleared: toClear };
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
    // Changed since by later imports of these folders not undone (revert-chain.ts), and by nothing else:
    // named by file and journal, as a create's row names them, so the clerk knows which to undo first.
    const walk = moved ? ownWalk(ownWrites, entry.id, entry.updatedAt!, now ?? '') : null;
    const kept = walk?.reached ? walk.steps.filter((step) => step.undoneAt === undefined) : [];
    const one = importsOf(kept).length === 1;
    const since =
      kept.length > 0
        ? ` by ${laterImportsWords(kept, true)}, which ${one ? 'was' : 'were'} not undone (its updated_at is the one ${one ? 'that import' : 'those imports'} left)`
        : `${when}`;
    const first =
      kept.length > 0
        ? `; undo ${one ? 'that import' : 'those imports'} first if ${one ? 'its' : 'their'} changes should go too, then this one again`
        : '';
    return {
      kind: 'conflict',
      fields: oursNow,
      // A field the update cannot clear is put back by hand too (to nothing, as it was).
      byHand: [
        ...back,
        ...toClear.map((field) => ({
          target: field.target,
          label: field.label,
          old: field.now,
          new: '',
          stored: null,
        })),
      ],
      updatedAt: { recorded: entry.updatedAt ?? null, now },
      message: `${name} was changed in Trackops since the import${since}: ${what}. Not touched, so that change is not overwritten; put back by hand what should be (the values from before the import are listed)${first}`,
    };
  }
  if (toClear.length > 0 && back.length === 0) {
    // Refused as the round trip refuses clearing them (cannot_clear): sending `null` is a guess the
    // API reference does not document, and a server that ignores it would leave the import's value.
    return {
      kind: 'not_revertible',
      message: `${name}: ${unclearedWords(toClear)}, so nothing was sent. Clear ${toClear.length === 1 ? 'it' : 'them'} by hand in Trackops`,
    };
  }
  // The row's other fields are put back; those it cannot clear are named, for a person (explore 25:
  // one such field made the whole PUT fail before, or, for a date, held the whole row back).
  return { kind: 'revert', body, changes: back, lost, uncleared: toClear };
}

/** A field the revert cannot clear that still holds the import's value: named with its value now. */
export type LeftToClear = UnclearedField & { label: string; now: string };

/** "Due date (now '2027-01-15', empty before the import) cannot be put back: the Trackops update has no documented way to clear a date". */
export function unclearedWords(fields: readonly LeftToClear[]): string {
  const named = fields
    .map((field) => `${field.label} (now '${field.now}', empty before the import)`)
    .join(', ');
  const kinds = [...new Set(fields.map(kindWords))];
  const which = kinds.length <= 1 ? (kinds[0] ?? '') : `${kinds.slice(0, -1).join(', ')} or ${kinds.at(-1)}`;
  return `${named} cannot be put back: the Trackops update has no documented way to clear ${which}`;
}

function kindWords(field: UnclearedField): string {
  if (field.kind === 'field') return field.fieldKind;
  return field.kind === 'date' ? 'a date' : 'a value like this';
}

/** What the request holds now in `target` (a top-level field or `custom_fields.<id>`), null when empty. */
function valueNow(current: CaseRequestRecord, target: string): string | null {
  const custom = /^custom_fields\.(\d+)$/.exec(target);
  const now = custom
    ? current.custom_fields?.find((entry) => Number(entry.id) === Number(custom[1]))?.value
    : (current as Record<string, unknown>)[target];
  if (now === null || now === undefined || String(now).trim() === '') return null;
  return typeof now === 'object' ? JSON.stringify(now) : String(now);
}

function stringOrNull(value: unknown): string | null {
  return value === undefined || value === null || value === '' ? null : String(value);
}
