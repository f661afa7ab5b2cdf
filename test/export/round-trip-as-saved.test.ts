/**
 * A round trip as a clerk's spreadsheet saves it: numbers and line breaks survive exactly as a clerk
 * sees them. A request holds a budget as 0.30000000000000004 (a float artefact), number fields with a
 * binary tail, a note with `\r\n`, a one-line reference with a line break and a literal `_x000D_`. The
 * export writes what Trackops holds (the note's `\r\n` too); LibreOffice opens and saves the file (it
 * writes 0.3, 16 and 2024, and `\n` for `\r\n`); Python edits one cell; the CLI imports it back against
 * the sandbox over HTTP. Only the edit is a change: the budget is not refused, the note keeps its `\r\n`,
 * the unedited reference with a line break does not refuse its row, and an edited one still does.
 * A note laid out with double spaces, a tab, spaces at a line's end and blank lines comes back as no edit
 * too, now that spacing inside a text is an edit (explore 33 item 3): the save keeps it as it was.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSheet } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { cliInProcess } from '../cli/command-in-process.ts';
import { tempDir } from '../report/helpers.ts';
import { libreOfficeConverter } from '../tools/libreoffice.ts';
import { demoAccount, fileSource } from './helpers.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;
/** LibreOffice with one profile for the file's two conversions (a new one per run was most of their time). */
let libreOfficeConvert: ReturnType<typeof libreOfficeConverter>;

const NOTE = 'line one\r\nline two';
const REFERENCE = 'POL\n0553000';
const SPACED = 'Two  spaces,\ta tab and a trailing space \r\n\r\n  an indented paragraph.\r\nLast line';

beforeAll(async () => {
  const account = await demoAccount();
  const [first, second, third] = account.case_requests;
  first!.budget_money = 0.30000000000000004;
  first!.notes = NOTE;
  first!.reference_value_2 = REFERENCE;
  first!.custom_fields = first!.custom_fields!.map((entry) =>
    entry.id === 13 ? { ...entry, value: 16.000000000000004 } : entry,
  );
  for (const subject of first!.subjects ?? [])
    subject.custom_fields = subject.custom_fields!.map((entry) =>
      entry.id === 205 ? { ...entry, value: 2024.0000000000002 } : entry,
    );
  second!.admin_notes = 'literal _x000D_ here';
  third!.notes = SPACED;
  account.case_requests = [first!, second!, third!];
  sandbox = await startSandbox({ port: 0, rate: 1000, account: account as never });
  dir = await tempDir();
  libreOfficeConvert = libreOfficeConverter(join(dir, 'libreoffice-profile'));
});
afterAll(() => sandbox.close());

const connection = () => ['--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'];
const env = () => ({ TRACKOPS_TOKEN: sandbox.token });
const stored = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!;

/**
 * The export the round trip edits: set-up, run by the export command's own code in this process (the
 * same requests and file as spawned; a round-trip export as spawned is test/cli/export.test.ts's "round
 * trip through the CLI"). The imports back, what this file proves, are spawned.
 */
async function exportTo(file: string): Promise<void> {
  const run = await cliInProcess(
    ['export', '--out', file, '--columns', 'round-trip', ...connection()],
    env(),
  );
  expect(run.code, run.stderr).toBe(0);
}

/** Imports `file` as updates (with `mapping` for a CSV), returning the --json summary. */
async function importBack(file: string, name: string, mapping?: string): Promise<Record<string, number>> {
  const run = await runCli(
    [
      'import',
      file,
      '--mode',
      'update',
      ...(mapping ? ['--mapping', mapping] : []),
      '--results',
      join(dir, `${name}.json`),
      '--json',
      ...connection(),
    ],
    env(),
  );
  expect([0, 1], run.stderr).toContain(run.code);
  return JSON.parse(run.stdout) as Record<string, number>;
}

async function resultRows(
  name: string,
): Promise<{ row: number; status: string; errors?: { code: string; message: string }[] }[]> {
  return JSON.parse(await readFile(join(dir, `${name}.json`), 'utf8')).rows;
}

describe('a round-trip XLSX saved by LibreOffice', () => {
  it('is exported as Trackops holds it, and sends only the edited cell', async () => {
    const out = join(dir, 'export.xlsx');
    await exportTo(out);
    // The export holds the note's \r (as Excel writes it) and the literal _x000D_ as typed.
    const sheet = await openSheet(fileSource(out), { sheet: 'Case Requests', headerRow: 1 });
    const cells: Record<string, unknown>[] = [];
    for await (const row of sheet.rows())
      cells.push(Object.fromEntries(sheet.headers.map((header, at) => [header, row.cells[at]])));
    expect(cells[0]).toMatchObject({ notes: NOTE, reference_value_2: REFERENCE });
    expect(cells[1]).toMatchObject({ admin_notes: 'literal _x000D_ here' });
    expect(cells[2]).toMatchObject({ notes: SPACED });

    const saved = join(dir, 'saved');
    await mkdir(saved);
    libreOfficeConvert(out, 'xlsx', saved);
    const file = join(saved, 'export.xlsx');
    // What LibreOffice wrote: the float artefacts as 15 digits, and the note's line break as \n.
    const read = [
      'import openpyxl, sys, json',
      'sheet = openpyxl.load_workbook(sys.argv[1])["Case Requests"]',
      'head = [c.value for c in sheet[1]]',
      'row = [c.value for c in sheet[2]]',
      'print(json.dumps({k: row[head.index(k)] for k in ["budget_money", "custom_fields.13", "notes"]}))',
    ].join('\n');
    expect(JSON.parse(runPython(read, [file], { encoding: 'utf8' }))).toEqual({
      budget_money: 0.3,
      'custom_fields.13': 16,
      notes: 'line one\nline two',
    });
    expect(await importBack(file, 'unedited')).toMatchObject({ updated: 0, invalid: 0, failed: 0 });

    // The edit, made in the sheet's XML as LibreOffice saved it (Python's zipfile): openpyxl would write
    // the literal _x000D_ back unescaped, which every reader, Excel too, takes for a \r.
    const edit = [
      'import sys, zipfile',
      'source = zipfile.ZipFile(sys.argv[1])',
      'parts = {name: source.read(name) for name in source.namelist()}',
      'old = b">One weekday and one weekend day<"',
      'assert parts["xl/sharedStrings.xml"].count(old) == 1',
      'parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(old, b">Weekends only<")',
      'with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as out:',
      '    for name, data in parts.items(): out.writestr(name, data)',
    ].join('\n');
    runPython(edit, [file]);
    const before = structuredClone(stored(1));
    expect(await importBack(file, 'edited')).toMatchObject({ updated: 1, invalid: 0, failed: 0 });
    const { updated_at: _after, ...after } = stored(1);
    const { updated_at: _before, ...expected } = before;
    expect(after).toEqual({ ...expected, scheduling_notes: 'Weekends only' });
  }, 240_000);
});

describe('a round-trip CSV saved by LibreOffice', () => {
  it('keeps the note, takes 0.3 for the budget and an unedited line break as no edit', async () => {
    const out = join(dir, 'export.csv');
    await exportTo(out);
    // Exported as Trackops holds it: the note's \r\n inside its quoted field.
    expect(await readFile(out, 'utf8')).toContain(`"${NOTE}"`);
    const mapping = join(dir, 'mapping.json');
    // Set-up: the mapping the import uses, written by the map command's own code in this process (map
    // --out as spawned is test/cli/map.test.ts's).
    const mapped = await cliInProcess(['map', out, '--out', mapping]);
    expect(mapped.code, mapped.stderr).toBe(0);

    const edit = [
      'import csv, sys',
      'rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))',
      'head = rows[0]',
      'rows[1][head.index("scheduling_notes")] = "Mornings only"',
      'rows[2][head.index("reference_value_3")] = "NEW\\nTWO LINES"',
      'csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)',
    ].join('\n');
    const edited = join(dir, 'edited.csv');
    runPython(edit, [out, edited]);
    const saved = join(dir, 'saved-csv');
    await mkdir(saved);
    // Read as UTF-8 from line 1 and saved as shown: LibreOffice writes 0.3 and \n.
    libreOfficeConvert(edited, 'csv:Text - txt - csv (StarCalc):44,34,76', saved, 'CSV:44,34,76,1');
    const file = join(saved, 'edited.csv');
    const text = await readFile(file, 'utf8');
    expect(text).toContain(',0.3,');
    expect(text).not.toContain('\r\nline two');

    const before = structuredClone(stored(1));
    expect(await importBack(file, 'csv', mapping)).toMatchObject({ updated: 1, invalid: 1, failed: 0 });
    const rows = await resultRows('csv');
    expect(rows.map((row) => [row.row, row.status, row.errors?.map((error) => error.code) ?? []])).toEqual([
      [2, 'updated', []],
      [3, 'invalid', ['multi_line_text']],
      [4, 'unchanged', ['unchanged']],
    ]);
    // Trackops was read for row 3: it is told its cell is an edit, not "if you did not edit this cell".
    const message = rows[1]!.errors![0]!.message;
    expect(message).toContain('Trackops holds nothing there, so this cell was edited');
    expect(message).not.toContain('If you did not edit');
    expect(stored(3).notes).toBe(SPACED);
    const { updated_at: _after, ...after } = stored(1);
    const { updated_at: _before, ...expected } = before;
    // Sent whole, as a CSV's rows are: the note as Trackops holds it, the numbers as the clerk saw them.
    expect(after).toEqual({
      ...expected,
      scheduling_notes: 'Mornings only',
      custom_fields: expected.custom_fields!.map((entry) =>
        entry.id === 13 ? { ...entry, value: 16 } : entry,
      ),
    });
    expect(after.notes).toBe(NOTE);
    expect(after.reference_value_2).toBe(REFERENCE);
  }, 240_000);
});
