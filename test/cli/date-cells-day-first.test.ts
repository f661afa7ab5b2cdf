/**
 * Explore 57 item 1: day-first dates typed into a spreadsheet set to US dates. `03/04/2026` (3 April)
 * becomes the date cell 4 March, `13/04/2026` stays text; validate read the text day-first and took
 * the cells as stored, a day↔month swap unsaid. Rule (core/validate/date-cells.ts): once a text value
 * of the column shows the day first, a date cell whose day and month could be swapped is refused,
 * naming both readings and what to do; map says so where it proposes the format. A workbook written by
 * openpyxl (date cells as Excel stores them), the CLI spawned (TZ in its environment), a sandbox over
 * real HTTP for the import.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

let dir: string;
let sandbox: RunningSandbox;

/**
 * Rows of (claim, received, due): a list is a date cell [y, m, d] (formatted m/d/yyyy, as a US
 * Excel shows it), a string is text.
 */
function workbook(name: string, rows: [string, unknown, unknown][]): string {
  const path = join(dir, name);
  const script = [
    'import openpyxl, datetime as dt, json, sys',
    'wb = openpyxl.Workbook(); ws = wb.active; ws.title = "Referrals"',
    'ws.append(["Claim #", "Date Received", "Due Date", "Carrier", "Adjuster Last", "Adjuster Email"])',
    'for claim, received, due in json.loads(sys.argv[2]):',
    '    cells = [dt.date(*v) if isinstance(v, list) else v for v in (received, due)]',
    '    ws.append([claim, *cells, "Acme Mutual", "Whitfield", "dana@acme.example"])',
    'for row in ws.iter_rows(min_row=2):',
    '    for c in row[1:3]:',
    '        if isinstance(c.value, dt.date): c.number_format = "m/d/yyyy"',
    'wb.save(sys.argv[1])',
  ].join('\n');
  runPython(script, [path, JSON.stringify(rows)]);
  return path;
}

const env = () => ({
  TZ: 'Europe/London',
  TRACKOPS_URL: sandbox.baseUrl,
  TRACKOPS_USER: sandbox.username,
  TRACKOPS_TOKEN: sandbox.token,
});

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-date-cells-'));
  sandbox = await startSandbox({ port: 0, rate: 1000 });
});
afterAll(() => sandbox.close());

async function mapped(book: string): Promise<{ mapping: string; said: string }> {
  const mapping = book.replace(/\.xlsx$/, '.json');
  const run = await runCli(['map', book, '--out', mapping, '--rate', '200/s'], env());
  expect(run.code, run.stderr).toBe(0);
  // An office in the UK: the client's country is the one thing the sheet does not say.
  const json = JSON.parse(await readFile(mapping, 'utf8')) as { constants?: Record<string, unknown> };
  json.constants = { ...json.constants, 'client.country': 'GB' };
  await writeFile(mapping, JSON.stringify(json));
  return { mapping, said: run.stdout + run.stderr };
}

describe('date cells beside day-first text in one column', () => {
  it('map warns, and validate and import refuse the cells that could be swapped, above and below the text that shows it', async () => {
    const book = workbook('mixed.xlsx', [
      ['MX-1', [2026, 3, 4], [2026, 4, 28]], // typed 03/04/2026: stored 4 March; above the proof
      ['MX-2', '13/04/2026', '29/04/2026'], // text: day-first shown here
      ['MX-3', [2026, 4, 13], '30/04/2026'], // a cell whose day is over 12 reads one way only
      ['MX-4', [2026, 4, 11], '01/05/2026'], // typed 04/11? stored 11 April: below the proof
      ['MX-5', [2026, 5, 5], '02/05/2026'], // day equals month: one reading
    ]);
    const { mapping, said } = await mapped(book);
    expect(said).toContain(
      'Date Received: warning: "13/04/2026" is text written day-first, but 2 date cells of the sample (e.g. 3/4/2026 as a spreadsheet set to US dates shows it) could have day and month swapped',
    );

    const validate = await runCli(['validate', book, '--mapping', mapping, '--rate', '200/s'], env());
    expect(validate.stdout).toContain('5 rows checked: 3 valid, 2 invalid');
    expect(validate.stdout).toContain(
      "row 2: Date Received '2026-03-04' is a date cell, March 4, 2026 as stored (a spreadsheet set to US dates shows it 3/4/2026), but row 3 has '13/04/2026', text written day-first: typed day-first as 03/04/2026 in such a spreadsheet, April 3, 2026 becomes this cell, so the day meant may be April 3, 2026. Not sent, as either could be meant: type the date as text, day first, which the column's format reads ('03/04/2026 for April 3, 2026, '04/03/2026 for March 4, 2026",
    );
    expect(validate.stdout).toContain(
      "row 5: Date Received '2026-04-11' is a date cell, April 11, 2026 as stored",
    );

    const before = sandbox.account().case_requests.length;
    const results = join(dir, 'mixed-results.json');
    const run = await runCli(
      ['import', book, '--mapping', mapping, '--results', results, '--rate', '200/s'],
      env(),
    );
    expect(run.code).toBe(1);
    const stored = sandbox.account().case_requests.slice(before);
    expect(stored.map((record) => [record.reference_value_1, record.created_on]).sort()).toEqual([
      ['MX-2', '2026-04-13'],
      ['MX-3', '2026-04-13'],
      ['MX-5', '2026-05-05'],
    ]);
    const rows = (JSON.parse(await readFile(results, 'utf8')) as { rows: { row: number; status: string }[] })
      .rows;
    expect(rows.filter((row) => row.status === 'invalid').map((row) => row.row)).toEqual([2, 5]);
  });

  it('a column of date cells with no day-first text, or whose cells were retyped as text, is sent as it reads', async () => {
    const cellsOnly = workbook('cells-only.xlsx', [
      ['CO-1', [2026, 3, 4], [2026, 4, 1]],
      ['CO-2', [2026, 4, 11], [2026, 4, 20]],
    ]);
    const { mapping } = await mapped(cellsOnly);
    const plain = await runCli(['validate', cellsOnly, '--mapping', mapping, '--rate', '200/s'], env());
    expect(plain.stdout).toContain('2 rows checked: 2 valid, 0 invalid');

    const retyped = workbook('retyped.xlsx', [
      ['RT-1', '03/04/2026', '28/04/2026'],
      ['RT-2', '13/04/2026', '29/04/2026'],
    ]);
    const { mapping: retypedMapping } = await mapped(retyped);
    const fixed = await runCli(['validate', retyped, '--mapping', retypedMapping, '--rate', '200/s'], env());
    expect(fixed.stdout).toContain('2 rows checked: 2 valid, 0 invalid');
  });
});
