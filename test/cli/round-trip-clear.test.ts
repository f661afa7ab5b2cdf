/**
 * Emptying a cell of a round-trip file whose custom field takes no "" (explore 25 item 4): validate's
 * summary said blank cells *clear* Priority and Surveillance Hours, then refused the row, telling the
 * clerk to remove "blank": "clear" from a mapping that a round-trip file does not have. Now:
 * - the blank-cell summary lists such columns among those whose emptying makes the row invalid;
 * - the refusal is the round trip's own (cannot_clear): the cell, what it is, put a value back or
 *   clear it in Trackops, never a word of a mapping; nothing of that row is sent;
 * - a text custom field emptied in the same file is still cleared.
 * Real files: the CLI's own export, edited with ExcelJS; the CLI against the sandbox over HTTP.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const connected = (command: string, args: string[]) =>
  runCli([command, ...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

// The round-trip export this file's tests edit is set-up: made by the export command's own code in this
// process (the same requests and file as spawned; spawned, the round-trip export is
// test/cli/export.test.ts's). Every command run on the edited file stays spawned.
const exportHere = (args: string[]) =>
  cliInProcess(['export', ...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

/** Empties the given cells (request id, header) as a clerk deleting a cell's content would. */
async function emptyCells(exported: string, cells: { id: number; header: string }[], out: string) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(exported);
  const sheet = book.getWorksheet('Case Requests')!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  for (const cell of cells) {
    expect(headers.indexOf(cell.header), cell.header).toBeGreaterThan(0);
    sheet.eachRow((row) => {
      if (String(row.getCell(headers.indexOf('id')).value) === String(cell.id))
        row.getCell(headers.indexOf(cell.header)).value = null;
    });
  }
  await book.xlsx.writeFile(out);
}

const fieldOf = (id: number, field: number) =>
  sandbox
    .account()
    .case_requests.find((request) => request.id === id)!
    .custom_fields?.find((entry) => entry.id === field)?.value;

describe('a round-trip cell emptied where the field cannot be emptied', () => {
  it('is refused in the round trip’s own words, and the summary says so beforehand', async () => {
    const exported = join(dir, 'rt.xlsx');
    expect((await exportHere(['--out', exported, '--columns', 'round-trip'])).code).toBe(0);
    // Request 1: Priority (12, SELECT "Urgent") and Surveillance Hours (13, NUMBER 16) emptied.
    // Request 6: Injury Description (14, LONG: text takes "") emptied.
    expect(fieldOf(1, 12)).toBe('Urgent');
    expect(fieldOf(1, 13)).toBe(16);
    expect(fieldOf(6, 14)).toBeTruthy();
    const edited = join(dir, 'rt-emptied.xlsx');
    await emptyCells(
      exported,
      [
        { id: 1, header: 'custom_fields.12' },
        { id: 1, header: 'custom_fields.13' },
        { id: 6, header: 'custom_fields.14' },
      ],
      edited,
    );

    const validate = await connected('validate', [edited]);
    const said = validate.stdout + validate.stderr;
    const summary = /Blank cells clear (.*); emptying a cell in (.*) makes its row invalid/.exec(said);
    expect(summary, said).not.toBeNull();
    expect(summary![1]).toContain('Injury Description');
    expect(summary![1]).not.toMatch(/Priority|Surveillance Hours Authorized|Rush|Date of Loss/);
    expect(summary![2]).toMatch(/Rush.*Priority.*Surveillance Hours Authorized.*Date of Loss/);
    expect(said).toContain(
      'row 2, custom_fields.12: was emptied, but Priority is a choice field (SELECT), which the Trackops update has no documented way to clear: put a value back, or clear it in Trackops itself',
    );
    expect(said).toContain(
      'row 2, custom_fields.13: was emptied, but Surveillance Hours Authorized is a number field (NUMBER), which',
    );
    expect(said).not.toMatch(/mapping/i);

    const run = await connected('import', [edited, '--mode', 'update', '--results', join(dir, 'res.csv')]);
    const told = run.stdout + run.stderr;
    expect(told).toMatch(/row 2: custom_fields\.12: was emptied, but Priority is a choice field/);
    expect(told).not.toMatch(/in the mapping/);
    // Nothing of the refused row was sent; the text field was cleared.
    expect(fieldOf(1, 12)).toBe('Urgent');
    expect(fieldOf(1, 13)).toBe(16);
    expect(fieldOf(6, 14) ?? '').toBe('');
  }, 60_000);
});
