/**
 * Look-alike names before validation (explore 54 item 7, its "also noted"): an account file holding two
 * case flags "Rush" and "rush", a Priority field with the choices "High" and "HIGH" and two subject
 * types "Claimant" and "claimant", through the spawned CLI against the built-in sandbox on that file,
 * with a sheet written by Python's csv module.
 * - `map` said nothing of a value matching several look-alikes (it counted as fitting), and validate
 *   then refused those rows: map now says which values, which look-alikes (told apart) and how to choose.
 * - A subject type given by a name several types answer to was "not one of the account's", over a list
 *   holding it: it now says it matches several, names them told apart, and how to give the id.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadDemoAccount } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

function writeCsv(path: string, rows: string[][]): string {
  const script =
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))';
  runPython(script, [path, JSON.stringify(rows)]);
  return path;
}

async function lookAlikeAccount(dir: string): Promise<string> {
  const account = await loadDemoAccount();
  account.case_requests = [];
  account.case_flags.push({ id: 35, name: 'rush' });
  account.subject_types.push({ id: 9, name: 'claimant', field_ids: [] });
  const priority = account.fields.find((field) => field.id === 12)!;
  priority.choices = ['Normal', 'High', 'HIGH', 'Urgent'];
  const path = join(dir, 'account.json');
  await writeFile(path, JSON.stringify(account));
  return path;
}

const HEADER = [
  'Claim #',
  'Date Received',
  'Flags',
  'Priority',
  'Carrier',
  'Adjuster Last',
  'Adjuster Email',
];

it('map names values that match several look-alikes, and the id its note advises is taken', async () => {
  const dir = await tempDir();
  const data = await lookAlikeAccount(dir);
  const sheet = writeCsv(join(dir, 'in.csv'), [
    HEADER,
    ['F-1', '11/23/2026', 'Rush', 'high', 'Acme', 'Doe', 'd@x.example'],
    ['F-2', '11/23/2026', 'Litigation; RUSH', 'Normal', 'Acme', 'Doe', 'd@x.example'],
    ['F-3', '11/23/2026', 'Litigation', 'High', 'Acme', 'Doe', 'd@x.example'],
  ]);
  const mappingPath = join(dir, 'map.json');
  const map = await runCli(['map', sheet, '--sandbox', '--sandbox-data', data, '--out', mappingPath]);
  expect(map.stderr).toBe('');
  expect(map.stdout).toContain(
    `Flags: "Rush", "RUSH" (2 values) match several of the account's case flags (names are matched whatever their letter case and spaces): ` +
      `'Rush' (id 31), 'rush' (id 35); validation refuses those rows until you say which by its id in the column's "values" ` +
      `("values": { "Rush": "31" }, or 35), which reads every cell holding any of them as that one`,
  );
  // A choice written exactly ("High", row 4) is that choice; only "high" is in doubt.
  expect(map.stdout).toContain(
    `Priority: "high" (1 value) matches several choices of "Priority" that differ only in letter case: 'High', 'HIGH'; ` +
      'Trackops keeps them apart, so validation refuses that row until each cell is written exactly as the choice it means',
  );
  expect(map.stdout).toContain(
    'Left for a person (2): Flags (mapped; see its note), Priority (mapped; see its note)',
  );

  // The advice followed: the id in "values", and the cell written as the choice it means.
  const mapping = JSON.parse(await readFile(mappingPath, 'utf8')) as {
    constants: Record<string, unknown>;
    columns: { column: string; values?: Record<string, string> }[];
  };
  mapping.constants['client.country'] = 'US';
  mapping.columns.find((column) => column.column === 'Flags')!.values = { Rush: '31' };
  await writeFile(mappingPath, JSON.stringify(mapping));
  writeCsv(sheet, [
    HEADER,
    ['F-1', '11/23/2026', 'Rush', 'HIGH', 'Acme', 'Doe', 'd@x.example'],
    ['F-2', '11/23/2026', 'Litigation; RUSH', 'Normal', 'Acme', 'Doe', 'd@x.example'],
    ['F-3', '11/23/2026', 'Litigation', 'High', 'Acme', 'Doe', 'd@x.example'],
  ]);
  const checked = await runCli([
    'validate',
    sheet,
    '--mapping',
    mappingPath,
    '--sandbox',
    '--sandbox-data',
    data,
  ]);
  expect(checked.stdout).toContain('3 rows checked: 3 valid');
  expect(checked.code).toBe(0);
  // Map again: cells written exactly as a choice are that choice, so only the flags are left in doubt.
  const again = await runCli(['map', sheet, '--sandbox', '--sandbox-data', data]);
  expect(again.stdout).toContain('Left for a person (1): Flags (mapped; see its note)');
  expect(again.stdout).not.toContain('Priority: "');
}, 120_000);

it('a subject type named as several types are says it matches several and how to give the id', async () => {
  const dir = await tempDir();
  const data = await lookAlikeAccount(dir);
  const sheet = writeCsv(join(dir, 'in.csv'), [
    ['Claim #', 'Date Received', 'Carrier', 'Adjuster Last', 'Adjuster Email', 'Claimant'],
    ['S-1', '11/23/2026', 'Acme', 'Doe', 'd@x.example', 'Jane Roe'],
  ]);
  const mappingWith = (subjectType: string | number) => ({
    version: 1,
    mode: 'create',
    constants: { case_type_id: 1, case_region_id: 1, 'client.country': 'US' },
    subjects: [{ subject_type_id: subjectType, is_primary: true }],
    columns: [
      { column: 'Claim #', target: 'reference_value_1' },
      { column: 'Date Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
      { column: 'Carrier', target: 'client.name' },
      { column: 'Adjuster Last', target: 'contact.last_name' },
      { column: 'Adjuster Email', target: 'contact.email' },
      { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
    ],
  });
  const mappingPath = join(dir, 'map.json');
  await writeFile(mappingPath, JSON.stringify(mappingWith('Claimant')));
  const refused = await runCli([
    'validate',
    sheet,
    '--mapping',
    mappingPath,
    '--sandbox',
    '--sandbox-data',
    data,
  ]);
  expect(refused.stdout).toContain(
    "Subject group 1 of the mapping has the subject type 'Claimant', which matches several of the account's " +
      "(names are matched whatever their letter case and spaces): 'Claimant' (id 1), 'claimant' (id 9); " +
      'give the id of the one it means instead ("subject_type_id": 1 in that group of the mapping\'s "subjects", or 9), ' +
      'or make the names unique in Trackops',
  );
  expect(refused.stdout).not.toContain('is not one of');
  expect(refused.code).toBe(1);

  await writeFile(mappingPath, JSON.stringify(mappingWith(1)));
  const taken = await runCli([
    'validate',
    sheet,
    '--mapping',
    mappingPath,
    '--sandbox',
    '--sandbox-data',
    data,
  ]);
  expect(taken.stdout).toContain('1 row checked: 1 valid');
}, 120_000);
