/**
 * Rows of one update or upsert sheet for the same request (explore 33 item 4): a carrier appends the
 * newer status of a claim below the older, so two rows name one request with different values. Creating,
 * the later row is a second copy and "first one wins" is right (validate-rows.ts duplicateTracker);
 * updating, the rows are two instructions for one request and the later is as likely to be the one
 * meant, so sending the first would be a guess nobody is told of. The rule, settled once the plan knows
 * each row's request (plan-import.ts):
 *
 * - rows that set the same values: the first is sent, the others are `duplicate_in_file` as today;
 * - rows that set different values for any field: none is sent; each is refused
 *   (`conflicting_rows_in_file`) naming the other rows, each field that differs with every row's value,
 *   and what to do (keep the row meant, delete the others, import again).
 *
 * "The same request" is the one the plan found for each row (its id), whatever key led there; an upsert
 * row that would create is for the new request of its key. A row the streaming pass refused for
 * repeating an earlier row's key (RowOutcome.provisional, `repeat`) is planned with its body, and joins its first
 * row's request only when that row is sent to the same request; otherwise it stays refused as it was
 * (its first row is refused for its own reasons, or found another request). No request is made here.
 *
 * The app re-checks one fixed row at a time: the rows of its request that it does not re-check are
 * known here from the last settle (their outcome as planned), so a fix or a deletion that settles the
 * disagreement clears the other rows' refusal too (`takeOthers`), without reading the account again.
 */
import type { CaseRequestCreateBody, CaseRequestUpdateBody } from '../api/types.ts';
import { rawText } from '../api/compare-values.ts';
import { rowKey } from '../batch/stored-requests.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import type { KeyField } from './find-existing.ts';
import type { RowOutcome } from './types.ts';

/** What settling needs of the plan: the key as the clerk knows it, and how to show a row's values. */
export interface SameRequestContext {
  mode: 'update' | 'upsert';
  key: { field: KeyField; column: string; words: string };
  /** The request the plan found for a row sent to `id`, as the clerk knows it ("REQ-00037"). */
  requestName: (outcome: RowOutcome, id: number) => string;
  /** The column that gives a target, null for a constant. */
  columnOf: (target: string) => string | null;
  /** A target in a clerk's words ("Notes", "Client city"). */
  targetWords: (target: string) => string;
  /** The row's cell under a column as typed, null when blank or unknown. */
  typed: (outcome: RowOutcome, column: string) => string | null;
  /** The mapping's subject columns (an upsert row that creates sends its subjects). */
  subjectColumns: readonly { column: string; target: string }[];
}

interface Held {
  firstRow: number;
  refusal: Problem;
  /** The row as the streaming pass refused it, put back when it does not join its first row. */
  before: RowOutcome;
}

interface Entry {
  request: string;
  /** "REQ-00037", or the new request's key. */
  name: string;
  key: string;
  /** The row as the plan decided it, before this rule: what a re-settle starts from. */
  planned: RowOutcome;
  held: Held | null;
  /** What was last made of it, so a row outside a re-check is handed on only when that changes. */
  applied: string;
}

type Verdict =
  | { kind: 'send' }
  | { kind: 'repeat' }
  | { kind: 'duplicate'; first: number; name: string }
  | {
      kind: 'conflict';
      /** The rows whose values differ from this one's; `sameAs`: those repeating its values exactly. */
      others: number[];
      sameAs: number[];
      name: string;
      /** Between this row and `others` only, each with those rows' values. */
      differences: Difference[];
    };

export interface Difference {
  /** The column (or the target in words, for a constant) whose values differ. */
  label: string;
  target: string;
  /**
   * Every row's value, in row order: `text` as a message says it ("'Closed'", "blank (kept as it is)"),
   * `value` as typed (null for a blank).
   */
  values: { row: number; text: string; value: string | null }[];
}

export class SameRequestRows {
  readonly #entries = new Map<number, Entry>();
  /** Request → its rows, in sheet order. */
  readonly #byRequest = new Map<string, number[]>();
  #others: RowOutcome[] = [];
  readonly #held = new Map<RowOutcome, Held>();

  /**
   * Before the plan decides `batch`: each row refused only for repeating the key of an earlier row
   * whose key is exactly its own and who is valid (in the batch, or sent to a request at the last
   * settle) is made valid again with its body, to be planned like the others. A key spelled otherwise
   * ("clm-1" below "CLM-1") cannot find the same request, and stays refused (no look-up is added).
   */
  restoreRepeats(batch: readonly RowOutcome[], keyField: KeyField): void {
    const inBatch = new Map(batch.map((outcome) => [outcome.row, outcome]));
    for (const outcome of batch) {
      const repeat = outcome.provisional;
      if (repeat?.why !== 'repeat') continue;
      delete outcome.provisional;
      if (outcome.status !== 'invalid' || outcome.problems.length !== 1) continue;
      if (outcome.problems[0] !== repeat.refusal) continue;
      const first = inBatch.get(repeat.firstRow);
      const firstKey = first
        ? first.status === 'valid'
          ? rowKey(first, keyField)
          : undefined
        : this.#entries.get(repeat.firstRow)?.key;
      const key = rowKey({ matchValue: outcome.matchValue, body: repeat.body }, keyField);
      if (firstKey === undefined || key !== firstKey) continue;
      const before: RowOutcome = { ...outcome, problems: [...outcome.problems] };
      this.#held.set(outcome, { firstRow: repeat.firstRow, refusal: repeat.refusal, before });
      outcome.status = 'valid';
      outcome.problems = [];
      outcome.body = repeat.body;
      delete outcome.action;
    }
  }

  /**
   * After the plan decided `batch`: every request a row of the batch was or is now sent to is settled
   * again, its rows in the batch changed in place. Rows outside the batch whose outcome that changes are
   * kept for takeOthers.
   */
  settle(batch: readonly RowOutcome[], context: SameRequestContext): void {
    const touched = new Set<string>();
    const inBatch = new Map<number, RowOutcome>();
    for (const outcome of batch) {
      inBatch.set(outcome.row, outcome);
      const old = this.#entries.get(outcome.row);
      if (old) {
        touched.add(old.request);
        remove(this.#byRequest, old.request, outcome.row);
        this.#entries.delete(outcome.row);
      }
      const held = this.#held.get(outcome) ?? null;
      this.#held.delete(outcome);
      const request = requestOf(outcome, context);
      if (!request) {
        // Not sent to any request (refused for its own reasons): a repeat stays refused as it was.
        if (held) putBack(outcome, held.before);
        continue;
      }
      touched.add(request.id);
      insert(this.#byRequest, request.id, outcome.row);
      this.#entries.set(outcome.row, {
        request: request.id,
        name: request.name,
        key: rowKey(outcome, context.key.field) ?? '',
        planned: copyOf(outcome),
        held,
        applied: '',
      });
    }
    for (const request of touched) {
      for (const [row, verdict] of this.#verdicts(request, context)) {
        const entry = this.#entries.get(row)!;
        const own = inBatch.get(row);
        const outcome = own ?? copyOf(entry.planned);
        apply(outcome, verdict, entry, context);
        const applied = JSON.stringify([verdict.kind, outcome.problems.map((one) => one.message)]);
        if (!own && applied !== entry.applied) this.#others.push(outcome);
        entry.applied = applied;
      }
    }
  }

  /** The rows outside the last re-check whose outcome it changed (the app hands them on to the grid). */
  takeOthers(): RowOutcome[] {
    const others = this.#others;
    this.#others = [];
    return others;
  }

  #verdicts(request: string, context: SameRequestContext): [number, Verdict][] {
    const rows = this.#byRequest.get(request) ?? [];
    const entries = rows.map((row) => [row, this.#entries.get(row)!] as const);
    // A repeat joins only its first row, sent to this same request.
    const joined = entries.filter(
      ([, entry]) => !entry.held || this.#entries.get(entry.held.firstRow)?.request === request,
    );
    const verdicts: [number, Verdict][] = entries
      .filter((pair) => !joined.includes(pair))
      .map(([row]) => [row, { kind: 'repeat' }]);
    if (joined.length === 0) return verdicts;
    if (joined.length === 1) return [...verdicts, [joined[0]![0], { kind: 'send' }]];
    const name = joined[0]![1].name;
    const differences = differencesOf(
      joined.map(([, entry]) => entry.planned),
      context,
    );
    const all = joined.map(([row]) => row);
    for (const [row, entry] of joined) {
      if (differences.length > 0) {
        // Each row names the rows that give other values, and apart those repeating its own exactly
        // (explore 37: a row identical to this one was listed among "other values", and the clerk could
        // not tell which to delete). Rows for one request are few: compared pair by pair.
        const others = joined.filter(([other]) => other !== row);
        const differing = others.filter(
          ([, other]) => differencesOf([entry.planned, other.planned], context).length > 0,
        );
        verdicts.push([
          row,
          {
            kind: 'conflict',
            others: differing.map(([other]) => other),
            sameAs: others.filter((pair) => !differing.includes(pair)).map(([other]) => other),
            name,
            // In the sheet's order, as the clerk reads the rows.
            differences: differencesOf(
              [entry.planned, ...differing.map(([, other]) => other.planned)].sort((a, b) => a.row - b.row),
              context,
            ),
          },
        ]);
      } else if (row === all[0]) verdicts.push([row, { kind: 'send' }]);
      else verdicts.push([row, { kind: 'duplicate', first: all[0]!, name }]);
    }
    return verdicts;
  }
}

/** The request a planned row is sent to: the one found (update, unchanged), or an upsert's new one. */
function requestOf(outcome: RowOutcome, context: SameRequestContext): { id: string; name: string } | null {
  if (outcome.status !== 'valid') return null;
  if ((outcome.action === 'update' || outcome.action === 'unchanged') && outcome.targetId !== undefined)
    return { id: `id ${outcome.targetId}`, name: context.requestName(outcome, outcome.targetId) };
  const key = rowKey(outcome, context.key.field);
  if (context.mode === 'upsert' && outcome.action === 'create' && key !== undefined)
    return { id: `new ${key}`, name: 'a new one' };
  return null;
}

function apply(outcome: RowOutcome, verdict: Verdict, entry: Entry, context: SameRequestContext): void {
  if (verdict.kind === 'send') return;
  if (verdict.kind === 'repeat') return putBack(outcome, entry.held!.before);
  outcome.status = 'invalid';
  outcome.action = 'duplicate_in_file';
  delete outcome.body;
  delete outcome.changes;
  delete outcome.partialObjects;
  const fields = {
    row: outcome.row,
    label: context.key.column,
    target: context.key.field,
    what: context.key.words,
    value: entry.key,
  };
  if (verdict.kind === 'duplicate') {
    // The refusal the streaming pass gave it, when it named the same first row: worded as always.
    const same = entry.held && entry.held.firstRow === verdict.first;
    outcome.problems.push(
      same
        ? entry.held!.refusal
        : problem('duplicate_in_file', { ...fields, firstRow: verdict.first, request: verdict.name }),
    );
    return;
  }
  const mine = verdict.differences[0]!;
  outcome.problems.push(
    problem('conflicting_rows_in_file', {
      ...fields,
      label: mine.label,
      target: mine.target,
      value: mine.values.find((value) => value.row === outcome.row)?.value ?? null,
      key: entry.key,
      keyLabel: context.key.column,
      request: verdict.name,
      others: verdict.others,
      sameAs: verdict.sameAs,
      differences: verdict.differences,
    }),
  );
}

/** The row as it was before the plan made it valid again (a repeat that joins no row). */
function putBack(outcome: RowOutcome, before: RowOutcome): void {
  for (const key of Object.keys(outcome)) delete (outcome as unknown as Record<string, unknown>)[key];
  Object.assign(outcome, copyOf(before));
}

function copyOf(outcome: RowOutcome): RowOutcome {
  return {
    ...outcome,
    problems: [...outcome.problems],
    ...(outcome.notes ? { notes: [...outcome.notes] } : {}),
  };
}

/**
 * The fields the rows set differently, each with every row's value. A field one row sets and another
 * leaves out differs too: sending only one of them would drop the other's instruction.
 */
export function differencesOf(rows: readonly RowOutcome[], context: SameRequestContext): Difference[] {
  const given = rows.map((outcome) => givenValues(outcome.body));
  const targets = new Set(given.flatMap((values) => [...values.keys()]));
  const byLabel = new Map<string, Difference>();
  for (const target of targets) {
    const seen = new Set(given.map((values) => values.get(target) ?? ''));
    if (seen.size < 2) continue;
    if (target === 'subjects') {
      // Sent as one list (a group with no cells left out), so said by the subject columns that differ.
      for (const difference of subjectDifferences(rows, context)) byLabel.set(difference.label, difference);
      if (byLabel.size > 0) continue;
    }
    const column = context.columnOf(target);
    const label = column ?? context.targetWords(target);
    // One column may give several parts (a full name's first and last): said once, as typed.
    if (byLabel.has(label)) continue;
    byLabel.set(label, {
      label,
      target,
      values: rows.map((outcome, index) => ({
        row: outcome.row,
        ...shownValue(outcome, target, column, given[index]!.has(target), context),
      })),
    });
  }
  return [...byLabel.values()];
}

/** The subject columns whose cells differ between the rows, each with every row's cell. */
function subjectDifferences(rows: readonly RowOutcome[], context: SameRequestContext): Difference[] {
  const differences: Difference[] = [];
  for (const { column, target } of context.subjectColumns) {
    const typed = rows.map((outcome) => context.typed(outcome, column));
    if (new Set(typed).size < 2) continue;
    differences.push({
      label: column,
      target,
      values: rows.map((outcome, index) => ({
        row: outcome.row,
        text: typed[index] === null ? 'blank' : `'${typed[index]}'`,
        value: typed[index] ?? null,
      })),
    });
  }
  return differences;
}

/** A row's value for a field as the clerk typed it, or what its blank does. */
function shownValue(
  outcome: RowOutcome,
  target: string,
  column: string | null,
  sets: boolean,
  context: SameRequestContext,
): { text: string; value: string | null } {
  const typed = column ? context.typed(outcome, column) : null;
  if (typed !== null) return { text: `'${typed}'`, value: typed };
  // A blank cell an update leaves out keeps what Trackops holds; one the mapping clears empties it.
  if (!sets) return { text: outcome.action === 'create' ? 'blank' : 'blank (kept as it is)', value: null };
  const given = valueAt(outcome.body, target);
  if (given === undefined || given === null || given === '') return { text: 'blank (cleared)', value: null };
  const text = typeof given === 'object' ? JSON.stringify(given) : rawText(given);
  return { text: `'${text}'`, value: text };
}

/** Lists whose order is no instruction (services, flags): compared as sets. */
const SETS = new Set(['case_services_list', 'case_flags_list']);

/** Every value a body sets, by target path, as comparable text. */
function givenValues(body: CaseRequestCreateBody | CaseRequestUpdateBody | undefined): Map<string, string> {
  const values = new Map<string, string>();
  for (const [key, value] of Object.entries(body ?? {})) {
    if (value === undefined) continue;
    if ((key === 'client' || key === 'contact') && isObject(value)) {
      for (const [part, given] of Object.entries(value))
        if (given !== undefined) values.set(`${key}.${part}`, JSON.stringify(given));
    } else if (key === 'custom_fields' && Array.isArray(value)) {
      for (const entry of value as { id: number; value: unknown }[]) {
        if (isObject(entry.value))
          for (const [part, given] of Object.entries(entry.value))
            values.set(`custom_fields.${entry.id}.${part}`, JSON.stringify(given ?? null));
        else values.set(`custom_fields.${entry.id}`, JSON.stringify(entry.value ?? null));
      }
    } else if (SETS.has(key) && Array.isArray(value)) {
      values.set(key, JSON.stringify(value.map(String).sort()));
    } else values.set(key, JSON.stringify(value));
  }
  return values;
}

function valueAt(body: RowOutcome['body'], target: string): unknown {
  const [head, second, third] = target.split('.');
  const record = (body ?? {}) as Record<string, unknown>;
  if (head === 'custom_fields') {
    const entry = (record.custom_fields as { id: number; value: unknown }[] | undefined)?.find(
      (one) => String(one.id) === second,
    );
    return third === undefined
      ? entry?.value
      : (entry?.value as Record<string, unknown> | undefined)?.[third];
  }
  if (second !== undefined) return (record[head!] as Record<string, unknown> | undefined)?.[second];
  return record[head!];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function remove(byRequest: Map<string, number[]>, request: string, row: number): void {
  const rows = byRequest.get(request);
  if (!rows) return;
  const at = rows.indexOf(row);
  if (at >= 0) rows.splice(at, 1);
  if (rows.length === 0) byRequest.delete(request);
}

function insert(byRequest: Map<string, number[]>, request: string, row: number): void {
  const rows = byRequest.get(request);
  if (!rows) return void byRequest.set(request, [row]);
  let at = rows.length;
  while (at > 0 && rows[at - 1]! > row) at -= 1;
  rows.splice(at, 0, row);
}
