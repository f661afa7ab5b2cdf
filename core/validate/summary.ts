import { referenceGaps } from '../account/reference-gaps.ts';
import type { ValidateOptions } from './compile-mapping.ts';
import type { RowOutcome, ValidationSummary } from './types.ts';

/** Counts for the report's summary (CONTRACTS section 3). `skippedBlank` comes from the sheet. */
export function summarize(outcomes: Iterable<RowOutcome>, skippedBlank = 0): ValidationSummary {
  const summary: ValidationSummary = { rows: 0, valid: 0, invalid: 0, skippedBlank };
  for (const outcome of outcomes) {
    summary.rows += 1;
    if (outcome.status === 'valid') summary.valid += 1;
    else summary.invalid += 1;
  }
  return summary;
}

/** What an offline (or partly configured) dry run did not check, in words a clerk understands. */
export function skippedChecks(options: ValidateOptions): string[] {
  const skipped: string[] = [];
  if (!options.reference) {
    skipped.push(
      'Names in lookup columns (case types, regions, services, flags, referral sources, locations, subject types) were not resolved to ids: connect to the account to check them',
      "Custom fields were not checked against the account (that they exist, are enabled for the case type or subject type, and that values fit the field's type and choices)",
      'Ids given as numbers were not checked to exist in the account',
      'Required subject fields were not checked',
    );
  }
  // Connected, a list the account did not give turns off only the checks that need it.
  if (options.reference) skipped.push(...referenceGaps(options.reference));
  if (options.settings?.require_client_address === undefined)
    skipped.push(
      '"Require Client Address" is not known for this connection: client address_1 and city were not required',
    );
  if (options.settings?.require_client_phone === undefined)
    skipped.push('"Require Client Phone" is not known for this connection: a contact phone was not required');
  return skipped;
}
