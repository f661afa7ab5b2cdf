/**
 * A round-trip export whose header row was changed (a clerk renamed the `id` column, or a data column):
 * import and validate say so before any request; a header only retyped in another letter case is read
 * as the exported one (its edit was dropped, and a PUT with nothing in it counted as an update). Before, they read the account's reference lists first (about 8
 * requests, 8 s at the default rate) and only then found no sheet with the round-trip header. Real
 * files: the CLI's own export, its header edited and saved by Python's openpyxl; the CLI against the
 * sandbox over HTTP.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { commandInProcessOn } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;
const requests: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => requests.push(entry.url) });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const connection = () => ['--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'];
const env = () => ({ TRACKOPS_TOKEN: sandbox.token });

/**
 * Renames a header of the workbook's first sheet, and optionally types a value in row 2 under it, as a
 * clerk would in a spreadsheet program.
 */
function renameHeader(path: string, from: string, to: string, value = ''): void {
  const script = [
    'import openpyxl, sys',
    'book = openpyxl.load_workbook(sys.argv[1])',
    'sheet = book.worksheets[0]',
    'cell = next(c for c in sheet[1] if c.value == sys.argv[2])',
    'cell.value = sys.argv[3]',
    'if sys.argv[4]: sheet.cell(row=2, column=cell.column).value = sys.argv[4]',
    'book.save(sys.argv[1])',
  ].join('\n');
  runPython(script, [path, from, to, value]);
}

/**
 * The export each test edits: its set-up, made by the export command's own code in this process (the
 * export as spawned, `--columns round-trip` to an .xlsx, is test/cli/export.test.ts's "round trip
 * through the CLI"); the import and validate that read the edited file are spawned, as a user runs them.
 */
async function exportRoundTrip(name: string): Promise<string> {
  const file = join(dir, name);
  const exported = await commandInProcessOn(sandbox, 'export', ['--out', file, '--columns', 'round-trip']);
  expect(exported.code, exported.stderr).toBe(0);
  return file;
}

describe('a round-trip export whose header row was changed', () => {
  it('is refused by import and validate before any request, saying what is wrong', async () => {
    const file = await exportRoundTrip('round-trip.xlsx');
    renameHeader(file, 'id', 'Request ID');

    requests.length = 0;
    for (const command of ['import', 'validate'] as const) {
      const run = await runCli([command, file, ...connection()], env());
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(
        `${file}: no sheet has the round-trip header (columns "id" and "updated_at"); was the header row changed?`,
      );
    }
    expect(requests).toEqual([]);
  });

  it('a data column renamed, an edit under it: refused before any request, naming both names', async () => {
    const file = await exportRoundTrip('renamed.xlsx');
    renameHeader(file, 'reference_value_1', 'Claim Number', 'CLM-EDITED');
    requests.length = 0;
    for (const command of ['import', 'validate'] as const) {
      const run = await runCli([command, file, ...connection()], env());
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(
        `${file}: the export's column 'reference_value_1' is not in the header row, and 'Claim Number' is not the export's: if a column was renamed, name it back as exported`,
      );
    }
    expect(requests).toEqual([]);
  });

  it('a header retyped in another letter case: the edit under it is found and sent', async () => {
    const file = await exportRoundTrip('upper-case.xlsx');
    renameHeader(file, 'notes', 'NOTES', 'Called back on Monday.');
    const preview = await runCli(['validate', file, ...connection()], env());
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('Round trip: 36 rows, 1 edited since the export, 35 not edited.');
    const sent = await runCli(['import', file, '--json', ...connection()], env());
    expect(JSON.parse(sent.stdout)).toMatchObject({ updated: 1, unchanged: 35 });
    expect(sandbox.account().case_requests.find((request) => request.id === 1)?.notes).toBe(
      'Called back on Monday.',
    );
  });

  it('an exported column copied under the same name in another case, the edit in the copy: refused before any request', async () => {
    const file = await exportRoundTrip('copied.xlsx');
    const script = [
      'import openpyxl, sys',
      'book = openpyxl.load_workbook(sys.argv[1])',
      'sheet = book.worksheets[0]',
      'column = sheet.max_column + 1',
      'sheet.cell(row=1, column=column).value = "NOTES"',
      'sheet.cell(row=2, column=column).value = "Call the adjuster first"',
      'book.save(sys.argv[1])',
    ].join('\n');
    runPython(script, [file]);
    requests.length = 0;
    const run = await runCli(['import', file, ...connection()], env());
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      `${file}: the export's column 'notes' (again as 'NOTES') is in the header row twice: the round trip reads each column where the export wrote it, and would drop an edit typed in the copy.`,
    );
    expect(requests).toEqual([]);
  });

  it("'id' retyped 'ID' is read as the export's id, as any header in another letter case", async () => {
    const file = await exportRoundTrip('id-upper.xlsx');
    renameHeader(file, 'id', 'ID');
    const preview = await runCli(['validate', file, ...connection()], env());
    expect(preview.code, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('Round trip: 36 rows, 0 edited since the export, 36 not edited.');
  });
});
