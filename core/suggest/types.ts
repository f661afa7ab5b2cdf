import type { AccountReference } from '../account/reference.ts';
import type { SourceRow } from '../read/types.ts';
import type { ImportMode } from '../validate/types.ts';
import type { Mapping } from '../mapping/schema.ts';

export interface SuggestInput {
  headers: string[];
  /** The rows whose values decide date formats, lookups and value maps: all of them when affordable. */
  sampleRows: SourceRow[];
  /** The account's reference data; without it only the seed's parameter names are known. */
  reference?: AccountReference;
  mode?: ImportMode;
  /** For messages. */
  fileName: string;
  /** Recorded in the mapping's `source` so the template opens the same sheet and header row. */
  sheet?: string | null;
  headerRow?: number;
}

/** How a header was matched. */
export type MatchKind = 'exact' | 'synonym' | 'account' | 'fuzzy';

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
}

export interface SuggestionNote {
  /** The column it is about; null for the mapping as a whole (case type, subject groups). */
  column: string | null;
  level: 'info' | 'warning' | 'decide';
  message: string;
}

export interface SuggestedMapping {
  mapping: Mapping;
  /** One entry per header, in sheet order: nothing is lost. */
  columns: ColumnSuggestion[];
  decisions: SuggestionNote[];
  /** True when no account reference data was used. */
  offline: boolean;
}
