/**
 * A case field of the same label that the row's case type has of its own (explore 54 item 3): offices set
 * up "Date of Loss" per case type, one field each (15 on Surveillance, 20 on Workers Comp). A sheet
 * mixing case types sends its one "Date of Loss" column to one of them, so the rows of the other case type
 * are refused as "not enabled". Clearing the cell loses the date, and enabling field 15 there would give
 * that case type a second "Date of Loss" holding the date in the other type's field: the way out is that
 * case type's own field, with a template of its own. Labels compare as look-up names do (trimmed, inner
 * spaces collapsed, any letter case): the clerk reads them as one label.
 */
import type { FieldDef } from '../account/reference.ts';

const labelKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** The one case field `enabled` holds whose label is `field`'s; null when none, or several (no guess). */
export function sameLabelField(
  fields: readonly FieldDef[],
  field: FieldDef,
  enabled: ReadonlySet<number>,
): FieldDef | null {
  const key = labelKey(field.name);
  const own = fields.filter(
    (other) =>
      other.id !== field.id && other.use === 'case' && enabled.has(other.id) && labelKey(other.name) === key,
  );
  return own.length === 1 ? own[0]! : null;
}

/** The catalogue's words for it: `ownField` `"Date of Loss" (field 20)`, `ownTarget` its target path. */
export function sameLabelParams(own: FieldDef | null): { ownField?: string; ownTarget?: string } {
  return own ? { ownField: `"${own.name}" (field ${own.id})`, ownTarget: `custom_fields.${own.id}` } : {};
}
