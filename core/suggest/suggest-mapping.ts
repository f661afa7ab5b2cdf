/**
 * A proposed mapping for a sheet nobody has mapped yet (issue 4, "Suggested mappings"): headers matched
 * to targets, options read off the values, and every column accounted for — mapped, left for a person
 * with the reason, or unmatched. The result always passes parseMapping; it is a draft a person checks.
 */
import type { SubjectGroup, Mapping, MappingColumn } from '../mapping/schema.ts';
import {
  caseFieldCandidates,
  offlineCandidates,
  referenceCandidates,
  subjectCandidates,
  type Candidate,
} from './candidates.ts';
import { chooseCaseType } from './choose-case-type.ts';
import { planColumn } from './column-options.ts';
import { matchHeaders, type HeaderMatch } from './match-headers.ts';
import { normaliseLabel } from './similarity.ts';
import { isToolColumn } from '../report/tool-columns.ts';
import type { ColumnSuggestion, SuggestInput, SuggestedMapping, SuggestionNote } from './types.ts';

/** A header match at least this sure goes into the mapping; a weaker one is offered to a person. */
export const MAP_CONFIDENCE = 0.75;

export function suggestMapping(input: SuggestInput): SuggestedMapping {
  const { headers, reference } = input;
  const decisions: SuggestionNote[] = [];
  // Columns trackops-bulk wrote (a report or results file mapped again) are not data: matched to
  // nothing, so `_id` cannot take the id target from a real column, and not left for a person.
  const normalised = headers.map((header) => (isToolColumn(header) ? '' : normaliseLabel(header)));
  const candidates: Candidate[] = offlineCandidates(reference !== undefined);
  const constants: Record<string, string | number> = {};
  const caseTypeChoice = reference ? chooseCaseType(normalised, reference) : null;
  if (reference) {
    if (caseTypeChoice) candidates.push(...referenceCandidates(caseTypeChoice.caseType));
    candidates.push(...caseFieldCandidates(reference, caseTypeChoice?.caseType ?? null));
    candidates.push(...subjectCandidates(reference));
  } else {
    decisions.push({
      column: null,
      level: 'info',
      message:
        'Not connected: headers were matched to the seed parameter names only. Custom fields, subject groups, ' +
        'the case type and lookup values need the account (connect with --sandbox or --url/--user/--token).',
    });
  }

  const matches = matchHeaders(normalised, candidates);
  const groups = subjectGroupsOf(matches);
  const columns: MappingColumn[] = [];
  const suggestions: ColumnSuggestion[] = headers.map((column, index) => {
    const match = matches[index];
    if (!match)
      return { column, status: 'unmatched', target: null, confidence: 0, how: null, description: null };
    const target = targetOf(match, groups);
    const suggestion: ColumnSuggestion = {
      column,
      status: 'mapped',
      target,
      confidence: match.confidence,
      how: match.how,
      description: match.candidate.description,
    };
    if (match.confidence < MAP_CONFIDENCE) {
      suggestion.status = 'decide';
      decisions.push({
        column,
        level: 'decide',
        message: `perhaps ${match.candidate.description} (${target}), but the header is only ${Math.round(match.confidence * 100)}% alike: confirm it`,
      });
      return suggestion;
    }
    const plan = planColumn(
      column,
      {
        target: match.candidate.target,
        ...(match.candidate.field ? { field: match.candidate.field } : {}),
        ...(match.candidate.part === undefined ? {} : { part: match.candidate.part }),
      },
      input.sampleRows.map((row) => row.cells[index] ?? null),
      reference,
    );
    decisions.push(...plan.notes);
    if (plan.needsPerson) suggestion.status = 'decide';
    else columns.push({ column, target, ...plan.options });
    return suggestion;
  });

  const mapped = new Set(columns.map((column) => column.target));
  if (caseTypeChoice && !mapped.has('case_type_id')) {
    const { caseType, tiedWith } = caseTypeChoice;
    constants.case_type_id = caseType.id;
    const tie = tiedWith.length
      ? ` (${tiedWith.map((other) => other.name).join(', ')} fit as well: change the constant if the sheet is for one of those)`
      : '';
    decisions.push({
      column: null,
      level: tiedWith.length ? 'warning' : 'info',
      message: `case type ${caseType.id} ${caseType.name} for every row: its reference labels and fields fit the headers best${tie}`,
    });
  }
  const defaultRegion = reference?.case_regions.filter((region) => region.is_default);
  if (!mapped.has('case_region_id') && defaultRegion?.length === 1) {
    constants.case_region_id = defaultRegion[0]!.id;
    decisions.push({
      column: null,
      level: 'info',
      message: `no region column: every row goes to the default region ${defaultRegion[0]!.name}`,
    });
  }
  for (const required of ['case_type_id', 'case_region_id', 'created_on']) {
    if (!mapped.has(required) && !(required in constants) && (input.mode ?? 'create') === 'create') {
      decisions.push({
        column: null,
        level: 'decide',
        message: `no column gives ${required}, which every new case request needs: map a column to it or add it to "constants"`,
      });
    }
  }
  for (const group of groups.order) {
    const type = reference?.subject_types.find((candidate) => candidate.id === group);
    decisions.push({
      column: null,
      level: 'info',
      message: `subject group ${groups.index.get(group)}: ${type?.name ?? group} (columns starting "${type?.name ?? group}")`,
    });
  }

  const mapping: Mapping = {
    version: 1,
    mode: input.mode ?? 'create',
    ...(input.sheet || input.headerRow
      ? {
          source: {
            ...(input.sheet ? { sheet: input.sheet } : {}),
            ...(input.headerRow ? { headerRow: input.headerRow } : {}),
          },
        }
      : {}),
    ...matchKey(mapped),
    ...(Object.keys(constants).length ? { constants } : {}),
    ...(groups.order.length ? { subjects: groups.order.map(subjectGroup) } : {}),
    columns,
  };
  for (const suggestion of suggestions) {
    if (suggestion.status === 'unmatched') {
      decisions.push(
        isToolColumn(suggestion.column)
          ? {
              column: suggestion.column,
              level: 'info',
              message: 'written by trackops-bulk (a report or results column): not data, left out',
            }
          : {
              column: suggestion.column,
              level: 'decide',
              message: 'no target found: map it by hand or leave it out',
            },
      );
    }
  }
  return { mapping, columns: suggestions, decisions, offline: reference === undefined };
}

interface Groups {
  /** Subject type ids in the order their first column appears. */
  order: number[];
  index: Map<number, number>;
}

function subjectGroupsOf(matches: readonly (HeaderMatch | null)[]): Groups {
  const order: number[] = [];
  for (const match of matches) {
    const type = match && match.confidence >= MAP_CONFIDENCE ? match.candidate.subjectTypeId : undefined;
    if (type !== undefined && !order.includes(type)) order.push(type);
  }
  return { order, index: new Map(order.map((type, index) => [type, index])) };
}

function targetOf(match: HeaderMatch, groups: Groups): string {
  const type = match.candidate.subjectTypeId;
  if (type === undefined) return match.candidate.target;
  // A weak match's subject type may have no group; it is only shown to a person, as group "?".
  const index = groups.index.get(type);
  return `subjects.${index ?? '?'}.${match.candidate.target}`;
}

function subjectGroup(subjectTypeId: number, index: number): SubjectGroup {
  // The first group found is the case's main subject: primary and pinned, as the seed's example has it.
  return { subject_type_id: subjectTypeId, is_primary: index === 0, is_pinned: index === 0 };
}

function matchKey(mapped: Set<string>): Pick<Mapping, 'match'> {
  for (const key of ['reference_value_1', 'case_request_number', 'id'] as const) {
    if (mapped.has(key)) return { match: key };
  }
  return {};
}
