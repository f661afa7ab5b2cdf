/**
 * A list cell written with another separator than its column splits on (explore 39 item 8): the
 * column splits Services on ";", one clerk typed "Surveillance, Skip Trace", and the cell was refused
 * as "not one of" a list that shows both names. When the whole item is no name but splitting it on
 * another usual separator gives only names the account has, the problem says so, with the cell
 * rewritten for the column's separator and the "split" that would read it as written.
 */
import { fail, type Converted } from './scalar-values.ts';
import type { ValuePlan } from './value-plan.ts';

/** Separators people write lists with, most usual first. */
const SEPARATORS = [',', ';', '|', '/', '\n'] as const;

/** The problem for `item` when it is a list in another separator; null when it is not. */
export function otherSeparator(plan: ValuePlan, item: string): Converted | null {
  const table = plan.table;
  if (!table || !plan.byName) return null;
  for (const separator of SEPARATORS) {
    if (plan.split !== null && plan.split.trim() === separator.trim()) continue;
    if (!item.includes(separator)) continue;
    const parts = item
      .split(separator)
      .map((part) => part.trim())
      .filter(Boolean);
    if (parts.length < 2 || !parts.every((part) => table.resolve(part).ok)) continue;
    const joiner =
      plan.split === null ? null : /^\s*$/.test(plan.split) ? plan.split : `${plan.split.trim()} `;
    return fail('list_other_separator', {
      found: separator,
      ...(plan.split !== null ? { split: plan.split, rewritten: parts.join(joiner!) } : {}),
    });
  }
  return null;
}
