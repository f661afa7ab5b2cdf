/**
 * Where the reader guessed how to read a text file, validate and import say so with the flag that
 * overrides it (fixtures made by Python's csv module, test/fixtures/read/make-fixtures.sh): a Mac OS
 * Roman file read as Windows-1252 stored "SŽan" without a word; a guessed delimiter whose columns do
 * not fit was never said to be a guess.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../report/helpers.ts';
import { fixture } from '../read/helpers.ts';
import { runCli } from './run-cli.ts';

async function mappingFile(
  columns = [
    { column: 'Claim', target: 'reference_value_1' },
    { column: 'Insured', target: 'client.name' },
    { column: 'City', target: 'client.city' },
    { column: 'Notes', target: 'notes' },
  ],
): Promise<string> {
  const path = join(await tempDir(), 'referrals.json');
  await writeFile(
    path,
    JSON.stringify({
      version: 1,
      mode: 'create',
      constants: {
        case_type_id: 1,
        case_region_id: 1,
        created_on: '2026-11-02',
        'client.country': 'US',
        'contact.last_name': 'Doe',
        'contact.email': 'doe@example.com',
      },
      columns,
    }),
  );
  return path;
}

const ENCODING_GUESS =
  /mac-roman\.csv was read as Windows-1252, a guess: it has no byte-order mark and is not UTF-8, and no encoding was given\. .*give the encoding with --encoding/;

describe('validate and import say what they guessed about a text file', () => {
  it('validate: a guessed Windows-1252 is said on the terminal and carried in the report; a given encoding is not', async () => {
    const mapping = await mappingFile();
    const report = join(await tempDir(), 'report.json');
    const run = await runCli([
      'validate',
      fixture('mac-roman.csv'),
      '--mapping',
      mapping,
      '--report',
      report,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^Note: .*${ENCODING_GUESS.source}`));
    const written = JSON.parse(await readFile(report, 'utf8')) as { reading?: string[] };
    expect(written.reading).toHaveLength(1);
    expect(written.reading![0]).toMatch(ENCODING_GUESS);

    const given = await runCli([
      'validate',
      fixture('mac-roman.csv'),
      '--mapping',
      mapping,
      '--encoding',
      'macintosh',
      '--json',
    ]);
    expect(given.code).toBe(0);
    expect(JSON.parse(given.stdout)).not.toHaveProperty('reading');
  });

  it('import: the guessed encoding is said before anything is sent', async () => {
    const mapping = await mappingFile();
    const dir = await tempDir();
    const run = await runCli([
      'import',
      fixture('mac-roman.csv'),
      '--mapping',
      mapping,
      '--sandbox',
      '--journal',
      join(dir, 'run.journal.jsonl'),
    ]);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(new RegExp(`^import: note: .*${ENCODING_GUESS.source}`));
  });

  it('a Windows-1252 file with a UTF-8 row: the row is named and not imported; the guess says why', async () => {
    // explore 24: "MÃ¼ller, ZoÃ«" was created, the row counted valid.
    const mapping = await mappingFile();
    const checked = await runCli([
      'validate',
      fixture('windows-1252-with-utf-8-row.csv'),
      '--mapping',
      mapping,
    ]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toMatch(
      /read as Windows-1252, a guess: most of it is Windows-1252 .* some rows are UTF-8/,
    );
    expect(checked.stdout).toMatch(/row 2: Insured 'MÃ¼ller, ZoÃ«' looks like UTF-8 \('Müller, Zoë'\)/);
    const dir = await tempDir();
    const data = join(dir, 'account.json');
    const run = await runCli([
      'import',
      fixture('windows-1252-with-utf-8-row.csv'),
      '--mapping',
      mapping,
      '--sandbox',
      '--sandbox-data',
      data,
      '--journal',
      join(dir, 'run.journal.jsonl'),
    ]);
    expect(run.code).toBe(1);
    const stored = JSON.parse(await readFile(data, 'utf8')) as {
      case_requests: { reference_value_1: string; client: { name: string } }[];
    };
    const made = stored.case_requests.filter((request) => request.reference_value_1.startsWith('U-'));
    expect(made.map((request) => [request.reference_value_1, request.client.name])).toEqual([
      ['U-2', 'Smith, Ann'],
      ['U-3', 'Núñez, José'],
      ['U-4', 'Ødegård, Åse'],
    ]);
  }, 60_000);

  it('a guessed delimiter with rows wider than the header: said, with --delimiter, beside the row named', async () => {
    const mapping = await mappingFile();
    const run = await runCli(['validate', fixture('unquoted-comma-row-3.csv'), '--mapping', mapping]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /Note: .*unquoted-comma-row-3\.csv was read as comma-separated text, a guess \(no delimiter was given\), and 1 row has more cells than the header \(first: row 3\)\. If its columns are split by another character, give it with --delimiter/,
    );
    expect(run.stdout).toMatch(/row 3, column 5 = ' pool and church'.*right of the last named column/);
    const given = await runCli([
      'validate',
      fixture('unquoted-comma-row-3.csv'),
      '--mapping',
      mapping,
      '--delimiter',
      ',',
      '--json',
    ]);
    expect(JSON.parse(given.stdout)).toMatchObject({ invalid: 1 });
    expect(JSON.parse(given.stdout)).not.toHaveProperty('reading');
  });

  it('rows with one unquoted comma more than the header do not make ";" the guess: "," is, and they are named', async () => {
    const mapping = await mappingFile([
      { column: 'Claim', target: 'reference_value_1' },
      { column: 'Instructions', target: 'notes' },
      { column: 'Services', target: 'client.city' },
    ]);
    const run = await runCli(['validate', fixture('half-unquoted-commas.csv'), '--mapping', mapping]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /read as comma-separated text, a guess \(no delimiter was given\), and 2 rows have more cells than the header \(first: row 3\)/,
    );
    expect(run.stdout).toMatch(/row 3, column 4 = ' pool'.*right of the last named column/);
    expect(run.stdout).toMatch(/row 5, column 4 = ' church'.*right of the last named column/);
  });

  it('"no header row" after a guessed delimiter read the header as one cell says the guess', async () => {
    const mapping = await mappingFile();
    const run = await runCli(['validate', fixture('guessed-semicolon.csv'), '--mapping', mapping]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /guessed-semicolon\.csv has no header row: .* It was read as semicolon-separated text, a guess \(the delimiter was not given\): .*give it with --delimiter/,
    );
    const given = await runCli([
      'validate',
      fixture('guessed-semicolon.csv'),
      '--mapping',
      mapping,
      '--delimiter',
      ',',
    ]);
    expect(given.stderr).not.toMatch(/no header/);
  });

  it('--sheet on a text file is said to be unused, by validate and by map, rather than dropped', async () => {
    const mapping = await mappingFile();
    const run = await runCli([
      'validate',
      fixture('mac-roman.csv'),
      '--mapping',
      mapping,
      '--sheet',
      'Referrals',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      `Note: --sheet 'Referrals' was not used: ${fixture('mac-roman.csv')} is a text file, which has no sheets.`,
    );
    const map = await runCli(['map', fixture('mac-roman.csv'), '--sheet', 'Referrals']);
    expect(map.code).toBe(0);
    expect(map.stderr).toContain(
      `map: note: --sheet 'Referrals' was not used: ${fixture('mac-roman.csv')} is a text file, which has no sheets.`,
    );
  });

  it('two columns with one header: validate says which is read, in its notes and the report, and names the row whose other column is dropped', async () => {
    const mapping = await mappingFile([
      { column: 'Claim', target: 'reference_value_1' },
      { column: 'Insured', target: 'client.name' },
      { column: 'Notes', target: 'notes' },
    ]);
    const report = join(await tempDir(), 'report.json');
    const run = await runCli([
      'validate',
      fixture('repeated-headers.csv'),
      '--mapping',
      mapping,
      '--report',
      report,
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /Note: .*repeated-headers\.csv: columns D and F are both headed 'Notes'; the mapping reads D, not F \('NOTES \(2\)'\)/,
    );
    expect(run.stdout).toMatch(/row 4.*Column F is also headed 'NOTES' and its value 'rush' is not imported/);
    const written = JSON.parse(await readFile(report, 'utf8')) as { reading?: string[] };
    // The repeat of a column the mapping reads is said by letter above; columns it does not read at all
    // are named once, by the names a mapping would give them.
    expect(written.reading).toEqual([
      expect.stringMatching(/columns D and F are both headed 'Notes'/),
      expect.stringMatching(
        /repeated-headers\.csv has 2 columns the mapping does not read: 'Instructions', 'Instructions \(2\)': not imported/,
      ),
    ]);
  });
});
