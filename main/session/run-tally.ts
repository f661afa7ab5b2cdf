/**
 * A dry run's counts kept as rows change (issue 13: an inline fix costs the same whatever the file's
 * size): a fix or a row left out takes the old outcomes of the rows it changed out and puts the new ones
 * in, instead of counting every row again. It gives what core's SummaryCounter and ChangeTally give for
 * the same outcomes, order included (test/main/session/run-tally.test.ts checks it against them).
 */
import type { DateOrderChoiceView } from '../bridge/answers.ts';
import {
  chosenFormats,
  dateOrderReading,
  dayInWords,
  type BlankPolicy,
  type ChangeSummary,
  type ChangedField,
  type MappingProblemSummary,
  type RowOutcome,
  type ValidationSummary,
} from '../../core/index.ts';

/** Where the run keeps its outcomes: in sheet order, and row number → position. */
export interface OutcomeStore {
  readonly outcomes: readonly RowOutcome[];
  readonly positions: ReadonlyMap<number, number>;
}

interface Entry<T> {
  /** Occurrences (a row may hold a key more than once; core counts each). */
  rows: number;
  /** The first row (in sheet order) that holds the key: its value is the one shown, as core keeps it. */
  firstRow: number;
  value: T;
}

/**
 * Counts by key, each with the first row that holds it. Core's counters list keys by count, ties in
 * the order they first appear in the sheet; this keeps the first row of each key so it can list them in
 * that same order after rows leave and come back.
 */
class KeyedCounts<T> {
  readonly #entries = new Map<string, Entry<T>>();
  readonly #keysOf: (outcome: RowOutcome) => [string, T][];
  readonly #store: OutcomeStore;

  constructor(keysOf: (outcome: RowOutcome) => [string, T][], store: OutcomeStore) {
    this.#keysOf = keysOf;
    this.#store = store;
  }

  get size(): number {
    return this.#entries.size;
  }

  add(outcome: RowOutcome): void {
    for (const [key, value] of this.#keysOf(outcome)) {
      const entry = this.#entries.get(key);
      if (!entry) this.#entries.set(key, { rows: 1, firstRow: outcome.row, value });
      else {
        entry.rows += 1;
        if (outcome.row < entry.firstRow) {
          entry.firstRow = outcome.row;
          entry.value = value;
        }
      }
    }
  }

  /**
   * Takes a row's old outcome out. Call after the store holds the rows' new outcomes: when the key's
   * first row goes, the next row that holds it is found by looking on from there (usually the next row).
   */
  remove(outcome: RowOutcome): void {
    for (const [key] of this.#keysOf(outcome)) {
      const entry = this.#entries.get(key);
      if (!entry) throw new Error(`tally: key ${key} of row ${outcome.row} was never counted`);
      entry.rows -= 1;
      if (entry.rows === 0) this.#entries.delete(key);
      else if (entry.firstRow === outcome.row) this.#refind(key, entry);
    }
  }

  #refind(key: string, entry: Entry<T>): void {
    const { outcomes, positions } = this.#store;
    const from = positions.get(entry.firstRow) ?? 0;
    for (let at = from; at < outcomes.length; at++) {
      const found = this.#keysOf(outcomes[at]!).find(([candidate]) => candidate === key);
      if (found) {
        entry.firstRow = outcomes[at]!.row;
        entry.value = found[1];
        return;
      }
    }
    // Only rows still to be added (a fix's new outcomes) hold it: add() sets the first row then.
    entry.firstRow = Number.POSITIVE_INFINITY;
  }

  /** Most rows first; ties in the order core's counters meet them (first row, then place in that row). */
  sorted(): (T & { rows: number })[] {
    const { outcomes, positions } = this.#store;
    const placeInRow = (key: string, row: number) => {
      const at = positions.get(row);
      if (at === undefined) return 0;
      return this.#keysOf(outcomes[at]!).findIndex(([candidate]) => candidate === key);
    };
    return [...this.#entries]
      .sort(
        ([keyA, a], [keyB, b]) =>
          b.rows - a.rows ||
          a.firstRow - b.firstRow ||
          placeInRow(keyA, a.firstRow) - placeInRow(keyB, b.firstRow),
      )
      .map(([, entry]) => ({ ...entry.value, rows: entry.rows }));
  }
}

type MappingProblemValue = Omit<MappingProblemSummary, 'rows'>;
type FieldValue = Omit<ChangedField, 'rows'>;
/**
 * A refused date that an order reads (`format` set), one that reads both ways (`format` null), or one
 * read both ways as two different days (`format` '', the example shown): what core's dateOrderChoices
 * counts.
 */
interface DateOrderValue {
  column: string;
  order: 'month' | 'day' | null;
  format: string | null;
  value: string;
  firstRow: number;
}

interface DateOrderTally {
  order: 'month' | 'day';
  rows: number;
  firstRow: number;
}

export class RunTally {
  readonly #counts = { rows: 0, valid: 0, invalid: 0, skipped: 0, sentEarlier: 0, alreadyDone: 0 };
  readonly #isSentEarlier: (outcome: RowOutcome) => boolean;
  readonly #byRule = new Map<string, number>();
  readonly #mapping: KeyedCounts<MappingProblemValue>;
  readonly #fields: KeyedCounts<FieldValue>;
  readonly #dateOrders: KeyedCounts<DateOrderValue>;
  #requests = 0;
  #unchanged = 0;

  /**
   * `isSentEarlier`: rows this file's earlier send created (earlier-sends.ts), counted apart from the
   * invalid rows core counts them with: they are not errors to fix.
   */
  constructor(
    store: OutcomeStore,
    policies: readonly BlankPolicy[] = [],
    isSentEarlier: (outcome: RowOutcome) => boolean = () => false,
  ) {
    this.#isSentEarlier = isSentEarlier;
    const byColumn = new Map(policies.map((policy) => [policy.column, policy.words]));
    // The same keys as core's SummaryCounter (problems of the mapping) and ChangeTally (changed fields).
    this.#mapping = new KeyedCounts((outcome) => {
      if (outcome.status === 'skipped') return [];
      return outcome.problems
        .filter((problem) => problem.scope === 'mapping')
        .map((problem) => [
          `${problem.code}\u0000${problem.column ?? ''}\u0000${problem.target ?? ''}\u0000${problem.message}`,
          {
            code: problem.code,
            column: problem.column,
            target: problem.target,
            message: problem.message,
            firstRow: outcome.row,
          },
        ]);
    }, store);
    this.#fields = new KeyedCounts((outcome) => {
      if (outcome.status !== 'valid' || outcome.action !== 'update' || !outcome.changes) return [];
      return outcome.changes.map((change) => {
        const blank = change.column === null ? undefined : byColumn.get(change.column);
        return [
          change.target,
          { target: change.target, label: change.label, column: change.column, ...(blank ? { blank } : {}) },
        ];
      });
    }, store);
    this.#dateOrders = new KeyedCounts((outcome) => {
      if (outcome.status !== 'invalid') return [];
      return outcome.problems.flatMap((problem): [string, DateOrderValue][] => {
        const reading = problem.column === null ? null : dateOrderReading(problem);
        if (!reading || problem.column === null) return [];
        const column = problem.column;
        const value = problem.value!.trim();
        const keys: [string, DateOrderValue][] = reading.formats.map(({ order, format }) => [
          `${column}\u0000${format}`,
          { column, order, format, value, firstRow: outcome.row },
        ]);
        if (reading.differs)
          keys.unshift([
            `${column}\u0000\u0000`,
            { column, order: null, format: '', value, firstRow: outcome.row },
          ]);
        if (reading.bothWays)
          keys.unshift([
            `${column}\u0000`,
            { column, order: null, format: null, value, firstRow: outcome.row },
          ]);
        return keys;
      });
    }, store);
  }

  add(outcome: RowOutcome): void {
    this.#step(outcome, 1);
    this.#mapping.add(outcome);
    this.#fields.add(outcome);
    this.#dateOrders.add(outcome);
  }

  /** Takes an old outcome out; the store must already hold the new outcomes of the rows that changed. */
  remove(outcome: RowOutcome): void {
    this.#step(outcome, -1);
    this.#mapping.remove(outcome);
    this.#fields.remove(outcome);
    this.#dateOrders.remove(outcome);
  }

  /** As core's dateOrderChoices() over the rows now held (a fix takes a row out of it at once). */
  dateOrderChoices(): DateOrderChoiceView[] {
    const columns = new Map<
      string,
      {
        example: string;
        exampleRow: number;
        differs: boolean;
        bothWays: number;
        formats: Map<string, DateOrderTally>;
      }
    >();
    for (const entry of this.#dateOrders.sorted()) {
      let column = columns.get(entry.column);
      if (!column) {
        column = { example: '', exampleRow: 0, differs: false, bothWays: 0, formats: new Map() };
        columns.set(entry.column, column);
      }
      if (entry.format === null) {
        column.bothWays = entry.rows;
        if (!column.differs) {
          column.example = entry.value;
          column.exampleRow = entry.firstRow;
        }
      } else if (entry.format === '') {
        column.differs = true;
        column.example = entry.value;
        column.exampleRow = entry.firstRow;
      } else
        column.formats.set(entry.format, { order: entry.order!, rows: entry.rows, firstRow: entry.firstRow });
    }
    return [...columns]
      .filter(([, column]) => column.bothWays > 0)
      .sort(
        ([columnA, a], [columnB, b]) =>
          b.bothWays - a.bothWays || a.exampleRow - b.exampleRow || (columnA < columnB ? -1 : 1),
      )
      .map(([column, found]) => ({
        column,
        example: found.example,
        exampleRow: found.exampleRow,
        bothWays: found.bothWays,
        orders: chosenFormats(found.formats).map(({ order, format, rows, firstRow }) => ({
          order,
          format,
          rows,
          firstRow,
          example: dayInWords(format, found.example) ?? found.example,
        })),
      }));
  }

  /** As core's SummaryCounter.summary(). */
  summary(skippedBlank = 0): ValidationSummary {
    const { rows, valid, invalid, skipped } = this.#counts;
    const summary: ValidationSummary = { rows, valid, invalid, skippedBlank };
    if (skipped > 0) {
      summary.skipped = skipped;
      summary.skippedByRule = Object.fromEntries(this.#byRule) as ValidationSummary['skippedByRule'];
    }
    if (this.#mapping.size > 0)
      summary.mappingProblems = this.#mapping
        .sorted()
        .map(({ code, column, target, message, rows: count, firstRow }) => ({
          code,
          column,
          target,
          message,
          rows: count,
          firstRow,
        }));
    return summary;
  }

  /** Rows this file's earlier send created: in `rows`, but neither valid nor invalid. */
  sentEarlier(): number {
    return this.#counts.sentEarlier;
  }

  /**
   * Rows a results file fed back in says an earlier run wrote (action `already_done`): in `rows`, valid
   * to core, but not among the rows the send sends (core's runner skips them), so not in `valid` here.
   */
  alreadyDone(): number {
    return this.#counts.alreadyDone;
  }

  /** As core's ChangeTally.summary(): null when no row would update. */
  changes(): ChangeSummary | null {
    if (this.#requests === 0 && this.#unchanged === 0) return null;
    return { requests: this.#requests, unchanged: this.#unchanged, fields: this.#fields.sorted() };
  }

  #step(outcome: RowOutcome, by: 1 | -1): void {
    if (outcome.status === 'skipped') {
      this.#counts.skipped += by;
      const rule = outcome.skipped?.rule;
      if (rule) {
        const count = (this.#byRule.get(rule) ?? 0) + by;
        if (count === 0) this.#byRule.delete(rule);
        else this.#byRule.set(rule, count);
      }
      return;
    }
    this.#counts.rows += by;
    if (this.#isSentEarlier(outcome)) {
      this.#counts.sentEarlier += by;
      return;
    }
    if (outcome.status === 'valid' && outcome.action === 'already_done') {
      this.#counts.alreadyDone += by;
      return;
    }
    this.#counts[outcome.status] += by;
    if (outcome.status !== 'valid') return;
    if (outcome.action === 'unchanged') this.#unchanged += by;
    else if (outcome.action === 'update' && outcome.changes) this.#requests += by;
  }
}
