import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkMappingAgainstHeaders, loadMappingFile, MappingError, parseMapping } from '../../core/index.ts';
import { mappingJsonSchema } from '../../core/mapping/json-schema.ts';
import { jsonSyntaxError } from '../../core/mapping/json-syntax.ts';
import { mappingJson } from '../../core/mapping/mapping-text.ts';

/** The example of CONTRACTS section 2, verbatim. */
export const CONTRACT_EXAMPLE = {
  version: 1,
  mode: 'create',
  source: { sheet: 'Referrals', headerRow: 1 },
  match: 'reference_value_1',
  constants: { case_type_id: 1, 'client.country': 'US' },
  subjects: [
    { subject_type_id: 1, is_primary: true, is_pinned: true },
    { subject_type_id: 2, is_primary: false, is_pinned: false },
  ],
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Received', target: 'created_on', dateFormat: 'MM/DD/YYYY' },
    { column: 'Region', target: 'case_region_id', lookup: 'case_regions' },
    { column: 'Services', target: 'case_services_list', split: ';', lookup: 'case_services' },
    { column: 'Priority', target: 'custom_fields.7', values: { Rush: 'High', '': 'Normal' } },
    { column: 'Claimant', target: 'subjects.0.custom_fields.1', parse: 'full_name' },
    { column: 'Claimant DOB', target: 'subjects.0.custom_fields.2', dateFormat: 'M/D/YY' },
    { column: 'Claimant Street', target: 'subjects.0.custom_fields.26.address_1' },
    { column: 'Vehicle Plate', target: 'subjects.1.custom_fields.40' },
  ],
};

function problemsOf(json: unknown): { path: string; message: string }[] {
  try {
    parseMapping(json, 'm.json');
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    return (error as MappingError).problems;
  }
  throw new Error('expected a MappingError');
}

const withColumns = (columns: unknown[], extra: Record<string, unknown> = {}) => ({
  version: 1,
  columns,
  ...extra,
});

describe('parseMapping: the mapping file of CONTRACTS section 2', () => {
  it('accepts the contract example as written', () => {
    const mapping = parseMapping(CONTRACT_EXAMPLE, 'example.json');
    expect(mapping.columns).toHaveLength(9);
    expect(mapping.constants).toEqual({ case_type_id: 1, 'client.country': 'US' });
  });

  it('accepts every target kind: seed parameters, client/contact, custom fields, composite parts, subjects, match keys', () => {
    const mapping = parseMapping(
      withColumns(
        [
          { column: 'A', target: 'id' },
          { column: 'B', target: 'client.address_3' },
          { column: 'C', target: 'contact.phone_fax' },
          { column: 'D', target: 'custom_fields.12' },
          { column: 'E', target: 'custom_fields.300.zip' },
          { column: 'F', target: 'due_on' },
          { column: 'G', target: 'case_flags_list', split: ',' },
          { column: 'H', target: 'client_id' },
        ],
        { mode: 'update', match: 'id' },
      ),
      'm.json',
    );
    expect(mapping.mode).toBe('update');
  });

  it('names the JSON path of an unknown target, key and lookup, all at once', () => {
    const problems = problemsOf(
      withColumns([
        { column: 'A', target: 'reference_value_1' },
        { column: 'B', target: 'created_on' },
        { column: 'C', target: 'case_region_id', lookup: 'regions' },
        { column: 'D', target: 'custom_field.7', colour: 'red' },
      ]),
    );
    const lines = problems.map((p) => `${p.path}: ${p.message}`);
    expect(lines).toContain("columns[3].target: unknown target 'custom_field.7': write 'custom_fields.7'");
    expect(lines).toContain(
      'columns[3].colour: unknown key "colour": a column takes column, target, dateFormat, split, lookup, values, parse, decimal, grouping, locale, trim, blank; rename it to one of these, or delete it',
    );
    expect(lines.some((line) => line.startsWith('columns[2].lookup: '))).toBe(true);
  });

  it('the error message lists every problem with its path', () => {
    expect(() => parseMapping({ version: 2, columns: [], extra: true }, 'bad.json')).toThrow(
      /Mapping bad\.json has 2 problems: .*version: this tool reads mapping files of version 1.*extra: unknown key "extra"/,
    );
  });

  it("says a hand edit's wrong value in a person's words, not the schema library's", () => {
    const lines = problemsOf({
      ...CONTRACT_EXAMPLE,
      mode: 'creat',
      subjects: [{ subject_type_id: 1.5, is_primary: 'yes', is_pinned: true }],
      columns: [
        { column: 5, target: 'reference_value_1' },
        { column: 'Services', target: 'case_services_list', split: '', lookup: 'case_services' },
      ],
    }).map((p) => `${p.path}: ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'mode: holds the text "creat" where one of "create", "update" or "upsert" belongs',
        'subjects[0].subject_type_id: holds the number 1.5 where a whole number or text belongs',
        'subjects[0].is_primary: holds the text "yes" where true or false belongs',
        'columns[0].column: holds the number 5 where text belongs',
        'columns[1].split: is empty',
      ]),
    );
    expect(lines.join('\n')).not.toMatch(/Invalid (input|option)|Too small|expected \w+, received/);
  });

  it('a template written by hand without "version" says to add it', () => {
    expect(problemsOf({ columns: [{ column: 'A', target: 'notes' }] })).toEqual([
      { path: 'version', message: 'is missing: a mapping file says "version": 1 (add it at the top)' },
    ]);
  });

  it('says a number below its bound as a person would: a row or subject type from 1 up', () => {
    const lines = problemsOf({
      ...CONTRACT_EXAMPLE,
      source: { headerRow: 0 },
      subjects: [{ subject_type_id: 0 }],
      skip: { rows: [0] },
    }).map((p) => `${p.path}: ${p.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'source.headerRow: holds the number 0: it must be above 0',
        'subjects[0].subject_type_id: holds the number 0: it must be above 0',
        'skip.rows[0]: holds the number 0: it must be above 0',
      ]),
    );
  });

  it('refuses values keys that match the same cells once case and surrounding spaces are ignored', () => {
    const values = (map: Record<string, string>) =>
      problemsOf(withColumns([{ column: 'Priority', target: 'custom_fields.12', values: map }]));
    expect(values({ Rush: 'High', rush: 'Urgent' })).toEqual([
      {
        path: 'columns[0].values',
        message:
          'the keys "Rush" and "rush" match the same cells (letter case, surrounding spaces and how a space or accent is stored are ignored); keep one of them',
      },
    ]);
    expect(values({ Rush: 'High', ' RUSH ': 'Urgent' }).map((p) => [p.path, p.message])).toEqual([
      [
        'columns[0].values',
        'the keys "Rush" and " RUSH " match the same cells (letter case, surrounding spaces and how a space or accent is stored are ignored); keep one of them',
      ],
    ]);
    const distinct = { Rush: 'High', Routine: 'Normal', '': 'Normal' };
    const column = { column: 'Priority', target: 'custom_fields.12', values: distinct };
    expect(parseMapping(withColumns([column]), 'm.json').columns[0]!.values).toEqual(distinct);
  });

  it('refuses a target mapped by two columns, naming the first', () => {
    const problems = problemsOf(
      withColumns([
        { column: 'Email', target: 'contact.email' },
        { column: 'Adjuster Email', target: 'contact.email' },
      ]),
    );
    expect(problems).toEqual([
      {
        path: 'columns[1].target',
        message: "contact.email is already mapped by columns[0] ('Email'); map each target once",
      },
    ]);
  });

  it('refuses a subject index with no group in "subjects"', () => {
    const problems = problemsOf(
      withColumns([{ column: 'Plate', target: 'subjects.1.custom_fields.201' }], {
        subjects: [{ subject_type_id: 1 }],
      }),
    );
    expect(problems).toEqual([
      {
        path: 'columns[0].target',
        message:
          'subject index 1 has no group in "subjects" (declared: 0-0): add one to "subjects" for it ({ "subject_type_id": … }), or give the column a declared group\'s index',
      },
    ]);
  });

  it('a date format on a column that is no date says to take it out', () => {
    expect(
      problemsOf(withColumns([{ column: 'Claim #', target: 'reference_value_1', dateFormat: 'M/D/YYYY' }])),
    ).toEqual([
      {
        path: 'columns[0].dateFormat',
        message: 'reference_value_1 is not a date: take "dateFormat" out of this column',
      },
    ]);
  });

  it('refuses two primary subject groups', () => {
    const problems = problemsOf(
      withColumns([], {
        subjects: [
          { subject_type_id: 1, is_primary: true },
          { subject_type_id: 2, is_primary: true },
        ],
      }),
    );
    expect(problems).toEqual([
      {
        path: 'subjects[1].is_primary',
        message: 'only one subject group can be primary; subjects[0] already is',
      },
    ]);
  });

  it('refuses targets the mode cannot send (seed create vs update tables)', () => {
    const update = problemsOf(
      withColumns(
        [
          { column: 'Id', target: 'id' },
          { column: 'Budget', target: 'budget_money' },
          { column: 'Plate', target: 'subjects.0.custom_fields.201' },
        ],
        { mode: 'update', match: 'id', subjects: [{ subject_type_id: 2 }] },
      ),
    );
    expect(update.map((p) => p.path)).toEqual(['columns[1].target', 'columns[2].target']);
    const create = problemsOf(
      withColumns([
        { column: 'Client', target: 'client_id' },
        { column: 'Id', target: 'id' },
      ]),
    );
    expect(create.map((p) => p.path)).toEqual(['columns[0].target', 'columns[1].target']);
  });

  it('needs a match key with a column in update and upsert mode', () => {
    expect(problemsOf(withColumns([{ column: 'Due', target: 'due_on' }], { mode: 'update' }))).toEqual([
      {
        path: 'match',
        message: 'mode "update" needs "match": id, case_request_number or reference_value_1|2|3',
      },
    ]);
    expect(
      problemsOf(
        withColumns([{ column: 'Due', target: 'due_on' }], { mode: 'upsert', match: 'reference_value_2' }),
      ),
    ).toEqual([
      {
        path: 'match',
        message: 'match "reference_value_2" needs a column whose target is reference_value_2',
      },
    ]);
  });

  it('checks that options fit their target', () => {
    const problems = problemsOf(
      withColumns([
        { column: 'A', target: 'reference_value_1', dateFormat: 'MM/DD/YYYY' },
        { column: 'B', target: 'created_on', dateFormat: 'MM/QQ/YYYY' },
        { column: 'C', target: 'case_region_id', lookup: 'case_types' },
        { column: 'D', target: 'notes', split: ';' },
        { column: 'E', target: 'contact.last_name', parse: 'full_name' },
        { column: 'F', target: 'budget_money', parse: 'boolean' },
        { column: 'G', target: 'case_location', blank: 'clear' },
      ]),
    );
    expect(problems.map((p) => p.path)).toEqual([
      'columns[0].dateFormat',
      'columns[1].dateFormat',
      'columns[2].lookup',
      'columns[3].split',
      'columns[4].parse',
      'columns[5].parse',
      'columns[6].blank',
    ]);
    expect(problems[2]!.message).toBe('case_region_id takes lookup "case_regions", not "case_types"');
  });

  it("checks the source's delimiter and encoding as the reader would, naming them as the mapping's", () => {
    const column = [{ column: 'A', target: 'notes' }];
    for (const delimiter of [',', ';', '|', ' ', 'tab', 'TAB', '\\t', '\t'])
      expect(() => parseMapping(withColumns(column, { source: { delimiter } }), 'm.json')).not.toThrow();
    for (const encoding of ['utf-8', 'UTF-8', 'windows-1252', 'latin1', 'utf-16le', ' utf-8 '])
      expect(() => parseMapping(withColumns(column, { source: { encoding } }), 'm.json')).not.toThrow();
    const problems = problemsOf(withColumns(column, { source: { delimiter: 'ab', encoding: 'klingon' } }));
    expect(problems).toEqual([
      {
        path: 'source.delimiter',
        message: '"ab" cannot be a delimiter: give one character such as "," ";" "|" or "tab"',
      },
      {
        path: 'source.encoding',
        message:
          'unknown encoding "klingon": use one of utf-8, windows-1252, utf-16le, utf-16be (or another WHATWG encoding name)',
      },
    ]);
    for (const delimiter of ['', '\n', '\r', 'tabs'])
      expect(problemsOf(withColumns(column, { source: { delimiter } })).map((p) => p.path)).toEqual([
        'source.delimiter',
      ]);
  });

  it('refuses the quote as the delimiter in the mapping (and its JSON Schema), naming source.delimiter', () => {
    const column = [{ column: 'A', target: 'notes' }];
    expect(problemsOf(withColumns(column, { source: { delimiter: '"' } }))).toEqual([
      {
        path: 'source.delimiter',
        message: `'"' cannot be a delimiter: it quotes fields in delimited text; give one character such as "," ";" "|" or "tab"`,
      },
    ]);
    expect(problemsOf(withColumns(column, { source: { delimiter: "'", quote: "'" } }))).toEqual([
      { path: 'source.delimiter', message: `"'" is also the "quote": a delimiter and the quote must differ` },
    ]);
    expect(() =>
      parseMapping(withColumns(column, { source: { delimiter: ';', quote: "'" } }), 'm.json'),
    ).not.toThrow();
    const schema = mappingJsonSchema() as {
      properties: { source: { properties: { delimiter: { pattern: string } } } };
    };
    const pattern = new RegExp(schema.properties.source.properties.delimiter.pattern);
    expect(['"', ';;', '\n'].map((text) => pattern.test(text))).toEqual([false, false, false]);
    expect([',', 'tab', '\\t'].map((text) => pattern.test(text))).toEqual([true, true, true]);
  });

  it('refuses a field mapped both whole and by parts', () => {
    const problems = problemsOf(
      withColumns([
        { column: 'Name', target: 'custom_fields.101', parse: 'full_name' },
        { column: 'First', target: 'custom_fields.101.first_name' },
      ]),
    );
    expect(problems).toEqual([
      {
        path: 'columns[1].target',
        message: 'custom_fields.101 is also mapped whole; map it whole or by parts, not both',
      },
    ]);
  });

  it('a constant part of a field a column maps whole is the same mistake', () => {
    const problems = problemsOf(
      withColumns([{ column: 'Name', target: 'custom_fields.101', parse: 'full_name' }], {
        constants: { 'custom_fields.101.last_name': 'Doe' },
      }),
    );
    expect(problems).toEqual([
      {
        path: 'constants["custom_fields.101.last_name"]',
        message: 'custom_fields.101 is also mapped whole; map it whole or by parts, not both',
      },
    ]);
  });

  it('checks constants: targets, lists, ISO dates', () => {
    const problems = problemsOf(
      withColumns([], {
        constants: { 'client.country': 'US', created_on: '03/04/2026', notes: ['a'], 'contact.fax': 'x' },
      }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual([
      'constants.created_on',
      'constants.notes',
      'constants["contact.fax"]',
    ]);
    expect(problems.find((p) => p.path === 'constants["contact.fax"]')?.message).toBe(
      "unknown target 'contact.fax': a target is an API parameter (created_on, reference_value_1, notes, …), client.<part>, contact.<part>, custom_fields.<field id>[.<part>] or subjects.<n>.custom_fields.<field id>[.<part>] (mapping.schema.json lists them)",
    );
  });
});

describe('a key or target misspelt by hand says what was meant', () => {
  const lineOf = (json: unknown) => problemsOf(json).map((p) => `${p.path}: ${p.message}`);

  it.each([
    [
      { column: 'B', target: 'due_on', dateformat: 'M/D/YYYY' },
      'columns[1].dateformat: unknown key "dateformat": write "dateFormat"',
    ],
    [
      { column: 'B', target: 'due_on', date_format: 'M/D/YYYY' },
      'columns[1].date_format: unknown key "date_format": write "dateFormat"',
    ],
    [{ column: 'B', target: 'notes', Trim: false }, 'columns[1].Trim: unknown key "Trim": write "trim"'],
    [
      { column: 'B', target: 'case_services_list', lookup: 'case_services', spilt: ';' },
      'columns[1].spilt: unknown key "spilt": write "split"',
    ],
  ])('a column key: %j', (column, line) => {
    expect(lineOf(withColumns([{ column: 'A', target: 'reference_value_1' }, column]))).toContain(line);
  });

  it('keys of the file, its source, subject groups and skip rules', () => {
    const lines = lineOf({
      version: 1,
      Mode: 'create',
      source: { headerrow: 2 },
      subjects: [{ subject_type: 1 }],
      skip: { when_blank: ['Claim #'] },
      name: 'Acme weekly',
      columns: [{ column: 'A', target: 'reference_value_1' }],
    });
    expect(lines).toEqual(
      expect.arrayContaining([
        'Mode: unknown key "Mode": write "mode"',
        'source.headerrow: unknown key "headerrow": write "headerRow"',
        'subjects[0].subject_type: unknown key "subject_type": write "subject_type_id"',
        'skip.when_blank: unknown key "when_blank": write "whenBlank"',
        'name: unknown key "name": a mapping takes $schema, version, mode, source, match, duplicates, constants, subjects, skip, columns; rename it to one of these, or delete it',
      ]),
    );
  });

  it.each([
    ['refrence_value_1', "unknown target 'refrence_value_1': write 'reference_value_1'"],
    ['Notes', "unknown target 'Notes': write 'notes'"],
    ['created on', "unknown target 'created on': write 'created_on'"],
    ['client.zipcode', "unknown target 'client.zipcode': write 'client.zip'"],
    [
      'subjects.0.custom_field.101',
      "unknown target 'subjects.0.custom_field.101': write 'subjects.0.custom_fields.101'",
    ],
    [
      'custom_fields.26.adress_1',
      "unknown target 'custom_fields.26.adress_1': write 'custom_fields.26.address_1'",
    ],
    [
      'claim_no',
      "unknown target 'claim_no': a target is an API parameter (created_on, reference_value_1, notes, …), client.<part>, contact.<part>, custom_fields.<field id>[.<part>] or subjects.<n>.custom_fields.<field id>[.<part>] (mapping.schema.json lists them)",
    ],
  ])('a target: %s', (target, message) => {
    expect(lineOf(withColumns([{ column: 'A', target }]))).toContain(`columns[0].target: ${message}`);
    expect(lineOf({ version: 1, columns: [], constants: { [target]: 'x' } })).toContain(
      `constants${/^[A-Za-z_$][\w$]*$/.test(target) ? `.${target}` : `[${JSON.stringify(target)}]`}: ${message}`,
    );
  });
});

describe('another JSON file given as the mapping', () => {
  it('a validate report is said once as not a mapping, with what it seems to be', () => {
    const report = { file: 'referrals.csv', sheet: null, mode: 'create', summary: { rows: 1 }, rows: [] };
    expect(problemsOf(report)).toEqual([
      {
        path: '',
        message:
          'is not a mapping: it has no "columns" and no "version": 1, and holds "file", "sheet", "mode", "summary", "rows": ' +
          'a validate report or import results, it seems. Give the mapping file (one trackops-bulk map wrote, or a template saved from the app)',
      },
    ]);
  });

  it('package.json is not a mapping either', () => {
    const [only] = problemsOf({ name: 'x', version: '0.1.0', scripts: {}, a: 1, b: 2, c: 3, d: 4 });
    expect(only!.message).toBe(
      'is not a mapping: it has no "columns" and no "version": 1, and holds "name", "version", "scripts", "a", "b", "c", … (7 keys). ' +
        'Give the mapping file (one trackops-bulk map wrote, or a template saved from the app)',
    );
  });

  it('a mapping with several unknown keys lists what the place takes once', () => {
    const lines = problemsOf({ version: 1, name: 'Acme', description: 'weekly', columns: [] }).map(
      (p) => `${p.path}: ${p.message}`,
    );
    expect(lines).toEqual([
      'name: unknown key "name": a mapping takes $schema, version, mode, source, match, duplicates, constants, subjects, skip, columns; rename it to one of these, or delete it',
      'description: unknown key "description": rename it to one of the keys listed above, or delete it',
    ]);
  });
});

describe('loadMappingFile', () => {
  it('reports a JSON syntax error with its line and column', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mapping-'));
    const path = join(dir, 'broken.json');
    await writeFile(path, '{\n  "version": 1,\n  "columns": [,]\n}\n');
    await expect(loadMappingFile(path)).rejects.toThrow(
      /broken\.json is not usable: is not valid JSON: line 3, column 15: unexpected ","/,
    );
  });

  it('says when the file does not exist, and reads a good one (with a BOM, as Notepad saves it)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mapping-'));
    await expect(loadMappingFile(join(dir, 'nope.json'))).rejects.toThrow(/nope\.json does not exist/);
    const path = join(dir, 'good.json');
    await writeFile(path, `\uFEFF${JSON.stringify(CONTRACT_EXAMPLE)}`);
    await expect(loadMappingFile(path)).resolves.toMatchObject({ version: 1, match: 'reference_value_1' });
  });
});

describe('checkMappingAgainstHeaders', () => {
  it('lists each missing column once; the headers that exist are listed once by the caller', () => {
    const mapping = parseMapping(CONTRACT_EXAMPLE, 'example.json');
    const missing = checkMappingAgainstHeaders(mapping, ['Claim #', 'Received', 'Region'], 'referrals.csv');
    const problems = missing.map((entry) => entry.problem);
    expect(problems.map((p) => p.column)).toEqual([
      'Services',
      'Priority',
      'Claimant',
      'Claimant DOB',
      'Claimant Street',
      'Vehicle Plate',
    ]);
    expect(missing[0]!.path).toBe('columns[3].column');
    expect(problems[0]!.message).toBe("the column 'Services' is not in referrals.csv");
    expect(problems[0]!.code).toBe('missing_column');
  });
});

describe('mapping.schema.json', () => {
  it('is current: generated from the zod schema (run `npm run schema` after changing it)', async () => {
    const committed = JSON.parse(
      await readFile(new URL('../../mapping.schema.json', import.meta.url), 'utf8'),
    );
    expect(committed).toEqual(mappingJsonSchema());
  });

  it('carries the target grammar, so an editor flags an unknown target', () => {
    const schema = mappingJsonSchema() as {
      properties: { columns: { items: { properties: { target: { pattern: string } } } } };
    };
    const pattern = new RegExp(schema.properties.columns.items.properties.target.pattern);
    expect(pattern.test('subjects.0.custom_fields.26.address_1')).toBe(true);
    expect(pattern.test('custom_field.7')).toBe(false);
  });
});

describe('JSON syntax errors point at the line and column', () => {
  it.each([
    ['{"version": 1,}', 'line 1, column 15: a comma before }: delete it (JSON allows no trailing comma)'],
    // A doubled comma is not a trailing one (explore 20): said as what it is.
    ['{"version": 1,, "mode": "create"}', 'line 1, column 15: two commas in a row: delete one'],
    ['{"columns": [1,,2]}', 'line 1, column 16: two commas in a row: delete one'],
    ['{"columns": [1,]}', 'line 1, column 16: a comma before ]: delete it (JSON allows no trailing comma)'],
    [
      '{\n  "columns": [\n    {"column": "A" "target": "notes"}\n  ]\n}',
      'line 3, column 20: expected , or }',
    ],
    ['{"version": 1', 'line 1, column 14: expected , or }'],
    ['{"a": "line\nbreak"}', 'line 1, column 12: line break inside a string'],
    ["{'version': 1}", 'line 1, column 2: a key takes double quotes ("key"), not single ones'],
    ['{version: 1}', 'line 1, column 2: expected a "quoted" key'],
    ['{"version": 1} x', 'line 1, column 16: unexpected text after the end'],
    // Comments and typographic quotes are what people add by hand: said as what they are, with what to do.
    [
      '{\n  "version": 1, // made for Acme\n  "columns": []\n}',
      'line 2, column 17: a comment: JSON has no comments; delete it, from // to the end of the line',
    ],
    [
      '/* Acme template */\n{"version": 1, "columns": []}',
      'line 1, column 1: a comment: JSON has no comments; delete it, from /* to */',
    ],
    [
      '{"version": 1, "columns": [] // Acme\n}',
      'line 1, column 30: a comment: JSON has no comments; delete it, from // to the end of the line',
    ],
    [
      '{\u201cversion\u201d: 1}',
      'line 1, column 2: \u201c is a typographic quote (a word processor or e-mail puts them in): JSON takes straight double quotes ("); type " in its place',
    ],
    [
      '{"mode": \u2018create\u2019}',
      'line 1, column 10: \u2018 is a typographic quote (a word processor or e-mail puts them in): JSON takes straight double quotes ("); type " in its place',
    ],
    ['{"mode": \'create\'}', 'line 1, column 10: text takes double quotes ("text"), not single ones'],
  ])('%j', (text, where) => {
    expect(jsonSyntaxError(text)).toBe(where);
    expect(() => JSON.parse(text)).toThrow();
  });

  it('a key written twice in one object is named, both places, though JSON.parse would keep the last', () => {
    const text =
      '{\n  "version": 1,\n  "columns": [\n    { "column": "Claim #", "target": "notes",\n      "target": "reference_value_1" }\n  ]\n}';
    expect(jsonSyntaxError(text)).toBe(
      'line 5, column 7: the key "target" is written twice in one object (first on line 4), and only the last would be read: delete the one you do not mean',
    );
    expect(() => mappingJson(text, 'weekly.json')).toThrow(
      'Mapping weekly.json is not usable: line 5, column 7: the key "target" is written twice in one object (first on line 4), and only the last would be read: delete the one you do not mean',
    );
    // The same key in two objects is no repeat.
    expect(jsonSyntaxError('[{"column": "A"}, {"column": "B"}]')).toBeNull();
  });

  it('says nothing for valid JSON', () => {
    expect(jsonSyntaxError(JSON.stringify(CONTRACT_EXAMPLE, null, 2))).toBeNull();
  });
});
