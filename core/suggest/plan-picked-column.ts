/**
 * The options a column needs for a target a person picked (the app's field picker), read off the
 * column's values by the suggestion's own planColumn: a whole NAME field gets `parse: "full_name"`, a
 * date field its `dateFormat`, a lookup its `lookup` and `split`. Explore 30 item 1: a column mapped by
 * hand got none of these, and every row was refused with advice (`add "parse"`) the app has no control
 * for; one place decides them for the suggestion and for the person alike.
 */
import type { AccountReference } from '../account/reference.ts';
import type { Cell } from '../read/types.ts';
import type { MappingWords } from '../problems/mapping-words.ts';
import { planColumn, type ColumnPlan } from './column-options.ts';

/** "subjects.1.custom_fields.101.first_name" → field 101, part "first_name"; a parameter as it is. */
const CUSTOM_FIELD = /^(?:subjects\.\d+\.)?(custom_fields\.(\d+))(?:\.([a-z_0-9]+))?$/;

export function planPickedColumn(
  column: string,
  target: string,
  cells: readonly Cell[],
  reference?: AccountReference,
  sampled = '',
  mappingWords?: MappingWords,
): ColumnPlan {
  const custom = CUSTOM_FIELD.exec(target);
  const field = custom ? reference?.fields.find((known) => known.id === Number(custom[2])) : undefined;
  const info = custom
    ? {
        target: custom[0].replace(/^subjects\.\d+\./, ''),
        ...(field ? { field } : {}),
        part: custom[3] ?? null,
      }
    : { target };
  return planColumn(column, info, cells, reference, sampled, mappingWords);
}
