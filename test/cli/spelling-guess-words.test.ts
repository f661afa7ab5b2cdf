/**
 * map's guess from spelling is for slips inside a word, never across a word that names another thing
 * (explore 54 item 4): regions West Texas, North Texas, Gulf Coast and "Mountain West"; a sheet naming
 * East Texas and South Texas (regions this office lacks) and "Mountian West" (a slip). Through the CLI
 * against a sandbox over real HTTP, the sheet written by Python's csv module: the template translates
 * the slip, leaves East and South Texas untranslated for a person, and validate refuses their rows
 * naming the account's regions, where the template used to send them to the opposite region.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCliOn } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

const cli = runCliOn;

it('translates a slip inside a word, and never East Texas to West Texas', async () => {
  const account = await loadDemoAccount();
  account.case_requests = [];
  account.case_regions = [
    { id: 1, name: 'West Texas', is_default: true },
    { id: 2, name: 'North Texas', is_default: false },
    { id: 3, name: 'Gulf Coast', is_default: false },
    { id: 4, name: 'Mountain West', is_default: false },
  ];
  sandbox = await startSandbox({ port: 0, account, rate: 1000 });
  const dir = await tempDir();
  const sheet = join(dir, 'in.csv');
  const rows = [
    ['Claim #', 'Date Received', 'Region', 'Carrier', 'Country', 'Adjuster Last', 'Adjuster Email'],
    ...[
      'West Texas',
      'East Texas',
      'Gulf Coast',
      'South Texas',
      'Mountian West',
      'North Texas',
      'Gulf Coast',
    ].map((region, index) => [`T-${index + 1}`, '11/23/2026', region, 'Acme', 'US', 'Doe', 'd@x.example']),
  ];
  runPython(
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))',
    [sheet, JSON.stringify(rows)],
  );
  const template = join(dir, 'map.json');
  const proposed = await cli(sandbox, 'map', [sheet, '--out', template]);
  expect(proposed.stdout).toContain('guessed from spelling, check it: "Mountian West" → Mountain West');
  expect(proposed.stdout).toContain(
    'Region: 2 of 7 values are not one of the account\'s case regions ("East Texas", "South Texas"): the column is mapped, ' +
      'and validation refuses those rows until you add a "values" map translating them to: West Texas, North Texas, Gulf Coast, Mountain West',
  );
  const mapping = JSON.parse(await readFile(template, 'utf8')) as {
    columns: { column: string; values?: Record<string, string> }[];
  };
  expect(mapping.columns.find((column) => column.column === 'Region')!.values).toEqual({
    'Mountian West': 'Mountain West',
  });

  const dry = await cli(sandbox, 'validate', [sheet, '--mapping', template]);
  expect(dry.stdout).toContain('7 rows checked: 5 valid, 2 invalid');
  expect(dry.stdout).toContain("row 3: Region 'East Texas' is not one of: ");
  expect(dry.stdout).toContain("row 5: Region 'South Texas' is not one of: ");
}, 120_000);
