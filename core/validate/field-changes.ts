/**
 * What an update would change: the fields where the body a row would send (after the client/contact and
 * NAME/ADDRESS merge rules, batch/merge-stored.ts) differs from the request the account holds, each as
 * stored → new. One diff serves three things (issues 13 and 18): the dry run's change preview, the
 * import's "unchanged" decision (an empty diff sends nothing), and the stored values an undo would put
 * back (`stored` keeps each value as the account gave it).
 *
 * Values are compared normalised as a server may write them back (api/compare-values.ts, shared with the
 * lost-create reconcile): dates to the day, numbers as numbers, text with its surrounding white space off
 * and its line breaks as one kind (heldText); letters keep their case (a corrected capital is an edit),
 * and so do spaces and line breaks inside a text (a note laid out in two paragraphs is an edit, and is
 * sent: explore 33 item 3). The comparison is by the target's type, never looser: text is
 * never compared as a number ("3.0" is not "3" in a note), so an edit is never mistaken for "unchanged".
 * A top-level field the record does not carry at all is not known, so it counts as a change (sent).
 */
import type { AccountReference, FieldDef } from '../account/reference.ts';
import { dayText, heldText, numberText, rawText } from '../api/compare-values.ts';
import { asSpreadsheetShows } from '../read/spreadsheet-digits.ts';
import type { CaseRequestRecord, CaseRequestUpdateBody, CustomFieldEntry } from '../api/types.ts';
import { targetWords, type TargetWordsContext } from '../mapping/target-words.ts';

export interface FieldChange {
  /** The target as a mapping names it: `notes`, `client.city`, `custom_fields.20.city`, `custom_fields.7`. */
  target: string;
  /** The target in a clerk's words: "Notes", "Client city", "Loss Address, city". */
  label: string;
  /** As a person reads them: the stored value and the value that would be sent ('' for nothing). */
  old: string;
  new: string;
  /** The stored value as the account gave it (undefined when the record did not carry it): what an undo puts back. */
  stored: unknown;
}

type Kind = 'text' | 'number' | 'date' | 'list' | 'flag';

const TOP_KINDS: Record<string, Kind> = {
  // The create-only ones too: an upsert row that updates compares them to say what it cannot change
  // (create-only.ts); an update body never carries them.
  case_type_id: 'number',
  case_region_id: 'number',
  budget_money: 'number',
  budget_hours: 'number',
  client_id: 'number',
  created_on: 'date',
  due_on: 'date',
  company_location_id: 'number',
  referral_source_id: 'number',
  reference_value_1: 'text',
  reference_value_2: 'text',
  reference_value_3: 'text',
  case_location: 'text',
  notes: 'text',
  scheduling_notes: 'text',
  admin_notes: 'text',
  case_services_list: 'list',
  case_flags_list: 'list',
};

/** Reference lists whose ids a person knows by name, for showing old and new. */
const NAMED_IDS: Record<string, keyof AccountReference> = {
  case_type_id: 'case_types',
  case_region_id: 'case_regions',
  company_location_id: 'company_locations',
  referral_source_id: 'referral_sources',
  case_services_list: 'case_services',
  case_flags_list: 'case_flags',
};

/** Not known: the record did not carry the field. Shown as such, and counted as a change. */
const NOT_RETURNED = '(not in the record Trackops returned)';

/** The fields `body` would change on `stored`, in body order; empty when the update would change nothing. */
export function fieldChanges(
  body: CaseRequestUpdateBody,
  stored: CaseRequestRecord,
  context: TargetWordsContext = {},
): FieldChange[] {
  const changes: FieldChange[] = [];
  eachField(body, stored, context, (field) => {
    if (field.known && same(field.kind, field.given, field.was)) return;
    changes.push(changeOf(field, context));
  });
  return changes;
}

/**
 * The fields `body` set that a write's answer (`record`, the request as Trackops returned it) carries
 * with another value: a value the server left out or changed without a word (a custom field id it does
 * not know, a parameter it ignores). Only fields the answer carries count (an answer may leave fields
 * out), and NAME/ADDRESS values are left out (a server may send them back as one line of text).
 */
export function valuesNotHeld(
  body: CaseRequestUpdateBody,
  record: CaseRequestRecord,
  context: TargetWordsContext = {},
): FieldChange[] {
  // Run on every write's answer (issue 13: ≈ 5 % of the import's CPU per row), so the common case is
  // kept cheap: no set when no custom field is composite, and a value the answer holds as it was sent
  // (the same string or number: the same comparable text whatever the kind) is not normalised.
  let composite: Set<string> | null = null;
  for (const entry of body.custom_fields ?? [])
    if (isObject(entry.value)) (composite ??= new Set()).add(`custom_fields.${entry.id}`);
  const changes: FieldChange[] = [];
  eachField(body, record, context, (field) => {
    if (!field.known || field.was === undefined || field.given === field.was) return;
    if (composite && composite.has(field.target.split('.').slice(0, 2).join('.'))) return;
    if (same(field.kind, field.given, field.was)) return;
    changes.push(changeOf(field, context));
  });
  return changes;
}

/**
 * Changes as a clerk reads them, the first `max` of them: "Notes is now 'a', this row sets 'b'; and 2
 * more" (`was`: "is now" for a change someone else made, "is" for a value that stayed; `sets`: who
 * gives the new value, "this row sets" for an import, "the undo puts back" for a revert).
 */
export function changeWords(
  changes: FieldChange[],
  max: number,
  was: 'is' | 'is now',
  sets = 'this row sets',
): string {
  const which = changes
    .slice(0, max)
    .map((change) => `${change.label} ${was} '${change.old}', ${sets} '${change.new}'`)
    .join('; ');
  return changes.length > max ? `${which}; and ${changes.length - max} more` : which;
}

/**
 * The fields a row sets that changed in the account between the plan and now, to a value other than
 * the row's (issue 13: a conflict, never overwritten): sending would undo someone else's edit that the
 * dry run did not show. Fields that moved to exactly the row's value, or that only the row changes, are
 * not conflicts. Each is the change as it stands now (old: the value now held).
 */
export function conflictingChanges(
  body: CaseRequestUpdateBody,
  planned: CaseRequestRecord,
  current: CaseRequestRecord,
  context: TargetWordsContext = {},
): FieldChange[] {
  const then = new Map<string, string>();
  eachField(body, planned, context, (field) => then.set(field.target, keyOf(field)));
  const conflicts: FieldChange[] = [];
  eachField(body, current, context, (field) => {
    const now = keyOf(field);
    if (now !== then.get(field.target) && !(field.known && same(field.kind, field.given, field.was)))
      conflicts.push(changeOf(field, context));
  });
  return conflicts;
}

interface Field {
  target: string;
  kind: Kind;
  given: unknown;
  was: unknown;
  /** False when the record does not carry the field at all. */
  known: boolean;
}

function keyOf(field: Field): string {
  return field.known ? comparable(field.kind, field.was) : NOT_RETURNED;
}

function changeOf(field: Field, context: TargetWordsContext): FieldChange {
  return {
    target: field.target,
    label: targetWords(field.target, context),
    old: field.known ? shown(field.kind, field.was, field.target, context.reference) : NOT_RETURNED,
    new: shown(field.kind, field.given, field.target, context.reference),
    stored: field.was,
  };
}

/** Every field `body` sets, with the value `stored` holds for it, by the field's kind. */
function eachField(
  body: CaseRequestUpdateBody,
  stored: CaseRequestRecord,
  context: TargetWordsContext,
  visit: (field: Field) => void,
): void {
  const record = stored as Record<string, unknown>;
  const add = (target: string, kind: Kind, given: unknown, was: unknown, known = true) =>
    visit({ target, kind, given, was, known });
  for (const [key, given] of Object.entries(body)) {
    if (given === undefined) continue;
    if (key === 'client' || key === 'contact') {
      const object = (record[key] ?? {}) as Record<string, unknown>;
      for (const [part, value] of Object.entries(given as Record<string, unknown>))
        add(`${key}.${part}`, 'text', value, object[part]);
    } else if (key === 'custom_fields') {
      fieldValueChanges(given as CustomFieldEntry[], stored, context, add);
    } else {
      add(key, TOP_KINDS[key] ?? 'text', given, record[key], Object.hasOwn(record, key));
    }
  }
}

function fieldValueChanges(
  entries: CustomFieldEntry[],
  stored: CaseRequestRecord,
  context: TargetWordsContext,
  add: (target: string, kind: Kind, given: unknown, was: unknown) => void,
): void {
  const storedValues = new Map<number, unknown>();
  for (const entry of stored.custom_fields ?? []) storedValues.set(Number(entry.id), entry.value);
  for (const entry of entries) {
    const was = storedValues.get(Number(entry.id));
    const target = `custom_fields.${entry.id}`;
    if (isObject(entry.value)) {
      if (was !== undefined && was !== null && was !== '' && !isObject(was)) {
        // Stored as one line of text: its parts cannot be compared one by one; the whole value differs.
        add(target, 'text', partsText(entry.value), was);
        continue;
      }
      const parts = (isObject(was) ? was : {}) as Record<string, unknown>;
      for (const [part, value] of Object.entries(entry.value))
        add(`${target}.${part}`, 'text', value, parts[part]);
      continue;
    }
    add(target, kindOfField(fieldOf(entry.id, context.reference)), entry.value, was);
  }
}

/**
 * The request as it would be after `body` is applied (seed, update section): named fields replaced,
 * `client` and `contact` replaced whole (seed note 1), custom fields replaced by id and the others kept.
 * What the preview assumes the PUT does; the property test checks that the diff of a body against its
 * own result is empty.
 */
export function applyUpdate(stored: CaseRequestRecord, body: CaseRequestUpdateBody): CaseRequestRecord {
  const next: CaseRequestRecord = { ...stored };
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined || key === 'custom_fields') continue;
    (next as Record<string, unknown>)[key] = isObject(value) ? { ...value } : value;
  }
  if (body.custom_fields) {
    const given = new Map(body.custom_fields.map((entry) => [Number(entry.id), entry]));
    const kept = (stored.custom_fields ?? []).map((entry) => given.get(Number(entry.id)) ?? entry);
    const added = body.custom_fields.filter(
      (entry) => !(stored.custom_fields ?? []).some((old) => Number(old.id) === Number(entry.id)),
    );
    next.custom_fields = [...kept, ...added];
  }
  return next;
}

function same(kind: Kind, given: unknown, was: unknown): boolean {
  return comparable(kind, given) === comparable(kind, was);
}

function comparable(kind: Kind, value: unknown): string {
  switch (kind) {
    case 'date':
      return dayText(value);
    case 'number': {
      // As a spreadsheet shows it (15 significant digits): a file saved by Excel or LibreOffice holds
      // 0.3 for a stored 0.30000000000000004, which is no change (read/spreadsheet-digits.ts).
      const text = numberText(value);
      const number = Number(text);
      return text !== '' && Number.isFinite(number) ? String(asSpreadsheetShows(number)) : text;
    }
    case 'flag':
      return numberText(value === true ? 1 : value === false ? 0 : value);
    case 'list':
      // Services and flags are sets: the order a server lists them in is not a change.
      return listOf(value).map(numberText).sort().join(',');
    default:
      return heldText(value);
  }
}

function shown(kind: Kind, value: unknown, target: string, reference?: AccountReference): string {
  const names =
    NAMED_IDS[target] && reference ? (reference[NAMED_IDS[target]] as { id: number; name: string }[]) : null;
  const named = (id: unknown) => names?.find((item) => item.id === Number(id))?.name ?? rawText(id);
  if (kind === 'list') return listOf(value).map(named).join('; ');
  if (names && rawText(value) !== '') return named(value);
  if (kind === 'date') return dayText(value);
  if (kind === 'flag') return comparable('flag', value);
  if (isObject(value)) return partsText(value);
  return rawText(value);
}

function listOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined || value === '') return [];
  return String(value)
    .split(',')
    .filter((piece) => piece.trim() !== '');
}

function kindOfField(field: FieldDef | undefined): Kind {
  const tag = String(field?.field_type_tag ?? '').toUpperCase();
  if (tag === 'NUMBER' || tag === 'CURRENCY') return 'number';
  if (tag === 'DATE' || tag === 'BIRTHDAY') return 'date';
  if (tag === 'YESNO' || tag === 'YESNONA') return 'flag';
  return 'text';
}

function fieldOf(id: number, reference?: AccountReference): FieldDef | undefined {
  return reference?.fields.find((field) => field.id === Number(id));
}

function partsText(value: Record<string, unknown>): string {
  return Object.values(value).map(rawText).filter(Boolean).join(', ');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
