/**
 * Placeholders ("N/A", "-", "none", "TBD", "unknown") outside the subject groups: a key (the match key,
 * or creating without one reference_value_1; the case request number) holding one refuses the row,
 * naming the cell, since "N/A" on many rows would make them one request; a reference value that is not
 * the key, nothing finds the request by, is text like the rest; free text (notes, a text custom field, the client's and contact's
 * names) is sent as written with a note, since a clerk may mean it. The column's own "values" win, as
 * in a subject group.
 */
import { describe, expect, it } from 'vitest';
import { parseMapping, validateRow, validateRows, type Cell, type Mapping } from '../../core/index.ts';
import { collect, demoReference, REQUIRED_CONSTANTS, sheetOf } from './helpers.ts';

const HEADERS = ['Claim', 'Policy', 'Client', 'Injury', 'Notes', 'Location'];

function mappingWith(claim: Record<string, unknown> = {}, mode: 'create' | 'update' = 'create'): Mapping {
  return parseMapping(
    {
      version: 1,
      mode,
      match: 'reference_value_1',
      ...(mode === 'create' ? { constants: REQUIRED_CONSTANTS } : {}),
      columns: [
        { column: 'Claim', target: 'reference_value_1', ...claim },
        { column: 'Policy', target: 'reference_value_2' },
        { column: 'Client', target: 'client.name' },
        // Injury Description: a LONG case field of the demo account's Surveillance type.
        { column: 'Injury', target: 'custom_fields.14' },
        { column: 'Notes', target: 'notes' },
        { column: 'Location', target: 'case_location' },
      ],
    },
    'm.json',
  );
}

const reference = demoReference();

function check(cells: Cell[], mapping = mappingWith()) {
  return validateRow({ row: 2, cells }, HEADERS, mapping, { reference });
}

describe('a placeholder in a key', () => {
  it.each(['N/A', 'n/a', '-', 'none', 'TBD', 'unknown'])(
    '%j as the claim number refuses the row, naming row, column and value',
    (placeholder) => {
      const outcome = check([placeholder, 'POL-1', 'Acme', 'Back', 'Call first', 'Denver']);
      expect(outcome.status).toBe('invalid');
      expect(outcome.body).toBeUndefined();
      expect(outcome.problems).toEqual([
        expect.objectContaining({
          row: 2,
          column: 'Claim',
          target: 'reference_value_1',
          value: placeholder,
          code: 'key_placeholder',
          message: expect.stringContaining(
            `Claim '${placeholder}' reads as a placeholder, not a Claim Number`,
          ),
        }),
      ]);
    },
  );

  it('a reference value that is not the key is sent with a note naming the key, in a create as in an update (explore 60)', () => {
    const create = check(['C-1', 'N/A', 'Acme', '', '', '']);
    expect(create.status).toBe('valid');
    expect(create.body).toMatchObject({ reference_value_2: 'N/A' });
    expect(create.notes?.map((note) => [note.column, note.code])).toEqual([['Policy', 'text_placeholder']]);
    expect(create.notes?.[0]?.message).toContain(
      "Policy 'N/A' reads as a placeholder, not a Policy Number; it is sent as written, since a request may hold it there: " +
        'nothing finds the request again by its Policy Number (this import finds it by Claim)',
    );
    const update = (cells: Cell[]) =>
      validateRow({ row: 2, cells }, HEADERS, mappingWith({}, 'update'), { reference });
    expect(update(['N/A', '', '', '', '', '']).problems.map((problem) => problem.code)).toEqual([
      'key_placeholder',
    ]);
    const other = update(['C-1', '-', '', '', '', '']);
    expect(other.status).toBe('valid');
    expect(other.notes?.map((note) => [note.column, note.code])).toEqual([['Policy', 'text_placeholder']]);
  });

  it('creating without a match key, reference_value_1 is the key the duplicate checks find requests by: refused there only', () => {
    const { match: _match, ...withoutMatch } = mappingWith() as Mapping & { match?: string };
    const noMatch = parseMapping(withoutMatch, 'm.json');
    const outcome = check(['N/A', 'TBD', 'Acme', '', '', ''], noMatch);
    expect(outcome.problems.map((problem) => [problem.column, problem.code])).toEqual([
      ['Claim', 'key_placeholder'],
    ]);
    expect(outcome.notes?.map((note) => [note.column, note.code])).toEqual([['Policy', 'text_placeholder']]);
  });

  it("a round-trip CSV's cells are the request's own: only its key is checked", () => {
    const outcome = validateRow(
      { row: 2, cells: ['C-1', '-', '', '', 'N/A', ''] },
      HEADERS,
      mappingWith({}, 'update'),
      { reference, roundTripCsv: true },
    );
    expect(outcome.notes).toBeUndefined();
    expect(outcome.status).toBe('valid');
  });

  it('the column\'s "values" win: a claim number that really is "NA" is sent', () => {
    const outcome = check(['NA', '', 'Acme', '', '', ''], mappingWith({ values: { NA: 'NA' } }));
    expect(outcome.status).toBe('valid');
    expect(outcome.body).toMatchObject({ reference_value_1: 'NA' });
  });

  it('two rows of "N/A" are each refused for it, not also as duplicates of each other', async () => {
    const sheet = sheetOf(HEADERS, [
      ['N/A', '', 'Acme', '', '', ''],
      ['N/A', '', 'Acme', '', '', ''],
    ]);
    const outcomes = await collect(validateRows(sheet, mappingWith(), { reference }));
    expect(outcomes.map((outcome) => outcome.problems.map((problem) => problem.code))).toEqual([
      ['key_placeholder'],
      ['key_placeholder'],
    ]);
  });
});

describe('a placeholder in free text', () => {
  it('is sent as written, with one note per cell naming row, column and value', () => {
    const outcome = check(['C-1', 'POL-1', 'N/A', 'none', 'TBD', '-']);
    expect(outcome.status).toBe('valid');
    expect(outcome.body).toMatchObject({
      client: { name: 'N/A' },
      notes: 'TBD',
      case_location: '-',
      custom_fields: [{ id: 14, value: 'none' }],
    });
    expect(outcome.notes?.map((note) => [note.column, note.value, note.code])).toEqual([
      ['Client', 'N/A', 'text_placeholder'],
      ['Injury', 'none', 'text_placeholder'],
      ['Notes', 'TBD', 'text_placeholder'],
      ['Location', '-', 'text_placeholder'],
    ]);
    expect(outcome.notes?.[2]?.message).toBe(
      "Notes 'TBD' reads as a placeholder, not a value; it is sent as written, since it may be meant in notes. " +
        'If it stands for "nothing here", empty the cell; to send it without this note, give it in the column\'s "values" ("TBD": "TBD")',
    );
  });

  it('real text with few letters is text, and offline a custom field (type unknown) is not noted', () => {
    expect(check(['C-1', 'POL-1', 'NA Mutual', 'Knee', 'No rush', 'Denver']).notes).toBeUndefined();
    const offline = validateRow(
      { row: 2, cells: ['C-1', '', 'Acme', 'unknown', '', ''] },
      HEADERS,
      mappingWith(),
    );
    expect(offline.notes).toBeUndefined();
  });
});
