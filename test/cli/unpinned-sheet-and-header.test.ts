/**
 * A template that names no sheet and no header row (made by `map` from last month's CSV), used on this
 * month's workbook (explore 64 items 2, 4, 5), through the spawned CLI over real HTTP; workbooks written
 * by openpyxl:
 * - two sheets of referrals under the same header: the first is read, and validate and import say so,
 *   naming the other sheet, its rows and the --sheet that reads it; only the first sheet's rows land;
 * - a cover sheet first (Apple Numbers' "Export Summary"): the sheet holding the mapped columns is read,
 *   said to be a guess with how to pin it, and its rows land (never "rename each column");
 * - one row of report criteria above the table: the row below holding every mapped column is read as the
 *   header, said to be a guess with --header-row; `map` says its own header row was a guess.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli, runCliOn, type CliTarget } from './run-cli.ts';
import { commandInProcessOn } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

const HEADER = [
  'Claim #',
  'Date Received',
  'Region',
  'Carrier',
  'Country',
  'Adjuster Last',
  'Adjuster Email',
];
// Each referral its own adjuster: rows differing only in their claim read as corrections of each other.
const referral = (claim: string) => [
  claim,
  '11/23/2026',
  'Midwest',
  'Acme Mutual Insurance',
  'US',
  `Whitfield-${claim}`,
  `${claim.toLowerCase()}@acme.example`,
];

let sandbox: RunningSandbox;
let target: CliTarget;
let dir: string;
let template: string;

/** A workbook written by openpyxl: each sheet by name with its rows (the first sheet first). */
function workbook(name: string, sheets: [string, string[][]][]): string {
  const path = join(dir, name);
  const script = [
    'import json,sys,openpyxl',
    'wb=openpyxl.Workbook(); wb.remove(wb.active)',
    'for title,rows in json.loads(sys.argv[2]):',
    '  ws=wb.create_sheet(title)',
    '  for row in rows: ws.append([v if v != "" else None for v in row])',
    'wb.save(sys.argv[1])',
  ].join('\n');
  runPython(script, [path, JSON.stringify(sheets)]);
  return path;
}

const claims = () => sandbox.account().case_requests.map((request) => String(request.reference_value_1));

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  target = { baseUrl: sandbox.baseUrl, username: sandbox.username, token: sandbox.token };
  dir = await tempDir();
  const october = writeCsvByPython(join(dir, 'october.csv'), [HEADER, referral('OCT-1')]);
  template = join(dir, 'template.json');
  // The template is set-up, made by the map command's own code in this process (map as spawned is the
  // last test's here, and test/cli/map.test.ts's).
  const mapped = await commandInProcessOn(target, 'map', [october, '--out', template]);
  expect(mapped.code, mapped.stderr).toBe(0);
});
afterAll(async () => {
  await sandbox.close();
});

describe('a template that names no sheet, on a workbook of several', () => {
  it('two sheets of referrals: the first is read, and the other is named with its rows and --sheet', async () => {
    const file = workbook('two-sheets.xlsx', [
      ['Auto', [HEADER, referral('AUTO-1'), referral('AUTO-2')]],
      ['Property', [HEADER, referral('PROP-1'), referral('PROP-2'), referral('PROP-3')]],
    ]);
    const said =
      'read sheet "Auto" (sheet 1 of 2): the mapping names no sheet, and it is the first of the ' +
      'workbook\'s 2 visible sheets that holds data. Sheet "Property" (sheet 2, 3 rows) also has every column ' +
      'the mapping names and was not read: one sheet is read per run; to read it, give --sheet "Property".';
    const checked = await runCliOn(target, 'validate', [file, '--mapping', template]);
    expect(checked.stdout + checked.stderr).toContain(said);
    expect(checked.stdout).toContain('2 rows checked: 2 valid, 0 invalid');
    const imported = await runCliOn(target, 'import', [file, '--mapping', template]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(
      `import: note: ${said.replace(/\.$/, '')} and a --journal of its own (the journal beside the file records this sheet's run).`,
    );
    expect(claims()).toEqual(expect.arrayContaining(['AUTO-1', 'AUTO-2']));
    expect(claims()).not.toContain('PROP-1');
    // The sheet the note names reads the rest.
    const rest = await runCliOn(target, 'import', [
      file,
      '--mapping',
      template,
      '--sheet',
      'Property',
      '--journal',
      join(dir, 'property.journal.jsonl'),
    ]);
    expect(rest.code, rest.stderr).toBe(0);
    expect(claims()).toEqual(expect.arrayContaining(['PROP-1', 'PROP-2', 'PROP-3']));
  });

  it('a cover sheet first: the sheet holding the mapped columns is read, said to be a guess', async () => {
    const file = workbook('numbers-export.xlsx', [
      [
        'Export Summary',
        [
          ['This document was exported from Numbers.  Each table was converted to an Excel worksheet.'],
          [],
          ['Numbers Sheet Name', 'Numbers Table Name', 'Excel Worksheet Name'],
          ['Sheet 1', 'Table 1', 'Sheet 1 - Table 1'],
        ],
      ],
      ['Sheet 1 - Table 1', [HEADER, referral('COVER-1')]],
    ]);
    const said =
      'read sheet "Sheet 1 - Table 1" (sheet 2 of 2), a guess: the mapping names no sheet, and the first of ' +
      'the workbook\'s 2 visible sheets, "Export Summary", lacks the columns the mapping names, which this one ' +
      'holds. To read this sheet without a guess, give --sheet "Sheet 1 - Table 1" (or set "sheet" in the ' +
      'mapping\'s "source").';
    const checked = await runCliOn(target, 'validate', [file, '--mapping', template]);
    expect(checked.stdout + checked.stderr).toContain(said);
    expect(checked.stdout + checked.stderr).not.toContain('Rename each missing column');
    expect(checked.stdout).toContain('1 row checked: 1 valid, 0 invalid');
    const imported = await runCliOn(target, 'import', [file, '--mapping', template]);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stderr).toContain(`import: note: ${said}`);
    expect(claims()).toContain('COVER-1');
  });
});

describe('one row of report criteria above the table', () => {
  const criteria = ['Report', 'Open referrals', 'Run date', '11/25/2026', 'Region', 'All'];

  it('the row below that holds every mapped column is read as the header, said to be a guess', async () => {
    const file = workbook('criteria.xlsx', [
      ['Referrals', [criteria, HEADER, referral('CRIT-1'), referral('CRIT-2')]],
    ]);
    const where = `row 2 of sheet "Referrals" of ${file}, a guess: row 1 (Report, Open referrals, Run date, 11/25/2026, …) looks like column names but lacks the columns the mapping names, and row 2 holds them all.`;
    const checked = await runCliOn(target, 'validate', [file, '--mapping', template]);
    expect(checked.stdout + checked.stderr).toContain(
      `the column names were read from ${where} If that is the header, give --header-row 2 (or set "headerRow": 2 in the mapping's "source") to read it there without a guess; the rows above it are not read.`,
    );
    expect(checked.stdout).toContain('2 rows checked: 2 valid, 0 invalid');
    const imported = await runCliOn(target, 'import', [file, '--mapping', template]);
    expect(imported.code, imported.stderr).toBe(0);
    // import has no --header-row: the mapping's source pins it.
    expect(imported.stderr).toContain(`If that is the header, set "headerRow": 2 in the mapping's "source"`);
    expect(claims()).toEqual(expect.arrayContaining(['CRIT-1', 'CRIT-2']));
    // Given, the row is read without a note.
    const pinned = await runCliOn(target, 'validate', [file, '--mapping', template, '--header-row', '2']);
    expect(pinned.stdout + pinned.stderr).not.toContain('a guess');
  });

  it('the same in a CSV: read from the row below, said to be a guess', async () => {
    const file = writeCsvByPython(join(dir, 'criteria.csv'), [criteria, HEADER, referral('CSV-1')]);
    const checked = await runCliOn(target, 'validate', [file, '--mapping', template]);
    expect(checked.stdout + checked.stderr).toContain(
      `the column names were read from row 2 of ${file}, a guess: row 1 (Report, Open referrals, Run date, 11/25/2026, …)`,
    );
    expect(checked.stdout).toContain('1 row checked: 1 valid, 0 invalid');
  });

  it('map says the header row it read was a guess, naming the wider row below', async () => {
    const file = workbook('criteria-map.xlsx', [['Referrals', [criteria, HEADER, referral('MAP-1')]]]);
    const mapped = await runCli(['map', file, '--json']);
    expect(mapped.code, mapped.stderr).toBe(0);
    expect(JSON.parse(mapped.stdout).decisions).toContainEqual({
      column: null,
      level: 'warning',
      message:
        'the header was taken from row 1, a guess: row 2 reads like column names too and fills more columns ' +
        '(7 to 6); if row 2 holds the column names, run map again with --header-row 2',
    });
  });
});
