/** The mapping file as the wizard edits it: core's own type (CONTRACTS section 2), through the contract. */
import type { Mapping, MappingColumn, SkipOptions, SubjectGroup } from '../../../main/bridge/contract.ts';

export type { ConstantValue, MappingColumn, SubjectGroup } from '../../../main/bridge/contract.ts';
/** Rows that are not data (docs/mapping.md `skip`): each rule leaves rows out, never validated or sent. */
export type SkipRules = SkipOptions;
/** Core's mapping with its mode always set, as the mode picker shows it. */
export type MappingDoc = Mapping & { mode: NonNullable<Mapping['mode']> };

export function asMappingDoc(mapping: Mapping): MappingDoc {
  return { ...mapping, mode: mapping.mode ?? 'create' };
}

/** What a target needs of its column (`parse`, `dateFormat`, `lookup`…): the mapping column without its names. */
export type TargetOptions = Omit<MappingColumn, 'column' | 'target'>;

/**
 * Sets (or clears, with target '') the target of one source column. The same target keeps the column as
 * it is; another one gets `options` (what the new target needs) and loses every option of the old one,
 * keeping only `trim`, which is about the cells (explore 30 item 1: a name column moved to Notes kept
 * a hidden `parse: "full_name"`, and the dry run stopped with "columns[3].parse: …").
 */
export function withTarget(
  doc: MappingDoc,
  column: string,
  target: string,
  options: TargetOptions = {},
): MappingDoc {
  // "Not imported": the column goes nowhere, so none of its entries stays.
  if (!target) return { ...doc, columns: doc.columns.filter((entry) => entry.column !== column) };
  // The picker shows a column's first entry: a field picked replaces that one. Another field a template
  // sends the same column to stays (shown under the picker), unless it is the field picked.
  const index = doc.columns.findIndex((entry) => entry.column === column);
  const existing = index >= 0 ? doc.columns[index] : undefined;
  const next: MappingColumn =
    existing?.target === target ? existing : { ...ownOptions(existing), ...options, column, target };
  if (index < 0) return { ...doc, columns: [...doc.columns, next] };
  const columns = doc.columns.flatMap((entry, at) =>
    at === index ? [next] : entry.column === column && entry.target === target ? [] : [entry],
  );
  return { ...doc, columns };
}

/**
 * The options core's planColumn gave a target picked by hand (the bridge's `planColumn`), put on the
 * column while it still has that target: a later pick (or "Do not import") wins over a late answer.
 */
export function withPlannedOptions(
  doc: MappingDoc,
  column: string,
  target: string,
  options: TargetOptions,
): MappingDoc {
  return {
    ...doc,
    columns: doc.columns.map((entry) =>
      entry.column === column && entry.target === target
        ? { ...ownOptions(entry), ...options, column, target }
        : entry,
    ),
  };
}

/** The options of a column that are about its cells, not its target: kept whatever it is mapped to. */
function ownOptions(entry: MappingColumn | undefined): TargetOptions {
  return entry?.trim === undefined ? {} : { trim: entry.trim };
}

export function withValues(
  doc: MappingDoc,
  column: string,
  values: Record<string, string | number | boolean>,
): MappingDoc {
  return {
    ...doc,
    columns: doc.columns.map((entry) => {
      if (entry.column !== column) return entry;
      const next = { ...entry };
      if (Object.keys(values).length) next.values = values;
      else delete next.values;
      return next;
    }),
  };
}

/** A subject group's type, whether the template names it by id or by name. */
export function subjectTypeOf<T extends { id: number; name: string }>(
  types: T[],
  group: SubjectGroup,
): T | undefined {
  return types.find((type) =>
    typeof group.subject_type_id === 'number'
      ? type.id === group.subject_type_id
      : type.name.toLowerCase() === group.subject_type_id.trim().toLowerCase(),
  );
}

/**
 * The mapping with new skip rules; an empty list is dropped, and `skip` with it when no rule is left.
 * Texts being typed stay as they are (even empty): `sendable` drops the empty ones before a check.
 */
export function withSkip(doc: MappingDoc, skip: SkipRules): MappingDoc {
  const kept: SkipRules = {};
  if (skip.rows?.length) kept.rows = [...new Set(skip.rows)].sort((a, b) => a - b);
  if (skip.whenBlank?.length) kept.whenBlank = skip.whenBlank;
  if (skip.whenFirstCellStartsWith?.length) kept.whenFirstCellStartsWith = skip.whenFirstCellStartsWith;
  if (skip.after !== undefined) kept.after = skip.after;
  const { skip: _old, ...rest } = doc;
  return Object.keys(kept).length ? { ...rest, skip: kept } : rest;
}

/** The mapping as it is checked and saved: skip texts left empty while editing are no rule. */
export function sendable(doc: MappingDoc): MappingDoc {
  if (!doc.skip) return doc;
  const prefixes = doc.skip.whenFirstCellStartsWith?.filter((prefix) => prefix.trim() !== '');
  const after = doc.skip.after?.trim() ? doc.skip.after : undefined;
  const { after: _after, whenFirstCellStartsWith: _prefixes, ...rest } = doc.skip;
  return withSkip(doc, {
    ...rest,
    ...(prefixes ? { whenFirstCellStartsWith: prefixes } : {}),
    ...(after !== undefined ? { after } : {}),
  });
}

/** One row left out by its number (or brought back): the mapping's `skip.rows`. */
export function withRowLeftOut(doc: MappingDoc, row: number, leave: boolean): MappingDoc {
  const rows = (doc.skip?.rows ?? []).filter((known) => known !== row);
  return withSkip(doc, { ...doc.skip, rows: leave ? [...rows, row] : rows });
}

/** The order a column writes its text dates in ("M/D/YYYY"), chosen once for every row (DateOrderFix). */
export function withColumnDateFormat(doc: MappingDoc, column: string, format: string): MappingDoc {
  return {
    ...doc,
    columns: doc.columns.map((entry) => (entry.column === column ? { ...entry, dateFormat: format } : entry)),
  };
}

/** How a column writes its numbers: "." or "," as the decimal point (a locale set before is replaced). */
export function withDecimal(doc: MappingDoc, column: string, decimal: '.' | ','): MappingDoc {
  return {
    ...doc,
    columns: doc.columns.map((entry) => {
      if (entry.column !== column) return entry;
      const { locale: _locale, grouping: _grouping, ...rest } = entry;
      return { ...rest, decimal };
    }),
  };
}
