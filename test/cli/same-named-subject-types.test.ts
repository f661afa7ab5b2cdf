/**
 * Explore 54 item 2: an account with two subject types both called "Vehicle" (the demo's id 2, and id 5
 * an office made when it rebuilt the type and kept the old one). map spread one vehicle's columns over
 * both, numbered them "Vehicle 1" and "Vehicle 2", and the import wrote one vehicle as two subjects,
 * nothing said. Rules: the columns of one prefix go to one subject type, map names both types with their
 * ids and fields, the group words never number two types as one's 1 and 2, and an export's headers tell
 * the two types apart. A spawned CLI against the sandbox over real HTTP; the sheet written by Python's
 * csv module.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mapping } from '../../core/index.ts';
import { loadDemoAccount, startSandbox, type AccountFile, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

const WRITE_CSV = `
import csv, sys
rows = [
    ['Claim #', 'Date Received', 'Carrier', 'Country', 'Adjuster Last', 'Adjuster Email', 'Claimant', 'Vehicle Plate', 'Vehicle Make', 'Vehicle VIN'],
    ['V-1', '11/23/2026', 'Acme', 'US', 'Doe', 'd@x.example', 'Alvarez, Sofia', 'ABC123', 'Toyota', '1HGCM82633A004352'],
]
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as out:
    csv.writer(out).writerows(rows)
`;

/** Reads a CSV's header row the way another program does. */
const READ_HEADER = `
import csv, json, sys
with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:
    print(json.dumps(next(csv.reader(f))))
`;

function withSecondVehicle(account: AccountFile): AccountFile {
  account.case_requests = [];
  account.subject_types.push({ id: 5, name: 'Vehicle', field_ids: [501, 502, 503] });
  account.fields.push(
    { id: 501, name: 'License Plate', field_type_tag: 'INPUT', use: 'subject', subject_type_id: 5 },
    { id: 502, name: 'Make', field_type_tag: 'INPUT', use: 'subject', subject_type_id: 5 },
    { id: 503, name: 'VIN', field_type_tag: 'INPUT', use: 'subject', subject_type_id: 5 },
  );
  return account;
}

let dir = '';
let sandbox: RunningSandbox;
let file = '';
let env: NodeJS.ProcessEnv = {};

describe('two subject types of one name', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'same-named-types-'));
    file = join(dir, 'vehicles.csv');
    runPython(WRITE_CSV, [file]);
    sandbox = await startSandbox({ port: 0, account: withSecondVehicle(await loadDemoAccount()) });
    env = { TRACKOPS_URL: sandbox.baseUrl, TRACKOPS_USER: sandbox.username, TRACKOPS_TOKEN: sandbox.token };
  });
  afterAll(async () => {
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('rule: map sends every "Vehicle" column to one type, names both with ids and fields, and the import writes one vehicle', async () => {
    const template = join(dir, 'map.json');
    const map = await runCli(['map', file, '--out', template, '--rate', '100/s'], env);
    expect(map.code).toBe(0);
    expect(map.stdout).toContain(
      'warning: 2 subject types are named "Vehicle": id 5 (License Plate, Make, VIN) and id 2 (License Plate, Plate State, ' +
        'Make, Model, Year, Color). The columns starting "Vehicle" are one subject, so they all go to id 5, whose fields fit 3 ' +
        "of them (id 2's: 2). Check which type the office uses now",
    );
    // Counted per type: never "Vehicle 1" and "Vehicle 2" of two types.
    expect(map.stdout).toContain(
      'subject group 2, Vehicle 1 (subject type 5): the columns starting "Vehicle"',
    );
    expect(map.stdout).not.toContain('subject group 3');
    const mapping = JSON.parse(await readFile(template, 'utf8')) as Mapping;
    expect(mapping.subjects?.map((group) => group.subject_type_id)).toEqual([1, 5]);
    expect(
      mapping.columns.filter((column) => column.column.startsWith('Vehicle')).map((column) => column.target),
    ).toEqual([
      'subjects.1.custom_fields.501',
      'subjects.1.custom_fields.502',
      'subjects.1.custom_fields.503',
    ]);

    const run = await runCli(['import', file, '--mapping', template, '--rate', '100/s'], env);
    expect(run.code).toBe(0);
    const [stored] = sandbox.account().case_requests;
    expect(stored!.subjects.map((subject) => subject.subject_type_id)).toEqual([1, 5]);
  });

  it('rule: a column only the other type fits is left unmatched and named, never sent to a second subject', async () => {
    const narrow = join(dir, 'narrow.csv');
    // Plate and Make fit both types; Model fits only type 2, VIN only type 5: 3 columns, type 2 fits 3.
    runPython(
      WRITE_CSV.replace("'Vehicle VIN']", "'Vehicle VIN', 'Vehicle Model', 'Vehicle Year']").replace(
        "'1HGCM82633A004352']",
        "'1HGCM82633A004352', 'Corolla', '2019']",
      ),
      [narrow],
    );
    const template = join(dir, 'narrow.json');
    const map = await runCli(['map', narrow, '--out', template, '--rate', '100/s'], env);
    expect(map.stdout).toContain('they all go to id 2, whose fields fit 4 of them');
    expect(map.stdout).toContain("'Vehicle VIN' fits only the other type's fields: left unmatched.");
    const mapping = JSON.parse(await readFile(template, 'utf8')) as Mapping;
    expect(mapping.subjects?.map((group) => group.subject_type_id)).toEqual([1, 2]);
    expect(mapping.columns.some((column) => column.column === 'Vehicle VIN')).toBe(false);
  });

  it("rule: a validate message names each group by its type's id when a namesake type exists", async () => {
    const template = join(dir, 'both.json');
    // A template made by hand with both types: one vehicle of each.
    await writeFile(
      template,
      JSON.stringify({
        version: 1,
        mode: 'create',
        constants: { case_type_id: 1, case_region_id: 1 },
        subjects: [
          { subject_type_id: 2, is_primary: true, is_pinned: true },
          { subject_type_id: 5, is_primary: false, is_pinned: false },
        ],
        columns: [
          { column: 'Claim #', target: 'reference_value_1' },
          { column: 'Date Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
          { column: 'Carrier', target: 'client.name' },
          { column: 'Country', target: 'client.country' },
          { column: 'Adjuster Last', target: 'contact.last_name' },
          { column: 'Adjuster Email', target: 'contact.email' },
          { column: 'Vehicle Plate', target: 'subjects.0.custom_fields.201' },
          { column: 'Vehicle Make', target: 'subjects.1.custom_fields.503' },
          { column: 'Vehicle VIN', target: 'subjects.1.custom_fields.999' },
        ],
      }),
    );
    const run = await runCli(['validate', file, '--mapping', template, '--rate', '100/s'], env);
    expect(run.stdout).toContain("Vehicle 1 (subject type 5)'s field 999");
    expect(run.stdout).not.toContain('Vehicle 2');
  });

  it("rule: an export's report preset heads each type's columns with its id", async () => {
    const post = await fetch(`${sandbox.baseUrl}/case/requests`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
        'content-type': 'application/json',
        accept: 'application/json',
      },
      body: JSON.stringify({
        casefile_request: {
          case_type_id: 1,
          case_region_id: 1,
          created_on: '2026-11-23',
          client: { name: 'Acme', country: 'US' },
          contact: { last_name: 'Doe', email: 'd@x.example' },
          subjects: [
            { subject_type_id: 2, is_primary: true, custom_fields: [{ id: 201, value: 'OLD-1' }] },
            { subject_type_id: 5, is_primary: false, custom_fields: [{ id: 501, value: 'NEW-1' }] },
          ],
        },
      }),
    });
    expect(post.status, await post.clone().text()).toBe(201);
    const out = join(dir, 'report.csv');
    const run = await runCli(['export', '--out', out, '--rate', '100/s'], env);
    expect(run.code).toBe(0);
    const header = JSON.parse(runPython(READ_HEADER, [out], { encoding: 'utf8' })) as string[];
    const plates = header.filter((column) => column.endsWith(': License Plate'));
    expect(plates).toEqual([
      'Vehicle (subject type 2): License Plate',
      'Vehicle (subject type 5): License Plate',
    ]);
    expect(new Set(header).size).toBe(header.length);
  });
});
