/**
 * A template saved by Notepad, offline through the CLI as spawned, with files written by Python:
 * "Unicode" (UTF-16 with a byte-order mark) is read as what it says it is; "ANSI" (windows-1252) cannot
 * be read exactly as JSON's UTF-8, so it is refused naming the line and what to do, never read with a
 * replacement character ("Instrucción" would become a column no sheet has).
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rm } from 'node:fs/promises';
import { runPython } from '../helpers/run-python.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';

const MAPPING = JSON.stringify(
  {
    version: 1,
    constants: {
      case_type_id: 1,
      case_region_id: 1,
      created_on: '2026-11-23',
      'client.name': 'Acme Mutual',
      'client.country': 'US',
      'contact.last_name': 'Whitfield',
      'contact.email': 'dana@acme.example',
    },
    columns: [
      { column: 'Claim #', target: 'reference_value_1' },
      { column: 'Instrucción', target: 'notes' },
    ],
  },
  null,
  2,
);

/** The template as Notepad saves it in `encoding` (Python's codec name), with Windows line ends. */
function writeTemplate(path: string, encoding: string): string {
  runPython('import sys\nopen(sys.argv[1], "w", encoding=sys.argv[2], newline="\\r\\n").write(sys.argv[3])', [
    path,
    encoding,
    MAPPING,
  ]);
  return path;
}

let dir: string;
beforeEach(async () => {
  dir = await tempDir();
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('a template in the encodings Notepad saves', () => {
  it('"Unicode" (UTF-16 with its byte-order mark) is read, its accented column found in the sheet', async () => {
    const sheet = writeCsvByPython(join(dir, 'referrals.csv'), [
      ['Claim #', 'Instrucción'],
      ['CLM-1', 'Llamar antes'],
    ]);
    const template = writeTemplate(join(dir, 'template.json'), 'utf-16');
    const run = await runCli(['validate', sheet, '--mapping', template, '--json']);
    expect(run.stderr).not.toContain('Mapping template.json');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 1, valid: 1 });
  });

  it('"ANSI" (windows-1252) is refused naming the file, the line and what to do', async () => {
    const sheet = writeCsvByPython(join(dir, 'referrals.csv'), [
      ['Claim #', 'Instrucción'],
      ['CLM-1', 'Llamar antes'],
    ]);
    const template = writeTemplate(join(dir, 'template.json'), 'cp1252');
    const run = await runCli(['validate', sheet, '--mapping', template]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'trackops-bulk: Mapping template.json is not usable: is not UTF-8 text: line 18 holds the byte 0xF3, ' +
        'written in another encoding (such as windows-1252, Notepad\'s "ANSI"); save the file again as UTF-8\n',
    );
  });

  it('a workbook given as the mapping is said to be one, not text in another encoding', async () => {
    const sheet = writeCsvByPython(join(dir, 'referrals.csv'), [['Claim #'], ['CLM-1']]);
    const workbook = join(dir, 'referrals.xlsx');
    runPython(
      'import sys, openpyxl\nbook = openpyxl.Workbook()\nbook.active.append(["Claim #"])\nbook.save(sys.argv[1])',
      [workbook],
    );
    const run = await runCli(['validate', sheet, '--mapping', workbook]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'trackops-bulk: Mapping referrals.xlsx is not usable: is a zip file (an .xlsx workbook, it seems), not the JSON text of a mapping: ' +
        'give the mapping file (one trackops-bulk map wrote, or a template saved from the app)\n',
    );
  });
});
