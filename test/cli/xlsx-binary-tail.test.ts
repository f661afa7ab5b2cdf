/**
 * A General-format number a spreadsheet holds with a binary tail (a budget computed by a formula:
 * Excel writes `<v>1100.0000000000002</v>` and shows 1100) is read as the spreadsheet shows it, at 15
 * significant digits, by validate and import alike: it was sent as budget_money 1100.0000000000002.
 * Only the tail goes, not the cell's format (LibreOffice's currency format here shows $1,100.00).
 * Real files: the sample CSV saved as XLSX by LibreOffice, one cell's XML edited with Python's zipfile
 * (LibreOffice itself writes 15 digits); the CLI against the sandbox over HTTP.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource, openSheet } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { libreOfficeConvert } from '../tools/libreoffice.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

const sample = (name: string) => new URL(`../../samples/${name}`, import.meta.url).pathname;

let sandbox: RunningSandbox;
let dir: string;
let workbook: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
  const saved = join(dir, 'saved');
  await mkdir(saved);
  libreOfficeConvert(sample('referrals-clean.csv'), 'xlsx', saved, 'CSV:44,34,76,1');
  workbook = join(saved, 'referrals-clean.xlsx');
  // Column I is Budget: its first data cell as Excel writes =1100.1-0.1.
  const edit = [
    'import re, sys, zipfile',
    'source = zipfile.ZipFile(sys.argv[1])',
    'parts = {name: source.read(name) for name in source.namelist()}',
    'sheet = "xl/worksheets/sheet1.xml"',
    'parts[sheet], count = re.subn(rb\'(<c r="I2"[^>]*>)<v>[^<]*</v>\', rb"\\g<1><v>1100.0000000000002</v>", parts[sheet])',
    'assert count == 1',
    'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as out:',
    '    for name, data in parts.items(): out.writestr(name, data)',
  ].join('\n');
  runPython(edit, [workbook]);
}, 120_000);
afterAll(() => sandbox.close());

describe('an XLSX number with a binary tail', () => {
  it('is read, validated and sent as the spreadsheet shows it', async () => {
    const sheet = await openSheet(fileSource(workbook));
    const budget = sheet.headers.indexOf('Budget');
    for await (const row of sheet.rows()) {
      const cell = row.cells[budget];
      expect(typeof cell === 'object' && cell !== null && 'value' in cell ? cell.value : cell).toBe(1100);
      break;
    }

    const connection = ['--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'];
    const env = { TRACKOPS_TOKEN: sandbox.token };
    const mapping = sample('referrals-template.json');
    const before = new Set(sandbox.account().case_requests.map((request) => request.id));
    const report = join(dir, 'dry-run.json');
    const checked = await runCli(
      ['validate', workbook, '--mapping', mapping, '--sheet', '1', '--report', report, ...connection],
      env,
    );
    expect(checked.code, checked.stderr).toBe(0);
    const first = JSON.parse(await readFile(report, 'utf8')).rows[0];
    expect(first, checked.stderr).toMatchObject({ row: 2, status: 'valid' });

    const results = join(dir, 'results.json');
    const run = await runCli(
      [
        'import',
        workbook,
        '--mapping',
        mapping,
        '--sheet',
        '1',
        '--limit',
        '1',
        '--results',
        results,
        ...connection,
      ],
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const created = sandbox.account().case_requests.filter((request) => !before.has(request.id));
    expect(created.map((request) => request.budget_money)).toEqual([1100]);
  }, 120_000);
});
