import { describe, expect, it } from 'vitest';
import {
  MappingError,
  parseMapping,
  skippedChecks,
  summarize,
  updateBodyFromCreate,
  validateRow,
  validateRows,
  type CaseRequestCreateBody,
} from '../../core/index.ts';
import {
  cellsOf,
  collect,
  CREATE_HEADERS,
  CREATE_MAPPING,
  demoReference,
  GOOD_ROW,
  sheetOf,
} from './helpers.ts';

const reference = demoReference();
const UPDATE = parseMapping(
  {
    version: 1,
    mode: 'update',
    match: 'case_request_number',
    columns: [
      { column: 'Request', target: 'case_request_number' },
      { column: 'Due', target: 'due_on' },
      { column: 'Notes', target: 'notes', blank: 'clear' },
      { column: 'Flags', target: 'case_flags_list', split: ',', lookup: 'case_flags', blank: 'clear' },
      { column: 'Client City', target: 'client.city' },
      { column: 'Adjuster Mobile', target: 'contact.phone_mobile', parse: 'phone' },
      { column: 'Rush', target: 'custom_fields.11' },
    ],
  },
  'update.json',
);
const HEADERS = UPDATE.columns.map((column) => column.column);

describe('update mode (seed update table)', () => {
  it('sends only what the row sets: a blank cell leaves its field unchanged', () => {
    const outcome = validateRow(
      {
        row: 2,
        cells: ['REQ-00001', { type: 'date', date: '2026-08-01' }, 'Call first', 'Rush', '', '', ''],
      },
      HEADERS,
      UPDATE,
      {
        reference,
      },
    );
    expect(outcome.problems).toEqual([]);
    expect(outcome.matchValue).toBe('REQ-00001');
    expect(outcome.body).toEqual({ due_on: '2026-08-01', notes: 'Call first', case_flags_list: [31] });
    expect(outcome.partialObjects).toBeUndefined();
  });

  it('"blank": "clear" sends an empty value for a blank cell', () => {
    const outcome = validateRow({ row: 2, cells: ['REQ-00001', '', '', '', '', '', ''] }, HEADERS, UPDATE, {
      reference,
    });
    expect(outcome.body).toEqual({ notes: '', case_flags_list: [] });
  });

  it('marks client/contact holding only some parts, so the runner merges them before the PUT', () => {
    const outcome = validateRow(
      { row: 2, cells: ['REQ-00001', '', '', '', 'Boulder', '303 555 0100', 'yes'] },
      HEADERS,
      UPDATE,
      { reference },
    );
    expect(outcome.body).toEqual({
      client: { city: 'Boulder' },
      contact: { phone_mobile: '303-555-0100' },
      notes: '',
      case_flags_list: [],
      custom_fields: [{ id: 11, value: 1 }],
    });
    expect(outcome.partialObjects).toEqual(['client', 'contact']);
  });

  it('a row without the match key cannot be updated', () => {
    const outcome = validateRow({ row: 9, cells: ['', '2026-08-01', '', '', '', '', ''] }, HEADERS, UPDATE, {
      reference,
    });
    expect(outcome.problems.map((p) => [p.code, p.column, p.message])).toEqual([
      [
        'missing_match_value',
        'Request',
        'Request is empty; the case request number is needed to find the case request to update',
      ],
    ]);
  });

  it('an upsert row without its id says the upsert cannot create it and how to (not "needed to find the case request to update")', () => {
    // Exploratory round: a script author's upsert file matched by id, with new rows whose id is empty,
    // was told only what an update is told, and nothing of how to create those rows.
    const upsert = parseMapping(
      {
        version: 1,
        mode: 'upsert',
        match: 'id',
        columns: [
          { column: 'Trackops ID', target: 'id' },
          { column: 'Notes', target: 'notes' },
        ],
      },
      'upsert-by-id.json',
    );
    const outcome = validateRow({ row: 7, cells: ['', 'New referral'] }, ['Trackops ID', 'Notes'], upsert, {
      reference,
    });
    const missing = outcome.problems.find((p) => p.code === 'missing_match_value');
    expect(missing?.message).toBe(
      "Trackops ID is empty: an upsert finds each row's case request by its trackops id, so this row is neither " +
        'updated nor created. Fill in the trackops id of the request it updates, or, if it is a new case ' +
        'request, import it in create mode',
    );
  });

  it("upsert rows carry a create body; updateBodyFromCreate keeps the update table's part", () => {
    const upsert = parseMapping({ ...CREATE_MAPPING, mode: 'upsert' }, 'upsert.json');
    const outcome = validateRow({ row: 2, cells: cellsOf(GOOD_ROW) }, CREATE_HEADERS, upsert, { reference });
    const update = updateBodyFromCreate(outcome.body as CaseRequestCreateBody);
    expect(Object.keys(update)).toEqual([
      'client',
      'contact',
      'created_on',
      'reference_value_1',
      'case_services_list',
      'custom_fields',
    ]);
  });
});

describe('validateRows', () => {
  it('streams every row and flags in-file duplicates of the match key, naming the first row', async () => {
    const rows = [
      GOOD_ROW,
      { ...GOOD_ROW, 'Claim #': 'CLM-200' },
      { ...GOOD_ROW, 'Claim #': ' CLM-100 ' },
    ].map((row) => cellsOf(row));
    const outcomes = await collect(
      validateRows(sheetOf(CREATE_HEADERS, rows), CREATE_MAPPING, { reference }),
    );
    expect(outcomes.map((o) => [o.row, o.status, o.action])).toEqual([
      [2, 'valid', undefined],
      [3, 'valid', undefined],
      [4, 'invalid', 'duplicate_in_file'],
    ]);
    expect(outcomes[2]!.problems[0]!.message).toBe(
      "Claim # 'CLM-100' is also in row 2; each Claim Number may appear once",
    );
    expect(outcomes[2]!.body).toBeUndefined();
    expect(summarize(outcomes, 1)).toEqual({ rows: 3, valid: 2, invalid: 1, skippedBlank: 1 });
  });

  it('offline (no account labels): the key is named by its column, not as "reference 1"', async () => {
    const rows = [GOOD_ROW, GOOD_ROW].map((row) => cellsOf(row));
    const outcomes = await collect(validateRows(sheetOf(CREATE_HEADERS, rows), CREATE_MAPPING));
    expect(outcomes[1]!.problems[0]!.message).toBe(
      `Claim # '${GOOD_ROW['Claim #']}' is also in row 2; each Claim # may appear once`,
    );
  });

  it("a key differing from an earlier row's only in letter case or spacing is a duplicate too", async () => {
    const rows = [
      { ...GOOD_ROW, 'Claim #': 'CLM-2026 100' },
      { ...GOOD_ROW, 'Claim #': 'clm-2026  100' },
      { ...GOOD_ROW, 'Claim #': 'CLM-2026-100' },
    ].map((row) => cellsOf(row));
    const outcomes = await collect(
      validateRows(sheetOf(CREATE_HEADERS, rows), CREATE_MAPPING, { reference }),
    );
    // Creating both made two requests for one claim; a hyphen for a space is another key.
    expect(outcomes.map((o) => [o.row, o.status, o.action])).toEqual([
      [2, 'valid', undefined],
      [3, 'invalid', 'duplicate_in_file'],
      [4, 'valid', undefined],
    ]);
    expect(outcomes[1]!.problems[0]!.message).toBe(
      "Claim # 'clm-2026  100' is also in row 2; each Claim Number may appear once",
    );
  });

  it('refuses a sheet that lacks a mapped column before reading rows', async () => {
    const sheet = sheetOf(
      CREATE_HEADERS.filter((header) => header !== 'Region'),
      [],
    );
    const error = await collect(validateRows(sheet, CREATE_MAPPING, {})).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MappingError);
    expect((error as MappingError).problems[0]!.path).toBe('columns[2].column');
    expect((error as Error).message).toMatch(
      /^The mapping does not fit referrals\.csv: columns\[2\]\.column: the column 'Region' is not in referrals\.csv; the headers of referrals\.csv are: Claim #, Received, Services/,
    );
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const rows = Array.from({ length: 5 }, () => cellsOf(GOOD_ROW));
    const seen: number[] = [];
    const run = async () => {
      for await (const outcome of validateRows(sheetOf(CREATE_HEADERS, rows), CREATE_MAPPING, {
        reference,
        signal: controller.signal,
      })) {
        seen.push(outcome.row);
        if (outcome.row === 3) controller.abort(new Error('stopped by user'));
      }
    };
    await expect(run()).rejects.toThrow('stopped by user');
    expect(seen).toEqual([2, 3]);
  });
});

describe('skippedChecks', () => {
  it('offline: says in words which checks were skipped', () => {
    const skipped = skippedChecks({});
    expect(skipped).toHaveLength(6);
    expect(skipped[0]).toMatch(/^Names in lookup columns .* were not resolved/);
    expect(skipped.at(-1)).toMatch(/Require Client Phone/);
  });

  it('connected with settings: nothing skipped', () => {
    expect(
      skippedChecks({ reference, settings: { require_client_address: false, require_client_phone: true } }),
    ).toEqual([]);
  });
});

describe('memoised conversions', () => {
  it("each body owns its lists and objects: changing one row's body leaves the next untouched", async () => {
    const outcomes = await collect(
      validateRows(
        sheetOf(CREATE_HEADERS, [cellsOf(GOOD_ROW), cellsOf({ ...GOOD_ROW, 'Claim #': 'CLM-2' })]),
        CREATE_MAPPING,
        { reference },
      ),
    );
    const [first, second] = outcomes.map((o) => o.body as CaseRequestCreateBody);
    first!.case_services_list!.push(99);
    (first!.subjects![0]!.custom_fields[0]!.value as { last_name: string }).last_name = 'Changed';
    expect(second!.case_services_list).toEqual([21, 24]);
    expect(second!.subjects![0]!.custom_fields[0]!.value).toEqual({
      first_name: 'John',
      middle_name: 'B',
      last_name: 'Doe',
    });
  });
});

describe('match keys', () => {
  it('create mode without "match": reference_value_1 repeated in the file is flagged', async () => {
    const { match: _match, ...rest } = CREATE_MAPPING;
    const noMatch = parseMapping(rest, 'no-match.json');
    const outcomes = await collect(
      validateRows(sheetOf(CREATE_HEADERS, [cellsOf(GOOD_ROW), cellsOf(GOOD_ROW)]), noMatch, { reference }),
    );
    expect(outcomes.map((o) => o.action)).toEqual([undefined, 'duplicate_in_file']);
    expect(outcomes[0]!.matchValue).toBeUndefined();
  });

  it('update by id: the id must be a whole number', () => {
    const byId = parseMapping(
      {
        version: 1,
        mode: 'update',
        match: 'id',
        columns: [
          { column: 'Id', target: 'id' },
          { column: 'Due', target: 'due_on' },
        ],
      },
      'by-id.json',
    );
    const outcome = validateRow({ row: 3, cells: ['12a', '2026-01-01'] }, ['Id', 'Due'], byId, {});
    expect(outcome.problems.map((p) => [p.code, p.value])).toEqual([['invalid_integer', '12a']]);
    const fine = validateRow({ row: 4, cells: [12, '2026-01-01'] }, ['Id', 'Due'], byId, {});
    expect(fine).toMatchObject({ status: 'valid', matchValue: '12', body: { due_on: '2026-01-01' } });
  });
});

describe('every kind of top-level target', () => {
  it('update: client_id (an id), location and referral source by lookup, text and long text, reference values', () => {
    const mapping = parseMapping(
      {
        version: 1,
        mode: 'update',
        match: 'id',
        columns: [
          { column: 'Id', target: 'id' },
          { column: 'Client Id', target: 'client_id' },
          { column: 'Office', target: 'company_location_id', lookup: 'company_locations' },
          { column: 'Source', target: 'referral_source_id' },
          { column: 'Where', target: 'case_location' },
          { column: 'Scheduling', target: 'scheduling_notes' },
          { column: 'Admin', target: 'admin_notes' },
          { column: 'Ref 3', target: 'reference_value_3' },
          { column: 'Received', target: 'created_on' },
        ],
      },
      'all.json',
    );
    const headers = mapping.columns.map((column) => column.column);
    const outcome = validateRow(
      {
        row: 2,
        cells: [
          '7',
          12,
          'phoenix office',
          42,
          'Mesa, AZ',
          'Weekdays\nonly',
          'VIP',
          3001,
          { type: 'date', date: '2026-05-01' },
        ],
      },
      headers,
      mapping,
      { reference },
    );
    expect(outcome.problems).toEqual([]);
    expect(outcome.body).toEqual({
      client_id: 12,
      created_on: '2026-05-01',
      company_location_id: 52,
      referral_source_id: 42,
      reference_value_3: '3001',
      case_location: 'Mesa, AZ',
      scheduling_notes: 'Weekdays\nonly',
      admin_notes: 'VIP',
    });
    const wrong = validateRow(
      { row: 3, cells: ['7', 'twelve', '', 99, '', '', '', '', ''] },
      headers,
      mapping,
      { reference },
    );
    expect(wrong.problems.map((p) => [p.column, p.code, p.message])).toEqual([
      [
        'Client Id',
        'invalid_integer',
        "Client Id 'twelve' is not an id; client location id takes a whole number",
      ],
      ['Source', 'id_not_found', "Source '99' is not the id of one of the account's referral sources"],
    ]);
  });
});
