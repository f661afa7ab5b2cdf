import type { AccountReference } from '../account/reference.ts';
import type { SourceRow } from '../read/types.ts';
import type { ImportMode } from '../validate/types.ts';
import type { Mapping } from '../mapping/schema.ts';

import type { MappingWords } from '../problems/mapping-words.ts';
export interface SuggestInput {
  headers: string[];
  /**
   * The rows whose values decide date formats, lookups and value maps: the sheet's first rows (only the
   * first SUGGESTION_SAMPLE_ROWS are looked at, so every host counts the same rows: sampleSheet).
   */
  sampleRows: SourceRow[];
  /** The sheet's last rows, to see a footer; without them the sample's end is used when it is the sheet's. */
  tailRows?: SourceRow[];
  /** Data rows in the sheet, when known (sampleSheet counts them). */
  totalRows?: number;
  /** The account's reference data; without it only the seed's parameter names are known. */
  reference?: AccountReference;
  mode?: ImportMode;
  /** For messages. */
  fileName: string;
  /** The host's words for connecting and for the template (problems/mapping-words.ts); the CLI's by default. */
  mappingWords?: MappingWords;
  /**
   * The heading merged over each column in the row above the header (SheetSource.groupHeadings): a
   * short header is matched as "<heading> <header>" ("Carrier Address"), and the proposal says so.
   */
  groupHeadings?: readonly (string | null)[];
  /** Recorded in the mapping's `source` so the template opens the same sheet. */
  sheet?: string | null;
  /** The row the header was read from, for messages. */
  headerRow?: number;
  /**
   * A header row the person gave (`map --header-row`, the app's sheet step), recorded in the mapping's
   * `source`. A detected one is not: next month's file with one title line more or less would be read
   * at the wrong row, where detection finds its header at once, as a detected delimiter or encoding is
   * not written either (docs/mapping.md).
   */
  givenHeaderRow?: number;
}

/** How a header was matched. */
/**
 * `values`: the header names the contact, and every value is an e-mail (or a phone number); or the
 * header names nothing and every value is one of the account's case regions or case types
 * (match-by-list-values.ts).
 */
export type MatchKind = 'exact' | 'synonym' | 'account' | 'fuzzy' | 'values';

export interface ColumnSuggestion {
  column: string;
  /** `mapped`: in the mapping; `decide`: a likely target a person must confirm or complete; `unmatched`. */
  status: 'mapped' | 'decide' | 'unmatched';
  target: string | null;
  /** 0..1: how sure the header match is. */
  confidence: number;
  how: MatchKind | null;
  /** What the target is, in words ("Claimant's \"Date of Birth\""). */
  description: string | null;
  /**
   * A round-trip export's column that is never imported (round-trip-csv.ts): written for reference
   * (updated_at, created_at) or a field an update cannot change. Not work left for a person.
   */
  readOnly?: true;
}

export interface SuggestionNote {
  /** The column it is about; null for the mapping as a whole (case type, subject groups). */
  column: string | null;
  level: 'info' | 'warning' | 'decide';
  message: string;
  /**
   * The subject group (its place in `subjects`, from 0) whose columns an ordinal numbered ("2nd
   * Claimant Name"): the app says it beside that group, where the clerk sees the groups.
   */
  ordinalGroup?: number;
}

export interface SuggestedMapping {
  mapping: Mapping;
  /** One entry per header, in sheet order: nothing is lost. */
  columns: ColumnSuggestion[];
  decisions: SuggestionNote[];
  /** True when no account reference data was used. */
  offline: boolean;
}
