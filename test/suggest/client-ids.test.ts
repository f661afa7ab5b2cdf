/**
 * A "Client" column is the client's name or the client's id by its values (client-ids.ts): whole
 * numbers are ids, sent as `client_id` by an update (a guess, said) and left for a person by a create,
 * which takes the client by name only; names are the name in either mode. Against the demo account and
 * offline alike, since no account lists its clients.
 */
import { describe, expect, it } from 'vitest';
import { parseMapping, suggestMapping, type Cell, type SuggestedMapping } from '../../core/index.ts';
import type { ImportMode } from '../../core/validate/types.ts';
import { demoReference } from '../samples/helpers.ts';

const { reference } = await demoReference();

function suggest(clients: Cell[], mode: ImportMode, connected: boolean): SuggestedMapping {
  const headers = ['Claim #', 'Client', 'Adjuster Email'];
  const sampleRows = clients.map((client, index) => ({
    row: index + 2,
    cells: [`CLM-${index + 1}`, client, `a${index}@acme.example`],
  }));
  const proposal = suggestMapping({
    headers,
    sampleRows,
    mode,
    ...(connected ? { reference } : {}),
    fileName: 'test.csv',
  });
  expect(parseMapping(JSON.parse(JSON.stringify(proposal.mapping)), 'proposal')).toEqual(proposal.mapping);
  return proposal;
}

const client = (proposal: SuggestedMapping) => ({
  mapped: proposal.mapping.columns.find((entry) => entry.column === 'Client')?.target ?? null,
  status: proposal.columns.find((entry) => entry.column === 'Client')?.status,
  notes: proposal.decisions.filter((note) => note.column === 'Client').map((note) => note.level),
});

describe('a Client column of whole numbers', () => {
  for (const connected of [true, false]) {
    it(`rule: a create leaves it for a person, saying it could be either (${connected ? 'connected' : 'offline'})`, () => {
      const proposal = suggest(['1042', 1043, ' 1044 '], 'create', connected);
      expect(client(proposal)).toEqual({ mapped: null, status: 'decide', notes: ['decide'] });
      const note = proposal.decisions.find((entry) => entry.column === 'Client')!.message;
      expect(note).toContain('every value is a whole number (e.g. "1042"): client ids, it seems, not names');
      expect(note).toContain('cannot be checked against the account: it could be either');
    });
  }

  it('rule: a create offers the freed client name to the unmatched column naming the client, never to one of numbers too (explore 60)', () => {
    const sheet = (carriers: Cell[]) =>
      suggestMapping({
        headers: ['Claim #', 'Client', 'Carrier'],
        sampleRows: carriers.map((carrier, index) => ({
          row: index + 2,
          cells: [`CLM-${index + 1}`, String(1042 + index), carrier],
        })),
        mode: 'create',
        reference,
        fileName: 'test.csv',
      });
    const named = sheet(['Acme Mutual', 'Granite State']);
    expect(named.mapping.columns.filter((column) => column.target === 'client.name')).toEqual([
      { column: 'Carrier', target: 'client.name' },
    ]);
    expect(named.decisions.find((note) => note.column === 'Carrier')?.level).toBe('warning');
    const numbers = sheet(['77', '78']);
    expect(numbers.mapping.columns.some((column) => column.target === 'client.name')).toBe(false);
    expect(numbers.decisions.find((note) => note.column === 'Client')?.message).toContain(
      "If these are ids, map a column holding the client's name instead",
    );
  });

  // Update proposals offline only: no host asks for a connected one (map and the app propose creates),
  // and connected it would set the create-only case type and region constants.
  it('rule: an update maps it to client_id, with a warning that it is a guess', () => {
    const proposal = suggest(['1042', '1043'], 'update', false);
    expect(client(proposal)).toEqual({ mapped: 'client_id', status: 'mapped', notes: ['warning'] });
    expect(proposal.decisions.find((entry) => entry.column === 'Client')!.message).toContain(
      'so the column is read as client ids and mapped to Client location id (client_id), a guess',
    );
  });

  it("rule: names stay the client's name, in a create and in an update (never the update's client_id)", () => {
    expect(client(suggest(['Acme Mutual', '1042 Holdings'], 'create', true))).toEqual({
      mapped: 'client.name',
      status: 'mapped',
      notes: [],
    });
    expect(client(suggest(['Acme Mutual', '1042 Holdings'], 'update', false))).toEqual({
      mapped: 'client.name',
      status: 'mapped',
      notes: [],
    });
  });
});
