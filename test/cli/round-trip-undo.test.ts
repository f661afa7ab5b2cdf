/**
 * An update import from a round-trip export can be undone (defect: its journal kept no values, so
 * `revert` could undo none of it, and nobody said so until the revert):
 * - a round trip whose check read the edited request (something changed since the export) keeps the
 *   values it overwrites, and `revert` puts them back;
 * - one whose check did not read it (nothing changed since the export: a count sufficed) says so
 *   before sending, on the import's own output: revert cannot put those rows back;
 * - `revert --dry-run` exits as the real run would: 1 when something is left for a person.
 * Real files: the CLI's own export, edited with ExcelJS; the CLI against the sandbox over HTTP.
 */
import { readFile } from 'node:fs/promises';
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

async function editNotes(exported: string, id: number, notes: string, out: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(exported);
  const sheet = book.getWorksheet('Case Requests')!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  sheet.eachRow((row) => {
    if (String(row.getCell(headers.indexOf('id')).value) === String(id))
      row.getCell(headers.indexOf('notes')).value = notes;
  });
  await book.xlsx.writeFile(out);
}

const notesOf = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!.notes;

describe('undoing a round-trip import', () => {
  it('keeps the values a read round trip overwrites (revert puts them back); says before sending when it cannot', async () => {
    const exported = join(dir, 'rt.xlsx');
    expect((await exportHere(['--out', exported, '--columns', 'round-trip'])).code).toBe(0);
    const before3 = notesOf(3);
    const before5 = notesOf(5);

    // Nothing changed since the export: the check is one count, no request is read.
    const unread = join(dir, 'rt-3.xlsx');
    await editNotes(exported, 3, 'Edited 3', unread);
    const first = await connected('import', [unread, '--results', join(dir, 'a.csv')]);
    expect(first.code, first.stderr).toBe(0);
    const said = first.stderr.indexOf(
      'import: note: all 1 edited rows will be sent without the values they overwrite being kept',
    );
    expect(said).toBeGreaterThanOrEqual(0);
    expect(first.stderr).toContain('`trackops-bulk revert` cannot put those back');
    expect(notesOf(3)).toBe('Edited 3');
    const dryA = await connected('revert', ['--journal', join(dir, 'a.journal.jsonl'), '--dry-run']);
    expect(dryA.stdout).toMatch(/1 not revertible/);
    expect(dryA.code, 'the dry run exits as the run would').toBe(1);

    // Request 3 changed since the export: the check reads the edited request, and that read is kept.
    const read = join(dir, 'rt-5.xlsx');
    await editNotes(exported, 5, 'Edited 5', read);
    const second = await connected('import', [read, '--results', join(dir, 'b.csv')]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain('without the values they overwrite');
    const intent = (await readFile(join(dir, 'b.journal.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { type: string; stored?: unknown; sent?: unknown })
      .find((line) => line.type === 'intent')!;
    expect(intent).toMatchObject({ stored: { notes: before5 }, sent: { notes: 'Edited 5' } });
    const dryB = await connected('revert', ['--journal', join(dir, 'b.journal.jsonl'), '--dry-run']);
    expect(dryB.code, dryB.stdout + dryB.stderr).toBe(0);
    expect(dryB.stdout).toContain(`Notes: 'Edited 5' → '${before5}'`);
    const revert = await connected('revert', ['--journal', join(dir, 'b.journal.jsonl')]);
    expect(revert.code, revert.stdout + revert.stderr).toBe(0);
    expect(notesOf(5)).toBe(before5);
    expect(notesOf(3)).not.toBe(before3);
  }, 90_000);
});
