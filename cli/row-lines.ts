/**
 * What `import` says about single rows on the terminal, after its counts: the first rows that failed
 * (with what Trackops answered), the first rows written with a note (Trackops said something we did not
 * expect), and the first invalid rows. Until now those words were only in --results or the journal, so
 * a clerk saw "failed 2" and had to run again to learn why. Every row goes on to the results writer,
 * when there is one, unchanged; this only keeps the first few lines of each kind.
 */
import { ANSWERED_EXISTING } from '../core/batch/journal-types.ts';
import { emptyResultsSummary } from '../core/report/results-writer.ts';
import { problemText } from '../core/report/problem-text.ts';
import type { ResultsSummary, ResultsWriter, RowResult } from '../core/report/results-types.ts';

/** Lines shown per kind; the rest are in the results file. */
const SHOWN_ROWS = 10;

type Kind = 'failed' | 'noted' | 'partial' | 'inactive' | 'again' | 'guessed' | 'heldNoted' | 'invalid';

const HEADINGS: Record<Kind, string> = {
  failed: 'Failed',
  noted: 'Written, with a note',
  // RowResult.notes: a date's time of day not kept, an upsert's Region that its update cannot change.
  partial: 'Sent without part of what the row gives',
  // RowResult.notes of INACTIVE: a name whose item Trackops marks as not in use (lookup_inactive): the
  // row is whole, so not under "without part of what the row gives".
  inactive: 'Sent naming an item Trackops marks as not in use',
  // RowResult.notes of SENT_AGAIN: an earlier send of the row's content is not in Trackops, or was not found.
  again: 'Sent again (what an earlier send of the row made is not in Trackops, or was not found there)',
  // RowResult.notes of GUESSED: a round-trip CSV's updated_at kept to the minute, taken as unchanged
  // since the export: the row is whole, but whether its request changed meanwhile was a guess.
  guessed: 'Sent on a guess that the request did not change since the export',
  // RowResult.notes of a row not sent because Trackops holds its values (a guess kept, a time of day):
  // never under "Sent" (explore 33 item 6).
  heldNoted: 'Not sent (Trackops already holds their values), with a note',
  invalid: 'Invalid (not sent)',
};

export interface RowLines extends ResultsWriter {
  /** Rows given so far, by status (to close the results file when a run stops before its summary). */
  counts(): ResultsSummary;
  /** The terminal's paragraphs: a heading per kind, then one line per row shown. */
  lines(): string[];
  /** Rows written with a note so far: `--json` counts them, as the terminal lists them. */
  noted(): number;
  /** Rows skipped because the results file fed in says an earlier run wrote them (`already_done`). */
  doneEarlier(): number;
  /** Rows counted as created whose create Trackops answered with a request it held before (`answered_existing`). */
  answeredExisting(): number;
  /**
   * Rows a stop left unsent, in doubt or held back (the summary of a run that ended without the
   * runner's own): the runner's `unsent`, held back rows included.
   */
  unsent(): number;
  /** Of `unsent`: rows held back because several requests Trackops holds may be theirs (runner.ts heldBack). */
  heldBack(): number;
  /** Those rows' numbers: in doubt too, but said on a line of their own (cli/rows-in-doubt.ts leaves them out). */
  heldBackRows(): ReadonlySet<number>;
  /** Rows written whose answer the journal could not record (`answer_not_recorded`), in the order given. */
  unrecorded(): RowResult[];
  /** Rows found in Trackops that a cut journal had no record of (`found_without_journal`). */
  foundWithoutJournal(): number;
}

/** Wraps `writer` (or nothing, without --results), keeping the first rows of each kind as lines. */
export function rowLines(writer: ResultsWriter | null, shown = SHOWN_ROWS): RowLines {
  const counts = emptyResultsSummary();
  const kept: Record<Kind, string[]> = {
    failed: [],
    noted: [],
    partial: [],
    inactive: [],
    again: [],
    guessed: [],
    heldNoted: [],
    invalid: [],
  };
  const total: Record<Kind, number> = {
    failed: 0,
    noted: 0,
    partial: 0,
    inactive: 0,
    again: 0,
    guessed: 0,
    heldNoted: 0,
    invalid: 0,
  };
  const add = (kind: Kind, line: () => string) => {
    total[kind] += 1;
    if (kept[kind].length < shown) kept[kind].push(line());
  };
  const keep = (result: RowResult) => {
    const kind = kindOf(result);
    if (kind) add(kind, () => lineOf(result));
    if (!result.notes?.length) return;
    if (result.status === 'unchanged') return add('heldNoted', () => notesLineOf(result, result.notes!));
    if (!SENT.has(result.status)) return;
    const again = result.notes.filter((note) => SENT_AGAIN.has(note.code));
    const inactive = result.notes.filter((note) => note.code === 'lookup_inactive');
    const guessed = result.notes.filter((note) => GUESSED.has(note.code));
    const partial = result.notes.filter(
      (note) => !SENT_AGAIN.has(note.code) && note.code !== 'lookup_inactive' && !GUESSED.has(note.code),
    );
    if (partial.length) add('partial', () => notesLineOf(result, partial));
    if (inactive.length) add('inactive', () => notesLineOf(result, inactive));
    if (again.length) add('again', () => notesLineOf(result, again));
    if (guessed.length) add('guessed', () => notesLineOf(result, guessed));
  };
  let doneEarlier = 0;
  let unsent = 0;
  const heldBackRows = new Set<number>();
  let answeredExisting = 0;
  let foundWithoutJournal = 0;
  const unrecorded: RowResult[] = [];
  // The writer refused a row (a full disk): every later row is still counted, but not written again
  // (the runner stops the run at the first refusal and goes on handing rows on to be counted).
  let refused = false;
  return {
    async write(result) {
      if (result.status === 'skipped' && result.errors[0]?.code === 'already_done') doneEarlier += 1;
      const code = result.errors[0]?.code ?? '';
      if (result.status === 'skipped' && UNSENT.has(code)) unsent += 1;
      if (result.status === 'skipped' && HELD_BACK.has(code)) heldBackRows.add(result.row);
      if (result.status === 'created' && result.errors.some((error) => error.code === ANSWERED_EXISTING))
        answeredExisting += 1;
      if (result.errors.some((error) => error.code === 'answer_not_recorded')) unrecorded.push(result);
      if (result.errors.some((error) => error.code === 'found_without_journal')) foundWithoutJournal += 1;
      counts.rows += 1;
      counts[result.status] = (counts[result.status] ?? 0) + 1;
      keep(result);
      if (refused) return;
      try {
        await writer?.write(result);
      } catch (error) {
        refused = true;
        throw error;
      }
    },
    open: async () => {
      try {
        await writer?.open?.();
      } catch (error) {
        refused = true;
        throw error;
      }
    },
    close: async (summary, options) => (writer ? writer.close(summary, options) : ''),
    counts: () => ({ ...counts }),
    noted: () => total.noted,
    doneEarlier: () => doneEarlier,
    answeredExisting: () => answeredExisting,
    unsent: () => unsent,
    heldBack: () => heldBackRows.size,
    heldBackRows: () => new Set(heldBackRows),
    unrecorded: () => [...unrecorded],
    foundWithoutJournal: () => foundWithoutJournal,
    lines() {
      const lines: string[] = [];
      for (const kind of [
        'failed',
        'noted',
        'partial',
        'inactive',
        'again',
        'guessed',
        'heldNoted',
        'invalid',
      ] as const) {
        if (total[kind] === 0) continue;
        lines.push('', `${HEADINGS[kind]}:`, ...kept[kind].map((line) => `  ${line}`));
        // The summary's last line says where every row is (the results file, or --results to write one).
        if (total[kind] > kept[kind].length) lines.push(`  … and ${total[kind] - kept[kind].length} more.`);
      }
      return lines;
    },
  };
}

function kindOf(result: RowResult): Kind | null {
  if (result.status === 'failed') return 'failed';
  if (result.status === 'invalid') return 'invalid';
  if ((result.status === 'created' || result.status === 'updated') && result.errors.length > 0)
    return 'noted';
  return null;
}

/**
 * The notes the runner writes on the rows a stop left (runner.ts, after its workers): not reached,
 * in doubt, not searched for (a refusal), another import of the file running; and the rows held back.
 * Until explore 36 only the first two were known here, so a stopped run's own summary put the others
 * under `skipped`, the word for rows a --limit trial leaves for later.
 */
const HELD_BACK: ReadonlySet<string> = new Set(['in_doubt_several', 'earlier_create_several']);
const UNSENT: ReadonlySet<string> = new Set([
  'not_sent',
  'in_doubt',
  'search_refused',
  'import_running',
  ...HELD_BACK,
]);

/** Statuses whose row reached Trackops: its notes say what it lacks. */
const SENT = new Set<RowResult['status']>(['created', 'updated']);

/**
 * Notes that say the row was sent again, whole, not that part of it was left out: an earlier import's
 * create gone or replaced, or its unanswered send not found (batch/earlier-creates.ts), and a resumed
 * run's row in doubt not found (batch/runner.ts; explore 22 item 5).
 */
const SENT_AGAIN: ReadonlySet<string> = new Set([
  'earlier_create_gone',
  'earlier_create_replaced',
  'earlier_create_not_found',
  'in_doubt_not_found',
]);

/** Notes that say the row was sent whole on a guess: a round-trip CSV's stamp read to the minute. */
const GUESSED: ReadonlySet<string> = new Set(['export_stamp_guess']);

/** "row 2 (REQ-00001): Region 'Southeast' differs from …", some of the row's notes (RowResult.notes). */
function notesLineOf(result: RowResult, notes: NonNullable<RowResult['notes']>): string {
  const request = result.case_request_number ?? (result.id !== undefined ? `request ${result.id}` : null);
  return `row ${result.row}${request ? ` (${request})` : ''}: ${notes.map(problemText).join('; ')}`;
}

/** "row 7: Trackops refused this row: …", with the request's number when the row has one. */
function lineOf(result: RowResult): string {
  const request = result.case_request_number ?? (result.id !== undefined ? `request ${result.id}` : null);
  const said = result.errors.map(problemText).join('; ') || result.status;
  return `row ${result.row}${request ? ` (${request})` : ''}: ${said}`;
}
