/**
 * A round-trip workbook whose "Date of Loss" cells a clerk filled with a portal's UTC timestamps
 * (2026-11-03T14:30:00Z is 9:30 AM in New York): the round-trip import read each moment alone, as a
 * guess, so an afternoon on a quarter hour was taken for midnight at UTC+09:30 and stored a day late.
 * It now reads them by column as any import does (core/validate/utc-moment-column.ts): their times
 * of day differ, so each is its day here. The CLI's own export, edited with openpyxl, imported back
 * against the sandbox over HTTP with TZ set.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';
import { runPythonFile } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await mkdtemp(join(tmpdir(), 'round-trip-utc-'));
});
afterAll(() => sandbox.close());

const cli = (...args: string[]) =>
  runCli([...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
    TZ: 'America/New_York',
  });

describe('a round trip reads UTC moments by column', () => {
  it("timestamps whose times differ row to row are each the day it is here, as a plain import's", async () => {
    const file = join(dir, 'export.xlsx');
    const exported = await cli('export', '--out', file, '--columns', 'round-trip');
    expect(exported.code, exported.stderr).toBe(0);
    const script = join(dir, 'edit.py');
    await writeFile(
      script,
      `import json, sys
from openpyxl import load_workbook
path, moments = sys.argv[1], json.loads(sys.argv[2])
book = load_workbook(path)
sheet = book["Case Requests"]
header = [cell.value for cell in sheet[1]]
at = header.index("custom_fields.15") + 1
# Rows whose case type has the field: those exported with a Date of Loss.
rows = [r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=at).value is not None]
ids = []
for row, moment in zip(rows, moments):
    sheet.cell(row=row, column=at, value=moment)
    ids.append(int(sheet.cell(row=row, column=header.index("id") + 1).value))
book.save(path)
print(json.dumps(ids))
`,
    );
    const ids = JSON.parse(
      runPythonFile(script, [file, JSON.stringify(['2026-11-03T14:30:00Z', '2026-11-04T03:15:00Z'])], {
        encoding: 'utf8',
      }),
    ) as number[];
    const imported = await cli('import', file, '--mode', 'update');
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const stored = ids.map(
      (id) =>
        sandbox
          .account()
          .case_requests.find((request) => request.id === id)!
          .custom_fields.find((field) => field.id === 15)?.value,
    );
    expect(stored).toEqual(['2026-11-03', '2026-11-03']);
    const said = imported.stdout + imported.stderr;
    expect(said).toContain(
      "'2026-11-03T14:30:00Z' is a moment in UTC (14:30:00Z), not a day: the column's times of day differ from row to row, so each is when something happened",
    );
    expect(said).not.toContain('a guess from this value alone');
  });
});
