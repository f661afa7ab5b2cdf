/**
 * ISO date cells (t="d" in the sheet XML, as openpyxl writes dates with `iso_dates`, and some exporters)
 * carry their value as YYYY-MM-DD text: a day a program wrote, not one a clerk typed into a spreadsheet
 * set to some locale. They were questioned as month-first date cells beside one day-first text cell,
 * and every such row whose day was 12 or less refused; now they are sent as the ISO day. One written in
 * UTC ("…T14:30:00Z") is a moment, read by its column as the same text is (core/validate/zoned-date.ts).
 * Date Received is mapped to custom field 15 (the sandbox's "Date of Loss"). Workbooks written by openpyxl at run time, the CLI spawned, imports read back from a sandbox.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

let dir: string;
let sandbox: RunningSandbox;

/**
 * A workbook by openpyxl with ISO cells: "Date Received" holds `received` (ISO texts: a date, a
 * date-time, or one ending "Z", which openpyxl will not write and is put into the cell's value after;
 * any other text is a text cell).
 */
function writeWorkbook(name: string, received: readonly string[]): string {
  const path = join(dir, name);
  const script = `
import datetime, json, re, sys, zipfile, openpyxl
out, cells = sys.argv[1], json.loads(sys.argv[2])
wb = openpyxl.Workbook()
wb.iso_dates = True
ws = wb.active
ws.append(['Claim #', 'Date Received', 'Carrier', 'Adjuster Last', 'Adjuster Email'])
for i, text in enumerate(cells):
    if re.match(r'^\\d{4}-\\d{2}-\\d{2}$', text): value = datetime.date.fromisoformat(text)
    elif re.match(r'^\\d{4}-\\d{2}-\\d{2}T', text): value = datetime.datetime.fromisoformat(text.rstrip('Z'))
    else: value = text
    ws.append([f'${name}-{i + 1}', value, 'Acme Mutual', 'Whitfield', 'dana@acme.example'])
wb.save(out + '.tmp')
with zipfile.ZipFile(out + '.tmp') as src, zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as dst:
    for item in src.infolist():
        data = src.read(item.filename)
        if item.filename == 'xl/worksheets/sheet1.xml':
            text = data.decode()
            for cell in cells:
                if cell.endswith('Z'): text = text.replace('<v>' + cell[:-1] + '</v>', '<v>' + cell + '</v>')
            data = text.encode()
        dst.writestr(item, data)
`;
  runPython(script, [path, JSON.stringify(received)]);
  return path;
}

/** Imports `file` under `mapping` in zone `tz`: each row's Date Received stored, and what the run said. */
async function importIn(
  file: string,
  mapping: string,
  tz: string,
): Promise<{ code: number | null; stored: unknown[]; said: string }> {
  const run = await runCli(
    ['import', file, '--mapping', mapping, '--results', `${file}.results.json`, '--rate', '200/s'],
    {
      TZ: tz,
      TRACKOPS_URL: sandbox.baseUrl,
      TRACKOPS_USER: sandbox.username,
      TRACKOPS_TOKEN: sandbox.token,
    },
  );
  const prefix = `${file.split('/').pop()}-`;
  const stored = sandbox
    .account()
    .case_requests.filter((record) => String(record.reference_value_1).startsWith(prefix))
    .sort((a, b) => String(a.reference_value_1).localeCompare(String(b.reference_value_1)))
    .map((record) => record.custom_fields.find((field) => field.id === 15)?.value);
  return { code: run.code, stored, said: run.stdout + run.stderr };
}

/** A mapping of the workbook's columns, Date Received (custom field 15, a date) read in `dateFormat`. */
async function mappingFile(name: string, dateFormat?: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(
    path,
    JSON.stringify({
      version: 1,
      mode: 'create',
      constants: { case_type_id: 1, 'client.country': 'US', case_region_id: 1, created_on: '2026-11-23' },
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Date Received', target: 'custom_fields.15', ...(dateFormat ? { dateFormat } : {}) },
        { column: 'Carrier', target: 'client.name' },
        { column: 'Adjuster Last', target: 'contact.last_name' },
        { column: 'Adjuster Email', target: 'contact.email' },
      ],
    }),
  );
  return path;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-iso-cells-'));
  sandbox = await startSandbox({ port: 0, rate: 1000 });
});
afterAll(() => sandbox.close());

describe('ISO date cells (t="d") are days a program wrote', () => {
  it('are sent as their ISO day beside day-first text, not questioned as swapped', async () => {
    const file = writeWorkbook('uk', ['2026-11-03', '2026-04-05', '25/11/2026', '2026-04-06T14:30:00']);
    const { code, stored, said } = await importIn(
      file,
      await mappingFile('dmy.json', 'DD/MM/YYYY'),
      'Europe/London',
    );
    expect(code, said).toBe(0);
    expect(stored).toEqual(['2026-11-03', '2026-04-05', '2026-11-25', '2026-04-06']);
    expect(said).not.toContain('could be swapped');
    expect(said).not.toContain('day meant may be');
    // The date-time cell: its day, the time not kept, as a typed date-time cell is.
    expect(said).toContain(
      "Date Received '2026-04-06T14:30:00' has a time of day (14:30:00); Date of Loss takes a date only, so 2026-04-06 is imported and the time is not kept",
    );
  });

  it('written in UTC, they are moments read by the column: timestamps are each the day it is here', async () => {
    const file = writeWorkbook('utc', ['2026-11-03T14:30:00Z', '2026-11-04T03:15:00Z']);
    const { code, stored, said } = await importIn(file, await mappingFile('plain.json'), 'America/New_York');
    expect(code, said).toBe(0);
    expect(stored).toEqual(['2026-11-03', '2026-11-03']);
    expect(said).toContain(
      "Date Received '2026-11-04T03:15:00Z' is a moment in UTC (03:15:00Z), not a day: the column's times of day differ from row to row, so each is when something happened, and Date of Loss takes a date only: its day in America/New_York (this computer's zone), 2026-11-03, is imported and the time is not kept (its date in UTC is 2026-11-04)",
    );
  });
});
