/**
 * Rows of a round-trip workbook for the same request: a clerk copies a row to edit it, or pastes an
 * edited block below the export. The first row was sent and each later one refused as a repeat,
 * whatever it held, so a row edited to "A" above a copy edited to "B" wrote A without a word of B
 * being the later instruction. Now, as for an update sheet (validate/same-request.ts): rows holding
 * the same values, the first decides; rows holding different values, none is sent, each refused
 * naming the others and what differs. The CLI's own export, edited with openpyxl (another program's
 * save), imported back against the sandbox over HTTP.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';
import { runPythonFile } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await mkdtemp(join(tmpdir(), 'round-trip-same-id-'));
});
afterAll(() => sandbox.close());

const cli = (...args: string[]) =>
  runCli([...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

// The round-trip export this file's tests edit is set-up: made by the export command's own code in this
// process (the same requests and file as spawned; spawned, the round-trip export is
// test/cli/export.test.ts's). Every command run on the edited file stays spawned.
const exportHere = (args: string[]) =>
  cliInProcess(['export', ...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

/**
 * The export with its first data row's notes set to each of `notes` in turn, on that row and on
 * copies appended at the bottom (null: the row as exported). Returns the request's id.
 */
async function exportWithCopies(
  name: string,
  notes: (string | null)[],
): Promise<{ file: string; id: number }> {
  const file = join(dir, `${name}.xlsx`);
  const exported = await exportHere(['--out', file, '--columns', 'round-trip']);
  expect(exported.code, exported.stderr).toBe(0);
  const script = join(dir, 'copies.py');
  await writeFile(
    script,
    `import json, sys
from openpyxl import load_workbook
path, notes = sys.argv[1], json.loads(sys.argv[2])
book = load_workbook(path)
sheet = book["Case Requests"]
header = [cell.value for cell in sheet[1]]
row = [cell.value for cell in sheet[2]]
notes_at = header.index("notes")
for index, note in enumerate(notes):
    values = list(row)
    if note is not None:
        values[notes_at] = note
    if index == 0:
        sheet.cell(row=2, column=notes_at + 1, value=values[notes_at])
    else:
        sheet.append(values)
book.save(path)
print(row[header.index("id")])
`,
  );
  const id = Number(runPythonFile(script, [file, JSON.stringify(notes)], { encoding: 'utf8' }));
  return { file, id };
}

const notesOf = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!.notes;

/** The "Invalid (not sent)" lines of the import's words, by row. */
function refusedRows(stdout: string): Map<number, string> {
  const lines = stdout.split('\n').filter((line) => /^ {2}row \d+: /.test(line));
  return new Map(lines.map((line) => [Number(/^ {2}row (\d+): /.exec(line)![1]), line]));
}

describe('round-trip rows for the same request', () => {
  it('rule: two rows edited to different values are both refused, each naming the other, and nothing is sent', async () => {
    const { file, id } = await exportWithCopies('two-edits', [
      'Call the adjuster first',
      'Surveillance on Friday',
    ]);
    const before = notesOf(id);
    const imported = await cli('import', file, '--mode', 'update');
    expect(imported.code, imported.stderr).toBe(1);
    expect(notesOf(id)).toBe(before);
    expect(imported.stdout).toContain('updated 0,');
    const refused = refusedRows(imported.stdout);
    expect([...refused.keys()]).toEqual([2, 38]);
    expect(refused.get(2)).toContain(
      "Row 38 is for the same case request (REQ-00001, id '1') with other values: notes 'Call the adjuster first' here, 'Surveillance on Friday' in row 38. Neither row is sent: keep the row you mean, delete the other, and import again",
    );
    expect(refused.get(38)).toContain(
      "Row 2 is for the same case request (REQ-00001, id '1') with other values",
    );
  });

  it('rule: a row left as exported with an edited copy below: the copy is refused, naming the row as exported', async () => {
    const { file, id } = await exportWithCopies('copy-edited', [null, 'Surveillance on Saturday']);
    const before = notesOf(id);
    const imported = await cli('import', file, '--mode', 'update');
    expect(imported.code, imported.stderr).toBe(1);
    expect(notesOf(id)).toBe(before);
    // The row as exported sends nothing, so only the copy is refused.
    const refused = refusedRows(imported.stdout);
    expect([...refused.keys()]).toEqual([38]);
    expect(refused.get(38)).toContain("notes as exported in row 2, 'Surveillance on Saturday' here");
  });

  it('rule: copies holding the same edit: the first is sent, the others are its repeats', async () => {
    const { file, id } = await exportWithCopies('same-edit', ['Same edit twice', 'Same edit twice']);
    const imported = await cli('import', file, '--mode', 'update');
    expect(imported.code, imported.stderr).toBe(1);
    expect(notesOf(id)).toBe('Same edit twice');
    expect(imported.stdout).toContain('updated 1,');
    const refused = refusedRows(imported.stdout);
    expect([...refused.keys()]).toEqual([38]);
    expect(refused.get(38)).toContain('is also in row 2');
  });
});
