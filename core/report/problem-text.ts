/**
 * Problems in words, one formatter for the CLI, the reports' `_errors` cells and cell notes, so every
 * place says the same thing: "row 7, Adjuster Email = 'bob@': not an email address".
 */
import type { Problem } from '../problems/problem.ts';
import { thousands } from '../thousands.ts';

/**
 * Where a problem is and what it says, without the row: "Adjuster Email = 'bob@': not an email address".
 * The problem catalogue's sentences usually name the column and value themselves ("Adjuster Email 'bob@'
 * is not an email address; …"); those are shown as they are rather than saying the place twice.
 */
export function problemText(problem: Pick<Problem, 'column' | 'target' | 'value' | 'message'>): string {
  const where = problem.column ?? problem.target;
  if (where === null || problem.message.startsWith(where)) return problem.message;
  const value = problem.value === null || problem.value === '' ? '' : ` = ${quoted(problem.value)}`;
  return `${where}${value}: ${problem.message}`;
}

/** Past this many characters, a value is shown by its start and its length. */
const SHOWN_VALUE_CHARS = 100;

/**
 * A long cell (a 3,800-character note a gateway refused as too large) shown whole would bury the words
 * that say what to do, on the terminal and in a report's `_errors` cell beside the cell itself: its
 * start and its length say which it is (the value stays whole in a report's own column and in JSON).
 */
function quoted(value: string): string {
  const characters = [...value];
  if (characters.length <= SHOWN_VALUE_CHARS) return `'${value}'`;
  return `'${characters.slice(0, 60).join('')}…' (${thousands(characters.length)} characters)`;
}

/** The full line the CLI prints: "row 7, Adjuster Email = 'bob@': not an email address". */
export function problemLine(problem: Problem): string {
  if (problem.row === null) return problemText(problem);
  const text = problemText(problem);
  return text === problem.message ? `row ${problem.row}: ${text}` : `row ${problem.row}, ${text}`;
}

/**
 * A refused row's note, listed under the row's problems: "row 7, note: Instructions 'N/A' reads as a
 * placeholder …", marked "note:" as the reports' `_errors` cells mark it (problemsCellText).
 */
export function rowNoteLine(note: Problem): string {
  const text = `note: ${problemText(note)}`;
  return note.row === null ? text : `row ${note.row}, ${text}`;
}

/**
 * Every problem of a row for one cell of a report: separated by "; " so it stays one line in a CSV.
 * `notes` (RowOutcome.notes: what was imported without part of it) follow, each marked "note:".
 */
export function problemsCellText(
  problems: Pick<Problem, 'column' | 'target' | 'value' | 'message'>[],
  notes: Pick<Problem, 'column' | 'target' | 'value' | 'message'>[] = [],
): string {
  return [...problems.map(problemText), ...notes.map((note) => `note: ${problemText(note)}`)].join('; ');
}
