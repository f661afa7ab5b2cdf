/**
 * A mapping's `values` (CONTRACTS section 2: "explicit value map, applied first") reach where a clerk
 * needs them, through the CLI against a sandbox over real HTTP, with a sheet written by Python's csv
 * module:
 * - in a list column (Services "Surv; Social Media Search"), each item goes through the column's values
 *   after the whole cell: `map` proposes a translation keyed by the item ("Surveilance"), the dry run's
 *   refusal of an item the account lacks names the key to add ("Surv"), and once it is added the import
 *   stores every item's service;
 * - a SELECT field's value that is none of its choices (Priority 'Whenever') names the key to add the
 *   same way, and once it is added the import stores the choice it was given.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCliOn } from './run-cli.ts';
import { writeCsvByPython } from '../helpers/python.ts';

/** The rows as Python's csv module writes them, as a carrier's export would be. */
const writeCsv = writeCsvByPython;

let sandbox: RunningSandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

const cli = runCliOn;

const HEADER = ['Claim #', 'Date Received', 'Case Type', 'Services', 'Priority', 'Carrier', 'Country'];
const ROWS: [claim: string, services: string, priority: string][] = [
  ['CLM-9001', 'Surveillance; Surveilance', 'High'],
  ['CLM-9002', 'Surv; Social Media Search', 'Normal'],
  ['CLM-9003', 'Skip Trace', 'Whenever'],
  ['CLM-9004', 'Surveilance', 'Urgent'],
  ['CLM-9005', 'Skip Trace;Social Media Search', 'High'],
];

interface TemplateColumn {
  column: string;
  target: string;
  values?: Record<string, string>;
}

it("a list column's values translate each item, and a refused item or SELECT choice names the values key that would translate it", async () => {
  const account = await loadDemoAccount();
  account.case_requests = [];
  sandbox = await startSandbox({ port: 0, account, rate: 1000 });
  const running = sandbox;
  const serviceId = (name: string) => account.case_services.find((service) => service.name === name)!.id;
  const dir = await tempDir();
  const sheet = writeCsv(join(dir, 'referrals.csv'), [
    [...HEADER, 'Adjuster Last', 'Adjuster Email', 'Claimant'],
    ...ROWS.map(([claim, services, priority]) => [
      claim,
      '12/13/2026',
      'Surveillance',
      services,
      priority,
      'Acme Mutual',
      'US',
      'Whitfield',
      'dana@acme.example',
      'Alvarez, Sofia',
    ]),
  ]);

  // map's guess from spelling for one item of a list cell is keyed by the item, as the app's Columns
  // step lists it; the item it cannot guess ("Surv") is left for validation.
  const template = join(dir, 'template.json');
  const mapped = await cli(running, 'map', [sheet, '--out', template]);
  expect(mapped.code, mapped.stderr).toBe(0);
  expect(mapped.stdout).toContain(
    'Services: warning: guessed from spelling, check it: "Surveilance" → Surveillance',
  );
  const proposed = JSON.parse(await readFile(template, 'utf8')) as { columns: TemplateColumn[] };
  const column = (name: string) => proposed.columns.find((each) => each.column === name)!;
  expect(column('Services')).toMatchObject({
    target: 'case_services_list',
    split: ';',
    values: { Surveilance: 'Surveillance' },
  });
  expect(column('Priority')).toEqual({ column: 'Priority', target: 'custom_fields.12' });

  const report = join(dir, 'dry-run.json');
  const checked = await cli(running, 'validate', [sheet, '--mapping', template, '--report', report]);
  expect(checked.code, checked.stderr).toBe(1);
  expect(checked.stdout).toMatch(/^5 rows checked: 3 valid, 2 invalid/);
  const written = JSON.parse(await readFile(report, 'utf8')) as {
    rows: { row: number; status: string; errors?: { column: string; value: string; message: string }[] }[];
  };
  expect(written.rows.filter((row) => row.status === 'invalid').map((row) => [row.row, row.errors])).toEqual([
    [
      3,
      [
        {
          column: 'Services',
          target: 'case_services_list',
          code: 'lookup_not_found',
          value: 'Surv',
          message:
            "Services 'Surv' is not one of: Background Investigation, Neighborhood Canvass, Recorded Statement, " +
            "Skip Trace, Social Media Search, Surveillance; if it means one of them, add it to the column's " +
            '"values" in the mapping ("values": { "Surv": "…" }) and every cell holding it is read as that name',
        },
      ],
    ],
    [
      4,
      [
        {
          column: 'Priority',
          target: 'custom_fields.12',
          code: 'invalid_choice',
          value: 'Whenever',
          message:
            "Priority 'Whenever' is not one of: Normal, High, Urgent; if it means one of them, add it to the " +
            'column\'s "values" in the mapping ("values": { "Whenever": "…" }) and every cell holding it is read as that choice',
        },
      ],
    ],
  ]);

  // Done as said: the keys added to the template, every row is valid and goes in as translated.
  column('Services').values = { ...column('Services').values, Surv: 'Surveillance' };
  column('Priority').values = { Whenever: 'Normal' };
  await writeFile(template, JSON.stringify(proposed));
  const again = await cli(running, 'validate', [sheet, '--mapping', template]);
  expect(again.code, again.stdout).toBe(0);
  const imported = await cli(running, 'import', [
    sheet,
    '--mapping',
    template,
    '--results',
    join(dir, 'r.csv'),
  ]);
  expect(imported.code, imported.stdout + imported.stderr).toBe(0);

  const stored = running
    .account()
    .case_requests.map((request) => [
      request.reference_value_1,
      request.case_services_list,
      request.custom_fields.find((field) => field.id === 12)?.value,
    ]);
  expect(stored).toEqual([
    ['CLM-9001', [serviceId('Surveillance')], 'High'],
    ['CLM-9002', [serviceId('Surveillance'), serviceId('Social Media Search')], 'Normal'],
    ['CLM-9003', [serviceId('Skip Trace')], 'Normal'],
    ['CLM-9004', [serviceId('Surveillance')], 'Urgent'],
    ['CLM-9005', [serviceId('Skip Trace'), serviceId('Social Media Search')], 'High'],
  ]);
}, 60_000);
