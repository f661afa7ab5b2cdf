/**
 * A column matched to an address's street line whose values are whole addresses ("12 Elm St, Denver,
 * CO 80202"): carriers head such a column "Claimant Address", which names the street line as surely as
 * the whole field. Sent as the street line, the whole text became the street and city, state and zip
 * stayed empty in Trackops, with no note (explore 39 item 4). The values decide:
 *
 * - every value reads as a whole address (parse "address": street, city, then state and/or zip), and no
 *   other column gives a part of that field: the column goes to the whole ADDRESS field with
 *   `parse: "address"`, as a header naming the whole field would ("Claimant Home Address"), said as read
 *   from the values;
 * - the client's address has no whole-address target (the seed sends it by parts): such a column is
 *   left for a person, saying why;
 * - some values only, or other columns giving the city or zip: mapped as matched, with a warning naming
 *   a value, since the person must look.
 */
import type { Cell } from '../read/types.ts';
import { cellText } from '../read/cell-text.ts';
import { parseAddress } from '../mapping/text-parsers.ts';
import type { Candidate } from './candidates.ts';
import type { HeaderMatch } from './match-headers.ts';
import type { SuggestionNote } from './types.ts';

export interface WholeAddressColumn {
  /** The column's values are whole addresses and it must not go into the mapping as matched. */
  leaveForPerson: boolean;
  note: SuggestionNote;
}

export function readWholeAddresses(
  headers: readonly string[],
  matches: (HeaderMatch | null)[],
  candidates: readonly Candidate[],
  cellsOf: (index: number) => readonly Cell[],
): Map<number, WholeAddressColumn> {
  const found = new Map<number, WholeAddressColumn>();
  matches.forEach((match, index) => {
    if (!match) return;
    const { candidate } = match;
    const client = candidate.target === 'client.address_1';
    if (!client && !(candidate.field && candidate.part === 'address_1')) return;
    const texts = cellsOf(index)
      .map((cell) => cellText(cell).trim())
      .filter((text) => text !== '');
    const whole = texts.filter((text) => parseAddress(text) !== null);
    if (whole.length === 0) return;
    const column = headers[index]!;
    const example = `"${whole[0]}"`;
    const some = whole.length < texts.length;
    // Other columns on the same field's parts (or the whole field): the sheet splits the address itself.
    const sameField = (other: HeaderMatch | null, otherIndex: number) =>
      other !== null &&
      otherIndex !== index &&
      (client
        ? other.candidate.target.startsWith('client.') &&
          /^client\.(?:address_\d|city|state|zip)$/.test(other.candidate.target)
        : other.candidate.field?.id === candidate.field!.id &&
          other.candidate.subjectTypeId === candidate.subjectTypeId &&
          (other.groupNumber ?? 1) === (match.groupNumber ?? 1));
    const parts = matches.some(sameField);
    if (some || parts) {
      found.set(index, {
        leaveForPerson: false,
        note: {
          column,
          level: 'warning',
          message: `${some ? `${whole.length} of ${texts.length} values look` : 'its values look'} like whole addresses (${example}), but the column is mapped to the street line only${parts ? ' and other columns give the rest of the address' : ''}: check that it holds the street alone, or split the column in the sheet`,
        },
      });
      return;
    }
    if (client) {
      found.set(index, {
        leaveForPerson: true,
        note: {
          column,
          level: 'decide',
          message: `its values are whole addresses (${example}): the client's address is sent by parts (client.address_1, client.city, client.state, client.zip), and a whole address is not split for the client; split the column in the sheet into street, city, state and zip, or map it to client.address_1 by hand to send each whole address as the street line`,
        },
      });
      return;
    }
    const wholeField = candidates.find(
      (other) =>
        other.field?.id === candidate.field!.id &&
        other.subjectTypeId === candidate.subjectTypeId &&
        other.part === null,
    );
    if (!wholeField) return;
    matches[index] = { ...match, candidate: wholeField };
    found.set(index, {
      leaveForPerson: false,
      note: {
        column,
        level: 'warning',
        message: `its values are whole addresses (${example}), read from the values: mapped to the whole "${candidate.field!.name}" with parse "address", which splits each into street, city, state and zip (a value it cannot split is refused, naming its row)`,
      },
    });
  });
  return found;
}
