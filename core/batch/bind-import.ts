/**
 * Binding an import, the same for every host (issue 14 point 2): the mode it runs in, what its journal
 * is bound to (the file's bytes and the mapping: a journal made for other bytes or another mapping is
 * refused, and the same file sent with the same mapping resumes it), the rows it sends (planned like
 * the dry run), and what the runner needs to know of the mapping. The pacer and client are core's
 * connectAccount; the hosts keep where the journal lives, how a send is started and what is shown.
 */
import type { Mapping } from '../mapping/schema.ts';
import { formatReadsBothWays } from '../mapping/date-format.ts';
import type { ImportMode, RowOutcome } from '../validate/types.ts';
import type { SheetSource } from '../read/types.ts';
import { checkedRows, liveRows, type DryRunAccount, type DryRunRowsOptions } from '../validate/dry-run.ts';
import { DateOrderFindings, markLateDoubts } from '../validate/date-order.ts';
import { sha256, type JournalBinding } from './journal.ts';
import type { ImportRunOptions } from './runner.ts';
import { writtenRequestReader } from './earlier-results.ts';

/** The mode asked for, else the mapping's, else create (CONTRACTS section 2: "mode" defaults to create). */
export function importMode(mapping: Pick<Mapping, 'mode'>, asked?: ImportMode): ImportMode {
  return asked ?? mapping.mode ?? 'create';
}

export interface BoundImport {
  binding: JournalBinding;
  /**
   * The journal's name in a folder of journals, by what it is bound to: sending the same file with the
   * same mapping again (the rest after a trial, a retry, a second click next week) finds it and resumes.
   * The app adds the account the send goes to (main/session/send-journal.ts).
   */
  journalName: string;
}

/**
 * What the journal is bound to. `mapping` is hashed as given: a host leaves out of it what changes which
 * rows are sent but never how a row is sent (the app's rows left out by number), so a row sent in a
 * trial is known as sent whatever is left out. Hashing it differently would orphan existing journals.
 */
export function bindImport(input: {
  file: string;
  fileHash: string;
  mapping: unknown;
  mode: ImportMode;
}): BoundImport {
  const mappingHash = sha256(JSON.stringify(input.mapping));
  return {
    binding: { file: input.file, fileHash: input.fileHash, mappingHash, mode: input.mode },
    journalName: `${input.fileHash.slice(0, 16)}-${mappingHash.slice(0, 16)}.journal.jsonl`,
  };
}

/** What the runner needs to know of the mapping: the mode, its match key, and what names a field's column. */
export function mappedImportOptions(
  mapping: Mapping,
  mode: ImportMode,
): Pick<ImportRunOptions, 'mode' | 'match' | 'columns' | 'constants' | 'subjects'> {
  return {
    mode,
    match: mapping.match ?? null,
    columns: mapping.columns,
    ...(mapping.constants ? { constants: mapping.constants } : {}),
    ...(mapping.subjects ? { subjects: mapping.subjects } : {}),
  };
}

/**
 * The rows an import sends, checked and planned against the account as the dry run checks and plans
 * them (issue 16: a create whose key the account already holds is a duplicate, not sent; issue 13:
 * updates find every row's request once, and `onStored` hands the runner what was found). A create
 * import whose mapping says "duplicates": "create" has nothing to plan and asks nothing.
 */
export function importRows(
  sheet: SheetSource,
  mapping: Mapping,
  mode: ImportMode,
  account: DryRunAccount,
  options: DryRunRowsOptions,
): AsyncIterable<RowOutcome> {
  // The check and the plan share one record of the date columns' order: rows checked above the row that
  // proves a column's order are refused before anything is sent (validate/date-order.ts).
  const dateOrder = options.dateOrder ?? new DateOrderFindings();
  // A results file's rows must still find the request an earlier run wrote them to (plan-import.ts).
  const shared = {
    ...options,
    dateOrder,
    writtenRequest: writtenRequestReader(sheet.headers),
    headers: sheet.headers,
  };
  const checked = checkedRows(sheet, mapping, account, shared);
  const plans = mode !== 'create' || mapping.duplicates !== 'create';
  if (plans) return liveRows(checked, { ...mapping, mode }, account, shared);
  return hasTwoWayColumns(mapping) ? settled(checked, dateOrder) : checked;
}

/**
 * A mapping with a text date column whose day and month could be read the other way round, or a number
 * column whose decimal mark could (it gives one: decimal-mark.ts).
 */
function hasTwoWayColumns(mapping: Mapping): boolean {
  return mapping.columns.some(
    (column) =>
      (column.dateFormat !== undefined && formatReadsBothWays(column.dateFormat)) ||
      column.decimal !== undefined ||
      column.grouping !== undefined ||
      column.locale !== undefined,
  );
}

/**
 * Every row checked before any is handed on, for an import that plans nothing (duplicates: create) but
 * may learn below a row that its date (or number) was read the wrong way round.
 */
async function* settled(
  checked: AsyncIterable<RowOutcome>,
  dateOrder: DateOrderFindings,
): AsyncIterable<RowOutcome> {
  const rows: RowOutcome[] = [];
  for await (const outcome of checked) rows.push(outcome);
  markLateDoubts(rows, dateOrder.found);
  yield* rows;
}
