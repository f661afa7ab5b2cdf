/** The mapping file as the wizard edits it (CONTRACTS section 2); main checks it fully with core's parser. */
export interface MappingColumn {
  column: string;
  target: string;
  dateFormat?: string;
  split?: string;
  lookup?: string;
  values?: Record<string, string | number | boolean>;
  parse?: string;
  trim?: boolean;
  blank?: 'clear' | 'keep';
}

export interface SubjectGroup {
  /** An id, or a subject type's name (resolved against the account). */
  subject_type_id: number | string;
  is_primary?: boolean;
  is_pinned?: boolean;
}

/** A value for every row: text, a number or id, yes/no, or a list of ids (CONTRACTS section 2). */
export type ConstantValue = string | number | boolean | (string | number)[];

export interface MappingDoc {
  version: 1;
  mode: 'create' | 'update' | 'upsert';
  source?: { sheet?: string; headerRow?: number };
  match?: string;
  constants?: Record<string, ConstantValue>;
  subjects?: SubjectGroup[];
  columns: MappingColumn[];
}

export function asMappingDoc(raw: Record<string, unknown>): MappingDoc {
  const doc = raw as Partial<MappingDoc>;
  return {
    ...doc,
    version: 1,
    mode: doc.mode ?? 'create',
    columns: Array.isArray(doc.columns) ? doc.columns : [],
  } as MappingDoc;
}

/** Sets (or clears, with target '') the target of one source column, keeping its other options. */
export function withTarget(
  doc: MappingDoc,
  column: string,
  target: string,
  lookup: string | null,
): MappingDoc {
  const rest = doc.columns.filter((entry) => entry.column !== column);
  if (!target) return { ...doc, columns: rest };
  const existing = doc.columns.find((entry) => entry.column === column);
  const next: MappingColumn = { ...(existing ?? { column }), column, target };
  if (lookup) next.lookup = lookup;
  else delete next.lookup;
  if (existing?.target !== target) delete next.values;
  const index = doc.columns.findIndex((entry) => entry.column === column);
  const columns = [...rest];
  columns.splice(index >= 0 ? index : columns.length, 0, next);
  return { ...doc, columns };
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
