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
import { suggestRoundTripCsv } from './round-trip-csv.ts';
import { planColumn } from './column-options.ts';
import { matchHeaders, scoreHeader, type HeaderMatch } from './match-headers.ts';
import { matchListsByValues } from './match-by-list-values.ts';
import { isRankWord, readGroupNumbers, type GroupNumber } from './group-numbers.ts';
import { normaliseLabel } from '../mapping/similarity.ts';
import { SUGGESTION_SAMPLE_ROWS } from './sample-sheet.ts';
import { suggestSkip } from './suggest-skip.ts';
import { sameLabelFieldNotes } from './same-label-fields.ts';
import { settleSameNamedTypes } from './same-named-types.ts';
import { leaveUnusableColumns } from './unusable-columns.ts';
import { readWholeAddresses } from './whole-addresses.ts';
import { readClientIds } from './client-ids.ts';
import { ungroupWithoutRequired } from './groups-without-required.ts';
import { compileSkipRules } from '../validate/skip-rows.ts';
import { valueKindOf, type ValueKind } from './value-kinds.ts';
import { CONTACT_PREFIXES } from './vocabulary.ts';
import { subjectGroupWords, targetWords } from '../mapping/target-words.ts';
import { isToolColumn } from '../read/tool-columns.ts';
import { parseTarget } from '../mapping/targets.ts';
import type { ImportMode } from '../validate/types.ts';
import type { ColumnSuggestion, SuggestInput, SuggestedMapping, SuggestionNote } from './types.ts';
import { MAPPING_FILE_WORDS } from '../problems/mapping-words.ts';

const REQUIRED_TARGETS = [
  'case_type_id',
  'case_region_id',
  'created_on',
  'client.name',
  'client.country',
  'contact.last_name',
  'contact.email',
] as const;

/** A header match at least this sure goes into the mapping; a weaker one is offered to a person. */
export const MAP_CONFIDENCE = 0.75;

export function suggestMapping(input: SuggestInput): SuggestedMapping {
  // A round-trip CSV fits only one mapping: updates by id, each column onto its own header.
  const roundTrip = (input.mode ?? 'update') === 'update' ? suggestRoundTripCsv(input) : null;
  if (roundTrip) return roundTrip;
  const { headers, reference } = input;
  const decisions: SuggestionNote[] = [];
  // A footer at the end of the sheet: left out by proposed skip rules, and not looked at for values.
  const whole = input.sampleRows.length < SUGGESTION_SAMPLE_ROWS && input.totalRows === undefined;
  const lastRows = input.tailRows ?? (whole ? input.sampleRows : []);
  const footer = suggestSkip(lastRows);
  const leftOut = footer ? compileSkipRules(footer.skip, headers) : null;
  const sampleRows = input.sampleRows
    .slice(0, SUGGESTION_SAMPLE_ROWS)
    .filter((row) => !leftOut || leftOut(row) === null);
  const sampled =
    input.sampleRows.length >= SUGGESTION_SAMPLE_ROWS &&
    (input.totalRows === undefined || input.totalRows > SUGGESTION_SAMPLE_ROWS)
      ? ` (counted in the first ${SUGGESTION_SAMPLE_ROWS} rows)`
      : '';
  // Columns trackops-bulk wrote (a report or results file mapped again) are not data: matched to
  // nothing, so `_id` cannot take the id target from a real column, and not left for a person.
  const normalised = headers.map((header, index) =>
    isToolColumn(header) ? '' : normaliseLabel(inGroup(header, input.groupHeadings?.[index] ?? null)),
  );
  // A short header under a merged group heading ("Address" under "Carrier") is read with it: matched
  // alone, the carrier's "Address" was offered as the claimant's at 98 %.
  const readUnder = new Map<string, string[]>();
  headers.forEach((header, index) => {
    const heading = input.groupHeadings?.[index] ?? null;
    if (heading === null || isToolColumn(header) || inGroup(header, heading) === header) return;
    readUnder.set(heading, [
      ...(readUnder.get(heading) ?? []),
      `'${header}' as '${inGroup(header, heading)}'`,
    ]);
  });
  const aboveRow = input.headerRow === undefined ? '' : ` (row ${input.headerRow - 1})`;
  for (const [heading, read] of readUnder)
    decisions.push({
      column: null,
      level: 'info',
      message: `Under the heading '${heading}' merged above the header${aboveRow}, headers were matched with it: ${read.join(', ')}.`,
    });
  const candidates: Candidate[] = offlineCandidates(reference !== undefined, input.mode ?? 'create');
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
        `the case type and lookup values need the account (${(input.mappingWords ?? MAPPING_FILE_WORDS).connect()}).`,
    });
  }

  const kinds = headers.map((_, index) => valueKindOf(sampleRows.map((row) => row.cells[index] ?? null)));
  // Two subject types of one name ("Vehicle" twice): the columns of that prefix go to one of them.
  const sameNamed = settleSameNamedTypes(
    headers,
    normalised,
    candidates,
    readGroupNumbers(normalised, reference, (subjectTypeId, header) =>
      candidates.some(
        (candidate) =>
          candidate.subjectTypeId === subjectTypeId &&
          (scoreHeader(header, candidate)?.confidence ?? 0) >= MAP_CONFIDENCE,
      ),
    ),
    reference,
    MAP_CONFIDENCE,
  );
  candidates.splice(0, candidates.length, ...sameNamed.candidates);
  decisions.push(...sameNamed.notes);
  const groupNumbers = sameNamed.groupNumbers;
  const matches = matchHeaders(normalised, candidates, kinds, groupNumbers);
  matchContactByValues(normalised, kinds, candidates, matches);
  // After the headers, so a column a header names keeps it; before the constants below, so that a
  // region column found by its values is mapped rather than replaced by the default region.
  const byValues = reference
    ? matchListsByValues(
        headers,
        normalised,
        headers.map((_, index) => sampleRows.map((row) => row.cells[index] ?? null)),
        reference,
        candidates,
        matches,
      )
    : new Map<number, SuggestionNote>();
  // After the contact: a "Client" column of numbers is read as ids (or left for a person) before any
  // option is planned for the client's name.
  const clientIds = readClientIds(
    headers,
    normalised,
    matches,
    candidates,
    (index) => sampleRows.map((row) => row.cells[index] ?? null),
    input.mode ?? 'create',
  );
  const wholeAddresses = readWholeAddresses(headers, matches, candidates, (index) =>
    sampleRows.map((row) => row.cells[index] ?? null),
  );
  // Last before the groups are made: a group past its type's first that can never have the field the
  // type requires is taken back into the first (explore 60 item 3), however its headers were numbered.
  const ungrouped = ungroupWithoutRequired(headers, matches, groupNumbers, reference, MAP_CONFIDENCE);
  const groups = subjectGroupsOf(matches, groupNumbers);
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
    const valuesNote = byValues.get(index);
    if (valuesNote) decisions.push(valuesNote);
    const regrouped = ungrouped.get(index);
    if (regrouped) decisions.push(regrouped.note);
    if (match.confidence < MAP_CONFIDENCE) {
      suggestion.status = 'decide';
      if (valuesNote) return suggestion;
      decisions.push({
        column,
        level: 'decide',
        message: `perhaps ${match.candidate.description}, but the header is only ${Math.round(match.confidence * 100)}% alike: confirm it or choose another target`,
      });
      return suggestion;
    }
    const clientId = clientIds.get(index);
    if (clientId) {
      decisions.push(clientId.note);
      if (clientId.leaveForPerson) {
        suggestion.status = 'decide';
        return suggestion;
      }
    }
    const wholeAddress = wholeAddresses.get(index);
    if (wholeAddress) {
      decisions.push(wholeAddress.note);
      if (wholeAddress.leaveForPerson) {
        suggestion.status = 'decide';
        return suggestion;
      }
    }
    const plan = planColumn(
      column,
      {
        target: match.candidate.target,
        ...(match.candidate.field ? { field: match.candidate.field } : {}),
        ...(match.candidate.part === undefined ? {} : { part: match.candidate.part }),
        required: (REQUIRED_TARGETS as readonly string[]).includes(target),
      },
      sampleRows.map((row) => row.cells[index] ?? null),
      reference,
      sampled,
      input.mappingWords,
    );
    decisions.push(...plan.notes);
    if (plan.needsPerson) suggestion.status = 'decide';
    else columns.push({ column, target, ...plan.options });
    return suggestion;
  });

  const mapped = new Set(columns.map((column) => column.target));
  decisions.push(...sameLabelFieldNotes(columns, reference, mapped.has('case_type_id')));
  // A column offered for a target but left for a person (a header only partly alike): the sheet may
  // have that column, so no constant is put in its place; the required-target note below names it.
  const offered = offeredColumns(suggestions, mapped);
  const mode = input.mode ?? 'create';
  if (
    caseTypeChoice &&
    !mapped.has('case_type_id') &&
    !offered.has('case_type_id') &&
    !sendable('case_type_id', mode)
  ) {
    // An update cannot change a request's case type: a constant would make the mapping refused, so the
    // case type chosen for the headers (its fields matched above) is said, and no constant proposed.
    decisions.push({
      column: null,
      level: 'info',
      message: `no case type constant proposed: an update cannot change a request's case type (the API's update takes no case_type_id), so each request keeps its own; the headers were matched with the fields of case type "${caseTypeChoice.caseType.name}" (id ${caseTypeChoice.caseType.id}), which fit them best`,
    });
  } else if (caseTypeChoice && !mapped.has('case_type_id') && !offered.has('case_type_id')) {
    const { caseType, tiedWith } = caseTypeChoice;
    constants.case_type_id = caseType.id;
    const tie = tiedWith.length
      ? ` (${tiedWith.map((other) => other.name).join(', ')} fit as well: change the constant if the sheet is for one of those)`
      : '';
    decisions.push({
      column: null,
      level: tiedWith.length ? 'warning' : 'info',
      message: `case type "${caseType.name}" (id ${caseType.id}) for every row: its reference labels and fields fit the headers best${tie}`,
    });
  }
  const defaultRegion = reference?.case_regions.filter((region) => region.is_default);
  if (
    !mapped.has('case_region_id') &&
    !offered.has('case_region_id') &&
    defaultRegion?.length === 1 &&
    !sendable('case_region_id', mode)
  ) {
    decisions.push({
      column: null,
      level: 'info',
      message: `no region constant proposed (not even the default region ${defaultRegion[0]!.name}): an update cannot change a request's region (the API's update takes no case_region_id), so each request keeps its own`,
    });
  } else if (!mapped.has('case_region_id') && !offered.has('case_region_id') && defaultRegion?.length === 1) {
    constants.case_region_id = defaultRegion[0]!.id;
    // Said as what it is: no header was recognised as the region, which is not proof the sheet has none.
    decisions.push({
      column: null,
      level: 'info',
      message: `no column was recognised as the case region: every row goes to the default region ${defaultRegion[0]!.name} (the constant "case_region_id"); if the sheet has a region column, map it instead`,
    });
  }
  // Seed create table and client/contact tables: what every new case request needs.
  for (const required of REQUIRED_TARGETS) {
    const given =
      mapped.has(required) ||
      required in constants ||
      (required === 'contact.last_name' && mapped.has('contact.full_name'));
    if (!given && mode === 'create') {
      const maybe = offered.get(required);
      decisions.push({
        column: null,
        level: 'decide',
        message: maybe
          ? `${targetWords(required)} (${required}), which every new case request needs, is not mapped yet: '${maybe}' may give it (left for a person above): confirm it, map another column, or set one value for every row ("Same value on every row"; a constant "${required}")`
          : `no column gives ${targetWords(required)} (${required}), which every new case request needs: map a column to it, or set one value for every row ("Same value on every row"; a constant "${required}")`,
      });
    }
  }
  const subjectWords = { reference, mapping: { subjects: groups.order.map(subjectGroup) } };
  groups.order.forEach((group, index) => {
    const type = reference?.subject_types.find((candidate) => candidate.id === group.subjectTypeId);
    const name = type?.name ?? String(group.subjectTypeId);
    const starts = startsOf(group, name);
    // An ordinal is words read as a number: said, so a person sees which columns it bound together.
    const read = group.ordinals.size
      ? ` (${ordinalsRead(group)} read as ${name} number ${group.number})`
      : '';
    decisions.push({
      column: null,
      level: 'info',
      message: `subject group ${index + 1}, ${subjectGroupWords(index, subjectWords)}: the columns starting ${starts}${read}`,
      ...(group.ordinals.size ? { ordinalGroup: index } : {}),
    });
  });
  decisions.push(...numberedFromPastOne(groups, subjectWords), ...numberingGaps(groups, subjectWords));

  const mapping: Mapping = {
    version: 1,
    mode,
    ...(input.sheet || input.givenHeaderRow
      ? {
          source: {
            ...(input.sheet ? { sheet: input.sheet } : {}),
            ...(input.givenHeaderRow ? { headerRow: input.givenHeaderRow } : {}),
          },
        }
      : {}),
    ...matchKey(mapped),
    ...(Object.keys(constants).length ? { constants } : {}),
    ...(groups.order.length ? { subjects: groups.order.map(subjectGroup) } : {}),
    ...(footer ? { skip: footer.skip } : {}),
    columns,
  };
  if (footer) decisions.push(footer.note);
  leaveUnusableColumns(mapping, suggestions, decisions);
  suggestions.forEach((suggestion, index) => {
    if (suggestion.status === 'unmatched') {
      // A column taken out of a group that could not be a subject says why instead (its note above).
      const regrouped = ungrouped.get(index);
      if (regrouped) {
        decisions.push(regrouped.note);
        return;
      }
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
  });
  return { mapping, columns: suggestions, decisions, offline: reference === undefined };
}

/**
 * Whether a mapping of `mode` can send a constant on `target`: an update sends only what the API's
 * update takes (seed: the update table has no case type or region), an upsert's creates take the rest.
 */
function sendable(target: string, mode: ImportMode): boolean {
  const parsed = parseTarget(target);
  return mode !== 'update' || parsed?.kind !== 'param' || parsed.spec.update;
}

/** Targets a column is offered for but not mapped to (status "decide"), with the first such column. */
function offeredColumns(
  suggestions: readonly ColumnSuggestion[],
  mapped: ReadonlySet<string>,
): Map<string, string> {
  const offered = new Map<string, string>();
  for (const { status, target, column } of suggestions)
    if (status === 'decide' && target !== null && !mapped.has(target) && !offered.has(target))
      offered.set(target, column);
  return offered;
}

/**
 * A contact column the header alone does not place ("Adjuster Contact", "Examiner Info") whose values
 * are all e-mails or all phone numbers: the contact's e-mail or office phone, when no other column
 * has taken it. Said as a match by values, below the surety of a header match.
 */
function matchContactByValues(
  normalised: readonly string[],
  kinds: readonly (ValueKind | null)[],
  candidates: readonly Candidate[],
  matches: (HeaderMatch | null)[],
): void {
  const taken = new Set(matches.flatMap((match) => (match ? [match.candidate.target] : [])));
  normalised.forEach((header, index) => {
    const kind = kinds[index];
    if (matches[index] || (kind !== 'email' && kind !== 'phone')) return;
    if (!CONTACT_PREFIXES.some((prefix) => header === prefix || header.startsWith(`${prefix} `))) return;
    const target = kind === 'email' ? 'contact.email' : 'contact.phone_office';
    const candidate = candidates.find((entry) => entry.target === target);
    if (!candidate || taken.has(target)) return;
    taken.add(target);
    matches[index] = { candidate, confidence: 0.8, how: 'values' };
  });
}

interface Group {
  subjectTypeId: number;
  /** Its number among the groups of its type: 1 for unnumbered columns ("Claimant Phone"). */
  number: number;
  /** Whether its columns are written with the number ("Claimant 1 Phone"), without it, or both. */
  numbered: boolean;
  unnumbered: boolean;
  /**
   * How its columns write the number as an ordinal, if they do: the header's start for a type name
   * ("2nd Claimant", "Second Claimant", "Claimant 2nd"), by its normalised words.
   */
  ordinals: Map<string, (typeName: string) => string>;
}

interface Groups {
  /** Subject types in the order their first column appears; the groups of one type by their number. */
  order: Group[];
  /** groupKey → position in `order`. */
  index: Map<string, number>;
}

const groupKey = (subjectTypeId: number, number: number) => `${subjectTypeId}#${number}`;

function subjectGroupsOf(
  matches: readonly (HeaderMatch | null)[],
  groupNumbers: readonly (GroupNumber | null)[],
): Groups {
  const found: Group[] = [];
  matches.forEach((match, index) => {
    const type = match && match.confidence >= MAP_CONFIDENCE ? match.candidate.subjectTypeId : undefined;
    if (type === undefined) return;
    const number = match!.groupNumber ?? 1;
    let group = found.find((entry) => entry.subjectTypeId === type && entry.number === number);
    if (!group) {
      group = { subjectTypeId: type, number, numbered: false, unnumbered: false, ordinals: new Map() };
      found.push(group);
    }
    const ordinal = groupNumbers[index]?.ordinal;
    if (ordinal) group.ordinals.set(`${ordinal.word} ${ordinal.before}`, ordinalWords(ordinal));
    else if (groupNumbers[index]) group.numbered = true;
    else group.unnumbered = true;
  });
  // "Claimant 2" after "Claimant 1" even when a Claimant 2 column comes first in the sheet: the
  // primary subject is the first type's group 1 (or its lowest number).
  const typeOrder = [...new Set(found.map((group) => group.subjectTypeId))];
  const order = [...found].sort(
    (a, b) => typeOrder.indexOf(a.subjectTypeId) - typeOrder.indexOf(b.subjectTypeId) || a.number - b.number,
  );
  return {
    order,
    index: new Map(order.map((group, index) => [groupKey(group.subjectTypeId, group.number), index])),
  };
}

/** How the group's headers start: '"Claimant"', '"Claimant 2" or "2nd Claimant"'. */
function startsOf(group: Group, typeName: string): string {
  return [
    ...(group.unnumbered ? [`"${typeName}"`] : []),
    ...(group.numbered ? [`"${typeName} ${group.number}"`] : []),
    ...[...group.ordinals.values()].map((words) => `"${words(typeName)}"`),
  ].join(' or ');
}

/**
 * What gave a group its number, in the group's line: "an ordinal", "ordinals", or for a rank alone
 * ("Primary Claimant"), the word itself, since "Primary" is not what a clerk calls an ordinal.
 */
function ordinalsRead(group: Group): string {
  const words = [...group.ordinals.keys()].map((key) => key.split(' ')[0]!);
  if (words.every(isRankWord))
    return `the word${words.length > 1 ? 's' : ''} ${words.map((word) => `"${word.charAt(0).toUpperCase()}${word.slice(1)}"`).join(' and ')}`;
  return words.length > 1 ? 'ordinals' : 'an ordinal';
}

/** "2nd Claimant", "Second Claimant", "Claimant 2nd": an ordinal as the header places it. */
function ordinalWords(ordinal: NonNullable<GroupNumber['ordinal']>): (typeName: string) => string {
  const word = ordinal.word.charAt(0).toUpperCase() + ordinal.word.slice(1);
  return (typeName) => (ordinal.before ? `${word} ${typeName}` : `${typeName} ${word}`);
}

/**
 * A type whose columns are numbered from 2 or more ("Claimant 2 Name" and no "Claimant 1" or plain
 * "Claimant" column): a carrier that deleted the first claimant's columns. Its lowest group is still
 * the first of its type in the mapping (and the case's primary subject when it is the first type), so
 * "Claimant 2" becomes "Claimant 1": right when the first person is gone, wrong when the sheet names
 * them under other headers. Said, as the guess it is.
 */
function numberedFromPastOne(
  groups: Groups,
  subjectWords: Parameters<typeof subjectGroupWords>[1],
): SuggestionNote[] {
  const notes: SuggestionNote[] = [];
  const seen = new Set<number>();
  groups.order.forEach((group, index) => {
    if (seen.has(group.subjectTypeId)) return;
    seen.add(group.subjectTypeId);
    if (group.number <= 1) return;
    const type = subjectWords?.reference?.subject_types.find((entry) => entry.id === group.subjectTypeId);
    const name = type?.name ?? `subject type ${group.subjectTypeId}`;
    const primary = index === 0 ? ", the case's primary subject" : '';
    notes.push({
      column: null,
      level: 'warning',
      message:
        `no column names ${name} 1: the ${name} columns start at ${name} ${group.number} (the columns starting ${startsOf(group, name)}), ` +
        `so they are subject group ${index + 1} (${subjectGroupWords(index, subjectWords)} in the mapping)${primary}. ` +
        `Right if the sheet leaves out the first ${name}; if the first ${name}'s columns have other headers, map those to subject group ${index + 1} ` +
        `and these to a group of their own`,
    });
  });
  return notes;
}

/**
 * A type whose numbers skip one ("Claimant 1 …" and "Claimant 3 …", no "Claimant 2"): the mapping's
 * groups of a type have no numbers of their own, only their order, so the sheet's Claimant 3 is the
 * second claimant in the mapping and in Trackops. Said, so that the renumbering is not silent: right
 * when the carrier left the second claimant out, wrong when the second claimant is under other headers.
 */
function numberingGaps(
  groups: Groups,
  subjectWords: Parameters<typeof subjectGroupWords>[1],
): SuggestionNote[] {
  const notes: SuggestionNote[] = [];
  groups.order.forEach((group, index) => {
    const before = groups.order[index - 1];
    if (!before || before.subjectTypeId !== group.subjectTypeId || group.number === before.number + 1) return;
    const type = subjectWords?.reference?.subject_types.find((entry) => entry.id === group.subjectTypeId);
    const name = type?.name ?? `subject type ${group.subjectTypeId}`;
    const missing =
      group.number === before.number + 2
        ? `${name} ${before.number + 1}`
        : `${name} ${before.number + 1} to ${group.number - 1}`;
    notes.push({
      column: null,
      level: 'warning',
      message:
        `no column names ${missing}: the ${name} columns go from ${name} ${before.number} to ${name} ${group.number}, ` +
        `so the columns starting ${startsOf(group, name)} are subject group ${index + 1} (${subjectGroupWords(index, subjectWords)} in the mapping and in Trackops). ` +
        `Right if the sheet leaves out ${missing}; if ${missing}'s columns have other headers, map those to a group of their own`,
    });
  });
  return notes;
}

function targetOf(match: HeaderMatch, groups: Groups): string {
  const type = match.candidate.subjectTypeId;
  if (type === undefined) return match.candidate.target;
  // A weak match's subject type may have no group; it is only shown to a person, as group "?".
  const index = groups.index.get(groupKey(type, match.groupNumber ?? 1));
  return `subjects.${index ?? '?'}.${match.candidate.target}`;
}

function subjectGroup(group: Group, index: number): SubjectGroup {
  // The first group found is the case's main subject: primary and pinned, as the seed's example has it.
  return { subject_type_id: group.subjectTypeId, is_primary: index === 0, is_pinned: index === 0 };
}

/**
 * The key an update finds its request by: the request's id when the sheet carries it (it names exactly
 * one request and nothing edits it), else a reference value or the request number.
 */
function matchKey(mapped: Set<string>): Pick<Mapping, 'match'> {
  for (const key of ['id', 'reference_value_1', 'case_request_number'] as const) {
    if (mapped.has(key)) return { match: key };
  }
  return {};
}

/**
 * A header with its group heading before it ("Carrier" + "Address" → "Carrier Address"), unless the
 * header already starts with the heading's words ("Carrier City" under "Carrier"). The "(2)" the reader
 * gives a repeated header ("Name (2)" under "Claimant") is not part of what the header says.
 */
function inGroup(header: string, heading: string | null): string {
  if (heading === null) return header;
  const said = header.replace(/ \(\d+\)$/, '');
  const words = normaliseLabel(heading);
  if (words === '' || normaliseLabel(said).startsWith(words)) return header;
  return `${heading} ${said}`;
}
