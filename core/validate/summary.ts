import { referenceGaps } from '../account/reference-gaps.ts';
import type { ValidateOptions } from './compile-mapping.ts';
import type { ImportMode, MappingProblemSummary, RowOutcome, ValidationSummary } from './types.ts';

/**
 * Counts for the report's summary (CONTRACTS section 3) as rows stream past, shared by the CLI, the
 * report writers and the app so they count the same things: valid and invalid data rows, rows left out
 * by `skip` rules by rule, and each problem of the mapping once with the rows it touches.
 */
export class SummaryCounter {
  private readonly counts = { rows: 0, valid: 0, invalid: 0, skipped: 0 };
  private readonly byRule: NonNullable<ValidationSummary['skippedByRule']> = {};
  private readonly mapping = new Map<string, MappingProblemSummary>();

  add(outcome: RowOutcome): void {
    if (outcome.status === 'skipped') {
      this.counts.skipped += 1;
      const rule = outcome.skipped?.rule;
      if (rule) this.byRule[rule] = (this.byRule[rule] ?? 0) + 1;
      return;
    }
    this.counts.rows += 1;
    this.counts[outcome.status] += 1;
    for (const problem of outcome.problems) {
      if (problem.scope !== 'mapping') continue;
      const key = `${problem.code}\u0000${problem.column ?? ''}\u0000${problem.target ?? ''}\u0000${problem.message}`;
      const known = this.mapping.get(key);
      if (known) known.rows += 1;
      else
        this.mapping.set(key, {
          code: problem.code,
          column: problem.column,
          target: problem.target,
          message: problem.message,
          rows: 1,
          firstRow: outcome.row,
        });
    }
  }

  /** Data rows so far (valid + invalid). */
  get rows(): number {
    return this.counts.rows;
  }

  summary(skippedBlank = 0): ValidationSummary {
    const { rows, valid, invalid, skipped } = this.counts;
    const summary: ValidationSummary = { rows, valid, invalid, skippedBlank };
    if (skipped > 0) {
      summary.skipped = skipped;
      summary.skippedByRule = { ...this.byRule };
    }
    if (this.mapping.size > 0)
      summary.mappingProblems = [...this.mapping.values()].sort((a, b) => b.rows - a.rows);
    return summary;
  }
}

/** Counts for the report's summary (CONTRACTS section 3). `skippedBlank` comes from the sheet. */
export function summarize(outcomes: Iterable<RowOutcome>, skippedBlank = 0): ValidationSummary {
  const counter = new SummaryCounter();
  for (const outcome of outcomes) counter.add(outcome);
  return counter.summary(skippedBlank);
}

/** "5000 rows: <message>", the line a summary prints for a problem of the mapping. */
export function mappingProblemLine(problem: MappingProblemSummary): string {
  return `${problem.rows} ${problem.rows === 1 ? 'row' : 'rows'}: ${problem.message}`;
}

/**
 * The heading of skippedChecks' lines, the same words on the terminal and in the report's summary:
 * connected, the two account settings are assumptions, not skipped checks; anything else is what the
 * account did not give (a reference list it lacks, choices it did not spell out).
 */
export function skippedChecksHeading(skipped: readonly string[], connected: boolean): string {
  if (!connected) return 'Skipped without a connection to the account';
  return skipped.every((check) => check.startsWith('"Require Client'))
    ? 'Assumed about this account (the API cannot read these settings)'
    : 'Not checked, or assumed, for this account (what it did not answer, and the settings the API cannot read)';
}

/** What an offline (or partly configured) dry run did not check, in words a clerk understands. */
export function skippedChecks(options: ValidateOptions, mode?: ImportMode): string[] {
  const skipped: string[] = [];
  if (!options.reference) {
    // Offline, no key is looked up: an upsert row is checked as the create it may be (create-needs.ts).
    if (mode === 'upsert')
      skipped.push(
        'Upsert rows were not looked up in the account, so each was checked as a new request: one whose key finds a request needs none of what only a new request needs (cells required for a new case request may be blank): connect to the account to check them as updates',
      );
    skipped.push(
      'Names in lookup columns (case types, regions, services, flags, referral sources, locations, subject types) were not resolved to ids: connect to the account to check them',
      "Custom fields were not checked against the account (that they exist, are enabled for the case type or subject type, and that values fit the field's type and choices)",
      'Ids given as numbers were not checked to exist in the account',
      'Required subject fields were not checked',
    );
  }
  // Connected, a list the account did not give turns off only the checks that need it.
  if (options.reference) skipped.push(...referenceGaps(options.reference, options.mappingWords));
  if (options.settings?.require_client_address === undefined)
    skipped.push(
      '"Require Client Address" is not known for this connection: client address_1 and city were not required',
    );
  if (options.settings?.require_client_phone === undefined)
    skipped.push('"Require Client Phone" is not known for this connection: a contact phone was not required');
  return skipped;
}
