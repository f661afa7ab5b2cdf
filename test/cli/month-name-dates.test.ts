/**
 * Dates with an English month name ("05-Apr-2026", Excel's d-mmm-yy saved to CSV "6-Apr-26", "April 5,
 * 2026") are read, with a two-digit year by the pivot; `map` proposes their format; a month named in
 * another language is refused saying so and what to do, never advising a dateFormat that cannot help
 * (explore 57 item 6). The CSV is written by Python's csv module; the CLI is spawned, offline.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCsvByPython } from '../helpers/python.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

describe('month-name dates', () => {
  it('map proposes the format, validate reads them, a German month is refused in words that say so', async () => {
    const dir = await tempDir();
    const file = writeCsvByPython(join(dir, 'referrals.csv'), [
      ['Claim #', 'Date Received', 'Due Date', 'Carrier', 'Case Type', 'Region', 'Country'],
      ['IN-001', '05-Apr-2026', '19-Apr-2026', 'Acme Mutual', 'Surveillance', 'Mountain West', 'US'],
      ['IN-002', '6-Apr-26', 'April 20, 2026', 'Acme Mutual', 'Surveillance', 'Mountain West', 'US'],
      ['IN-003', '5-Mär-2026', '7 Apr 2026', 'Acme Mutual', 'Surveillance', 'Mountain West', 'US'],
    ]);
    const mapping = join(dir, 'map.json');
    const map = await runCli(['map', file, '--out', mapping]);
    expect(map.code).toBe(0);
    expect(map.stdout).toContain(
      'Date Received: warning: dates read as DD-MMM-YYYY: "05-Apr-2026" names its month',
    );
    expect(map.stdout).toContain('"6-Apr-26" has a two-digit year');
    const columns = (
      JSON.parse(await readFile(mapping, 'utf8')) as { columns: { column: string; dateFormat?: string }[] }
    ).columns;
    expect(columns.find((column) => column.column === 'Date Received')?.dateFormat).toBe('DD-MMM-YYYY');

    const report = join(dir, 'report.json');
    const dry = await runCli(['validate', file, '--mapping', mapping, '--report', report]);
    expect(dry.stdout).toContain(
      'row 4: Date Received \'5-Mär-2026\' is not a date in the form DD-MMM-YYYY; its month is written as "Mär", which is not an English month name: only English names (Jan or January … Dec or December) are read; write the dates as YYYY-MM-DD or with English month names',
    );
    expect(dry.stdout).not.toContain('needs exactly one month');
    const rows = (
      JSON.parse(await readFile(report, 'utf8')) as {
        rows: { row: number; status: string; errors?: { column: string }[] }[];
      }
    ).rows;
    // Rows 2 and 3 have no date problem (the mapping's other open decisions aside).
    for (const row of rows.filter((one) => one.row < 4))
      expect((row.errors ?? []).filter((error) => /Date|Due/.test(error.column))).toEqual([]);
  });

  it('without a date format, a value that is no date says the whole sentence of what to do', async () => {
    const dir = await tempDir();
    const file = writeCsvByPython(join(dir, 'plain.csv'), [
      ['Claim #', 'Date Received'],
      ['IN-001', 'soon'],
      ['IN-002', '2026-04-05'],
    ]);
    const mapping = join(dir, 'map.json');
    // The mapping is set-up, written by the map command's own code in this process (map as spawned is
    // the test above's); the validate, what this test proves, is spawned.
    expect((await cliInProcess(['map', file, '--out', mapping])).code).toBe(0);
    // A mapping without a date format on the column (as one written by hand).
    const written = JSON.parse(await readFile(mapping, 'utf8')) as { columns: { dateFormat?: string }[] };
    for (const column of written.columns) delete column.dateFormat;
    await writeFile(mapping, JSON.stringify(written));
    const dry = await runCli(['validate', file, '--mapping', mapping]);
    expect(dry.stdout).toContain(
      "row 2: Date Received 'soon' is not a date in the form YYYY-MM-DD; write it so, or set the column's date format (\"dateFormat\") to the way its dates are written",
    );
  });
});
