/**
 * A "Client" column of numbers (1042, 1043): a carrier's system exported its client ids, not names.
 * Matched by the header alone it went to the client's name, and every request was created for a client
 * called "1042". The values decide between the client's name and its id:
 *
 * - all whole numbers: ids, it seems. An update sends them as `client_id` (the seed's update table: "ID
 *   of the client location"), said as a guess. A create has no client id (the seed's create table takes
 *   the client by name only), so the column is left for a person, saying why.
 * - an update's "Client" column of names is the client's name, not `client_id`.
 *
 * Either way it stays a guess, connected or not: Trackops publishes no list of clients (API-NOTES lists
 * no clients path, and the sandbox keeps none), so no account can confirm that 1042 is one of its
 * clients, and the words say so rather than claim a check that was not made.
 *
 * A create's column left for a person frees the client's name, which the header matching gave to that
 * column alone (explore 60 item 5: "Carrier", the sheet's client name, was then "no target found"). The
 * unmatched column whose header best names the client (as "Carrier" does when there is no "Client"
 * column) is offered it back, said as a guess, and the ids column's advice names it.
 */
import type { Cell } from '../read/types.ts';
import type { ImportMode } from '../validate/types.ts';
import type { Candidate } from './candidates.ts';
import { scoreHeader, type HeaderMatch } from './match-headers.ts';
import type { SuggestionNote } from './types.ts';

export interface ClientIdReading {
  note: SuggestionNote;
  /** The column is left for a person (a create cannot send a client id). */
  leaveForPerson: boolean;
}

const WHOLE_NUMBER = /^\d{1,12}$/;

/** Whether every non-blank value is a whole number (at least one value). */
function allWholeNumbers(cells: readonly Cell[]): string | null {
  let example: string | null = null;
  for (const cell of cells) {
    if (cell === null) continue;
    const text = typeof cell === 'number' ? String(cell) : typeof cell === 'string' ? cell.trim() : null;
    if (text === '') continue;
    if (text === null || !WHOLE_NUMBER.test(text)) return null;
    example ??= text;
  }
  return example;
}

/**
 * Re-reads the columns matched to `client.name` or `client_id` by their values; `matches` is changed in
 * place (an update's id column goes to `client_id`, its name column to `client.name`; a create's freed
 * client name to the column offered it back). `normalised`: the headers as matched (normaliseLabel).
 */
export function readClientIds(
  headers: readonly string[],
  normalised: readonly string[],
  matches: (HeaderMatch | null)[],
  candidates: readonly Candidate[],
  cellsOf: (index: number) => Cell[],
  mode: ImportMode,
): Map<number, ClientIdReading> {
  const readings = new Map<number, ClientIdReading>();
  const byTarget = (target: string) => candidates.find((candidate) => candidate.target === target);
  const taken = new Set(matches.flatMap((match) => (match ? [match.candidate.target] : [])));
  matches.forEach((match, index) => {
    const target = match?.candidate.target;
    if (!match || (target !== 'client.name' && target !== 'client_id')) return;
    const column = headers[index]!;
    const example = allWholeNumbers(cellsOf(index));
    if (example === null) {
      // Names under a header that named the id: an update's "Client" column of insurers' names.
      const name = byTarget('client.name');
      if (target === 'client_id' && name && !taken.has('client.name')) {
        matches[index] = { ...match, candidate: name };
        taken.add('client.name');
      }
      return;
    }
    const unchecked =
      'Trackops publishes no list of clients, so the numbers cannot be checked against the account: it could be either';
    const id = mode === 'update' ? byTarget('client_id') : undefined;
    if (id) {
      if (target !== 'client_id') {
        if (taken.has('client_id')) return;
        matches[index] = { ...match, candidate: id };
        taken.add('client_id');
      }
      readings.set(index, {
        leaveForPerson: false,
        note: {
          column,
          level: 'warning',
          message:
            `every value is a whole number (e.g. "${example}"), so the column is read as client ids and mapped to ${id.description} (client_id), a guess. ` +
            `${unchecked}; if the column holds the client's name, map it to the client's name (client.name) instead`,
        },
      });
      return;
    }
    // Offered only if no other column has the name already (this column held it alone).
    const nameElsewhere = matches.some(
      (other, at) => at !== index && other?.candidate.target === 'client.name',
    );
    const offered =
      target !== 'client.name' || nameElsewhere
        ? null
        : offerClientName(normalised, matches, match.candidate, cellsOf, index);
    const nameColumn = offered === null ? null : headers[offered]!;
    if (offered !== null) {
      readings.set(offered, {
        leaveForPerson: false,
        note: {
          column: nameColumn,
          level: 'warning',
          message:
            `mapped to the client's name (client.name), a guess: its header names the client, and "${column}", matched first, holds whole numbers (client ids, it seems). ` +
            `If "${column}" holds the names, map it to the client's name instead and leave this column out`,
        },
      });
    }
    const instead =
      nameColumn === null
        ? `If these are ids, map a column holding the client's name instead, or set one name for every row ("Same value on every row"; a constant "client.name"); `
        : `If these are ids, the client's name is taken from "${nameColumn}" instead (mapped, a guess: check it); `;
    readings.set(index, {
      leaveForPerson: true,
      note: {
        column,
        level: 'decide',
        message:
          `every value is a whole number (e.g. "${example}"): client ids, it seems, not names, and a new case request takes the client by name only ` +
          `(client.name; a create has no client id), so each request would be made for a client named "${example}". ${unchecked}. ` +
          instead +
          `if they are the names, confirm the client's name` +
          (nameColumn === null ? '' : ` and leave "${nameColumn}" out`),
      },
    });
  });
  return readings;
}

/**
 * The unmatched column whose header best names the client (`name`, the candidate the ids column held),
 * whose values are not all whole numbers too; it is given the client's name in `matches`. Null: none.
 */
function offerClientName(
  normalised: readonly string[],
  matches: (HeaderMatch | null)[],
  name: Candidate,
  cellsOf: (index: number) => Cell[],
  idsColumn: number,
): number | null {
  let best: { index: number; match: HeaderMatch } | null = null;
  normalised.forEach((header, index) => {
    if (index === idsColumn || matches[index]) return;
    const match = scoreHeader(header, name);
    if (!match || (best && best.match.confidence >= match.confidence)) return;
    if (allWholeNumbers(cellsOf(index)) !== null) return;
    best = { index, match };
  });
  if (best === null) return null;
  const { index, match } = best as { index: number; match: HeaderMatch };
  matches[index] = match;
  return index;
}
