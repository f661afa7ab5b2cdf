/**
 * The rows a stop left in doubt (a write sent whose answer was lost or cut short, most often by a second
 * Ctrl-C), named as the clerk sees them: the row in their file, and what `--resume` looks for it by
 * (the create's reference value, under the column of the file that gave it; an update's request). "1
 * row is in doubt" alone sent the clerk to the results file to learn which. Read from the journal,
 * whose intents are what the resume acts on (core's reconcile.ts looks a create up by `lookup`).
 */
import type { IntentLine } from '../core/batch/journal-types.ts';
import type { Mapping } from '../core/mapping/schema.ts';

/** One row in doubt, as the words and `--json`'s `rows_in_doubt` give it. */
export interface RowInDoubt {
  row: number;
  op: 'create' | 'update';
  /** A create's: the file's column (or the mapping's constant) that gave the value it is looked for by. */
  column?: string;
  /** A create's: the list filter the resume searches by (reference_value_1|2|3). */
  target?: string;
  value?: string;
  /** An update's: the request it changed, which the resume reads back. */
  id?: number;
}

/** Rows named in the words; the rest are counted (the results mark each `in_doubt`). */
const SHOWN = 10;

/**
 * The journal's rows in doubt, in row order, without `leaveOut` (rows held back, said on their own
 * line: several requests may be theirs). `columns`: the mapping's, to name the column behind a value.
 */
export function rowsInDoubtOf(
  inDoubt: ReadonlyMap<number, IntentLine>,
  mapping: Pick<Mapping, 'columns' | 'constants'>,
  leaveOut: ReadonlySet<number> = new Set(),
): RowInDoubt[] {
  return [...inDoubt.values()]
    .filter((intent) => !leaveOut.has(intent.row))
    .sort((a, b) => a.row - b.row)
    .map((intent): RowInDoubt => {
      if (intent.op === 'update')
        return { row: intent.row, op: 'update', ...(intent.id === undefined ? {} : { id: intent.id }) };
      const lookup = intent.lookup;
      if (!lookup) return { row: intent.row, op: 'create' };
      const column =
        mapping.columns.find((candidate) => candidate.target === lookup.filter)?.column ??
        (mapping.constants && lookup.filter in mapping.constants
          ? `the mapping's constant ${lookup.filter}`
          : lookup.filter);
      return { row: intent.row, op: 'create', column, target: lookup.filter, value: lookup.value };
    });
}

/**
 * "1 row is in doubt (…): row 3 (Claim # 'DBL-0001'). --resume looks for it in Trackops first (…) and
 * sends again only what Trackops does not hold." Null when no row is in doubt.
 */
export function rowsInDoubtWords(rows: readonly RowInDoubt[]): string | null {
  if (rows.length === 0) return null;
  const one = rows.length === 1;
  const named = rows.slice(0, SHOWN).map((row) => {
    if (row.op === 'update')
      return `row ${row.row} (an update${row.id === undefined ? '' : ` of request ${row.id}`})`;
    if (row.value === undefined) return `row ${row.row} (a create with no reference value)`;
    return `row ${row.row} (${row.column} '${row.value}')`;
  });
  const more =
    rows.length > SHOWN ? `; and ${rows.length - SHOWN} more (the results mark each in_doubt)` : '';
  // How the resume settles each kind (core's resume-sweep.ts, reconcile.ts, read-back-update.ts).
  const how = [
    ...(rows.some((row) => row.op === 'create' && row.value !== undefined)
      ? ['a create by the value named, among the requests created since it was sent']
      : []),
    ...(rows.some((row) => row.op === 'create' && row.value === undefined)
      ? ['a create with no reference value by all of its values']
      : []),
    ...(rows.some((row) => row.op === 'update') ? ['an update by reading its request back'] : []),
  ];
  return (
    `${one ? '1 row is' : `${rows.length} rows are`} in doubt (${one ? 'it' : 'they'} may have reached Trackops, and ${one ? 'its answer was' : 'their answers were'} lost or cut short): ` +
    `${named.join('; ')}${more}. --resume looks for ${one ? 'it' : 'them'} in Trackops first (${how.join('; ')}) ` +
    'and sends again only what Trackops does not hold.'
  );
}
