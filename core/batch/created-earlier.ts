/**
 * Rows this file's earlier import created, as its journal records them: read without locking it or
 * asking the account anything. A dry run of the same file with the same mapping finds their keys in
 * the account, but those are not duplicates for the clerk to fix: the import settles them from its
 * journal and sends nothing for them (runner.ts). The app shows them apart (main/session/earlier-sends.ts);
 * `validate` reports them as already sent (exploratory round 3, left open: validate called them
 * "already exists … would be created twice").
 */
import { problem } from '../problems/format.ts';
import { MAPPING_FILE_WORDS, type MappingWords } from '../problems/mapping-words.ts';
import type { Problem } from '../problems/problem.ts';
import type { RowOutcome } from '../validate/types.ts';
import type { JournalBinding } from './journal-types.ts';
import { readJournalFile } from './journal.ts';

export interface CreatedEarlier {
  /** The file's name as that import was given it. */
  file: string;
  /** When that import asked Trackops to create it (ISO, UTC); null if the journal has no time. */
  at: string | null;
  id: number | null;
  caseRequestNumber: string | null;
}

/**
 * Row → what the journal at `path` says its import created for it. Empty when there is no journal, one
 * that cannot be read, or (with `binding`) one written for another file, mapping or mode.
 */
export async function createdByJournal(
  path: string,
  binding?: Pick<JournalBinding, 'fileHash' | 'mappingHash' | 'mode'>,
): Promise<Map<number, CreatedEarlier>> {
  const read = await readJournalFile(path).catch(() => null);
  const rows = new Map<number, CreatedEarlier>();
  if (!read || read.header.kind === 'revert') return rows;
  if (
    binding &&
    (read.header.fileHash !== binding.fileHash ||
      read.header.mappingHash !== binding.mappingHash ||
      read.header.mode !== binding.mode)
  )
    return rows;
  const askedAt = new Map<number, string>();
  for (const line of read.lines) {
    if (line.type === 'intent') askedAt.set(line.row, line.at);
    else if (line.status === 'created') {
      rows.set(line.row, {
        file: read.header.file,
        at: askedAt.get(line.row) ?? null,
        id: line.id ?? null,
        caseRequestNumber: line.case_request_number ?? null,
      });
    }
  }
  return rows;
}

/**
 * Whether the account holds this row's key only because the earlier import created it: refused by the
 * live plan as a duplicate in the account and nothing else, on a row the journal says it created.
 */
export function isCreatedEarlier(outcome: RowOutcome, created: ReadonlyMap<number, unknown>): boolean {
  return (
    outcome.status === 'invalid' &&
    outcome.action === 'duplicate' &&
    created.has(outcome.row) &&
    outcome.problems.length > 0 &&
    outcome.problems.every((said) => said.code === 'duplicate_in_account')
  );
}

/**
 * Such a row as a dry run reports it: valid, nothing to fix, action `already_sent`, with a note naming
 * the import and the request it created. So is a row the plan would create that the journal says it
 * created (a row without a key, which the account check cannot find: explore 16 saw "would create" for
 * rows a trial had created). Other rows are returned as they are.
 */
export function markCreatedEarlier(
  outcome: RowOutcome,
  created: ReadonlyMap<number, CreatedEarlier>,
): RowOutcome {
  const unkeyed = outcome.status === 'valid' && outcome.action === 'create' && created.has(outcome.row);
  if (!unkeyed && !isCreatedEarlier(outcome, created)) return outcome;
  const earlier = created.get(outcome.row)!;
  const said = outcome.problems[0];
  const note = problem('already_sent', {
    row: outcome.row,
    label: said?.column ?? null,
    target: said?.target ?? null,
    value: said?.value ?? null,
    file: earlier.file,
    at: earlier.at,
    request: earlier.caseRequestNumber ?? (earlier.id === null ? null : `id ${earlier.id}`),
  });
  return {
    ...outcome,
    status: 'valid',
    action: 'already_sent',
    problems: [],
    notes: [...(outcome.notes ?? []), note],
  };
}

/**
 * A row the journal says that import created, refused now for what its cells hold (explore 11 item 3:
 * the app's send went with a value fixed in the dry run; the file still holds the old one): it is in
 * Trackops all the same, so it is reported as `markCreatedEarlier` reports a row, with a second note
 * naming what the check says of the file's cells. Rows the account check refused only as duplicates
 * (markCreatedEarlier's), rows the journal has no creation for and valid rows are returned as they are.
 */
export function markCreatedThoughRefused(
  outcome: RowOutcome,
  created: ReadonlyMap<number, CreatedEarlier>,
  words: MappingWords = MAPPING_FILE_WORDS,
): RowOutcome {
  const earlier = created.get(outcome.row);
  if (!earlier || outcome.status !== 'invalid' || isCreatedEarlier(outcome, created)) return outcome;
  const sent = problem('already_sent', {
    ...firstProblemFields(outcome),
    file: earlier.file,
    at: earlier.at,
    request: earlier.caseRequestNumber ?? (earlier.id === null ? null : `id ${earlier.id}`),
  });
  return {
    ...outcome,
    status: 'valid',
    action: 'already_sent',
    problems: [],
    notes: [...(outcome.notes ?? []), sent, fileDiffersNote(outcome, words)],
  };
}

/**
 * What the check says now of the cells of a row an earlier run wrote (created or updated, as its
 * journal records): "the file still holds values the check refuses (…)", or, when the check could
 * only not read the account's lists, that its values could not be checked now, or, when it found only
 * that the request changed in Trackops since, that this later change is kept. The import reports such a row
 * as the journal has it, with this note (runner.ts), never as "invalid (not sent)": it is in Trackops.
 */
export function fileDiffersNote(outcome: RowOutcome, words: MappingWords = MAPPING_FILE_WORDS): Problem {
  return problem(
    'already_sent_file_differs',
    {
      ...firstProblemFields(outcome),
      // Only lists that could not be read: nothing is known against the cells, so no fix is blamed.
      unchecked:
        outcome.problems.length > 0 && outcome.problems.every((said) => said.code === 'lookup_unavailable'),
      // Only conflicts: the request changed in Trackops after that run wrote it (a round trip's check of
      // its export stamp): the send went with these very cells, so no fix is blamed either.
      changedSince: outcome.problems.length > 0 && outcome.problems.every((said) => said.code === 'conflict'),
      problems: outcome.problems
        .map((said) => (said.column ? `${said.column}: ${said.message}` : said.message))
        .join('; '),
    },
    undefined,
    words,
  );
}

function firstProblemFields(outcome: RowOutcome) {
  const first = outcome.problems[0];
  return {
    row: outcome.row,
    label: first?.column ?? null,
    target: first?.target ?? null,
    value: first?.value ?? null,
  };
}
