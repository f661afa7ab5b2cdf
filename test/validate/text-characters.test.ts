/**
 * Characters that must never reach Trackops (issue 17, point 10): control characters other than tab and
 * line breaks anywhere, line breaks in one-line fields, invisible characters inside e-mails and codes.
 * The readers keep them as text (an XLSX `_x0000_` arrives as U+0000); validation names the row, the
 * column and the character. A state is two letters or digits ("75", "2A").
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMapping, validateRows, type Cell } from '../../core/index.ts';
import { connectionEnv, importCli, secretSandbox } from '../cli/import-helpers.ts';
import { collect, demoReference, REQUIRED_CONSTANTS, sheetOf } from './helpers.ts';

const MAPPING = parseMapping(
  {
    version: 1,
    mode: 'create',
    constants: { case_type_id: 1, case_region_id: 1, created_on: '2026-11-02', 'client.country': 'US' },
    subjects: [{ subject_type_id: 2, is_primary: true }],
    columns: [
      { column: 'Claim #', target: 'reference_value_1' },
      { column: 'Carrier', target: 'client.name' },
      { column: 'State', target: 'client.state' },
      { column: 'Zip', target: 'client.zip' },
      { column: 'Adjuster', target: 'contact.last_name' },
      { column: 'Email', target: 'contact.email' },
      { column: 'Notes', target: 'notes' },
      { column: 'Plate', target: 'subjects.0.custom_fields.201' },
    ],
  },
  'characters.json',
);
const HEADERS = MAPPING.columns.map((column) => column.column);
const GOOD: Cell[] = ['CLM-1', 'Acme', 'CO', '80202', 'Doe', 'joe@acme.example', 'Call first', 'ABC 123'];

async function problemsOf(column: string, value: Cell, connected = true, mapping = MAPPING) {
  const cells = [...GOOD];
  cells[HEADERS.indexOf(column)] = value;
  const [outcome] = await collect(
    validateRows(sheetOf(HEADERS, [cells]), mapping, connected ? { reference: demoReference() } : {}),
  );
  return outcome!.problems.map(({ row, column, code, value, message }) => ({
    row,
    column,
    code,
    value,
    message,
  }));
}

describe('control characters are refused, naming row, column and character', () => {
  it.each([
    ['Carrier', 'Acme\u0000 Mutual', 'U+0000', 'NUL', 5],
    ['Carrier', 'Acme\u0007', 'U+0007', 'BEL, the bell', 5],
    ['Notes', 'line one\u001Bline two', 'U+001B', 'escape', 9],
    ['Plate', 'AB\u007FC', 'U+007F', 'DEL', 3],
    ['Claim #', 'CLM\u00851', 'U+0085', 'a control character', 4],
  ])('%s %j: %s', async (column, value, char, name, position) => {
    const refused = String.fromCodePoint(parseInt(char.slice(2), 16));
    const shown = value.replace(refused, `[${char}]`);
    expect(await problemsOf(column, value)).toEqual([
      {
        row: 2,
        column,
        code: 'control_character',
        value: shown,
        message: `${column} '${shown}' holds the control character ${char} (${name}) at position ${position}: it is invisible in most programs and cannot be sent; delete it (retype the value)`,
      },
    ]);
  });

  it('offline too, and a tab stays (it is text); line breaks only where the field has several lines', async () => {
    expect(await problemsOf('Carrier', 'Acme\u0000', false)).toMatchObject([{ code: 'control_character' }]);
    expect(await problemsOf('Carrier', 'Acme\tMutual')).toEqual([]);
    expect(await problemsOf('Notes', 'line one\r\nline two')).toEqual([]);
    // Create mode: nothing in Trackops to leave as it is, so only the fix (explore 20 item 3).
    expect(await problemsOf('Carrier', 'Acme\nMutual')).toMatchObject([
      {
        code: 'multi_line_text',
        value: 'Acme\nMutual',
        message:
          "Carrier 'Acme\\nMutual' has a line break; client name takes a single line: type it on one line",
      },
    ]);
    // A row that may update: an export of a value held on two lines is left alone by a blank cell.
    const upsert = parseMapping({ ...MAPPING, mode: 'upsert', match: 'reference_value_1' }, 'upsert.json');
    expect(await problemsOf('Carrier', 'Acme\nMutual', true, upsert)).toMatchObject([
      {
        code: 'multi_line_text',
        message:
          "Carrier 'Acme\\nMutual' has a line break; client name takes a single line: type it on one line. " +
          'If you did not edit this cell (an export of a value Trackops holds on two lines), empty it: ' +
          'a blank cell leaves the field as Trackops holds it, unless the column\'s "blank" is "clear"',
      },
    ]);
    // The break is shown where it is, on one terminal line: \r\n as Trackops holds it, \r alone.
    expect(await problemsOf('Carrier', 'Acme\r\nMutual\rInc')).toMatchObject([
      { message: expect.stringMatching(/^Carrier 'Acme\\r\\nMutual\\rInc' has a line break;/) as unknown },
    ]);
  });
});

describe('invisible characters inside e-mails and codes are errors', () => {
  it.each([
    ['Email', 'bob\u200B@acme.example', 'U+200B', 'zero-width space', 4],
    ['Email', 'bob@acme\u00AD.example', 'U+00AD', 'soft hyphen', 9],
    ['Zip', '80\u200D202', 'U+200D', 'zero-width joiner', 3],
    ['State', 'C\u200EO', 'U+200E', 'left-to-right mark', 2],
    ['Claim #', 'CLM\uFEFF-1', 'U+FEFF', 'byte-order mark', 4],
  ])('%s %j: %s', async (column, value, char, name, position) => {
    const [problem] = await problemsOf(column, value);
    expect(problem).toMatchObject({ column, code: 'invisible_character' });
    expect(problem!.message).toContain(
      `holds the invisible character ${char} (${name}) at position ${position}`,
    );
  });

  it('a name or a note may hold them (they are text a person wrote), only codes may not', async () => {
    expect(await problemsOf('Carrier', 'Acme\u200BMutual')).toEqual([]);
    expect(await problemsOf('Notes', 'see\u00ADattached')).toEqual([]);
  });
});

describe('state codes are two letters or digits (seed: "2-character state or province code")', () => {
  it('"75" and "2A" (French départements) are taken, as the sandbox takes them; "co" is CO', async () => {
    // Before, digits were refused: "Dept '75' is not a 2-letter state or province code".
    expect(await problemsOf('State', '75')).toEqual([]);
    expect(await problemsOf('State', '2A')).toEqual([]);
    expect(await problemsOf('State', 'co')).toEqual([]);
  });

  it('the sandbox stores them as sent (an import over HTTP)', async () => {
    const { sandbox } = await secretSandbox({ rate: 1000 });
    try {
      const dir = await mkdtemp(join(tmpdir(), 'state-codes-'));
      await writeFile(join(dir, 'fr.csv'), 'Claim,Dept\r\nFR-1,75\r\nFR-2,2a\r\n');
      await writeFile(
        join(dir, 'fr.json'),
        JSON.stringify({
          version: 1,
          mode: 'create',
          constants: { ...REQUIRED_CONSTANTS, 'client.country': 'FR' },
          columns: [
            { column: 'Claim', target: 'reference_value_1' },
            { column: 'Dept', target: 'client.state' },
          ],
        }),
      );
      const run = await importCli(['fr.csv', '--mapping', 'fr.json', '--json', '--rate', '100/s'], dir, {
        ...connectionEnv(sandbox),
      });
      expect(JSON.parse(run.stdout.trim().split('\n').at(-1)!)).toMatchObject({ created: 2, invalid: 0 });
      const stored = sandbox
        .account()
        .case_requests.filter((request) => String(request.reference_value_1).startsWith('FR-'));
      expect(stored.map((request) => [request.reference_value_1, request.client.state])).toEqual([
        ['FR-1', '75'],
        ['FR-2', '2A'],
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it('anything but two letters or digits is refused', async () => {
    for (const value of ['Colorado', 'C', '7-5', 'C.'])
      expect(await problemsOf('State', value)).toMatchObject([{ code: 'invalid_state', value }]);
  });
});
