/**
 * The reader's refusals and options as a user meets them on the command line (issues 15–17): a
 * damaged CSV is one line naming the row and column (exit 2, no stack), `map --quote` reads a file
 * quoted with ' and keeps the quote in the mapping so that `validate` reads it the same way.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../report/helpers.ts';
import { fixture } from '../read/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

describe('reading options and refusals on the command line', () => {
  it('map of a CSV with a stray quote: exit 2, one line naming the row and column', async () => {
    const run = await runCli(['map', fixture('stray-quote.csv')]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/Row 3, column B of .*stray-quote.csv is a quoted field holding a quote/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('map --quote "\'" reads the file and keeps the quote in the mapping\'s source; validate reads it alike', async () => {
    const out = join(await tempDir(), 'single-quoted.json');
    const mapped = await runCli([
      'map',
      fixture('single-quoted.csv'),
      '--quote',
      "'",
      '--out',
      out,
      '--json',
    ]);
    expect(mapped.stderr).toBe('');
    expect(mapped.code).toBe(0);
    const proposal = JSON.parse(mapped.stdout) as { columns: { column: string }[] };
    expect(proposal.columns.map((column) => column.column)).toEqual(['Claim', 'Insured']);
    const mapping = JSON.parse(await readFile(out, 'utf8')) as { source?: Record<string, unknown> };
    expect(mapping.source).toMatchObject({ quote: "'" });

    const validated = await runCli(['validate', fixture('single-quoted.csv'), '--mapping', out, '--json']);
    expect(validated.stderr).not.toMatch(/Column 3|damaged/);
    expect(JSON.parse(validated.stdout)).toMatchObject({ rows: 2 });
  });

  it('map says the delimiter and encoding it detected; given ones are kept in the source and read by validate and import', async () => {
    const detected = await runCli(['map', fixture('colon-delimited.csv')]);
    expect(detected.code).toBe(0);
    expect(detected.stdout).toMatch(
      /^Read as colon-separated text in utf-8; the delimiter and encoding were detected, not given: if the columns below look wrong, run map again with --delimiter or --encoding\./,
    );

    // Given: a comma reads the same file as one column, and the mapping keeps it.
    const out = join(await tempDir(), 'one-column.json');
    const given = await runCli(['map', fixture('colon-delimited.csv'), '--delimiter', ',', '--out', out]);
    expect(given.code).toBe(0);
    expect(given.stdout).toMatch(
      /^Read as comma-separated text in utf-8; the encoding was detected, not given/,
    );
    const mapping = JSON.parse(await readFile(out, 'utf8')) as { source?: Record<string, unknown> };
    expect(mapping.source).toMatchObject({ delimiter: ',' });
    const validated = await runCli(['validate', fixture('colon-delimited.csv'), '--mapping', out, '--json']);
    // Read with the given ",": the colon-joined header is one column (its note and the summary go to
    // stderr under --json).
    expect(validated.stderr).toContain("1 column the mapping does not read: 'Claim:City:Zip'");
    expect(JSON.parse(validated.stdout)).toMatchObject({ rows: 2 });

    // A mapping made from the detected ":" reading: import's --delimiter overrides it, so the columns it
    // names are not found, before anything is sent.
    // Set-up: the mapping written by the map command's own code in this process (this file, as spawned,
    // is `detected`'s, above). The import the test is about is spawned.
    const colons = join(await tempDir(), 'colons.json');
    expect((await cliInProcess(['map', fixture('colon-delimited.csv'), '--out', colons])).code).toBe(0);
    const imported = await runCli([
      'import',
      fixture('colon-delimited.csv'),
      '--mapping',
      colons,
      '--delimiter',
      ',',
      '--sandbox',
    ]);
    expect(imported.code).toBe(2);
    // Said as the flag's doing, with how the file reads as detected (given-text-layout.ts).
    expect(imported.stderr).toMatch(
      /Read with the delimiter "," given on the command line, .*colon-delimited.csv does not hold the columns the mapping reads; read as detected \(delimiter ":", encoding utf-8\), its row 1 holds them all: give --delimiter ":", or leave the flag out to have it detected\./,
    );
  });

  it("a wrong delimiter or encoding in a mapping's source is named as the mapping's, not the file's", async () => {
    const mapping = join(await tempDir(), 'wrong-source.json');
    await writeFile(
      mapping,
      JSON.stringify({
        version: 1,
        source: { delimiter: ';;', encoding: 'utf-9' },
        columns: [{ column: 'Claim', target: 'reference_value_1' }],
      }),
    );
    const run = await runCli(['validate', fixture('single-quoted.csv'), '--mapping', mapping]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /Mapping wrong-source\.json has 2 problems: source\.delimiter: ";;" cannot be a delimiter: give one character such as "," ";" "\|" or "tab"/,
    );
    expect(run.stderr).toMatch(/source\.encoding: unknown encoding "utf-9"/);
    expect(run.stderr).not.toMatch(/single-quoted\.csv/);

    // The quote character as the delimiter is the mapping's fault too, not the data file's.
    await writeFile(
      mapping,
      JSON.stringify({
        version: 1,
        source: { delimiter: '"' },
        columns: [{ column: 'Claim', target: 'reference_value_1' }],
      }),
    );
    const quoted = await runCli(['validate', fixture('single-quoted.csv'), '--mapping', mapping]);
    expect(quoted.code).toBe(2);
    expect(quoted.stderr).toMatch(
      /Mapping wrong-source\.json is not usable: source\.delimiter: '"' cannot be a delimiter/,
    );
    expect(quoted.stderr).not.toMatch(/single-quoted\.csv/);
  });
});
