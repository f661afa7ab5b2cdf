/**
 * A multi-line text keeps its line breaks when a clerk keeps the round-trip file in LibreOffice's own
 * format and saves it back as XLSX (xlsx → ods → xlsx, LibreOffice 7.4). exceljs's plain `t="str"`
 * cell came back from that trip joined ("Line oneLine two"), so the unedited file's import sent every
 * multi-line note as edited, overwriting Trackops' line breaks. An inline string keeps them. Real
 * things: the sandbox over HTTP, the CLI, LibreOffice for both saves and openpyxl reading the result.
 * A tab inside a text is lost on that trip whatever the cell's form (LibreOffice drops it): the file
 * keeps the hash of the text without its tabs, so such a cell is no edit either, and Trackops keeps it.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { cliInProcess } from '../cli/command-in-process.ts';
import { tempDir } from '../report/helpers.ts';
import { libreOfficeConverter } from '../tools/libreoffice.ts';
import { demoAccount } from './helpers.ts';
import { runPython } from '../helpers/run-python.ts';

/** What Trackops holds: line breaks inside the text, none at its edges. */
const HELD = {
  notes: 'Line one\nLine two',
  admin_notes: '日本語のメモ\n\n二行目',
};
/** A text with a tab inside, which the .ods trip drops. */
const TABBED = 'Weekdays:\tMon-Fri';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  const account = await demoAccount();
  const [first, second] = account.case_requests;
  Object.assign(first!, HELD, { scheduling_notes: TABBED });
  account.case_requests = [first!, second!];
  sandbox = await startSandbox({ port: 0, rate: 1000, account: account as never });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const connection = () => ['--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'];
const env = () => ({ TRACKOPS_TOKEN: sandbox.token });

/** Row 2 of the data sheet as openpyxl reads it, by header. */
function openpyxlRow(file: string): Record<string, unknown> {
  const read = [
    'import openpyxl, sys, json',
    'sheet = openpyxl.load_workbook(sys.argv[1])["Case Requests"]',
    'head = [c.value for c in sheet[1]]',
    'print(json.dumps(dict(zip(head, [c.value for c in sheet[2]])), default=str))',
  ].join('\n');
  return JSON.parse(runPython(read, [file], { encoding: 'utf8' }));
}

describe('a round-trip XLSX kept as .ods in LibreOffice and saved back as .xlsx', () => {
  it('keeps its line breaks, so its unedited import sends nothing (nor for a tab LibreOffice dropped)', async () => {
    const out = join(dir, 'edit-me.xlsx');
    const exported = await cliInProcess(
      ['export', '--out', out, '--columns', 'round-trip', ...connection()],
      env(),
    );
    expect(exported.code, exported.stderr).toBe(0);

    const convert = libreOfficeConverter(join(dir, 'libreoffice-profile'));
    const odsDir = join(dir, 'ods');
    const backDir = join(dir, 'back');
    await mkdir(odsDir);
    await mkdir(backDir);
    convert(out, 'ods', odsDir);
    convert(join(odsDir, 'edit-me.ods'), 'xlsx', backDir);
    const back = join(backDir, 'edit-me.xlsx');
    const saved = openpyxlRow(back);
    expect(saved).toMatchObject(HELD);
    expect(saved.scheduling_notes).toBe('Weekdays:Mon-Fri');

    const run = await cliInProcess(['import', back, '--mode', 'update', '--json', ...connection()], env());
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ updated: 0, invalid: 0, failed: 0 });
    expect(sandbox.account().case_requests.find((request) => request.id === 1)).toMatchObject({
      ...HELD,
      scheduling_notes: TABBED,
    });
    // Nor does it hold edits to lose: exporting again over it needs no --overwrite.
    const again = await cliInProcess(
      ['export', '--out', back, '--columns', 'round-trip', ...connection()],
      env(),
    );
    expect(again.code, again.stderr).toBe(0);
  }, 240_000);
});
