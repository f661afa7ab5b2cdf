/**
 * What lands in Trackops is what a carrier's sheet means, or the row is refused or noted (explore 39
 * items 2, 3, 5 and 8): a placeholder ("N/A", "-", "unknown") in a subject group is an empty cell, so no
 * claimant called "N/A" is made; a title, a bracketed remark and lower-case particles in a whole name,
 * and a country after the zip of a whole address, land in the right parts with a note where the
 * reading left something out or decided; a two-digit year of birth the pivot puts after the request
 * was received takes the century before, said; a list cell separated by "," in a column split on ";"
 * is refused saying so. The file is written by Python's csv module; a spawned CLI validates and
 * imports it against a sandbox over HTTP, and what the sandbox stored is read back.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionEnv, importCli, runCli, secretSandbox, type CliResult } from './import-helpers.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { runPython } from '../helpers/run-python.ts';

const HEADERS = [
  'Claim #',
  'Date Received',
  'Carrier',
  'Adjuster Last',
  'Adjuster Email',
  'Services',
  'Claimant 1 Name',
  'Claimant 1 DOB',
  'Claimant 1 Address',
  'Claimant 2 Name',
  'Claimant 2 Phone',
];

/** Claim #, Services, Claimant 1 Name, DOB, Address, Claimant 2 Name, Phone; the rest is the same on every row. */
const ROWS = [
  ['PH-1', '', 'Lee, Kim', '7/8/85', '', 'N/A', ''],
  ['PH-2', '', 'Roe, Rick', '', '', '-', '-'],
  ['PH-3', '', 'Poe, Al', '', '', 'Amy Fox', 'unknown'],
  ['PH-4', '', 'Nye, Bo', 'N/A', '', '', ''],
  ['NM-1', '', 'Mr. John Smith', '', '12 Elm St, Denver, CO 80202 USA', '', ''],
  ['NM-2', '', 'Jane Doe (minor)', '', '400 Oak Ave, Apt 4B, Boulder, CO 80301 US', '', ''],
  ['NM-3', '', 'Maria de la Cruz', '', '', '', ''],
  ['NM-4', '', 'Ann Ray', '', '12 Elm St, Denver, CO 80202 Springfield', '', ''],
  ['B-1', '', 'Lee, Kim', '1/2/28', '', '', ''],
  ['B-2', '', 'Fox, Amy', '1/2/15', '', '', ''],
  ['SV-1', 'Surveillance, Skip Trace', 'Ott, Cy', '', '', '', ''],
  ['SV-2', 'Surveillance; Skip Trace', 'Ott, Di', '', '', '', ''],
];

const MAPPING = {
  version: 1,
  mode: 'create',
  match: 'reference_value_1',
  constants: { case_type_id: 1, 'client.country': 'US', case_region_id: 1 },
  subjects: [{ subject_type_id: 1, is_primary: true }, { subject_type_id: 1 }],
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Date Received', target: 'created_on', dateFormat: 'M/D/YY' },
    { column: 'Carrier', target: 'client.name' },
    { column: 'Adjuster Last', target: 'contact.last_name' },
    { column: 'Adjuster Email', target: 'contact.email' },
    { column: 'Services', target: 'case_services_list', split: ';', lookup: 'case_services' },
    { column: 'Claimant 1 Name', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
    { column: 'Claimant 1 DOB', target: 'subjects.0.custom_fields.102', dateFormat: 'M/D/YY' },
    { column: 'Claimant 1 Address', target: 'subjects.0.custom_fields.107', parse: 'address' },
    { column: 'Claimant 2 Name', target: 'subjects.1.custom_fields.101', parse: 'full_name' },
    { column: 'Claimant 2 Phone', target: 'subjects.1.custom_fields.105' },
  ],
};

const WRITE_CSV = `
import csv, json, sys
headers, rows = json.loads(sys.argv[2])
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as f:
    w = csv.writer(f); w.writerow(headers)
    for claim, services, name, dob, address, name2, phone2 in rows:
        w.writerow([claim, '11/23/26', 'Acme', 'Whitfield', 'dw@acme.example', services, name, dob, address, name2, phone2])
`;

let dir: string;
let sandbox: RunningSandbox;
let validated: CliResult;
let imported: CliResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-subject-cells-'));
  runPython(WRITE_CSV, [join(dir, 'claims.csv'), JSON.stringify([HEADERS, ROWS])]);
  await writeFile(join(dir, 'map.json'), JSON.stringify(MAPPING));
  ({ sandbox } = await secretSandbox({ rate: 1000 }));
  const env = connectionEnv(sandbox);
  validated = await runCli('validate', ['claims.csv', '--mapping', 'map.json', '--rate', '100/s'], dir, env);
  imported = await importCli(
    ['claims.csv', '--mapping', 'map.json', '--rate', '100/s', '--results', 'results.csv'],
    dir,
    env,
  );
}, 90_000);

afterAll(async () => {
  await sandbox?.close();
});

function stored(claim: string) {
  const found = sandbox.account().case_requests.filter((request) => request.reference_value_1 === claim);
  expect(found, claim).toHaveLength(1);
  return found[0]!;
}

/** The value of field `id` on each subject of the request, in order. */
function subjectValues(claim: string, id: number): unknown[] {
  return (stored(claim).subjects ?? []).map(
    (subject) => subject.custom_fields?.find((field) => field.id === id)?.value,
  );
}

/** The line `validate` printed for `row` that contains `words`. */
function lineOf(row: number, words: string): string | undefined {
  return validated.stdout.split('\n').find((line) => line.includes(`row ${row}: `) && line.includes(words));
}

describe('subject cells in a carrier sheet', () => {
  it('validate refuses only the two rows it cannot read as the sheet means; import creates the other ten', () => {
    expect(validated.stdout).toContain('12 rows checked: 10 valid, 2 invalid');
    expect(imported.stdout, imported.stdout + imported.stderr).toContain('Created 10,');
    expect(imported.code).toBe(1);
  });

  it('a placeholder in a subject group is an empty cell: no claimant called "N/A" or "-", said on the row', () => {
    expect(subjectValues('PH-1', 101)).toEqual([{ first_name: 'Kim', middle_name: '', last_name: 'Lee' }]);
    expect(subjectValues('PH-2', 101)).toHaveLength(1);
    expect(lineOf(2, "Claimant 2 Name 'N/A' reads as a placeholder")).toContain(
      'Claimant 2 has nothing else on this row and is left out',
    );
    expect(lineOf(3, "Claimant 2 Phone '-' reads as a placeholder")).toBeDefined();
    // Beside a real name, the placeholder leaves only its own field empty.
    expect(subjectValues('PH-3', 101)).toHaveLength(2);
    expect(subjectValues('PH-3', 105)).toEqual([undefined, undefined]);
    expect(lineOf(4, "Claimant 2 Phone 'unknown' reads as a placeholder")).toContain(
      'Claimant 2 is sent without it',
    );
    // The same rule for a date column: "N/A" in a DOB was refused as "not a date".
    expect(subjectValues('PH-4', 102)).toEqual([undefined]);
    expect(lineOf(5, "Claimant 1 DOB 'N/A' reads as a placeholder")).toBeDefined();
  });

  it('a title, a remark and particles go where they belong, with a note; a country after the zip is the country', () => {
    expect(subjectValues('NM-1', 101)).toEqual([{ first_name: 'John', middle_name: '', last_name: 'Smith' }]);
    expect(lineOf(6, "the title 'Mr.' is left out")).toBeDefined();
    expect(subjectValues('NM-1', 107)).toEqual([
      { address_1: '12 Elm St', address_2: '', city: 'Denver', state: 'CO', zip: '80202', country: 'US' },
    ]);
    expect(subjectValues('NM-2', 101)).toEqual([{ first_name: 'Jane', middle_name: '', last_name: 'Doe' }]);
    expect(lineOf(7, "'(minor)' is left out")).toBeDefined();
    expect(subjectValues('NM-2', 107)).toEqual([
      {
        address_1: '400 Oak Ave',
        address_2: 'Apt 4B',
        city: 'Boulder',
        state: 'CO',
        zip: '80301',
        country: 'US',
      },
    ]);
    expect(subjectValues('NM-3', 101)).toEqual([
      { first_name: 'Maria', middle_name: '', last_name: 'de la Cruz' },
    ]);
    expect(lineOf(8, "'de la' is taken as the start of the last name")).toBeDefined();
    // Anything but a country after a five-digit zip: refused, never kept inside the zip.
    expect(
      lineOf(9, "Claimant 1 Address '12 Elm St, Denver, CO 80202 Springfield' could not be split"),
    ).toBeDefined();
    expect(sandbox.account().case_requests.some((request) => request.reference_value_1 === 'NM-4')).toBe(
      false,
    );
  });

  it('a two-digit year of birth after the date received takes the century before, said; others keep the pivot', () => {
    expect(subjectValues('B-1', 102)).toEqual(['1928-01-02']);
    expect(lineOf(10, "Claimant 1 DOB '1/2/28' has a two-digit year")).toContain('1928-01-02 is imported');
    expect(subjectValues('B-2', 102)).toEqual(['2015-01-02']);
    expect(subjectValues('PH-1', 102)).toEqual(['1985-07-08']);
    expect(validated.stdout).not.toMatch(/row 11: .*two-digit/);
  });

  it('a list cell separated by "," in a column split on ";" is refused saying so and what to write', () => {
    expect(lineOf(12, "Services 'Surveillance, Skip Trace' is not one name")).toContain(
      `separated by ",", and this column is split on ";". Write it 'Surveillance; Skip Trace'`,
    );
    expect(stored('SV-2').case_services_list).toHaveLength(2);
  });
});
