/**
 * Upsert: the mapping's constants an update can set. A constant is sent with every row, so in an upsert
 * it is sent with each row that finds its request too, overwriting what that request holds (a
 * `client.name` meant for new referrals rewrote the client of every matched request). What is sent is
 * not changed here; it is said, before anything is sent: each such constant, and (a connected dry run)
 * how many matched rows it would change, with the ways to set it on new requests only. Constants an
 * update cannot send at all (Case type, Region) are said by createOnlyNotice instead.
 */
import type { AccountReference } from '../account/reference.ts';
import type { Mapping } from '../mapping/schema.ts';
import { targetWords } from '../mapping/target-words.ts';
import { thousands } from '../thousands.ts';
import type { ChangeSummary } from './change-summary.ts';
import { isCreateOnlyTarget } from './create-only.ts';
import type { ImportMode } from './types.ts';

const MATCH_TARGETS = new Set(['id', 'case_request_number']);

export interface OverwritingConstant {
  target: string;
  /** The target in a clerk's words: "Client name". */
  label: string;
  /** The constant as written in the mapping. */
  value: unknown;
  /** A column that also fills the target: the constant is used only where its cell is blank. */
  column: string | null;
  /** Matched rows whose update it would change; null when not known (offline, or behind a column). */
  rows: number | null;
}

export interface OverwriteContext {
  /** The dry run's change preview (connected); undefined when the rows were not checked against the account. */
  changes?: ChangeSummary | null;
  reference?: AccountReference | undefined;
  /** Not counted (no `changes`): where the count is found, in the host's words; a connection by default. */
  countHint?: string;
}

/**
 * The constants of an upsert mapping an updating row sends. Connected (`changes` given), only those
 * that would change some matched request; none when no row finds its request.
 */
export function overwritingConstants(
  mapping: Mapping,
  mode: ImportMode = mapping.mode ?? 'create',
  context: OverwriteContext = {},
): OverwritingConstant[] {
  if (mode !== 'upsert') return [];
  const { changes } = context;
  const live = changes !== undefined;
  // Connected, with no row that finds its request: nothing is overwritten.
  if (live && (changes === null || changes.requests === 0)) return [];
  const found: OverwritingConstant[] = [];
  for (const [target, value] of Object.entries(mapping.constants ?? {})) {
    if (isCreateOnlyTarget(target) || MATCH_TARGETS.has(target) || target === mapping.match) continue;
    const column = mapping.columns.find((one) => one.target === target)?.column ?? null;
    const fields = (changes?.fields ?? []).filter((field) => sameField(field.target, target));
    // Behind a column, the rows it changes are counted with the column's: not told apart.
    const rows = !live || column !== null ? null : Math.max(0, ...fields.map((field) => field.rows));
    if (live && (column === null ? rows === 0 : fields.length === 0)) continue;
    found.push({
      target,
      label: targetWords(target, { reference: context.reference, mapping }),
      value,
      column,
      rows,
    });
  }
  return found;
}

/** A change of `changed` is one the constant on `target` makes: the same field, one of its parts, or the whole it is a part of. */
function sameField(changed: string, target: string): boolean {
  if (changed === target || changed.startsWith(`${target}.`) || target.startsWith(`${changed}.`)) return true;
  // A contact's full name is compared (and changed) by its first, middle and last names.
  return target === 'contact.full_name' && /^contact\.(first|middle|last)_name$/.test(changed);
}

/**
 * Said once per run (validate, the app's dry run, import before sending): "Client name (constant 'Acme
 * Insurance') would change it on 2,000 matched rows and Contact email (constant …) would change it on
 * 1,998 matched rows: these constants are sent with every row that finds its request, not only with rows
 * that create one, …". Empty when there is none.
 */
export function overwritingConstantsNotice(
  mapping: Mapping,
  mode: ImportMode = mapping.mode ?? 'create',
  context: OverwriteContext = {},
): string[] {
  const constants = overwritingConstants(mapping, mode, context);
  if (constants.length === 0) return [];
  const rows = (count: number) => `${thousands(count)} matched row${count === 1 ? '' : 's'}`;
  const parts = constants.map((constant) => {
    const value = typeof constant.value === 'string' ? `'${constant.value}'` : JSON.stringify(constant.value);
    const where = constant.column === null ? '' : `, where column '${constant.column}' is blank`;
    const count = constant.rows === null ? '' : ` would change it on ${rows(constant.rows)}`;
    return `${constant.label} (constant ${value}${where})${count}`;
  });
  const one = constants.length === 1;
  const listed = one ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
  const subject = one ? 'this constant is' : 'these constants are';
  return [
    `${listed}: ${subject} sent with every row that finds its request, ` +
      `not only with rows that create one, so ${one ? 'it overwrites' : 'they overwrite'} what each matched request holds there` +
      (context.changes === undefined
        ? ` (${context.countHint ?? 'connect to the account to count the matched rows'} ${one ? 'it changes' : 'they change'})`
        : '') +
      `. If ${one ? 'it is' : 'they are'} meant for new requests only, give ${one ? 'it as a column' : 'them as columns'} of the file ` +
      "instead (a blank cell leaves a request's value as it is), or import the new rows in a separate run in create mode",
  ];
}
