/**
 * What the app's one-click date order does, for the command line and the report: a column whose dates
 * all read both ways (no date format) refuses every row on its own, and a clerk at the terminal was
 * told so thirty times, never that one line in the mapping settles the column. Now `validate`'s summary
 * and the report's summary sheet give one line per such column, naming the `dateFormat` each order adds
 * (and the rows it settles); given, it settles them. `import` says the same line after its counts,
 * and gives `dateOrderChoices` in --json. A CSV written by Python's csv module, the CLI spawned,
 * offline or against a sandbox over HTTP; the report read by openpyxl.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

const mappingFor = (dateFormat?: string) => ({
  version: 1,
  mode: 'create',
  constants: { case_type_id: 1, 'client.country': 'US', case_region_id: 1, 'client.name': 'Acme Mutual' },
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Date Received', target: 'created_on', ...(dateFormat ? { dateFormat } : {}) },
    { column: 'Adjuster Last', target: 'contact.last_name' },
    { column: 'Adjuster Email', target: 'contact.email' },
  ],
});

describe("a date column whose dates all read both ways is settled once, from the CLI's words", () => {
  it('validate and the report name the column and the dateFormat each order adds; the one given settles every row', async () => {
    const dir = await tempDir();
    const file = writeCsvByPython(join(dir, 'referrals.csv'), [
      ['Claim #', 'Date Received', 'Adjuster Last', 'Adjuster Email'],
      ['DO-1', '4/12/2026', 'Whitfield', 'dana@acme.example'],
      ['DO-2', '3/5/2026', 'Whitfield', 'dana@acme.example'],
      ['DO-3', '2/6/2026', 'Whitfield', 'dana@acme.example'],
    ]);
    const mapping = join(dir, 'map.json');
    await writeFile(mapping, JSON.stringify(mappingFor()));
    const report = join(dir, 'report.xlsx');
    const dry = await runCli(['validate', file, '--mapping', mapping, '--report', report]);
    expect(dry.stdout).toContain('3 rows checked: 0 valid, 3 invalid');
    const line =
      'Date Received: 3 rows refused because their dates read both ways (row 2: "4/12/2026"); settle the column once: in the mapping, give the column "dateFormat": "M/D/YYYY" if the month comes first (April 12, 2026; settles 3 rows), or "dateFormat": "D/M/YYYY" if the day comes first (December 4, 2026; settles 3 rows), and check again';
    expect(dry.stdout).toContain(`Date order: ${line}.`);
    // The same line on the report's summary sheet, with its row count.
    const summary = runPython(
      'import openpyxl,sys,json\nws=openpyxl.load_workbook(sys.argv[1]).worksheets\nprint(json.dumps([[c.value for c in r] for s in ws for r in s.iter_rows()], default=str))',
      [report],
      { encoding: 'utf8' },
    );
    const cells = JSON.parse(summary) as unknown[][];
    expect(cells.some((row) => row[0] === 'Date order to choose (once per column)')).toBe(true);
    expect(cells.some((row) => row[0] === line && row[1] === 3)).toBe(true);

    // The line's advice, followed: every row's date is read, month first.
    await writeFile(mapping, JSON.stringify(mappingFor('M/D/YYYY')));
    const json = join(dir, 'report.json');
    const again = await runCli(['validate', file, '--mapping', mapping, '--report', json]);
    expect(again.stdout).not.toContain('Date order:');
    const rows = (JSON.parse(await readFile(json, 'utf8')) as { rows: { errors?: { column: string }[] }[] })
      .rows;
    for (const row of rows)
      expect((row.errors ?? []).filter((e) => e.column === 'Date Received')).toEqual([]);
  });

  it('import says the same line after its counts, and gives dateOrderChoices in --json', async () => {
    const dir = await tempDir();
    const file = writeCsvByPython(join(dir, 'referrals.csv'), [
      ['Claim #', 'Date Received', 'Adjuster Last', 'Adjuster Email'],
      ['DI-1', '4/12/2026', 'Whitfield', 'dana@acme.example'],
      ['DI-2', '3/5/2026', 'Whitfield', 'dana@acme.example'],
      ['DI-3', '2/6/2026', 'Whitfield', 'dana@acme.example'],
    ]);
    const mapping = join(dir, 'map.json');
    await writeFile(mapping, JSON.stringify(mappingFor()));
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    try {
      const env = {
        TRACKOPS_URL: sandbox.baseUrl,
        TRACKOPS_USER: sandbox.username,
        TRACKOPS_TOKEN: sandbox.token,
      };
      const run = await runCli(['import', file, '--mapping', mapping, '--rate', '100/s', '--json'], env);
      expect(run.code, run.stderr).toBe(1);
      // Every date reads both ways: no row is sent, and the column is named once.
      const summary = JSON.parse(run.stdout) as {
        created: number;
        invalid: number;
        dateOrderChoices: unknown[];
      };
      expect(summary).toMatchObject({ created: 0, invalid: 3 });
      expect(summary.dateOrderChoices).toEqual([
        {
          column: 'Date Received',
          example: '4/12/2026',
          exampleRow: 2,
          bothWays: 3,
          orders: [
            { order: 'month', format: 'M/D/YYYY', rows: 3, firstRows: [2, 3, 4], example: 'April 12, 2026' },
            { order: 'day', format: 'D/M/YYYY', rows: 3, firstRows: [2, 3, 4], example: 'December 4, 2026' },
          ],
        },
      ]);
      // The words go to stderr under --json, as the rest of the readable summary.
      expect(run.stderr).toContain(
        'Date order: Date Received: 3 rows refused because their dates read both ways (row 2: "4/12/2026"); settle the column once: in the mapping, give the column "dateFormat": "M/D/YYYY" if the month comes first (April 12, 2026; settles 3 rows), or "dateFormat": "D/M/YYYY" if the day comes first (December 4, 2026; settles 3 rows), and check again.',
      );
    } finally {
      await sandbox.close();
    }
  });
});
