/**
 * A template made for one carrier's text file (semicolons, windows-1252, both kept in its "source")
 * used on another's comma-separated UTF-8 file of the same columns. Read as the template says, the file
 * is one column wide and its byte-order mark reads as "ï»¿": it was refused as having no header row,
 * "add a row naming each column above the data", though it has one. The refusal now names what the
 * template gave, that the file read as detected holds every mapped column, and the ways out. Offline,
 * the CLI as spawned; the files written by Python.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../helpers/run-python.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';

const TEMPLATE = {
  version: 1,
  source: { delimiter: ';', encoding: 'windows-1252' },
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Carrier', target: 'client.name' },
  ],
};

let dir = '';
let file = '';
let template = '';

beforeAll(async () => {
  dir = await tempDir();
  file = join(dir, 'comma.csv');
  // Excel's "CSV UTF-8": a byte-order mark, commas.
  runPython(
    'import csv, sys\nwith open(sys.argv[1], "w", newline="", encoding="utf-8-sig") as out:\n' +
      '    csv.writer(out).writerows([["Claim #", "Carrier"], ["CLM-1", "Acme Mutual"], ["CLM-2", "Zürich Re"]])',
    [file],
  );
  template = join(dir, 'semicolon-carrier.json');
  await writeFile(template, JSON.stringify(TEMPLATE, null, 2));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a template's delimiter and encoding that do not fit the file", () => {
  it('names what the template gave and how the file reads, not "add a header row"', async () => {
    const run = await runCli(['validate', file, '--mapping', template]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `trackops-bulk: Read with the delimiter ";" and the encoding windows-1252 that the mapping's "source" gives, ${file} ` +
        'does not hold the columns the mapping reads; read as detected (delimiter ",", encoding utf-8), its row 1 holds them all: ' +
        'give --delimiter "," --encoding utf-8 for this file, or remove "delimiter" and "encoding" from the mapping\'s "source" to have them detected in each file.\n',
    );
  });

  it('a file that read so has no header row at all is said the same way', async () => {
    const sample = fileURLToPath(new URL('../../samples/referrals-clean.csv', import.meta.url));
    const run = await runCli(['validate', sample, '--mapping', template]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      `Read with the delimiter ";" and the encoding windows-1252 that the mapping's "source" gives, ${sample} has no row holding the columns the mapping reads; read as detected (delimiter ",", encoding utf-8), its row 1 holds them all`,
    );
    expect(run.stderr).not.toContain('Add a row naming each column');
  });

  it('a flag that does not fit is said as the flag', async () => {
    const run = await runCli(['validate', file, '--mapping', template, '--delimiter', '|']);
    expect(run.stderr).toContain(
      `Read with the delimiter "|" given on the command line, and the encoding windows-1252 that the mapping's "source" gives, ${file} does not hold`,
    );
    expect(run.stderr).toContain(
      'give --delimiter "," --encoding utf-8 for this file, or remove "encoding" from the mapping\'s "source" to have it detected in each file.',
    );
  });

  it('the ways out it names read the file', async () => {
    const run = await runCli([
      'validate',
      file,
      '--mapping',
      template,
      '--delimiter',
      ',',
      '--encoding',
      'utf-8',
    ]);
    expect(run.stderr).not.toContain('trackops-bulk:');
    expect(run.stdout).toContain('2 rows checked');
  });
});
