/**
 * What a connected dry run could not check because the account did not give it (API-NOTES Tolerance:
 * "Reference paths: any one may be missing on a real account; lose only the checks that need it"), and
 * where the tool read the account's answers by a guess. In words a clerk can act on; the dry-run report
 * lists them in `skippedChecks`, the CLI and the app show them.
 */
import type { ConnectionWords } from '../api/connection-words.ts';
import { MAPPING_FILE_WORDS } from '../problems/mapping-words.ts';
import type { AccountReference, FieldDef, ListCutShort, ReferenceKind } from './reference.ts';

/** Where the host sets a list's address and runs its check: the CLI's flags, the app's Connection screen. */
export type ListsWords = Pick<ConnectionWords, 'giveReferencePath' | 'runCheck' | 'checkName'>;

/** The checks each list makes possible, as the sentence's second half. */
const CHECKS_LOST: Record<ReferenceKind, string> = {
  case_types:
    'case type names cannot be resolved (rows giving names are refused), case type ids and the custom fields each case type enables were not checked',
  case_regions:
    'region names cannot be resolved (rows giving names are refused) and region ids were not checked',
  case_services:
    'service names cannot be resolved (rows giving names are refused) and service ids were not checked',
  case_flags: 'flag names cannot be resolved (rows giving names are refused) and flag ids were not checked',
  referral_sources:
    'referral source names cannot be resolved (rows giving names are refused) and referral source ids were not checked',
  company_locations:
    'company location names cannot be resolved (rows giving names are refused) and company location ids were not checked',
  subject_types:
    'subject types given by name cannot be resolved, and which fields belong to each subject type was not checked',
  fields:
    'custom fields were not checked against the account (that they exist, their use, type and choices), nor were required subject fields',
};

const LISTED = 8;

export function referenceGaps(reference: AccountReference, words: ListsWords = MAPPING_FILE_WORDS): string[] {
  const gaps: string[] = [];
  for (const [kind, reason] of Object.entries(reference.unavailable ?? {}) as [ReferenceKind, string][]) {
    gaps.push(
      `The account's ${kind.replace(/_/g, ' ')} could not be read (${reason}): ${CHECKS_LOST[kind]}. ` +
        `If the account serves them elsewhere, ${words.giveReferencePath(kind)} (or ${words.runCheck()})`,
    );
  }
  for (const [kind, cut] of Object.entries(reference.incomplete ?? {}) as [ReferenceKind, ListCutShort][]) {
    gaps.push(
      `The account's ${kind.replace(/_/g, ' ')} may be incomplete: ${cut.why}. One not among those ${cut.listed} may ` +
        'exist all the same: a row using one is refused with a message saying the list looked cut short, and an ' +
        `export shows it by its id (${words.runCheck()} to see how this server pages its lists)`,
    );
  }
  const fromZero = Object.entries(reference.fromPageZero ?? {}) as [ReferenceKind, string][];
  if (fromZero.length > 0)
    gaps.push(
      `The account's ${fromZero.map(([kind]) => kind.replace(/_/g, ' ')).join(', ')} were read from page 0: ${fromZero[0]![1]}`,
    );
  if (reference.pageSizeChanged)
    gaps.push(`${reference.pageSizeChanged[0]!.toUpperCase()}${reference.pageSizeChanged.slice(1)}`);
  const unreadable = reference.fields.filter((field) => field.choicesRead === 'unreadable');
  if (unreadable.length > 0)
    gaps.push(
      `The choices of ${names(unreadable)} could not be read from the account: any value was accepted for ` +
        'them here (Trackops checks them when the row is sent)',
    );
  const labels = reference.fields.filter((field) => field.choicesRead === 'labels');
  if (labels.length > 0)
    gaps.push(
      `The choices of ${names(labels)} came as objects, not words: a guess was made that their labels are ` +
        `the values to send (${words.checkName()} shows what the account answers)`,
    );
  return gaps;
}

function names(fields: FieldDef[]): string {
  const shown = fields.slice(0, LISTED).map((field) => `"${field.name}" (${field.id})`);
  const more = fields.length > LISTED ? ` and ${fields.length - LISTED} more` : '';
  return `${shown.join(', ')}${more}`;
}
