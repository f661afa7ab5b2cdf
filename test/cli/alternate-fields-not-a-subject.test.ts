/**
 * "Claimant 2nd Phone" and "Claimant 2nd Address" beside "Claimant Name", "Claimant Phone" and "Claimant
 * Address" are the claimant's alternate phone and address (explore 60 item 3). Read as a second
 * claimant, a group no column could give the Name every claimant needs, every row with an alternate
 * phone was refused. `map` now leaves them for a person, saying why, and moves one to the claimant's
 * own field when that field is free; a mapping that keeps such a group (written by hand, or by an
 * earlier map) is refused in words that name the group's columns and how to undo it. The sheets are
 * written by Python's csv module; a spawned CLI maps and validates them against a sandbox over HTTP.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsvByPython } from '../helpers/python.ts';
import { connectionEnv, runCli, secretSandbox, type CliResult } from './import-helpers.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import type { Mapping } from '../../core/index.ts';

const HEADERS = [
  'Claim #',
  'Date Received',
  'Region',
  'Carrier',
  'Adjuster First',
  'Adjuster Last',
  'Adjuster Email',
  'Claimant Name',
  'Claimant DOB',
  'Claimant Phone',
  'Claimant 2nd Phone',
  'Claimant Address',
  'Claimant 2nd Address',
];
const ROWS = [
  ['O1', '11/23/2026', 'Midwest', 'Acme', 'Dana', 'W', 'd@x.example', 'Sofia Alvarez', '3/13/1986'],
  ['O2', '11/23/2026', 'Midwest', 'Acme', 'Dana', 'W', 'd@x.example', 'Terrence Brooks', '9/21/1977'],
];
const CLAIMANT_CELLS = [
  ['(720) 555-0101', '(720) 555-0199', '12 Elm St', 'PO Box 5'],
  ['(720) 555-0102', '', '14 Oak St', ''],
];

// The sandbox allows 1000 requests a second: each command reads the account's reference lists at the
// tests' usual pace, not at the default 1 request a second (what these tests check is the words).
const PACE = ['--rate', '100/s'];

let dir: string;
let sandbox: RunningSandbox;
let env: NodeJS.ProcessEnv;
let alternate: Mapped;
let onlyAlternate: Mapped;
let kept: CliResult;

interface Mapped {
  mapped: CliResult;
  mapping: Mapping;
  validated: CliResult;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-alternate-fields-'));
  writeCsvByPython(join(dir, 'alternate.csv'), [
    HEADERS,
    ...ROWS.map((row, index) => {
      const [phone, phone2, address, address2] = CLAIMANT_CELLS[index]!;
      return [...row, phone!, phone2!, address!, address2!];
    }),
  ]);
  // No "Claimant Phone": the alternate phone is the claimant's only one.
  writeCsvByPython(join(dir, 'only-alternate.csv'), [
    HEADERS.filter((header) => header !== 'Claimant Phone'),
    ...ROWS.map((row, index) => {
      const [, phone2, address, address2] = CLAIMANT_CELLS[index]!;
      return [...row, phone2!, address!, address2!];
    }),
  ]);
  ({ sandbox } = await secretSandbox({ rate: 1000 }));
  env = connectionEnv(sandbox);
  [alternate, onlyAlternate] = await Promise.all([
    mapAndValidate('alternate.csv'),
    mapAndValidate('only-alternate.csv'),
  ]);
  // As an earlier map wrote it: the two alternate columns as a second claimant.
  const mapping = structuredClone(alternate.mapping);
  mapping.subjects = [...mapping.subjects!, { subject_type_id: 1, is_primary: false, is_pinned: false }];
  mapping.columns.push(
    { column: 'Claimant 2nd Phone', target: 'subjects.1.custom_fields.105' },
    { column: 'Claimant 2nd Address', target: 'subjects.1.custom_fields.107.address_1' },
  );
  await writeFile(join(dir, 'kept.json'), JSON.stringify(mapping));
  kept = await runCli('validate', ['alternate.csv', '--mapping', 'kept.json', ...PACE], dir, env);
}, 180_000);

afterAll(async () => {
  await sandbox?.close();
});

/** map, then validate with the mapping it wrote (the country set, as a clerk would). */
async function mapAndValidate(file: string): Promise<Mapped> {
  const mapped = await runCli('map', [file, '--out', `${file}.json`, ...PACE], dir, env);
  expect(mapped.code, mapped.stderr).toBe(0);
  const mapping = JSON.parse(await readFile(join(dir, `${file}.json`), 'utf8')) as Mapping;
  mapping.constants = { ...mapping.constants, 'client.country': 'US' };
  await writeFile(join(dir, `${file}.json`), JSON.stringify(mapping));
  const validated = await runCli('validate', [file, '--mapping', `${file}.json`, ...PACE], dir, env);
  return { mapped, mapping, validated };
}

const targetOf = (mapping: Mapping, column: string) =>
  mapping.columns.find((entry) => entry.column === column)?.target;

describe('a numbered group no column can give its required field is not a second subject', () => {
  it('rule: "Claimant 2nd Phone" beside "Claimant Phone" is left for a person, saying why, and every row is valid', () => {
    const { mapped, mapping, validated } = alternate;
    expect(mapping.subjects).toEqual([{ subject_type_id: 1, is_primary: true, is_pinned: true }]);
    expect(targetOf(mapping, 'Claimant 2nd Phone')).toBeUndefined();
    expect(targetOf(mapping, 'Claimant 2nd Address')).toBeUndefined();
    expect(mapped.stdout).not.toContain('subject group 2');
    expect(mapped.stdout).toContain(
      '  Claimant 2nd Phone: left for a person: its header was read as Claimant number 2 ("Claimant 2nd", an ordinal), ' +
        'but no column gives a Claimant 2 the Name (field 101) every Claimant needs, while Claimant 1 has one: ' +
        'so it is taken as more of Claimant 1, not a second Claimant, and Claimant 1\'s Phone (field 105) is "Claimant Phone" already. ' +
        'Map this column to another field of Claimant 1, or leave it out; if the sheet does hold a second Claimant, ' +
        'map a column to its Name and this one to its Phone',
    );
    expect(mapped.stdout).toContain('Left for a person (2): Claimant 2nd Phone, Claimant 2nd Address.');
    expect(validated.stdout, validated.stderr).toContain('2 rows checked: 2 valid, 0 invalid');
  });

  it("rule: where the first claimant's field is free, the column goes to it, said as a guess", () => {
    const { mapped, mapping, validated } = onlyAlternate;
    expect(mapping.subjects).toHaveLength(1);
    expect(targetOf(mapping, 'Claimant 2nd Phone')).toBe('subjects.0.custom_fields.105');
    expect(mapped.stdout).toContain(
      "  Claimant 2nd Phone: warning: mapped to Claimant 1's Phone (field 105), a guess: its header was read as Claimant number 2",
    );
    expect(validated.stdout, validated.stderr).toContain('2 rows checked: 2 valid, 0 invalid');
  });

  it('rule: a mapping that keeps such a group is refused naming its columns and how to undo it', () => {
    const validated = kept;
    expect(validated.stdout).toContain('2 rows checked: 1 valid, 1 invalid');
    expect(validated.stdout).toContain(
      "  1 row: Claimant 2 needs Name (field 101), which this row leaves empty: no column of the mapping gives it, and Claimant 2 is made of the columns 'Claimant 2nd Phone', 'Claimant 2nd Address', " +
        'read from those headers as a second subject beside Claimant 1. If the sheet holds one, map a column to its Name (field 101); ' +
        "if they belong to Claimant 1 (an alternate phone or address, say), map them to Claimant 1's fields or take them out of the mapping, and Claimant 2 with them",
    );
  });
});
