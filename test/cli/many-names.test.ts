/**
 * An account with hundreds of company locations ("Tucson Office", "Tucson Field Unit", … 204 of them),
 * through the CLI against a sandbox over real HTTP, with a sheet written by Python's csv module
 * (explore 54 item 8): a misspelt name is refused listing the names closest to it first, and how many
 * more there are, not the first 25 of the alphabet; map's note offers the closest names for each value,
 * not all 204 on one line.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCliOn } from './run-cli.ts';
import { writeCsvByPython } from '../helpers/python.ts';

let sandbox: RunningSandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

const cli = runCliOn;

const writeCsv = writeCsvByPython;

const CITIES = (
  'Aberdeen Akron Albany Amarillo Anaheim Anchorage Arlington Atlanta Augusta Aurora Austin Baltimore Boise ' +
  'Boston Boulder Buffalo Chandler Charlotte Chicago Dallas Denver Detroit Durham Fresno Houston Irvine Laredo ' +
  'Lubbock Madison Memphis Mesa Miami Omaha Orlando Phoenix Plano Portland Raleigh Reno Richmond Salem Seattle ' +
  'Spokane Tacoma Tampa Tempe Toledo Tucson Tulsa Waco Wichita'
).split(' ');

it('a misspelt name among hundreds is answered with the closest names first', async () => {
  const account = await loadDemoAccount();
  account.case_requests = [];
  let id = 1000;
  account.company_locations = CITIES.flatMap((city) =>
    [' Office', ' Field Unit', ' Satellite', ' Annex'].map((kind) => ({ id: ++id, name: city + kind })),
  );
  sandbox = await startSandbox({ port: 0, account, rate: 1000 });
  const dir = await tempDir();
  const sheet = writeCsv(join(dir, 'in.csv'), [
    ['Claim #', 'Date Received', 'Company Location', 'Carrier', 'Adjuster Last', 'Adjuster Email'],
    ['L-1', '11/23/2026', 'Tuscon Office', 'Acme', 'Doe', 'd@x.example'],
    ['L-2', '11/23/2026', 'Tucson Office', 'Acme', 'Doe', 'd@x.example'],
    ['L-3', '11/23/2026', 'Tucson Office', 'Acme', 'Doe', 'd@x.example'],
    ['L-4', '11/23/2026', 'Tucson Office', 'Acme', 'Doe', 'd@x.example'],
  ]);

  const proposed = await cli(sandbox, 'map', [sheet, '--out', join(dir, 'proposed.json')]);
  const note = proposed.stdout.split('\n').find((line) => line.includes('"Tuscon Office"'));
  expect(note).toContain(
    `translating it to: names of the account's 204 (the closest to each: "Tuscon Office": Tucson Office, `,
  );
  expect(note!.length).toBeLessThan(400);

  const mapping = join(dir, 'map.json');
  await writeFile(
    mapping,
    JSON.stringify({
      version: 1,
      mode: 'create',
      constants: { case_type_id: 1, case_region_id: 1, 'client.country': 'US' },
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Date Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
        { column: 'Company Location', target: 'company_location_id', lookup: 'company_locations' },
        { column: 'Carrier', target: 'client.name' },
        { column: 'Adjuster Last', target: 'contact.last_name' },
        { column: 'Adjuster Email', target: 'contact.email' },
      ],
    }),
  );
  const dry = await cli(sandbox, 'validate', [sheet, '--mapping', mapping]);
  expect(dry.stdout).toContain("row 2: Company Location 'Tuscon Office' is not one of: Tucson Office, ");
  expect(dry.stdout).toContain('… and 179 more (the closest to it are listed first)');
  expect(dry.stdout).not.toContain('Aberdeen Annex');
}, 120_000);
