/**
 * A column sent to a case field whose label another case field of the account also has (explore 54
 * item 3): offices set up "Date of Loss" per case type, one field each (15, a DATE on Surveillance; 20,
 * an INPUT on Workers Comp). The header names both, and map offers the fields of one case type only
 * (choose-case-type.ts), so it chose between them; said, with the others, since a mapping sends a column
 * to one field: with a Case Type column, the rows of the other case types would be refused.
 */
import type { AccountReference, FieldDef } from '../account/reference.ts';
import type { MappingColumn } from '../mapping/schema.ts';
import type { SuggestionNote } from './types.ts';

const labelKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * One note per mapped column whose case field shares its label with others. `caseTypeColumn`: a column
 * gives each row's case type (the sheet mixes them).
 */
export function sameLabelFieldNotes(
  columns: readonly MappingColumn[],
  reference: AccountReference | undefined,
  caseTypeColumn: boolean,
): SuggestionNote[] {
  if (!reference) return [];
  const notes: SuggestionNote[] = [];
  const caseFields = reference.fields.filter((field) => field.use === 'case');
  for (const column of columns) {
    const target = /^custom_fields\.(\d+)(?:\.[a-z_0-9]+)?$/.exec(column.target);
    if (!target) continue;
    const field = caseFields.find((known) => known.id === Number(target[1]));
    if (!field) continue;
    const others = caseFields.filter(
      (other) => other.id !== field.id && labelKey(other.name) === labelKey(field.name),
    );
    if (others.length === 0) continue;
    const named = others.map((other) => described(other, reference)).join('; ');
    const advice = caseTypeColumn
      ? `A mapping sends a column to one field, so rows whose case type does not enable field ${field.id} are refused: ` +
        `import them with a template of their own whose column '${column.column}' goes to that case type's own field ` +
        `("target": "custom_fields.${others[0]!.id}" for field ${others[0]!.id}), or split the file by case type`
      : `If the sheet is for another case type, change the case type and this column's field together`;
    notes.push({
      column: column.column,
      level: caseTypeColumn ? 'warning' : 'info',
      message:
        `the account has ${others.length + 1} case fields named "${field.name}": this column goes to ${described(field, reference)}, ` +
        `not to ${named}. ${advice}`,
    });
  }
  return notes;
}

/** "field 20 (INPUT, on Workers Comp)". */
function described(field: FieldDef, reference: AccountReference): string {
  const types = reference.case_types.filter((type) => !type.field_ids || type.field_ids.includes(field.id));
  const on = types.length ? `on ${types.map((type) => type.name).join(', ')}` : 'on no case type';
  return `field ${field.id} (${field.field_type_tag}, ${on})`;
}
