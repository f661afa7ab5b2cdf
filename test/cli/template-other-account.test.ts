/**
 * A template made on one account used on another (the firm's second office) whose subject types have
 * other ids: "Vehicle" is subject type 9 there, its fields the same. The group's type that is not the
 * account's names the type its columns' fields belong to, with the id to write, not only a list of
 * names to compare; given that id, the rows are valid. A spawned CLI against the sandbox over real HTTP;
 * the sheet written by Python's csv module.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type AccountFile, type RunningSandbox } from '../../sandbox/index.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { tempDir } from '../report/helpers.ts';
import { runCliOn } from './run-cli.ts';

const TEMPLATE = {
  version: 1,
  constants: {
    case_type_id: 1,
    case_region_id: 'Midwest',
    created_on: '2026-11-23',
    'client.name': 'Acme Mutual',
    'client.country': 'US',
    'contact.last_name': 'Whitfield',
    'contact.email': 'dana@acme.example',
  },
  subjects: [
    { subject_type_id: 1, is_primary: true },
    { subject_type_id: 2, is_primary: false },
  ],
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
    { column: 'Vehicle Plate', target: 'subjects.1.custom_fields.201' },
    { column: 'Vehicle Make', target: 'subjects.1.custom_fields.203' },
  ],
};

/** The other office's account: Vehicle is subject type 9, with the same fields. */
function otherOffice(account: AccountFile): AccountFile {
  account.case_requests = [];
  account.subject_types.find((type) => type.id === 2)!.id = 9;
  for (const field of account.fields) if (field.subject_type_id === 2) field.subject_type_id = 9;
  return account;
}

let dir = '';
let sandbox: RunningSandbox;
let file = '';

beforeAll(async () => {
  dir = await tempDir();
  file = writeCsvByPython(join(dir, 'referrals.csv'), [
    ['Claim #', 'Claimant', 'Vehicle Plate', 'Vehicle Make'],
    ['CLM-1', 'Alvarez, Sofia', 'CO-77AB1', 'Toyota'],
  ]);
  sandbox = await startSandbox({ port: 0, account: otherOffice(await loadDemoAccount()), rate: 1000 });
});
afterAll(async () => {
  await sandbox?.close();
  await rm(dir, { recursive: true, force: true });
});

describe("a template's subject type that the other account numbers otherwise", { timeout: 60_000 }, () => {
  it("names the type its columns' fields are of, with the id to write; that id makes the rows valid", async () => {
    const template = join(dir, 'office-a.json');
    await writeFile(template, JSON.stringify(TEMPLATE, null, 2));
    const run = await runCliOn(sandbox, 'validate', [file, '--mapping', template]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "Subject group 2 of the mapping has the subject type '2', which is not one of the account's: " +
        'Address (id 3), Claimant (id 1), Employer (id 4), Vehicle (id 9). ' +
        'Its columns go to fields of Vehicle (id 9): if that is the type, give its id (in a mapping file: "subject_type_id": 9 in that group of "subjects")',
    );

    await writeFile(
      template,
      JSON.stringify({
        ...TEMPLATE,
        subjects: [TEMPLATE.subjects[0], { subject_type_id: 9, is_primary: false }],
      }),
    );
    const again = await runCliOn(sandbox, 'validate', [file, '--mapping', template]);
    expect(again.stdout).toContain('1 row checked: 1 valid, 0 invalid');
    expect(again.code).toBe(0);
  });
});
