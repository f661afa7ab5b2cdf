/**
 * A field the account has now that a column's header names, offered when the template's own field is
 * gone (explore 34 item 5: the admin deleted "Color" (206) and made a new "Color" (210)). The template
 * records only the field's id, never its name, so the header is the only name to go by: the offer is
 * a field whose whole name ends the header ("Vehicle Color" → Color; "Color" → Color), and only one.
 * Two that fit, or none, offer nothing: this is a suggestion in the message, never a change made.
 * One rule for the dry run's words (account-fields.ts) and the app's mapping step, which gets it from
 * main with the draft (header-fields.ts): the renderer cannot import core, and its own copy of the
 * rule could drift from the words the dry run says.
 */
import type { FieldDef } from '../account/reference.ts';

const words = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export function fieldForColumn(header: string, fields: readonly FieldDef[]): FieldDef | null {
  const wanted = words(header);
  if (wanted === '') return null;
  const fitting = fields.filter((field) => {
    const name = words(field.name);
    return name !== '' && (wanted === name || wanted.endsWith(` ${name}`));
  });
  // The whole header before a part of it: "Phone" and "Employer Phone" both end "Employer Phone".
  const exact = fitting.filter((field) => words(field.name) === wanted);
  if (exact.length === 1) return exact[0]!;
  return fitting.length === 1 ? fitting[0]! : null;
}
