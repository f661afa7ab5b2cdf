/**
 * The change preview summed up (issue 18.1): "12 requests would change: Notes on 12 rows, Client city on
 * 3 rows; 5 rows would change nothing", with the blank-cell policy spelled out beside the fields it
 * affects ("blank cells leave Notes as it is", "blank cells clear Due date": docs/mapping.md, `blank`).
 * One tally for the CLI, the reports and the app, so they say the same.
 */
import type { Mapping } from '../mapping/schema.ts';
import { targetWords, type TargetWordsContext } from '../mapping/target-words.ts';
import type { RowOutcome } from './types.ts';
import { isCreateOnlyTarget } from './create-only.ts';

export interface BlankPolicy {
  column: string;
  target: string;
  label: string;
  clears: boolean;
  /**
   * A blank cell makes the row invalid (`cannot_clear`): the round trip, where an emptied date, id or
   * custom field whose type takes no "" is refused because the update has no documented way to clear it. Absent: not refused.
   */
  refused?: boolean;
  /** "blank cells leave Notes as it is" / "blank cells clear Due date" / "blank cells in Due date are refused …". */
  words: string;
}

export interface ChangedField {
  target: string;
  label: string;
  /** The sheet's column that gives it (null: a constant, or a part kept from Trackops). */
  column: string | null;
  /** Rows whose update would change it. */
  rows: number;
  /** The blank-cell policy of its column, in words. */
  blank?: string;
}

export interface ChangeSummary {
  /** Rows that would update a request: one request each. */
  requests: number;
  /** Rows whose request already holds every value they give: nothing sent. */
  unchanged: number;
  /** Fields that would change, most rows first. */
  fields: ChangedField[];
}

const MATCH_TARGETS = new Set(['id', 'case_request_number']);

/**
 * The blank-cell policy of every mapped column an update sends (update/upsert): by default a blank
 * cell leaves the field as it is; `"blank": "clear"` sends it empty. Empty in create mode. Columns an
 * update never sends (upsert's Region, Budget, subjects: create-only.ts) have no policy to state.
 */
export function blankPolicies(mapping: Mapping, context: TargetWordsContext = {}): BlankPolicy[] {
  const mode = mapping.mode ?? 'create';
  if (mode === 'create') return [];
  return mapping.columns
    .filter(
      (column) =>
        !MATCH_TARGETS.has(column.target) &&
        column.target !== mapping.match &&
        !isCreateOnlyTarget(column.target),
    )
    .map((column) => {
      const label = targetWords(column.target, { ...context, mapping });
      const clears = column.blank === 'clear';
      return {
        column: column.column,
        target: column.target,
        label,
        clears,
        words: clears ? `blank cells clear ${label}` : `blank cells leave ${label} as it is`,
      };
    });
}

/** Sums the preview of the rows given to it: live dry runs, update and upsert rows with one match. */
export class ChangeTally {
  readonly #byColumn: Map<string, BlankPolicy>;
  readonly #fields = new Map<string, ChangedField>();
  #requests = 0;
  #unchanged = 0;

  constructor(policies: readonly BlankPolicy[] = []) {
    this.#byColumn = new Map(policies.map((policy) => [policy.column, policy]));
  }

  add(outcome: RowOutcome): void {
    if (outcome.status !== 'valid') return;
    if (outcome.action === 'unchanged') {
      this.#unchanged += 1;
      return;
    }
    if (outcome.action !== 'update' || !outcome.changes) return;
    this.#requests += 1;
    for (const change of outcome.changes) {
      const known = this.#fields.get(change.target);
      if (known) {
        known.rows += 1;
        continue;
      }
      const blank = change.column === null ? undefined : this.#byColumn.get(change.column)?.words;
      this.#fields.set(change.target, {
        target: change.target,
        label: change.label,
        column: change.column,
        rows: 1,
        ...(blank ? { blank } : {}),
      });
    }
  }

  /** Null when no row would update (nothing to preview). */
  summary(): ChangeSummary | null {
    if (this.#requests === 0 && this.#unchanged === 0) return null;
    const fields = [...this.#fields.values()].sort((a, b) => b.rows - a.rows);
    return { requests: this.#requests, unchanged: this.#unchanged, fields };
  }
}

/** "12 requests would change: Notes on 12 rows, Client city on 3 rows; 5 rows would change nothing". */
export function changeSummaryLine(summary: ChangeSummary): string {
  const rows = (count: number) => `${count} row${count === 1 ? '' : 's'}`;
  const parts: string[] = [];
  if (summary.requests > 0) {
    const fields = summary.fields.map((field) => `${field.label} on ${rows(field.rows)}`).join(', ');
    parts.push(
      `${summary.requests} request${summary.requests === 1 ? '' : 's'} would change${fields ? `: ${fields}` : ''}`,
    );
  } else parts.push('no request would change');
  if (summary.unchanged > 0)
    parts.push(`${rows(summary.unchanged)} would change nothing (Trackops already holds their values)`);
  return parts.join('; ');
}

/** "Blank cells leave Notes and Client city as they are; blank cells clear Due date." (null: no policies). */
export function blankPolicyLine(policies: readonly BlankPolicy[]): string | null {
  if (policies.length === 0) return null;
  const list = (labels: string[]) =>
    labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
  const leave = policies.filter((policy) => !policy.clears && !policy.refused).map((policy) => policy.label);
  const clear = policies.filter((policy) => policy.clears).map((policy) => policy.label);
  const refused = policies.filter((policy) => policy.refused).map((policy) => policy.label);
  const parts: string[] = [];
  if (leave.length)
    parts.push(`blank cells leave ${list(leave)} as ${leave.length === 1 ? 'it is' : 'they are'}`);
  if (clear.length) parts.push(`blank cells clear ${list(clear)}`);
  if (refused.length) parts.push(refusedWords(list(refused)));
  const text = parts.join('; ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** "a blank cell in Due date makes its row invalid: …" (the round trip's cannot_clear). */
export function refusedWords(labels: string): string {
  return `emptying a cell in ${labels} makes its row invalid (the Trackops update cannot clear it: the row is not sent)`;
}

/** A row's changes as one cell of text: "Notes: 'Check gym' → 'Follow up'; Client city: 'Denver' → 'Aurora'". */
export function changesCellText(outcome: Pick<RowOutcome, 'action' | 'changes'>): string {
  if (outcome.action === 'unchanged') return 'no change: Trackops already holds these values';
  if (!outcome.changes) return '';
  return outcome.changes.map((change) => `${change.label}: '${change.old}' → '${change.new}'`).join('; ');
}
