/**
 * A round-trip export made in `dir` through `url`, then edited by openpyxl as a
 * clerk's spreadsheet saves it: the notes of its first `edits` rows set to `Edited` (edits to send), and
 * the `deletedAfter`-th row after them deleted (an exported row not in the file, which the round trip
 * names in its notes).
 * The export is set-up, run by the export command's own code in the test's process (command-in-process.ts;
 * a round-trip export as spawned is test/cli/export.test.ts's): the runs on the edited file are what the
 * tests using this are about, and they spawn them.
 */
import { join } from 'node:path';
import { expect } from 'vitest';
import { commandInProcess } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

export async function editedRoundTrip(options: {
  dir: string;
  env: NodeJS.ProcessEnv;
  url: string;
  edits: number;
  /** 1: the row just after the edited ones; 2: the one after that. */
  deletedAfter: number;
}): Promise<string> {
  const { dir, env, url, edits, deletedAfter } = options;
  const exported = await commandInProcess(
    'export',
    ['--out', 'rt.xlsx', '--columns', 'round-trip', '--rate', '100/s', '--json'],
    dir,
    { ...env, TRACKOPS_URL: url },
  );
  expect(exported.code, exported.stderr).toBe(0);
  runPython(
    [
      'import openpyxl, sys',
      'book = openpyxl.load_workbook(sys.argv[1])',
      'sheet = book.worksheets[0]',
      'header = [c.value for c in sheet[1]]',
      `for row in range(2, ${2 + edits}): sheet.cell(row=row, column=header.index('notes') + 1).value = 'Edited'`,
      `sheet.delete_rows(${1 + edits + deletedAfter})`,
      'book.save(sys.argv[1])',
    ].join('\n'),
    [join(dir, 'rt.xlsx')],
  );
  return 'rt.xlsx';
}
