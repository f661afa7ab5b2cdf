/**
 * Explore 54 item 3: "Date of Loss" set up per case type, one field each (15, a DATE on Surveillance; 20,
 * an INPUT on a "Workers Comp" case type), and a sheet with a Case Type column mixing both. map took
 * field 15 without a word about field 20, and validate told the Workers Comp row to clear its date or
 * enable field 15 there: one loses the date, the other files it in the Surveillance field. Rules: map
 * says it chose between two fields of that name; the refusal names the row's case type's own field and
 * says what to do (a template per case type, or the file split), in the CLI's and the app's words; an
 * update's refusal says the same; the advice followed passes. A spawned CLI against the sandbox over real
 * HTTP; the sheets written by Python's csv module.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem, type Mapping, type ValidationReport } from '../../core/index.ts';
import { APP_MAPPING_WORDS } from '../../main/bridge/mapping-words.ts';
import { loadDemoAccount, startSandbox, type AccountFile, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

const WRITE_CSV = `
import csv, json, sys
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as out:
    csv.writer(out).writerows(json.loads(sys.argv[2]))
`;
/** Reads a CSV's header row the way another program does. */
const READ_HEADER = `
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    print(json.dumps(next(csv.reader(f))))
`;
const HEADER = [
  'Claim #',
  'Case Type',
  'Date Received',
  'Date of Loss',
  'Carrier',
  'Country',
  'Adjuster Last',
  'Adjuster Email',
  'Claimant',
];
const SURVEILLANCE = [
  'W-1',
  'Surveillance',
  '11/23/2026',
  '11/15/2026',
  'Acme',
  'US',
  'Doe',
  'd@x.example',
  'Alvarez, Sofia',
];
const WORKERS_COMP = [
  'W-2',
  'Workers Comp',
  '11/23/2026',
  '11/16/2026',
  'Acme',
  'US',
  'Doe',
  'd@x.example',
  'Bo, Jo',
];

function withWorkersComp(account: AccountFile): AccountFile {
  account.case_requests = [];
  account.case_types.push({
    id: 8,
    name: 'Workers Comp',
    reference_label_1: 'Claim Number',
    reference_label_2: null,
    reference_label_3: null,
    field_ids: [11, 20],
  });
  account.fields.push({ id: 20, name: 'Date of Loss', field_type_tag: 'INPUT', use: 'case' });
  return account;
}

let dir = '';
let sandbox: RunningSandbox;
let env: NodeJS.ProcessEnv = {};

async function sheet(name: string, rows: string[][]): Promise<string> {
  const file = join(dir, name);
  runPython(WRITE_CSV, [file, JSON.stringify([HEADER, ...rows])]);
  return file;
}

describe('case fields of one label on two case types', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'same-label-fields-'));
    sandbox = await startSandbox({ port: 0, account: withWorkersComp(await loadDemoAccount()) });
    env = { TRACKOPS_URL: sandbox.baseUrl, TRACKOPS_USER: sandbox.username, TRACKOPS_TOKEN: sandbox.token };
  });
  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("rule: map says it chose between two fields of the name; validate names the row's case type's own field and what to do", async () => {
    const file = await sheet('mixed.csv', [SURVEILLANCE, WORKERS_COMP]);
    const template = join(dir, 'mixed.json');
    const map = await runCli(['map', file, '--out', template, '--rate', '100/s'], env);
    expect(map.code).toBe(0);
    expect(map.stdout).toContain(
      'Date of Loss: warning: the account has 2 case fields named "Date of Loss": this column goes to field 15 ' +
        '(DATE, on Surveillance, Activity Check), not to field 20 (INPUT, on Workers Comp). A mapping sends a column to one ' +
        'field, so rows whose case type does not enable field 15 are refused: import them with a template of their own whose ' +
        'column \'Date of Loss\' goes to that case type\'s own field ("target": "custom_fields.20" for field 20), or split the file by case type',
    );
    const report = join(dir, 'mixed-report.json');
    const run = await runCli(
      ['validate', file, '--mapping', template, '--report', report, '--rate', '100/s'],
      env,
    );
    expect(run.code).toBe(1);
    const message =
      'Date of Loss \'11/16/2026\': Date of Loss (field 15) is not enabled for case type "Workers Comp", and that case type has ' +
      '"Date of Loss" (field 20) of its own: a mapping sends a column to one field, so import the rows of case type "Workers Comp" ' +
      'with a template of their own whose column Date of Loss goes to that field (in a mapping file: "target": "custom_fields.20"), ' +
      "or split the file by case type. Clearing the cell would lose '11/16/2026', and enabling Date of Loss (field 15) for " +
      '"Workers Comp" would give it a second field of that name';
    expect(run.stdout).toContain(`row 3: ${message}`);
    expect(run.stdout).not.toContain('clear the cell (or leave the column out');
    const saved = JSON.parse(await readFile(report, 'utf8')) as ValidationReport;
    expect(saved.rows.find((row) => row.row === 3)!.errors[0]).toMatchObject({
      code: 'field_not_enabled',
      column: 'Date of Loss',
      value: '11/16/2026',
    });
    // The app says where its template takes the field: the Columns step, not a mapping file.
    const app = formatProblem(
      'field_not_enabled',
      {
        label: 'Date of Loss',
        value: '11/16/2026',
        field: 'Date of Loss (field 15)',
        caseType: 'Workers Comp',
        ownField: '"Date of Loss" (field 20)',
        ownTarget: 'custom_fields.20',
      },
      undefined,
      APP_MAPPING_WORDS,
    );
    expect(app).toContain(
      'with a template of their own, made by choosing that field for the column Date of Loss on the Columns step, or split the file by case type',
    );
    expect(app).not.toContain('"target"');

    // The advice followed: the Workers Comp rows with their own template pass.
    const mapping = JSON.parse(await readFile(template, 'utf8')) as Mapping;
    const own = join(dir, 'workers-comp.json');
    await writeFile(
      own,
      JSON.stringify({
        ...mapping,
        columns: mapping.columns.map((column) =>
          column.column === 'Date of Loss' ? { column: 'Date of Loss', target: 'custom_fields.20' } : column,
        ),
      }),
    );
    const workersComp = await sheet('workers-comp.csv', [WORKERS_COMP]);
    const followed = await runCli(['validate', workersComp, '--mapping', own, '--rate', '100/s'], env);
    expect(followed.stdout).toContain('1 row checked: 1 valid, 0 invalid');
  });

  it("rule: an update to a request of the other case type names that case type's own field", async () => {
    const noDate = (row: string[]) =>
      row.map((cell, index) => (HEADER[index] === 'Date of Loss' ? '' : cell));
    const create = await sheet('create.csv', [noDate(SURVEILLANCE), noDate(WORKERS_COMP)]);
    const createMapping = join(dir, 'create.json');
    // The requests to update are set-up, mapped and created by the map and import commands' own code in
    // this process (spawned, map is the test above's, an import test/cli/import.test.ts's).
    await cliInProcess(['map', create, '--out', createMapping, '--rate', '100/s'], env);
    const created = await cliInProcess(
      ['import', create, '--mapping', createMapping, '--rate', '100/s'],
      env,
    );
    expect(created.code).toBe(0);
    const update = join(dir, 'update.json');
    await writeFile(
      update,
      JSON.stringify({
        version: 1,
        mode: 'update',
        match: 'reference_value_1',
        columns: [
          { column: 'Claim #', target: 'reference_value_1' },
          { column: 'Date of Loss', target: 'custom_fields.15', dateFormat: 'M/D/YYYY' },
        ],
      }),
    );
    const file = await sheet('update.csv', [WORKERS_COMP]);
    const run = await runCli(['validate', file, '--mapping', update, '--rate', '100/s'], env);
    expect(run.stdout).toMatch(
      /Date of Loss \(field 15\) is not enabled for case type "Workers Comp", which REQ-\d+ has, and that case type has "Date of Loss" \(field 20\) of its own/,
    );

    // An export of both case types' requests heads the two fields apart.
    const out = join(dir, 'both.csv');
    expect((await runCli(['export', '--out', out, '--rate', '100/s'], env)).code).toBe(0);
    const header = JSON.parse(runPython(READ_HEADER, [out], { encoding: 'utf8' })) as string[];
    expect(header.filter((column) => column.startsWith('Date of Loss'))).toEqual([
      'Date of Loss (field 15)',
      'Date of Loss (field 20)',
    ]);
  });
});
