/**
 * Explore 60 item 2: a workbook made in LibreOffice set to UK dates, whose "Date Received" cells are real
 * dates formatted dd/mm/yyyy (the sheet shows 03/11/2026 for 3 November) beside one text cell
 * '25/11/2026': every date cell with a day of 12 or less was refused as "could be swapped", and map
 * warned, though the file keeps each cell's format and these were shown, and so checked, day first.
 * Rule (core/read/number-formats.ts dateShownOf, core/validate/date-cells.ts): a cell whose own format
 * shows the day first, the year first or the month by name is read as shown; cells shown month first
 * (m/d/yyyy) are still questioned, and the refusal names the way to check them. Workbooks written as
 * Flat ODS and saved as XLSX by LibreOffice (as test/samples/make-referrals-messy.py makes its
 * workbook), the CLI spawned, an import into a sandbox over real HTTP read back.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { libreOfficeConvert } from '../tools/libreoffice.ts';
import { runCli } from './run-cli.ts';

let dir: string;
let sandbox: RunningSandbox;

/** The date style of the sheet's date cells, as LibreOffice's number-format dialog would set it. */
const DATE_STYLES = {
  uk: '<number:day number:style="long"/><number:text>/</number:text><number:month number:style="long"/><number:text>/</number:text><number:year number:style="long"/>',
  us: '<number:month/><number:text>/</number:text><number:day/><number:text>/</number:text><number:year number:style="long"/>',
};

/** A cell: text, or a date cell ("D:YYYY-MM-DD") shown in the sheet's date style. */
function cellXml(value: string): string {
  if (!value.startsWith('D:'))
    return `<table:table-cell office:value-type="string"><text:p>${value}</text:p></table:table-cell>`;
  const iso = value.slice(2);
  return `<table:table-cell office:value-type="date" office:date-value="${iso}" table:style-name="date"><text:p>${iso}</text:p></table:table-cell>`;
}

/** A workbook of claims (claim, received) saved by LibreOffice as XLSX, its dates in `style`. */
async function workbook(
  name: string,
  style: keyof typeof DATE_STYLES,
  rows: [string, string][],
): Promise<string> {
  const table = [['Claim #', 'Date Received', 'Carrier', 'Adjuster Last', 'Adjuster Email']]
    .concat(
      rows.map(([claim, received]) => [claim, received, 'Acme Mutual', 'Whitfield', 'dana@acme.example']),
    )
    .map((row) => `<table:table-row>${row.map(cellXml).join('')}</table:table-row>`)
    .join('');
  const fods = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:styles><number:date-style style:name="ds">${DATE_STYLES[style]}</number:date-style></office:styles>
<office:automatic-styles><style:style style:name="date" style:family="table-cell" style:data-style-name="ds"/></office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="Referrals">${table}</table:table></office:spreadsheet></office:body>
</office:document>
`;
  await writeFile(join(dir, `${name}.fods`), fods);
  libreOfficeConvert(join(dir, `${name}.fods`), 'xlsx', dir);
  return join(dir, `${name}.xlsx`);
}

let mappingPath: string;

const env = () => ({
  TZ: 'Europe/London',
  TRACKOPS_URL: sandbox.baseUrl,
  TRACKOPS_USER: sandbox.username,
  TRACKOPS_TOKEN: sandbox.token,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-date-cells-format-'));
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  mappingPath = join(dir, 'map.json');
  await writeFile(
    mappingPath,
    JSON.stringify({
      version: 1,
      mode: 'create',
      source: { sheet: 'Referrals' },
      constants: { case_type_id: 1, 'client.country': 'GB', case_region_id: 1 },
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Date Received', target: 'created_on', dateFormat: 'DD/MM/YYYY' },
        { column: 'Carrier', target: 'client.name' },
        { column: 'Adjuster Last', target: 'contact.last_name' },
        { column: 'Adjuster Email', target: 'contact.email' },
      ],
    }),
  );
});
afterAll(() => sandbox.close());

const ROWS: [string, string][] = [
  ['-1', 'D:2026-11-03'],
  ['-2', 'D:2026-11-05'],
  ['-3', '25/11/2026'], // text, day first: a cell formatted as Text, or pasted
  ['-4', 'D:2026-11-10'],
];

describe("a date cell's own number format says whether its day and month are in doubt", () => {
  it('date cells shown dd/mm/yyyy beside day-first text are sent as stored, and map does not warn', async () => {
    const book = await workbook(
      'uk',
      'uk',
      ROWS.map(([claim, received]) => [`UK${claim}`, received]),
    );
    const map = await runCli(['map', book, '--out', join(dir, 'uk-proposed.json'), '--rate', '200/s'], env());
    expect(map.code, map.stderr).toBe(0);
    expect(map.stdout + map.stderr).not.toContain('could have day and month swapped');

    const results = join(dir, 'uk-results.json');
    const run = await runCli(
      ['import', book, '--mapping', mappingPath, '--results', results, '--rate', '200/s'],
      env(),
    );
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const stored = sandbox
      .account()
      .case_requests.filter((record) => String(record.reference_value_1).startsWith('UK-'))
      .map((record) => [record.reference_value_1, record.created_on])
      .sort();
    expect(stored).toEqual([
      ['UK-1', '2026-11-03'],
      ['UK-2', '2026-11-05'],
      ['UK-3', '2026-11-25'],
      ['UK-4', '2026-11-10'],
    ]);
  });

  it('date cells shown m/d/yyyy beside the same text are still questioned, and the refusal names how to check them', async () => {
    const book = await workbook(
      'us',
      'us',
      ROWS.map(([claim, received]) => [`US${claim}`, received]),
    );
    const report = join(dir, 'us-report.json');
    const run = await runCli(
      ['validate', book, '--mapping', mappingPath, '--report', report, '--rate', '200/s'],
      env(),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('4 rows checked: 1 valid, 3 invalid');
    expect(run.stdout).toContain(
      "row 2: Date Received '2026-11-03' is a date cell, November 3, 2026 as stored (a spreadsheet set to US dates shows it 11/3/2026), but row 4 has '25/11/2026'",
    );
    expect(run.stdout).toContain(
      "Or check the cells instead: format the column's date cells to show the month by name (d-mmm-yyyy) and look; if each shows the day meant, save the file so: a date cell whose format shows the month by name or the day first is read as shown, and row 4's text no longer puts it in doubt",
    );
    const summary = JSON.parse(await readFile(report, 'utf8')) as { summary: { invalid: number } };
    expect(summary.summary.invalid).toBe(3);
  });
});
