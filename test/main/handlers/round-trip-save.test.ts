/**
 * The desktop app's save dialog asks again before replacing a round-trip file holding edits (report 4,
 * item 8, the app's side of `export --out`): the words it asks with name the file and its edited rows;
 * a round-trip file nobody edited, a file of another kind or none at all needs no second question.
 * A real export by core against the sandbox over HTTP, edited with ExcelJS.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCaseRequests } from '../../../core/index.ts';
import { editedRoundTripWords } from '../../../main/handlers/host-files.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/index.ts';
import { sandboxApi } from '../../export/sandbox-api.ts';
import { tempDir } from '../../report/helpers.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

describe('saving over a round-trip file in the desktop app', () => {
  it('asks again, naming the file and its edited rows, only when its cells show edits', async () => {
    const api = sandboxApi(sandbox);
    const out = join(dir, 'edit-me.xlsx');
    await exportCaseRequests({
      api,
      filters: {},
      format: 'xlsx',
      preset: 'round-trip',
      out,
      reference: await api.getReference(),
      accountLabel: `${sandbox.baseUrl} as ${sandbox.username}`,
    });
    expect(await editedRoundTripWords(out)).toBeNull();

    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.getWorksheet('Case Requests')!;
    const headers = (sheet.getRow(1).values as unknown[]).map(String);
    sheet.eachRow((row) => {
      if (String(row.getCell(headers.indexOf('id')).value) === '4')
        row.getCell(headers.indexOf('notes')).value = 'CLERK EDIT';
    });
    await book.xlsx.writeFile(out);
    expect(await editedRoundTripWords(out)).toBe(
      'edit-me.xlsx is a round-trip export whose cells show edits: 1 row differs from what was exported. ' +
        'Replacing it throws those edits away if they are not imported yet. Save under another name, or replace it once they are imported (or to discard them).',
    );

    const other = join(dir, 'notes.csv');
    await writeFile(other, 'a,b\n1,2\n');
    expect(await editedRoundTripWords(other)).toBeNull();
    expect(await editedRoundTripWords(join(dir, 'missing.xlsx'))).toBeNull();
  });
});
