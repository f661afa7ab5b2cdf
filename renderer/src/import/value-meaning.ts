/**
 * What a column's value means among a target's names, by core's keys (TargetHelp.choiceKeys,
 * MappingDraft.valueKeys): the renderer compares the keys core made, it does not make its own. A name
 * matches whatever its letter case and spaces; several names matching alike ("Rush" with "Rush" and
 * "rush") are never guessed between (core/validate/lookups.ts), except that a SELECT/RADIO value written
 * exactly as one of its choices is that choice, since Trackops keeps choices as written
 * (core/validate/choices.ts).
 */
import type { TargetHelp, TextKey } from '../../../main/bridge/contract.ts';

export type ValueMeaning =
  | { kind: 'one' }
  | { kind: 'none' }
  /** Indices in `target.choices` of the look-alikes the value matches. */
  | { kind: 'alike'; indices: number[] };

/**
 * A text core gave no key for (an item of a split the draft did not foresee): trimmed and lower-cased,
 * as core's key is but for accents and special spaces, which are rare in such an item.
 */
function roughKey(text: string): TextKey {
  const seen = text.trim().replace(/\s+/g, ' ');
  return { seen, caseless: seen.toLowerCase() };
}

/** The key core gave `value`. */
export function keyOf(value: string, valueKeys: Record<string, TextKey>): TextKey {
  return valueKeys[value] ?? roughKey(value);
}

export function valueMeaning(
  value: string,
  target: TargetHelp,
  valueKeys: Record<string, TextKey>,
): ValueMeaning {
  const key = keyOf(value, valueKeys);
  const keys = target.choiceKeys ?? target.choices.map(roughKey);
  const indicesWhere = (same: (choice: TextKey) => boolean) =>
    keys.flatMap((choice, index) => (same(choice) ? [index] : []));
  if (target.kind === 'choice' && indicesWhere((choice) => choice.seen === key.seen).length === 1)
    return { kind: 'one' };
  const alike = indicesWhere((choice) => choice.caseless === key.caseless);
  if (alike.length === 0) return { kind: 'none' };
  return alike.length === 1 ? { kind: 'one' } : { kind: 'alike', indices: alike };
}

/** Whether the name at `index` has a look-alike among the target's names (one caseless key). */
function hasLookAlike(target: TargetHelp, index: number): boolean {
  const keys = target.choiceKeys;
  if (!target.choicesApart || !keys) return false;
  return keys.some((other, at) => at !== index && other.caseless === keys[index]?.caseless);
}

/**
 * What the mapping's "values" takes for the name at `index`: a lookup's look-alike by its id (its name
 * would match several again, as core's advice says), any other name as it is.
 */
export function valueFor(target: TargetHelp, index: number): string {
  const id = target.choiceIds?.[index];
  return id !== undefined && hasLookAlike(target, index) ? String(id) : target.choices[index]!;
}

/** The name at `index` as the step shows it: told apart (quoted, an unseen space said, the id) from its look-alikes. */
export function shownName(target: TargetHelp, index: number): string {
  return hasLookAlike(target, index) ? target.choicesApart![index]! : target.choices[index]!;
}
