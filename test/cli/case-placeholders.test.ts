/**
 * Placeholders outside the subject groups, in a carrier's sheet: "N/A" as the claim number (the match
 * key) refuses the row, naming the cell, so no request is created under a key that says nothing; "-" as
 * the policy number (a reference value nothing finds the request by), "TBD" in the notes, "none" in a
 * text custom field and "N/A" as the case location are sent as written, each with a note naming the
 * row, column and value. The file is written by Python's csv module; a spawned CLI validates and imports it against a
 * sandbox over HTTP, and what the sandbox stored is read back.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsvByPython } from '../helpers/python.ts';
import { connectionEnv, importCli, runCli, secretSandbox, type CliResult } from './import-helpers.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';

const ROWS = [
  ['Claim Number', 'Policy Number', 'Injury Description', 'Notes', 'Location'],
  ['N/A', 'POL-1', 'Back', 'Call first', 'Denver'],
  ['CLM-2', '-', 'Knee', 'Call first', 'Denver'],
  ['CLM-3', 'POL-3', 'none', 'TBD', 'N/A'],
  ['CLM-4', 'POL-4', 'Neck', 'Call first', 'Boulder'],
];

const MAPPING = {
  version: 1,
  mode: 'create',
  match: 'reference_value_1',
  constants: {
    case_type_id: 1,
    case_region_id: 1,
    created_on: '2026-11-23',
    'client.name': 'Acme',
    'client.country': 'US',
    'contact.last_name': 'Whitfield',
    'contact.email': 'dw@acme.example',
  },
  columns: [
    { column: 'Claim Number', target: 'reference_value_1' },
    { column: 'Policy Number', target: 'reference_value_2' },
    { column: 'Injury Description', target: 'custom_fields.14' },
    { column: 'Notes', target: 'notes' },
    { column: 'Location', target: 'case_location' },
  ],
};

let dir: string;
let sandbox: RunningSandbox;
let validated: CliResult;
let imported: CliResult;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-case-placeholders-'));
  writeCsvByPython(join(dir, 'claims.csv'), ROWS);
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

/** The line `validate` printed for `row` that contains `words`. */
function lineOf(row: number, words: string): string | undefined {
  return validated.stdout.split('\n').find((line) => line.includes(`row ${row}: `) && line.includes(words));
}

describe('placeholders outside the subject groups', () => {
  it('rule: a key that is a placeholder refuses the row, naming the cell; nothing is created under it', () => {
    expect(validated.stdout).toContain('4 rows checked: 3 valid, 1 invalid');
    expect(lineOf(2, "Claim Number 'N/A' reads as a placeholder, not a Claim Number")).toContain(
      'so the row is not sent with it',
    );
    expect(imported.stdout, imported.stdout + imported.stderr).toContain('Created 3,');
    const keys = sandbox.account().case_requests.map((request) => request.reference_value_1);
    expect(keys).not.toContain('N/A');
  });

  it('rule: a placeholder in a reference value that is not the key is sent, said as text, naming the key (explore 60)', () => {
    const stored = sandbox.account().case_requests.find((request) => request.reference_value_1 === 'CLM-2');
    expect(stored?.reference_value_2).toBe('-');
    expect(lineOf(3, "Policy Number '-' reads as a placeholder, not a Policy Number")).toBe(
      "  row 3: Policy Number '-' reads as a placeholder, not a Policy Number; it is sent as written, since a request may hold it there: " +
        'nothing finds the request again by its Policy Number (this import finds it by Claim Number). ' +
        'If it stands for "nothing here", empty the cell; to send it without this note, give it in the column\'s "values" ("-": "-")',
    );
  });

  it('rule: free text that is a placeholder is sent as written, with a note naming row, column and value', () => {
    const stored = sandbox.account().case_requests.find((request) => request.reference_value_1 === 'CLM-3');
    expect(stored?.notes).toBe('TBD');
    expect(stored?.case_location).toBe('N/A');
    expect(stored?.custom_fields).toContainEqual({ id: 14, value: 'none' });
    expect(
      lineOf(4, "Injury Description 'none' reads as a placeholder, not a value; it is sent as written"),
    ).toBeDefined();
    expect(lineOf(4, "Notes 'TBD' reads as a placeholder")).toBeDefined();
    expect(lineOf(4, "Location 'N/A' reads as a placeholder")).toBeDefined();
    expect(validated.stdout).not.toMatch(/row 5: .*placeholder/);
  });
});
