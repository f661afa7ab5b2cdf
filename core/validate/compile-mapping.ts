/**
 * A mapping compiled once per validation run (brief: no per-row regex construction or schema building):
 * every column and constant becomes a ValuePlan, subject groups are resolved, and what the account says
 * about custom fields (existence, use, case types, subject types, required fields) is looked up here.
 */
import type { AccountReference, AccountSettings, FieldDef, LookupKind } from '../account/reference.ts';
import { compileDateFormat } from '../mapping/date-format.ts';
import { numberFormatOf } from '../mapping/number-format.ts';
import type { ConstantValue, Mapping, MappingColumn } from '../mapping/schema.ts';
import { PARAM_INDEX, parseTarget, type Target } from '../mapping/targets.ts';
import { subjectGroupWords, targetWords } from '../mapping/target-words.ts';
import type { Cell, RepeatedHeader } from '../read/types.ts';
import { unreadRepeats, type UnreadRepeat } from './same-header-columns.ts';
import type { ImportMode } from './types.ts';
import { convertCell, type Converted } from './convert-cell.ts';
import { attachField, compileGroups, type CompiledGroup } from './account-fields.ts';

export type { CompiledGroup } from './account-fields.ts';
import { buildLookupTable, unavailableLookup, type LookupTable } from './lookups.ts';
import type { ValuePlan } from './value-plan.ts';
import type { CheckedRows } from './utc-moment-column.ts';
import { REFUSED, type TextRule } from './text-characters.ts';
import {
  dateOrderState,
  type ColumnWatch,
  type DateOrderFindings,
  type DateOrderProof,
} from './date-order.ts';
import { decimalMarkState } from './decimal-mark.ts';
import { checksPlaceholders, placeholderRuleOf } from './placeholder-words.ts';
import { localToday } from './local-today.ts';
import { caselessKey } from '../mapping/text-key.ts';
import { MAPPING_FILE_WORDS, type MappingWords } from '../problems/mapping-words.ts';

export interface ValidateOptions {
  /** The account's reference data (connected dry run); without it lookups and field checks are skipped. */
  reference?: AccountReference;
  /** Account rules the API cannot read (API-NOTES Assumed); without them those checks are skipped. */
  settings?: Partial<AccountSettings>;
  signal?: AbortSignal;
  /** The mapping file's name, for messages about the mapping (e.g. a column the sheet lacks). */
  mappingName?: string;
  /**
   * The host's words for where the template and the account's settings are fixed (problems/mapping-words.ts):
   * the app's Columns step and Connection screen; the mapping file's and the CLI's by default.
   */
  mappingWords?: MappingWords;
  /** Date columns' order already proved (the app's re-check of one row, after its dry run's pass). */
  dateOrderProofs?: ReadonlyMap<string, DateOrderProof>;
  /** Filled at the end of a pass with the date columns whose order a row proved (date-order.ts). */
  dateOrder?: DateOrderFindings;
  /** The sheet's columns whose header repeats an earlier one's (SheetSource.repeatedHeaders). */
  repeatedHeaders?: readonly RepeatedHeader[];
  /**
   * The sheet is a round-trip CSV the tool wrote, opened and saved again by a spreadsheet: its text
   * cells may hold what the spreadsheet made of the exported value (batch/stored-zeros.ts).
   */
  roundTripCsv?: boolean;
  /** Today's date (YYYY-MM-DD), after which no one is born (birth-century.ts); the local date by default. */
  today?: string;
}

export interface CompiledConstant {
  plan: ValuePlan;
  converted: Converted;
  /** The constant as written, for problems. */
  shown: string;
}

export interface CompiledMapping {
  mapping: Mapping;
  mode: ImportMode;
  headers: string[];
  columns: ValuePlan[];
  constants: CompiledConstant[];
  groups: CompiledGroup[];
  /** The column holding the match key (mapping.match), if any. */
  matchColumn: ValuePlan | null;
  /** The column whose value must be unique within the file: the match key, else (create) reference_value_1. */
  duplicateColumn: ValuePlan | null;
  /** First column per target path (for "required" problems that name the column). */
  labelByTarget: Map<string, string>;
  /** Columns not read whose header is that of a column read (validate/repeated-headers.ts). */
  unreadRepeats: UnreadRepeat[];
  /** A target path in a clerk's words, with the account's labels when known (targetWords). */
  words(path: string): string;
  /** Each subject group as a person counts it: "Claimant 1", "Vehicle 1" (subjectGroupWords). */
  groupNames: string[];
  /** Case type id → ids of the case fields it enables (only types that list them). */
  caseTypeFields: Map<number, Set<number>>;
  caseTypeNames: Map<number, string>;
  /**
   * The account's case-use fields: a field not enabled for a row's case type is looked for there under
   * its label, the case type's own field of that name (same-label-field.ts).
   */
  caseFields: FieldDef[];
  settings: Partial<AccountSettings> | undefined;
  hasReference: boolean;
  /** Target path → slot (see ValuePlan.slot). */
  slotOf: Map<string, number>;
  customCount: number;
  /** The columns whose dates can be read with day and month the other way round (date-order.ts). */
  dateOrder: ColumnWatch[];
  /** The rows being checked, as every column's plan holds them (ValuePlan.checkedRows): set per batch. */
  checkedRows: CheckedRows;
  /** ValidateOptions.roundTripCsv: every text cell is compared with what the request holds. */
  roundTripCsv: boolean;
  /** ValidateOptions.today, or the local date when compiled. */
  today: string;
  /** ValidateOptions.mappingWords, or the mapping file's: what a row's problems name as its fix. */
  mappingWords: MappingWords;
}

export function compileMapping(
  mapping: Mapping,
  headers: string[],
  options: ValidateOptions = {},
): CompiledMapping {
  const reference = options.reference;
  const mappingWords = options.mappingWords ?? MAPPING_FILE_WORDS;
  const tables = new Map<LookupKind, LookupTable>();
  const tableFor = (kind: LookupKind | undefined): LookupTable | null => {
    if (!reference || !kind) return null;
    let table = tables.get(kind);
    // A list the account could not give (reference.unavailable) resolves ids unchecked and refuses names.
    const missing = reference.unavailable?.[kind];
    if (!table)
      tables.set(
        kind,
        (table = missing
          ? unavailableLookup(kind, missing)
          : buildLookupTable(reference[kind] ?? [], reference.incomplete?.[kind])),
      );
    return table;
  };
  const fieldsById = new Map((reference?.fields ?? []).map((field) => [field.id, field]));
  const groups = compileGroups(mapping, reference, tableFor('subject_types'), fieldsById, mappingWords);
  const mode: ImportMode = mapping.mode ?? 'create';
  const headerIndex = new Map(headers.map((header, index) => [header, index]));
  const slotOf = new Map<string, number>();
  const customSlots = new Map<string, number>();
  const wordsContext = { reference, mapping };
  const groupNames = groups.map((group) => subjectGroupWords(group.index, wordsContext));
  const wordsCache = new Map<string, string>();
  const words = (path: string): string => {
    let text = wordsCache.get(path);
    if (text === undefined) wordsCache.set(path, (text = targetWords(path, wordsContext)));
    return text;
  };

  const checkedRows: CheckedRows = { batch: [] };
  const planFor = (
    target: Target,
    label: string,
    index: number,
    column: MappingColumn | null,
    byName: boolean,
  ): ValuePlan => {
    const lookupKind = target.kind === 'param' ? target.spec.lookup : undefined;
    const plan: ValuePlan = {
      target,
      label,
      what: words(target.path),
      index,
      trim: column?.trim ?? true,
      values: column?.values ? valueMap(column.values) : null,
      date: null,
      order: null,
      number: null,
      split: column?.split ?? null,
      parse: column?.parse ?? null,
      table: tableFor(lookupKind),
      byName,
      offline: !reference && lookupKind !== undefined,
      field: null,
      fieldType: '',
      plainText: false,
      textRule: 'single-line',
      refuse: REFUSED['single-line'],
      choices: null,
      placeholders: false,
      placeholderRule: null,
      clear: column?.blank === 'clear' && mode !== 'create',
      clearRefused: null,
      staticProblems: [],
      checkedRows,
      moments: null,
      memo: index >= 0 ? new Map() : null,
      memoHits: 0,
      slot: slotFor(slotOf, target.path),
      paramIndex: target.kind === 'param' ? PARAM_INDEX[target.name] : -1,
      customSlot:
        target.kind === 'custom' ? slotFor(customSlots, `${target.subject ?? ''}:${target.fieldId}`) : -1,
    };
    if (column?.dateFormat) {
      const compiled = compileDateFormat(column.dateFormat);
      // parseMapping has already refused a bad format; a mapping built in code gets the same refusal late.
      if (typeof compiled === 'string') throw new Error(compiled);
      plan.date = compiled;
      plan.order = dateOrderState(
        label,
        target.path,
        index,
        compiled,
        options.dateOrderProofs?.get(label) ?? null,
      );
    }
    // Only an update compares with a request: a create has no stored day to be.
    if (!plan.date && index >= 0 && options.roundTripCsv === true && mode === 'update')
      plan.spreadsheetDates = true;
    if (column) {
      const number = numberFormatOf(column);
      // parseMapping has already refused options that cannot be used (mapping-rules.ts).
      if (typeof number === 'string') throw new Error(number);
      plan.number = number;
      // A column is a date or a number column; a date format, given too, keeps its watch.
      plan.order ??= decimalMarkState(
        label,
        target.path,
        index,
        number,
        options.dateOrderProofs?.get(label) ?? null,
      );
    }
    // Without the account's field definitions (unavailable) custom fields are checked as offline.
    if (target.kind === 'custom' && reference && !reference.unavailable?.fields)
      attachField(plan, target, fieldsById, groups, groupNames, mappingWords, reference.incomplete?.fields);
    plan.plainText = isPlainText(plan);
    plan.placeholders = checksPlaceholders(plan);
    plan.placeholderRule = placeholderRuleOf(plan, mode, options.roundTripCsv === true);
    plan.textRule = textRuleOf(plan);
    plan.refuse = REFUSED[plan.textRule];
    // Measured per column (docs/benchmarks.md, finding 3): a memo lookup hashes every new cell string,
    // which costs more than taking plain text as it is or one e-mail test.
    if (plan.plainText || checksEmailOnly(plan)) plan.memo = null;
    return plan;
  };

  const columns = mapping.columns.map((column) => {
    const target = parseTarget(column.target)!;
    return planFor(
      target,
      column.column,
      headerIndex.get(column.column) ?? -1,
      column,
      column.lookup !== undefined,
    );
  });

  const constants = Object.entries(mapping.constants ?? {}).map(([path, value]) => {
    const target = parseTarget(path)!;
    const label = `constant ${path}`;
    const items = Array.isArray(value) ? value : [value];
    // A constant id may be given by name: it resolves through the target's own lookup.
    const byName =
      target.kind === 'param' &&
      target.spec.lookup !== undefined &&
      items.some((item) => typeof item === 'string' && !/^\d+$/.test(item.trim()));
    const plan = planFor(target, label, -1, null, byName);
    return {
      plan,
      converted: convertConstant(plan, value),
      shown: Array.isArray(value) ? value.join(', ') : String(value),
    };
  });

  const labelByTarget = new Map<string, string>();
  for (const plan of columns)
    if (!labelByTarget.has(plan.target.path)) labelByTarget.set(plan.target.path, plan.label);
  // The column behind contact.full_name is the one that gives (or leaves empty) the contact's name parts.
  const fullName = labelByTarget.get('contact.full_name');
  if (fullName !== undefined)
    for (const part of ['first_name', 'middle_name', 'last_name'])
      if (!labelByTarget.has(`contact.${part}`)) labelByTarget.set(`contact.${part}`, fullName);
  const matchColumn = mapping.match
    ? (columns.find((plan) => plan.target.path === mapping.match) ?? null)
    : null;
  const duplicateColumn =
    matchColumn ??
    (mode === 'create' ? (columns.find((plan) => plan.target.path === 'reference_value_1') ?? null) : null);
  // The match key (or, creating without one, reference_value_1) is how every mode finds the request,
  // and the duplicate checks too: a placeholder there is no key (an id that is not a whole number is
  // refused as such already). Other reference values are text (placeholderRuleOf).
  if (duplicateColumn && duplicateColumn.target.path !== 'id') duplicateColumn.placeholderRule = 'refuse';

  const caseTypeFields = new Map<number, Set<number>>();
  const caseTypeNames = new Map<number, string>();
  for (const caseType of reference?.case_types ?? []) {
    caseTypeNames.set(caseType.id, caseType.name);
    if (caseType.field_ids) caseTypeFields.set(caseType.id, new Set(caseType.field_ids));
  }
  return {
    mapping,
    mode,
    headers,
    columns,
    constants,
    groups,
    matchColumn,
    duplicateColumn,
    labelByTarget,
    unreadRepeats: unreadRepeats(options.repeatedHeaders ?? [], new Set(columns.map((plan) => plan.index))),
    words,
    groupNames,
    caseTypeFields,
    caseTypeNames,
    caseFields: (reference?.fields ?? []).filter((field) => field.use === 'case'),
    settings: options.settings,
    hasReference: reference !== undefined,
    slotOf,
    customCount: customSlots.size,
    dateOrder: columns.flatMap((plan) => (plan.order ? [plan.order] : [])),
    checkedRows,
    roundTripCsv: options.roundTripCsv === true,
    today: options.today ?? localToday(),
    mappingWords,
  };
}

function slotFor(slots: Map<string, number>, key: string): number {
  let slot = slots.get(key);
  if (slot === undefined) slots.set(key, (slot = slots.size));
  return slot;
}

function valueMap(
  values: Record<string, string | number | boolean>,
): Map<string, { key: string; value: Cell }> {
  // The key as written, for the words of a translation the target refuses (convert-cell.ts translated);
  // matched as a cell is seen (text-key.ts), so a key typed as a message shows the cell finds it.
  return new Map(
    Object.entries(values).map(([key, value]) => [caselessKey(key), { key: key.trim(), value }]),
  );
}

/**
 * A list constant (`"case_flags_list": [31, 32]`) is converted item by item: joining the items into one
 * cell with a split mark would put a character the user never wrote before the character checks.
 */
function convertConstant(plan: ValuePlan, value: ConstantValue): Converted {
  if (!Array.isArray(value)) return convertCell(plan, value);
  const ids: number[] = [];
  let unresolved = false;
  for (const item of value) {
    const converted = convertCell(plan, item);
    if (converted.kind === 'problem')
      return value.length > 1 && converted.value === undefined
        ? { ...converted, value: String(item) }
        : converted;
    if (converted.kind === 'unresolved') unresolved = true;
    else if (converted.kind === 'value')
      for (const id of converted.value as number[]) if (!ids.includes(id)) ids.push(id);
  }
  if (unresolved) return { kind: 'unresolved' };
  return ids.length === 0 ? { kind: 'blank' } : { kind: 'value', value: ids };
}

/** A column whose conversion is one e-mail test on its text. */
function checksEmailOnly(plan: ValuePlan): boolean {
  if (plan.values || plan.parse || plan.staticProblems.length > 0) return false;
  const target = plan.target;
  if (target.kind === 'client' || target.kind === 'contact') return target.part === 'email';
  return target.kind === 'custom' && target.part === null && plan.fieldType === 'EMAIL';
}

/**
 * Whether convertCell would turn non-blank text without a refused character into exactly that text
 * (see ValuePlan.plainText); kept in step with convertUncached, toObjectPart, toFieldValue and
 * toUntypedCustom.
 */
function isPlainText(plan: ValuePlan): boolean {
  if (plan.values || plan.parse || plan.staticProblems.length > 0 || plan.number) return false;
  const target = plan.target;
  switch (target.kind) {
    case 'matchKey':
      return true;
    case 'param':
      return target.spec.type === 'text' || target.spec.type === 'longText';
    case 'client':
    case 'contact':
      return !['email', 'country', 'state', 'full_name'].includes(target.part);
    case 'custom':
      if (target.part !== null) return target.part !== 'country';
      return plan.fieldType === 'INPUT';
  }
}

/** Which characters a target refuses (text-characters.ts). */
function textRuleOf(plan: ValuePlan): TextRule {
  const target = plan.target;
  switch (target.kind) {
    case 'matchKey':
      return 'code';
    case 'param':
      if (target.spec.type === 'longText') return 'multi-line';
      if (/^reference_value_/.test(target.name)) return 'code';
      // A list split on line breaks ("split": "\n") keeps them; they separate its items.
      return plan.split !== null && /[\r\n]/.test(plan.split) ? 'multi-line' : 'single-line';
    case 'client':
    case 'contact':
      return CODE_PARTS.has(target.part) ? 'code' : 'single-line';
    case 'custom':
      if (target.part !== null) return CODE_PARTS.has(target.part) ? 'code' : 'single-line';
      if (plan.field) {
        if (['EMAIL', 'COUNTRY', 'LINK'].includes(plan.fieldType)) return 'code';
        if (plan.fieldType === 'LONG' || (plan.fieldType === 'ADDRESS' && plan.parse === 'address'))
          return 'multi-line';
        return 'single-line';
      }
      // Offline the field's type is unknown: only the column's options say it is one line.
      return plan.parse === null || plan.parse === 'address' ? 'multi-line' : 'single-line';
  }
}

/** E-mails and codes: an invisible character in them makes a different value that looks the same. */
const CODE_PARTS: ReadonlySet<string> = new Set(['email', 'country', 'state', 'zip']);
