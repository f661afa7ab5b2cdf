/**
 * One source row → a case-request body or the problems that stop it. Create bodies follow the seed's
 * create table (required: case_type_id, client{name,country}, contact{last_name,email}, case_region_id,
 * created_on); update bodies follow its update table and carry only what the row sets.
 *
 * Seed note 1 / API-NOTES: on update a `client` or `contact` object replaces the stored one whole. A sheet
 * rarely has every part, so the update body holds the parts the row gives and the outcome lists the
 * object in `partialObjects`: the import runner merges those parts into the stored request's object
 * before the PUT, so the API always receives the object whole.
 */
import type { Mapping } from '../mapping/schema.ts';
import { PARAM_INDEX, PARAM_NAMES, PARAMS } from '../mapping/targets.ts';
import { problem } from '../problems/format.ts';
import type { Problem } from '../problems/problem.ts';
import { cellText, isBlankCell } from '../read/cell-text.ts';
import type { SourceRow } from '../read/types.ts';
import { columnLetters } from '../read/cell-reference.ts';
import { customFieldEntries, subjectBodies } from './body-parts.ts';
import { compileMapping, type CompiledMapping, type ValidateOptions } from './compile-mapping.ts';
import { convertCell } from './convert-cell.ts';
import { fail } from './scalar-values.ts';
import { isCleanText } from './clean-text.ts';
import { checkRequired } from './required-checks.ts';
import { footerLine } from './footer-lines.ts';
import { RowDraft } from './row-draft.ts';
import { reportUnreadRepeats } from './same-header-columns.ts';
import type { RowOutcome } from './types.ts';
import { onlyLineBreaks } from './unedited-line-breaks.ts';
import { bodyIfFound } from './create-needs.ts';
import { placeholderIn } from './placeholder-words.ts';
import { notePlaceholders, placeholderNote } from './placeholders.ts';
import { settleBirthCenturies } from './birth-century.ts';
import type { CaseRequestUpdateBody } from '../api/types.ts';
import { thousands } from '../thousands.ts';

const drafts = new WeakMap<CompiledMapping, RowDraft>();

/** The parameters each body may carry, in the seed's order, with their RowDraft index: filtered once. */
const CREATE_PARAMS = PARAM_NAMES.filter((name) => PARAMS[name].create).map((name) => ({
  name,
  index: PARAM_INDEX[name],
}));
const UPDATE_PARAMS = PARAM_NAMES.filter((name) => PARAMS[name].update).map((name) => ({
  name,
  index: PARAM_INDEX[name],
}));

const compiledCache = new WeakMap<
  Mapping,
  { headers: string[]; options: ValidateOptions; compiled: CompiledMapping }
>();

/**
 * Validates one row. `ctx` is a compiled mapping (validateRows passes one) or the options to compile
 * with; the last compilation per mapping object is reused, so the app can re-check one fixed cell cheaply.
 */
export function validateRow(
  row: SourceRow,
  headers: string[],
  mapping: Mapping,
  ctx: CompiledMapping | ValidateOptions = {},
): RowOutcome {
  return validateCompiledRow(row, 'columns' in ctx ? ctx : compiledFor(mapping, headers, ctx));
}

function compiledFor(mapping: Mapping, headers: string[], options: ValidateOptions): CompiledMapping {
  const cached = compiledCache.get(mapping);
  if (
    cached &&
    cached.options.reference === options.reference &&
    cached.options.settings === options.settings &&
    cached.headers.length === headers.length &&
    cached.headers.every((header, index) => header === headers[index])
  )
    return cached.compiled;
  const compiled = compileMapping(mapping, headers, options);
  compiledCache.set(mapping, { headers, options, compiled });
  return compiled;
}

/** The characters an Excel (or LibreOffice) cell holds at most. */
export const SPREADSHEET_CELL_LIMIT = 32_767;

export function validateCompiledRow(row: SourceRow, compiled: CompiledMapping): RowOutcome {
  let scratch = drafts.get(compiled);
  if (!scratch) drafts.set(compiled, (scratch = new RowDraft(compiled)));
  const draft = scratch.reset(row.row);
  const problems = draft.problems;
  const columns = compiled.columns;
  for (let i = 0; i < columns.length; i += 1) {
    const plan = columns[i]!;
    const cell = plan.index >= 0 ? (row.cells[plan.index] ?? null) : null;
    if (
      typeof cell === 'string' &&
      cell.length >= SPREADSHEET_CELL_LIMIT - 1 &&
      cell.length <= SPREADSHEET_CELL_LIMIT
    ) {
      // The most a spreadsheet cell keeps: Excel and LibreOffice cut a longer text to this when they save
      // it (explore 11 item 5: 40,000 characters became 32,767, sent without a word); one less when the
      // cut would split an emoji or another character written as two UTF-16 units (explore 12 item 3).
      const length = thousands(cell.length);
      draft.apply(
        plan,
        fail('at_cell_limit', { length }, `${cell.slice(0, 60)}… (${length} characters)`),
        cell,
      );
      continue;
    }
    if (plan.placeholders) {
      const placeholder = placeholderIn(plan, cell);
      if (placeholder !== null) {
        // An empty cell for its group, as if the sheet left it blank (a column's default for "" too).
        draft.placeholders.push({ plan, text: placeholder });
        draft.apply(plan, convertCell(plan, null), null);
        continue;
      }
    }
    if (plan.placeholderRule !== null) {
      const placeholder = placeholderIn(plan, cell);
      if (placeholder !== null) {
        if (plan.placeholderRule === 'refuse') {
          draft.apply(plan, { kind: 'problem', code: 'key_placeholder' }, cell);
          continue;
        }
        draft.notes.push(
          placeholderNote(
            draft.rowNumber,
            plan,
            placeholder,
            compiled.duplicateColumn,
            compiled.mappingWords,
          ),
        );
      }
    }
    if (plan.plainText && typeof cell === 'string') {
      // Most columns: the value is the text; no conversion result is made for it.
      if (isCleanText(cell)) {
        draft.applyText(plan, cell);
        continue;
      }
      const text = plan.trim ? cell.trim() : cell;
      if (text !== '' && !plan.refuse.test(text)) {
        draft.applyText(plan, text);
        continue;
      }
    }
    draft.apply(plan, convertCell(plan, cell), cell);
  }
  for (const constant of compiled.constants) {
    if (draft.touched[constant.plan.slot] === 1) continue; // a non-empty column wins
    draft.apply(constant.plan, constant.converted, constant.shown);
  }
  reportBeyondHeaders(row, compiled, problems);
  if (row.notUtf8) reportNotUtf8(row, compiled, problems);
  if (row.looksUtf8) reportLooksUtf8(row, compiled, problems);
  if (row.cutShort) reportCutShort(row, row.cutShort, compiled, problems);
  if (compiled.unreadRepeats.length > 0)
    reportUnreadRepeats(row, compiled.unreadRepeats, compiled.headers, problems);

  let matchValue: string | undefined;
  if (compiled.matchColumn) {
    const cell = row.cells[compiled.matchColumn.index] ?? null;
    matchValue = cellText(cell).trim() || undefined;
    checkMatchValue(row, compiled, matchValue, problems);
  }

  if (draft.placeholders.length > 0) notePlaceholders(compiled, draft);
  if (draft.twoDigitBirths.length > 0) settleBirthCenturies(compiled, draft);
  const custom = customFieldEntries(row, compiled, draft, problems);
  const subjects =
    compiled.mode === 'update' ? [] : subjectBodies(row, compiled, draft, custom.bySubject, problems);
  const outcome: RowOutcome = { row: row.row, status: 'valid', problems, cells: row.cells };
  if (matchValue !== undefined) outcome.matchValue = matchValue;

  if (compiled.mode === 'update') {
    const body: Record<string, unknown> = {};
    for (const { name, index } of UPDATE_PARAMS) {
      const value = draft.paramValues[index];
      if (value !== undefined) body[name] = value;
      if (name === 'client_id') {
        const partial: ('client' | 'contact')[] = [];
        if (Object.keys(draft.client).length > 0) {
          body.client = draft.client;
          partial.push('client');
        }
        if (Object.keys(draft.contact).length > 0) {
          body.contact = draft.contact;
          partial.push('contact');
        }
        if (partial.length > 0) outcome.partialObjects = partial;
      }
    }
    if (custom.caseLevel.length > 0) body.custom_fields = custom.caseLevel;
    if (problems.length === 0 && !draft.unresolved) outcome.body = body;
    // Refused only for line breaks: perhaps cells exported as Trackops holds them, which the plan
    // tells from edits once it reads the request (unedited-line-breaks.ts).
    else if (!draft.unresolved && onlyLineBreaks(problems))
      outcome.provisional = { why: 'unedited_line_breaks', body: body as CaseRequestUpdateBody };
  } else {
    checkRequired(row, compiled, draft, problems);
    const body: Record<string, unknown> = {};
    for (const { name, index } of CREATE_PARAMS) {
      const value = draft.paramValues[index];
      if (value !== undefined) body[name] = value;
      if (name === 'case_type_id') {
        body.client = draft.client;
        body.contact = draft.contact;
      }
    }
    if (custom.caseLevel.length > 0) body.custom_fields = custom.caseLevel;
    if (subjects.length > 0) body.subjects = subjects;
    if (problems.length === 0 && !draft.unresolved) outcome.body = body as unknown as RowOutcome['body'];
    // Upsert, refused only for what a new request needs: its key may find the request, which an
    // update needs none of that for (create-needs.ts).
    else if (!draft.unresolved) {
      const found = bodyIfFound(compiled.mode, problems, body);
      if (found) outcome.provisional = { why: 'create_needs', body: found };
    }
  }
  if (draft.notes.length > 0) outcome.notes = draft.notes;
  if (draft.numberTexts.length > 0) outcome.numberTexts = draft.numberTexts;
  // A total or footer line ("Total: 5", "Exported by …") is said as what it is, once, rather than as
  // five missing values; and refused even when the mapping's constants fill every required field,
  // which made it a valid referral named "Total: 200 referrals" (the mapping's `skip` rules leave
  // such rows out, before this).
  const footer = footerLine(row.cells);
  if (footer !== null) {
    problems.splice(0, problems.length, footerProblem(row, compiled, footer));
    delete outcome.body;
    delete outcome.provisional;
    delete outcome.partialObjects;
  }
  if (problems.length > 0) outcome.status = 'invalid';
  return outcome;
}

function footerProblem(row: SourceRow, compiled: CompiledMapping, text: string): Problem {
  const index = row.cells.findIndex((cell) => !isBlankCell(cell));
  return problem('looks_like_footer', {
    row: row.row,
    label: compiled.headers[index] ?? `column ${index + 1}`,
    target: null,
    value: text,
  });
}

function reportBeyondHeaders(row: SourceRow, compiled: CompiledMapping, problems: Problem[]): void {
  row.beyondHeaders?.forEach((cell, offset) => {
    if (isBlankCell(cell)) return;
    problems.push(
      problem('value_beyond_headers', {
        row: row.row,
        label: `column ${compiled.headers.length + offset + 1}`,
        target: null,
        value: cellText(cell),
        position: compiled.headers.length + offset + 1,
      }),
    );
  });
}

/**
 * The last row of a delimited file cut short (read/data-rows.ts): whatever its cells would make, they
 * are not what the sender wrote, so the row is refused, naming where it stops, even when its present
 * cells fill every required field.
 */
function reportCutShort(
  row: SourceRow,
  cut: NonNullable<SourceRow['cutShort']>,
  compiled: CompiledMapping,
  problems: Problem[],
): void {
  const label = compiled.headers[cut.cells - 1] ?? `column ${cut.cells}`;
  problems.push(
    problem('cut_short', {
      row: row.row,
      label,
      target: null,
      value: cellText(row.cells[cut.cells - 1] ?? null),
      letter: columnLetters(cut.cells),
      missing: cut.width - cut.cells,
      width: cut.width,
    }),
  );
}

/** A row of a UTF-8 file that is not UTF-8 (read/utf8-lines.ts): its text is not what was typed. */
function reportNotUtf8(row: SourceRow, compiled: CompiledMapping, problems: Problem[]): void {
  for (const cell of row.notUtf8 ?? []) {
    problems.push(
      problem('not_utf8', {
        row: row.row,
        label: compiled.headers[cell.column] ?? `column ${cell.column + 1}`,
        target: null,
        value: cell.text,
        byte: `0x${cell.byte.toString(16).toUpperCase().padStart(2, '0')}`,
        position: cell.position,
      }),
    );
  }
}

/** A row of a file read as Windows-1252 that is UTF-8 (read/utf8-in-windows-1252.ts): "MÃ¼ller". */
function reportLooksUtf8(row: SourceRow, compiled: CompiledMapping, problems: Problem[]): void {
  for (const cell of row.looksUtf8 ?? []) {
    problems.push(
      problem('looks_utf8', {
        row: row.row,
        label: compiled.headers[cell.column] ?? `column ${cell.column + 1}`,
        target: null,
        value: cell.text,
        utf8: cell.utf8,
      }),
    );
  }
}

function checkMatchValue(
  row: SourceRow,
  compiled: CompiledMapping,
  value: string | undefined,
  problems: Problem[],
): void {
  const plan = compiled.matchColumn!;
  const fields = {
    row: row.row,
    label: plan.label,
    target: plan.target.path,
    what: plan.what,
    value: value ?? '',
  };
  if (value === undefined) {
    if (compiled.mode !== 'create')
      problems.push(problem('missing_match_value', { ...fields, upsert: compiled.mode === 'upsert' }));
  } else if (plan.target.path === 'id' && !/^[1-9]\d*$/.test(value)) {
    problems.push(problem('invalid_integer', fields));
  }
}
