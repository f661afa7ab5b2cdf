/**
 * validate's "Notes (N valid rows …)" counts and lists valid rows only; a refused row's notes are said
 * beside its refusal, under Problems, and the report's summary counts the same valid rows
 * (`notedRows`). Through the CLI against a sandbox over real HTTP, with a CSV written by Python's csv
 * module: three rows with "N/A" in their instructions (a placeholder sent as written, with a note), two
 * of them refused for a bad adjuster e-mail.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationReport } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { tempDir } from '../report/helpers.ts';
import { runCliOn } from './run-cli.ts';

let sandbox: RunningSandbox;
let dir: string;
let rows: string;
let mapping: string;

const PLACEHOLDER_NOTE = "Instructions 'N/A' reads as a placeholder, not a value; it is sent as written";

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
  const row = (claim: string, email: string) => [
    claim,
    '11/23/2026',
    'Acme Mutual Insurance',
    'Dana',
    'Whitfield',
    email,
    'Alvarez, Sofia',
    'N/A',
  ];
  rows = writeCsvByPython(join(dir, 'referrals.csv'), [
    [
      'Claim #',
      'Date Received',
      'Carrier',
      'Adjuster First',
      'Adjuster Last',
      'Adjuster Email',
      'Claimant',
      'Instructions',
    ],
    row('CLM-NOTE-1', 'dana@example.com'),
    row('CLM-NOTE-2', 'bob@'),
    row('CLM-NOTE-3', 'eve@'),
  ]);
  mapping = join(dir, 'mapping.json');
  await writeFile(
    mapping,
    JSON.stringify({
      version: 1,
      mode: 'create',
      match: 'reference_value_1',
      constants: { case_type_id: 1, case_region_id: 1, 'client.country': 'US' },
      subjects: [{ subject_type_id: 1, is_primary: true, is_pinned: true }],
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Date Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
        { column: 'Carrier', target: 'client.name' },
        { column: 'Adjuster First', target: 'contact.first_name' },
        { column: 'Adjuster Last', target: 'contact.last_name' },
        { column: 'Adjuster Email', target: 'contact.email' },
        { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
        { column: 'Instructions', target: 'notes' },
      ],
    }),
  );
});
afterAll(() => sandbox.close());

describe('notes of refused rows', () => {
  it('rule: the Notes heading counts valid rows only, and a refused row keeps its note under its problem', async () => {
    const report = join(dir, 'report.json');
    const run = await runCliOn(sandbox, 'validate', [rows, '--mapping', mapping, '--report', report]);
    // Nothing on stderr but what the check will cost.
    expect(run.stderr).toMatch(/^validate: checking 1 row against \d+ requests: [^\n]*\n$/);
    expect(run.code).toBe(1);
    const lines = run.stdout.split('\n');
    expect(lines).toContain('3 rows checked: 1 valid, 2 invalid');

    // Under Problems, each refused row's note follows its own problem.
    const problems = lines.slice(
      lines.indexOf('Problems:') + 1,
      lines.indexOf('', lines.indexOf('Problems:')),
    );
    const starts = [
      "  row 3: Adjuster Email 'bob@' is not an email address",
      `  row 3, note: ${PLACEHOLDER_NOTE}`,
      "  row 4: Adjuster Email 'eve@' is not an email address",
      `  row 4, note: ${PLACEHOLDER_NOTE}`,
    ];
    expect(problems.map((line, index) => line.startsWith(starts[index]!) || line)).toEqual(
      starts.map(() => true),
    );

    // Under Notes, only the valid row: the count says what it names.
    const notesAt = lines.findIndex((line) => line.startsWith('Notes ('));
    expect(lines[notesAt]).toMatch(/^Notes \(1 valid row: /);
    const notes = lines.slice(notesAt + 1, lines.indexOf('', notesAt));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`row 2: ${PLACEHOLDER_NOTE}`);

    // The report counts the same rows; each refused row still carries its note beside its problems.
    const written = JSON.parse(await readFile(report, 'utf8')) as ValidationReport;
    expect(written.summary).toMatchObject({ rows: 3, valid: 1, invalid: 2, notedRows: 1 });
    const refused = written.rows.filter((entry) => entry.status === 'invalid');
    expect(refused.map((entry) => [entry.row, entry.errors.length, entry.notes?.length])).toEqual([
      [3, 1, 1],
      [4, 1, 1],
    ]);
  });
});
