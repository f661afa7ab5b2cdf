/**
 * The journal's lines as written to disk (docs/import.md, "The journal"): its own file so that the
 * reader of older journals (journal-migrate.ts) and the journal itself share them without a cycle.
 */
import type { StampZoneLearnt } from '../api/stamp-zone.ts';
import type { ImportMode } from '../validate/types.ts';

export const JOURNAL_VERSION = 2;

export interface JournalBinding {
  /** The source file's name as the user gave it (for messages). */
  file: string;
  fileHash: string;
  mappingHash: string;
  mode: ImportMode;
  /** `revert`: the journal of a revert (its `file` is the import journal it undoes); absent for an import. */
  kind?: 'revert';
  /**
   * The account written to (its API base, normalised; the built-in sandbox by its data file), so that a
   * later import of the same file into the same account finds what this one created (earlier-creates.ts).
   * Not part of the binding a resume checks; absent in journals written before it was recorded.
   */
  account?: string;
}

export interface JournalHeader extends JournalBinding {
  type: 'header';
  version: number;
  startedAt: string;
  /** Set when an older journal was converted to this version (its lines carried no checksums). */
  migratedFrom?: number;
}

export interface IntentLine {
  type: 'intent';
  row: number;
  op: 'create' | 'update';
  /** Update target. */
  id?: number;
  /** When the request left (ISO, UTC): reconciling a create looks among requests created since then. */
  at: string;
  /** Fingerprint of the fields that identify a create body (see fingerprint.ts). */
  fingerprint?: string;
  /** A create: its whole body, hashed (fingerprint.ts contentOf), for later imports of the file. */
  content?: string;
  /**
   * A create: each value of its body digested by path (near-edit.ts partsOf), so that a later import
   * of the file with a value corrected is told from another referral. Absent in older journals.
   */
  parts?: string;
  /** A list filter that finds this row's request, when the row has one (match key or reference value). */
  lookup?: { filter: string; value: string };
  /**
   * Update (issue 18): the values the request held, as read just before this PUT, of the fields it
   * changes (revert-values.ts): what a revert puts back. `sent`: what this PUT gives those fields, so
   * a revert can tell whether the request still holds them. Absent when no read preceded the PUT.
   */
  stored?: KeptValues;
  sent?: KeptValues;
  /**
   * Update: the request's updated_at as read before this PUT (the read `stored` came from), so that a
   * revert of an earlier import can tell that only this import and its own revert touched the request
   * since (revert-chain.ts). Absent when no read preceded the PUT, and in older journals.
   */
  read_updated_at?: string;
  /**
   * Set on the intent written again, whole, just before a later attempt of the same request leaves (the
   * client's own retry after no answer, a 5xx or a 429), or before a first attempt the pacer held back
   * left (attempt-departures.ts): which attempt, and when it left (ISO, UTC). `at` stays the first
   * attempt's time. A write in doubt is settled a window after `left_at` (earlier-sends.ts lastLeftAt);
   * absent in older journals and for a request whose only attempt left when its intent was written.
   */
  attempt?: number;
  left_at?: string;
}

/**
 * A fragment of an update body: top-level fields, `client` / `contact` whole (the API replaces them
 * whole, seed note 1), and custom fields by id with their whole value.
 */
export type KeptValues = Record<string, unknown> & { custom_fields?: { id: number; value: unknown }[] };

/**
 * `duplicate`: a create in doubt that a search positively did not find, for a row the account already
 * holds (the duplicate check): settled without sending it.
 */
export type OutcomeStatus = 'created' | 'updated' | 'failed' | 'duplicate';

export interface OutcomeLine {
  type: 'outcome';
  row: number;
  status: OutcomeStatus;
  id?: number;
  case_request_number?: string;
  /** The API's refusal (failed rows), as words a clerk can act on. */
  error?: { code: string; message: string; target?: string | null };
  /**
   * A refusal that names several parameters (a 422 with several field errors): the second and later
   * ones, each with its own target, so that every cell at fault is named (`error` holds the first).
   */
  moreErrors?: { code: string; message: string; target?: string | null }[];
  /** Something the clerk should know about a row that was written (e.g. its id could not be read). */
  note?: { code: string; message: string };
  /** A failure that may pass on another try (server or network trouble): `--resume` tries the row again. */
  retryable?: boolean;
  /**
   * Update (issue 18): the request's `updated_at` after this write, as its answer gave it
   * (`updated_at_from: 'answer'`), or as read before the write when the answer carried none ('read'):
   * a revert compares it with the request's `updated_at` now to tell whether someone changed it since.
   */
  updated_at?: string;
  updated_at_from?: 'answer' | 'read';
  /**
   * On the outcome of the write whose answer showed the server stamps in local time, not UTC
   * (core/api/stamp-zone.ts): the zone, so that a resume or revert of this journal searches by time in
   * it before any write of its own shows it again. Absent on every other line, and for a UTC server.
   */
  stamp_zone?: StampZoneLearnt;
  /**
   * A revert's put-back: the fields it left for a person to clear (empty before the import, and the
   * update cannot clear them: revert-decide.ts), so that a resumed revert names them on this row and
   * counts it as the run that sent it did; that run's words may be lost with its terminal.
   */
  left_to_clear?: LeftToClearLine[];
}

/**
 * One field a revert's put-back left for a person to clear, as revert-decide.ts names it (LeftToClear):
 * its value when the put-back was sent, and what kind of value the update cannot clear.
 */
export type LeftToClearLine = { target: string; label: string; now: string } & (
  { kind: 'date' | 'id' } | { kind: 'field'; fieldKind: string }
);

/**
 * Note code of a create answered with a request that existed before it was sent, where no request of
 * the row's was found since (batch/send-row.ts): counted as created, but not known to be created by the
 * import, so a revert never lists it for deletion (revert-source.ts).
 */
export const ANSWERED_EXISTING = 'answered_existing';

export type JournalLine = JournalHeader | IntentLine | OutcomeLine;
