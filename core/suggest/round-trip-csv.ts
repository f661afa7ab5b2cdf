/**
 * A round-trip CSV (`export --columns round-trip` to .csv) mapped again: its headers are the targets
 * themselves and its rows are existing requests, so the only mapping that fits is an update matched by
 * `id`, each column onto its own header (repro-06: proposed as a create, `client_id` made the proposal
 * unusable and `map` stopped). Recognised by the round-trip header, the same rule the XLSX round trip
 * uses (`id` and `updated_at`), and by the other headers being targets or columns the export writes
 * for context, but for a few the clerk added (our-csv.ts), which are said and not imported. Columns an update cannot change, and those written for context, are left out and marked
 * read-only (ColumnSuggestion.readOnly: `map` lists them apart, not as left for a person). A CSV carries each
 * request's updated_at but no record of the values exported: it is said that a request changed since the
 * export is a conflict (validate/round-trip-csv-stamp.ts), and that every cell that differs is sent.
 */
import type { Mapping, MappingColumn } from '../mapping/schema.ts';
import { MAPPING_FILE_WORDS } from '../problems/mapping-words.ts';
import { targetWords } from '../mapping/target-words.ts';
import { parseTarget } from '../mapping/targets.ts';
import { isRoundTripCsvHeader, ROUND_TRIP_CONTEXT_COLUMNS, roundTripAddedColumns } from '../read/our-csv.ts';
import { proposeRoundTripDates } from './round-trip-dates.ts';
import type { ColumnSuggestion, SuggestInput, SuggestedMapping, SuggestionNote } from './types.ts';

const CONTEXT_COLUMNS = ROUND_TRIP_CONTEXT_COLUMNS;

export function suggestRoundTripCsv(input: SuggestInput): SuggestedMapping | null {
  const { headers } = input;
  if (!isRoundTripCsvHeader(headers)) return null;

  const columns: MappingColumn[] = [];
  const suggestions: ColumnSuggestion[] = headers.map((column) => {
    const target = parseTarget(column);
    const sendable =
      target !== null &&
      (target.path === 'id' ||
        (target.kind === 'param' && target.spec.update) ||
        target.kind === 'client' ||
        target.kind === 'contact' ||
        (target.kind === 'custom' && target.subject === null));
    if (!sendable) {
      const unmatched: ColumnSuggestion = {
        column,
        status: 'unmatched',
        target: null,
        confidence: 0,
        how: null,
        description: null,
      };
      // The export's own columns (context, or fields an update cannot change): read-only, not imported.
      if (target !== null || CONTEXT_COLUMNS.has(column)) unmatched.readOnly = true;
      return unmatched;
    }
    columns.push(
      target.kind === 'param' && target.spec.type === 'refList'
        ? { column, target: column, split: ';' }
        : { column, target: column },
    );
    const words = targetWords(column, input.reference ? { reference: input.reference } : {});
    return { column, status: 'mapped', target: column, confidence: 1, how: 'exact', description: words };
  });
  // The host's words for the export and its own import (the app has no command line to name).
  const words = input.mappingWords ?? MAPPING_FILE_WORDS;
  const decisions: SuggestionNote[] = [
    {
      column: null,
      level: 'info',
      message: `${words.roundTripCsv()}: each column is mapped onto its own header, as updates of the requests matched by id.`,
    },
    {
      column: null,
      level: 'warning',
      message:
        "This file keeps each request's updated_at as exported: a request changed in Trackops since the export is a conflict, not sent (export again and redo the edit). " +
        'But it keeps no record of the values exported (only a round-trip .xlsx does, in a hidden sheet): every mapped cell that differs from what the request holds is sent, ' +
        `not only the cells edited (a blank cell leaves its field as it is). To send only the cells edited, ${words.roundTripXlsxWay()}.`,
    },
  ];
  // Columns the clerk added to the export ("My notes"): the file is still a round trip, and each is
  // said, so nobody expects its values in Trackops. Still offered to map by hand (not read-only): it
  // may hold what a field should get.
  for (const column of roundTripAddedColumns(headers)) {
    decisions.push({
      column,
      level: 'warning',
      message: `not a column of the export (added to the file since): not imported, its values go nowhere (nothing is sent for them to Trackops; they stay in the file only). To send them, map the column to a field by hand`,
    });
  }
  // Dates a spreadsheet rewrote when it saved the file (6/28/2026): read in the order the file proves.
  decisions.push(...proposeRoundTripDates(headers, columns, input.sampleRows, input.reference));
  const mapping: Mapping = {
    version: 1,
    mode: 'update',
    match: 'id',
    ...(input.givenHeaderRow ? { source: { headerRow: input.givenHeaderRow } } : {}),
    columns,
  };
  return { mapping, columns: suggestions, decisions, offline: input.reference === undefined };
}
