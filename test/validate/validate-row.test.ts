import { describe, expect, it } from 'vitest';
import type { Cell, Mapping, RowOutcome, ValidateOptions } from '../../core/index.ts';
import { parseMapping, validateRow } from '../../core/index.ts';
import {
  cellsOf,
  CREATE_HEADERS,
  CREATE_MAPPING,
  demoReference,
  GOOD_ROW,
  REQUIRED_CONSTANTS,
} from './helpers.ts';

const reference = demoReference();
const connected: ValidateOptions = {
  reference,
  settings: { require_client_address: false, require_client_phone: false },
};

function check(
  changes: Record<string, Cell> = {},
  options: ValidateOptions = connected,
  mapping = CREATE_MAPPING,
): RowOutcome {
  return validateRow(
    { row: 7, cells: cellsOf({ ...GOOD_ROW, ...changes }) },
    CREATE_HEADERS,
    mapping,
    options,
  );
}

function only(outcome: RowOutcome) {
  expect(outcome.status).toBe('invalid');
  expect(outcome.body).toBeUndefined();
  expect(outcome.problems).toHaveLength(1);
  return outcome.problems[0]!;
}

describe('validateRow: the create body (seed create table)', () => {
  it('builds the whole body from columns, constants, lookups, values, parse and subject groups', () => {
    const outcome = check();
    expect(outcome.problems).toEqual([]);
    expect(outcome.status).toBe('valid');
    expect(outcome.matchValue).toBe('CLM-100');
    expect(outcome.body).toEqual({
      case_type_id: 1,
      client: { name: 'Acme Insurance', country: 'US' },
      contact: { last_name: 'Adjuster', email: 'joe@acme.example', phone_office: '555-123-4567' },
      case_region_id: 1,
      created_on: '2026-03-04',
      reference_value_1: 'CLM-100',
      budget_money: 1500,
      case_services_list: [21, 24],
      custom_fields: [{ id: 12, value: 'High' }],
      subjects: [
        {
          subject_type_id: 1,
          is_primary: true,
          is_pinned: true,
          custom_fields: [
            { id: 101, value: { first_name: 'John', middle_name: 'B', last_name: 'Doe' } },
            { id: 102, value: '1979-10-30' },
            { id: 107, value: { address_1: '2000 Blake St', city: 'Denver' } },
          ],
        },
      ],
    });
    expect(Object.keys(outcome.body!)).toEqual([
      'case_type_id',
      'client',
      'contact',
      'case_region_id',
      'created_on',
      'reference_value_1',
      'budget_money',
      'case_services_list',
      'custom_fields',
      'subjects',
    ]);
  });

  it('keeps typed cells as they are: a date cell needs no dateFormat, a number stays a number', () => {
    const body = check({ Received: { type: 'date', date: '2026-02-28' }, Budget: 1250.5, 'Claim #': 12345 })
      .body as Record<string, unknown>;
    expect(body.created_on).toBe('2026-02-28');
    expect(body.budget_money).toBe(1250.5);
    expect(body.reference_value_1).toBe('12345');
  });

  it('a non-empty column wins over a constant for the same target; a blank one lets the constant apply', () => {
    const mapping = parseMapping(
      {
        ...CREATE_MAPPING,
        columns: [...CREATE_MAPPING.columns, { column: 'Country', target: 'client.country' }],
      },
      'm.json',
    );
    const headers = [...CREATE_HEADERS, 'Country'];
    const run = (country: Cell) =>
      validateRow({ row: 2, cells: [...cellsOf(GOOD_ROW), country] }, headers, mapping, connected).body as {
        client: { country: string };
      };
    expect(run('Canada').client.country).toBe('CA');
    expect(run('  ').client.country).toBe('US');
  });

  it('leaves out a subject group whose mapped cells are all empty, and adds it when one is filled', () => {
    expect((check().body as { subjects: unknown[] }).subjects).toHaveLength(1);
    const body = check({ Plate: 'ABC 123' }).body as {
      subjects: { subject_type_id: number; custom_fields: unknown[] }[];
    };
    expect(body.subjects[1]).toEqual({
      subject_type_id: 2,
      is_primary: false,
      is_pinned: false,
      custom_fields: [{ id: 201, value: 'ABC 123' }],
    });
    const none = check({ Claimant: '', 'Claimant DOB': '', 'Claimant Street': '', 'Claimant City': '' })
      .body as Record<string, unknown>;
    expect(none.subjects).toBeUndefined();
  });

  it("requires the subject type's required fields in an included group", () => {
    const problem = only(check({ Claimant: '' }));
    expect(problem).toMatchObject({
      row: 7,
      column: 'Claimant',
      target: 'subjects.0.custom_fields.101',
      code: 'required_subject_field',
    });
    expect(problem.message).toBe('Claimant 1 needs Name (field 101), which this row leaves empty');
  });

  it('a required ADDRESS given by part columns and blank on a row is a problem of those cells, not of the mapping', () => {
    const headers = ['Claim #', 'Addr Street', 'Addr City', 'Addr Type'];
    const mapping = parseMapping(
      {
        version: 1,
        mode: 'create',
        constants: REQUIRED_CONSTANTS,
        subjects: [{ subject_type_id: 3 }],
        columns: [
          { column: 'Claim #', target: 'reference_value_1' },
          { column: 'Addr Street', target: 'subjects.0.custom_fields.301.address_1' },
          { column: 'Addr City', target: 'subjects.0.custom_fields.301.city' },
          { column: 'Addr Type', target: 'subjects.0.custom_fields.302' },
        ],
      },
      'm.json',
    );
    const outcome = validateRow({ row: 3, cells: ['A-2', '', '', 'Work'] }, headers, mapping, connected);
    const problem = only(outcome);
    expect(problem).toMatchObject({
      row: 3,
      column: 'Addr Street',
      target: 'subjects.0.custom_fields.301',
      value: '',
    });
    expect(problem.scope).toBeUndefined();
    expect(problem.message).toBe(
      "Address 1 needs Address (field 301), which this row leaves empty (columns 'Addr Street', 'Addr City'): fill at least one of them, or empty the group's other cells to leave it out",
    );
    // No column for the field at all: the mapping's problem, naming what the group is made of.
    const unmapped = parseMapping(
      { ...mapping, columns: mapping.columns.filter((column) => !column.target.includes('.301.')) },
      'm.json',
    );
    const missing = only(
      validateRow({ row: 3, cells: ['A-2', '', '', 'Work'] }, headers, unmapped, connected),
    );
    expect(missing).toMatchObject({ column: 'subjects[0]', scope: 'mapping' });
    expect(missing.message).toBe(
      "Address 1 needs Address (field 301), which this row leaves empty: no column of the mapping gives it, and Address 1 is made of the column 'Addr Type': map a column to it",
    );
  });

  it('reports each required create parameter that is empty, naming the column', () => {
    const outcome = check({ Client: '', 'Adjuster Email': ' ', Received: '' });
    expect(outcome.problems.map((p) => [p.column, p.target, p.code])).toEqual([
      ['Received', 'created_on', 'required_blank'],
      ['Client', 'client.name', 'required_blank'],
      ['Adjuster Email', 'contact.email', 'required_blank'],
    ]);
    expect(outcome.problems[2]!.message).toBe(
      'Adjuster Email is empty; contact email is required for a new case request',
    );
  });

  it('reports a required parameter nobody mapped', () => {
    const mapping = parseMapping({ ...CREATE_MAPPING, constants: { case_type_id: 1 } }, 'm.json');
    const problem = only(check({}, connected, mapping));
    expect(problem).toMatchObject({ column: 'mapping', target: 'client.country', code: 'required_unmapped' });
  });
});

describe('validateRow: values a clerk typed', () => {
  it.each([
    [
      'Adjuster Email',
      'bob@',
      'invalid_email',
      "Adjuster Email 'bob@' is not an email address; expected like name@example.com",
    ],
    [
      'Received',
      '2/30/2026',
      'nonexistent_date',
      "Received '2/30/2026' is not a day that exists: February 2026 has 28 days",
    ],
    [
      'Received',
      '31/12/1970',
      'date_order',
      "Received '31/12/1970' is not a date in M/D/YYYY order (there is no month 31); the day comes first in this value: if it does in the whole column, set the column's date format to D/M/YYYY",
    ],
    ['Received', '2026.03.04', 'invalid_date', "Received '2026.03.04' is not a date in the form M/D/YYYY"],
    [
      'Received',
      46000,
      'number_as_date',
      "Received '46000' is a number, not a date; format the column as dates or type the date as text",
    ],
    [
      'Budget',
      '1.500,00 EURO',
      'invalid_number',
      "Budget '1.500,00 EURO' is not a number; expected like 1500 or 12.5",
    ],
    ['Budget', '-20', 'negative_number', "Budget '-20' is negative; budget (money) must be 0 or more"],
    [
      'Budget',
      '€ 2.000',
      'ambiguous_number',
      'Budget \'€ 2.000\' could be 2 or 2000: \'.\' may be a decimal point or a thousands separator, and the mapping gives the column no number format to say which. Set one ("decimal": "." if it is the decimal point, "decimal": "," if it separates thousands, or a "locale" such as "en-US" or "de-DE")',
    ],
    [
      'Adjuster Phone',
      '555-CALL-NOW',
      'invalid_phone',
      "Adjuster Phone '555-CALL-NOW' is not a phone number: it has letters or symbols; use digits, spaces, dashes",
    ],
    [
      'Adjuster Phone',
      '12345',
      'invalid_phone',
      "Adjuster Phone '12345' is not a phone number: it has 5 digits; a phone number has at least 7",
    ],
    [
      'Claimant',
      '12 Main St',
      'invalid_full_name',
      `Claimant '12 Main St' is not a name; expected "Last, First Middle" or "First Middle Last"`,
    ],
    [
      'Claimant DOB',
      '1979-10-31x',
      'invalid_date',
      "Claimant DOB '1979-10-31x' is not a date in the form M/D/YY",
    ],
    [
      'Priority',
      'Whenever',
      'invalid_choice',
      "Priority 'Whenever' is not one of: Normal, High, Urgent; if it means one of them, add it to the column's " +
        '"values" in the mapping ("values": { "Whenever": "…" }) and every cell holding it is read as that choice',
    ],
    [
      'Client',
      { type: 'error', error: '#N/A' },
      'cell_error',
      "Client holds the spreadsheet error '#N/A'; fix the formula or type the value",
    ],
  ] as [string, Cell, string, string][])('%s %j → %s', (column, value, code, message) => {
    const problem = only(check({ [column]: value }));
    expect(problem).toMatchObject({ row: 7, column, code, message });
    expect(problem.target).toBe(CREATE_MAPPING.columns.find((c) => c.column === column)!.target);
  });

  it("a lookup never guesses, lists the valid names and says how the template's values would translate the name", () => {
    const problem = only(check({ Region: 'Mtn West' }));
    expect(problem).toMatchObject({
      column: 'Region',
      target: 'case_region_id',
      value: 'Mtn West',
      code: 'lookup_not_found',
    });
    expect(problem.message).toBe(
      "Region 'Mtn West' is not one of: Midwest, Mountain West, Northeast, Pacific Northwest, Southeast, Southwest; " +
        'if it means one of them, add it to the column\'s "values" in the mapping ("values": { "Mtn West": "…" }) and every cell holding it is read as that name',
    );
  });

  it('a list lookup names the one item that does not resolve, and the values key that would translate it', () => {
    const problem = only(check({ Services: 'Surveillance;Survelance' }));
    expect(problem.value).toBe('Survelance');
    expect(problem.message).toBe(
      "Services 'Survelance' is not one of: Background Investigation, Neighborhood Canvass, Recorded Statement, " +
        'Skip Trace, Social Media Search, Surveillance; if it means one of them, add it to the column\'s "values" ' +
        'in the mapping ("values": { "Survelance": "…" }) and every cell holding it is read as that name',
    );
  });

  describe("a list column's values (CONTRACTS section 2: applied first)", () => {
    const withServices = (values: Record<string, string>) =>
      parseMapping(
        {
          ...CREATE_MAPPING,
          columns: CREATE_MAPPING.columns.map((column) =>
            column.column === 'Services' ? { ...column, values } : column,
          ),
        },
        'm.json',
      );
    const services = (outcome: RowOutcome) => {
      expect(outcome.problems).toEqual([]);
      return (outcome.body as { case_services_list: number[] }).case_services_list;
    };
    const ids = (...names: string[]) =>
      names.map((name) => reference.case_services.find((service) => service.name === name)!.id);

    it("translate each item of a cell, as the app's Columns step saves them (keyed by item)", () => {
      const mapping = withServices({ surv: 'Surveillance', ' Social ': 'Social Media Search' });
      expect(services(check({ Services: 'Surv; Social' }, connected, mapping))).toEqual(
        ids('Surveillance', 'Social Media Search'),
      );
      // Alone in its cell, and beside a name the account has.
      expect(services(check({ Services: 'SURV' }, connected, mapping))).toEqual(ids('Surveillance'));
      expect(services(check({ Services: 'Skip Trace;Surv' }, connected, mapping))).toEqual(
        ids('Skip Trace', 'Surveillance'),
      );
    });

    it('a whole-cell key wins over its items, and its translation is split, not translated again', () => {
      const mapping = withServices({
        'Surv; Soc': 'Skip Trace; Surv',
        Surv: 'Surveillance',
        Soc: 'Social Media Search',
      });
      // "Surv" in the whole cell's translation is not translated by the item key: the account lacks it.
      const problem = only(check({ Services: ' surv; SOC ' }, connected, mapping));
      expect(problem).toMatchObject({ code: 'lookup_not_found', value: ' surv; SOC ', scope: 'mapping' });
      expect(problem.message).toMatch(
        /^Services 'Surv; Soc', which the mapping's values turn into 'Skip Trace; Surv', is not one of: .*; change the translation of 'Surv; Soc' in the column's values \(the template\), or remove it$/,
      );
      // Its items alone are translated one by one.
      expect(services(check({ Services: 'Soc;Surv' }, connected, mapping))).toEqual(
        ids('Social Media Search', 'Surveillance'),
      );
    });

    it("an item's translation may be a list, or empty to drop the item", () => {
      const mapping = withServices({ Both: 'Surveillance; Skip Trace', none: '' });
      expect(services(check({ Services: 'Both; None; Skip Trace' }, connected, mapping))).toEqual(
        ids('Surveillance', 'Skip Trace'),
      );
    });

    it("an item's translation the account refuses is the mapping's problem, naming the item", () => {
      const mapping = withServices({ Surv: 'Surveilance' });
      const problem = only(check({ Services: 'Skip Trace; Surv' }, connected, mapping));
      expect(problem).toMatchObject({
        code: 'lookup_not_found',
        value: 'Skip Trace; Surv',
        scope: 'mapping',
      });
      expect(problem.message).toMatch(
        /^Services 'Surv', which the mapping's values turn into 'Surveilance', is not one of: .*; change the translation of 'Surv' in the column's values \(the template\), or remove it$/,
      );
    });
  });

  it('a name matching several records is an error too', () => {
    const twice = {
      ...reference,
      case_regions: [...reference.case_regions, { id: 9, name: 'MOUNTAIN WEST' }],
    };
    const problem = only(check({}, { reference: twice }));
    expect(problem.code).toBe('lookup_ambiguous');
    expect(problem.message).toBe(
      "Region ' mountain  west ' matches several (names are matched whatever their letter case and spaces): 'Mountain West' (id 1), 'MOUNTAIN WEST' (id 9); " +
        'say which by its id in the column\'s "values" in the mapping ("values": { "mountain  west": "1" }, or 9) and every cell holding it is read as that one, or make the names unique in Trackops',
    );
  });

  it('a value beyond the last named column is reported, not lost', () => {
    const outcome = validateRow(
      { row: 4, cells: cellsOf(GOOD_ROW), beyondHeaders: [null, 'stray'] },
      CREATE_HEADERS,
      CREATE_MAPPING,
      connected,
    );
    expect(outcome.problems.map((p) => [p.code, p.value, p.column])).toEqual([
      ['value_beyond_headers', 'stray', 'column 17'],
    ]);
  });
});

describe('validateRow: account settings (per connection)', () => {
  it('Require Client Address needs client address_1 and city; Require Client Phone a contact phone', () => {
    const strict = { reference, settings: { require_client_address: true, require_client_phone: true } };
    const outcome = check({ 'Adjuster Phone': '' }, strict);
    expect(outcome.problems.map((p) => [p.target, p.code])).toEqual([
      ['client.address_1', 'require_client_address'],
      ['client.city', 'require_client_address'],
      ['contact.phone_office', 'require_client_phone'],
    ]);
    expect(check({}, { reference, settings: { require_client_phone: true } }).status).toBe('valid');
  });
});

describe('validateRow: offline', () => {
  it('checks what needs no account and leaves the body out while names are unresolved', () => {
    const outcome = check({}, {});
    expect(outcome.status).toBe('valid');
    expect(outcome.body).toBeUndefined();
    expect(check({ 'Adjuster Email': 'bob@' }, {}).problems.map((p) => p.code)).toEqual(['invalid_email']);
  });

  it('builds the body offline when every id is given as a number', () => {
    const mapping = parseMapping(
      {
        version: 1,
        constants: { case_type_id: 1, case_region_id: 2, 'client.country': 'us', 'client.name': 'Acme' },
        columns: [
          { column: 'Last', target: 'contact.last_name' },
          { column: 'Email', target: 'contact.email' },
          { column: 'Date', target: 'created_on' },
          { column: 'Flags', target: 'case_flags_list', split: ',' },
        ],
      },
      'm.json',
    );
    const outcome = validateRow(
      { row: 2, cells: ['Roe', 'r@x.example', '2026-01-31', '31, 32'] },
      ['Last', 'Email', 'Date', 'Flags'],
      mapping,
      {},
    );
    expect(outcome.body).toEqual({
      case_type_id: 1,
      client: { name: 'Acme', country: 'US' },
      contact: { last_name: 'Roe', email: 'r@x.example' },
      case_region_id: 2,
      created_on: '2026-01-31',
      case_flags_list: [31, 32],
    });
  });
});

describe('validateRow: list constants (issue: a two-item list was refused for a character never written)', () => {
  const withConstants = (constants: Mapping['constants']) =>
    parseMapping({ ...CREATE_MAPPING, constants: { ...CREATE_MAPPING.constants, ...constants } }, 'm.json');
  const flagsOf = (outcome: RowOutcome) => (outcome.body as Record<string, unknown>).case_flags_list;

  it('sends every id of a list constant, offline and connected', () => {
    // Offline the demo mapping's names wait for the account: the constant alone raises no problem.
    expect(check({}, {}, withConstants({ case_flags_list: [31, 32] })).problems).toEqual([]);
    const connectedOutcome = check({}, connected, withConstants({ case_flags_list: [31, 32] }));
    expect(connectedOutcome.problems).toEqual([]);
    expect(flagsOf(connectedOutcome)).toEqual([31, 32]);
  });

  it('resolves a list constant of names item by item when connected, and waits for the account offline', () => {
    const mapping = withConstants({ case_flags_list: ['Rush', 'Litigation'] });
    const connectedOutcome = check({}, connected, mapping);
    expect(connectedOutcome.problems).toEqual([]);
    expect(flagsOf(connectedOutcome)).toEqual([31, 32]);
    const offline = check({}, {}, mapping);
    expect(offline.problems).toEqual([]);
    expect(offline.body).toBeUndefined();
  });

  it('names the item a list constant gets wrong, never a character the user did not write', () => {
    const problem = only(check({}, connected, withConstants({ case_flags_list: ['Rush', 'Cooking'] })));
    expect([problem.code, problem.column, problem.value]).toEqual([
      'lookup_not_found',
      'constant case_flags_list',
      'Cooking',
    ]);
    expect(JSON.stringify(problem)).not.toMatch(/U\+0001|\\u0001|control/);
  });
});

describe('validateRow: a subject group of empty cells (CONTRACTS section 2)', () => {
  const vehicleMapping = (colorValues: Record<string, string>) =>
    parseMapping(
      {
        version: 1,
        constants: {
          case_type_id: 1,
          case_region_id: 1,
          'client.name': 'Acme',
          'client.country': 'US',
          created_on: '2026-03-04',
          'contact.last_name': 'Smith',
          'contact.email': 'a@b.com',
        },
        subjects: [{ subject_type_id: 1, is_primary: true }, { subject_type_id: 2 }],
        columns: [
          { column: 'Claim', target: 'reference_value_1' },
          { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
          { column: 'Plate', target: 'subjects.1.custom_fields.201' },
          { column: 'Color', target: 'subjects.1.custom_fields.206', values: colorValues },
        ],
      },
      'm.json',
    );
  const headers = ['Claim', 'Claimant', 'Plate', 'Color'];
  const subjectsOf = (outcome: RowOutcome) =>
    (outcome.body as { subjects: { subject_type_id: number; custom_fields: unknown[] }[] }).subjects;

  it('leaves the group out when its cells are empty, though a column has a default for ""', () => {
    const mapping = vehicleMapping({ '': 'Other' });
    const empty = validateRow(
      { row: 2, cells: ['SG-1', 'Doe, John', '', null] },
      headers,
      mapping,
      connected,
    );
    expect(empty.problems).toEqual([]);
    expect(subjectsOf(empty).map((subject) => subject.subject_type_id)).toEqual([1]);
    // Sent when a cell of the group is filled: then the default applies.
    const filled = validateRow(
      { row: 3, cells: ['SG-2', 'Doe, Jane', 'ABC1', ''] },
      headers,
      mapping,
      connected,
    );
    expect(filled.problems).toEqual([]);
    expect(subjectsOf(filled)[1]).toMatchObject({
      subject_type_id: 2,
      custom_fields: [
        { id: 201, value: 'ABC1' },
        { id: 206, value: 'Other' },
      ],
    });
  });

  it('reports a default the field refuses only on rows that send the group', () => {
    const mapping = vehicleMapping({ '': 'Purple' });
    const empty = validateRow({ row: 2, cells: ['SG-1', 'Doe, John', '', ''] }, headers, mapping, connected);
    expect(empty.problems).toEqual([]);
    const filled = validateRow(
      { row: 3, cells: ['SG-2', 'Doe, Jane', 'ABC1', ''] },
      headers,
      mapping,
      connected,
    );
    expect(filled.problems.map((p) => [p.column, p.target])).toEqual([
      ['Color', 'subjects.1.custom_fields.206'],
    ]);
  });

  describe('the primary group blank while another of its subject type is filled (explore 20 item 1)', () => {
    const claimants = (mode: 'create' | 'upsert'): Mapping =>
      parseMapping(
        {
          version: 1,
          mode,
          match: 'reference_value_1',
          constants: REQUIRED_CONSTANTS,
          subjects: [
            { subject_type_id: 1, is_primary: true },
            { subject_type_id: 1 },
            { subject_type_id: 2 },
          ],
          columns: [
            { column: 'Claim', target: 'reference_value_1' },
            { column: 'Claimant 1', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
            { column: 'Claimant 2', target: 'subjects.1.custom_fields.101', parse: 'full_name' },
            { column: 'Plate', target: 'subjects.2.custom_fields.201' },
          ],
        },
        'm.json',
      );
    const claimantHeaders = ['Claim', 'Claimant 1', 'Claimant 2', 'Plate'];

    it('is sent as it is, with a note saying the request has no primary subject and which group is sent instead', () => {
      const outcome = validateRow(
        { row: 2, cells: ['P-1', '', 'Lee, Ann', ''] },
        claimantHeaders,
        claimants('create'),
        connected,
      );
      expect(outcome.status).toBe('valid');
      expect(subjectsOf(outcome)).toEqual([
        expect.objectContaining({ subject_type_id: 1, is_primary: false }),
      ]);
      expect(outcome.notes).toEqual([
        {
          row: 2,
          column: 'Claimant 1',
          target: 'subjects.0',
          value: '',
          code: 'primary_subject_blank',
          message:
            "Claimant 1, the primary subject group (column 'Claimant 1'), is blank on this row: the request would have no primary subject, and Claimant 2 is sent as a supporting subject. If it is the case's target, move its values to Claimant 1's columns; otherwise nothing to do",
        },
      ]);
      const upsert = validateRow(
        { row: 3, cells: ['P-2', '', 'Lee, Ann', ''] },
        claimantHeaders,
        claimants('upsert'),
        connected,
      );
      expect(upsert.notes?.[0]?.message).toMatch(
        /^Claimant 1, .*: if the row creates a request, it would have no primary subject/,
      );
    });

    it('no note when the primary group is filled', () => {
      const outcome = validateRow(
        { row: 2, cells: ['P-1', 'Doe, John', 'Lee, Ann', ''] },
        claimantHeaders,
        claimants('create'),
        connected,
      );
      expect(outcome.status).toBe('valid');
      expect(outcome.notes).toBeUndefined();
    });

    it('a note too when only a group of another subject type is filled, or none (no primary subject either way)', () => {
      const vehicleOnly = validateRow(
        { row: 2, cells: ['P-1', '', '', 'ABC 123'] },
        claimantHeaders,
        claimants('create'),
        connected,
      );
      expect(vehicleOnly.status).toBe('valid');
      expect(vehicleOnly.notes?.map((note) => note.message)).toEqual([
        "Claimant 1, the primary subject group (column 'Claimant 1'), is blank on this row: the request would have no primary subject, only Vehicle 1 as a supporting subject. If the case has a target, fill Claimant 1's columns; otherwise nothing to do",
      ]);
      const none = validateRow(
        { row: 3, cells: ['P-2', '', '', ''] },
        claimantHeaders,
        claimants('create'),
        connected,
      );
      expect(none.notes?.[0]?.message).toMatch(
        /would have no primary subject, and no subjects\. If the case has a target/,
      );
    });
  });
});
