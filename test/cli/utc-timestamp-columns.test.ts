/**
 * Explore 60 item 1: a portal's "Date of Loss" holding the UTC timestamps of the losses
 * (2026-11-03T14:30:00Z is 9:30 AM on 3 November in New York) was imported as 4 November on a New York
 * computer, "midnight where clocks are UTC+09:30", and 21:15Z as midnight at UTC+02:45, an offset no
 * zone keeps: every quarter hour from 11:00Z on was taken for a day written as the moment it starts.
 * The rule now (core/validate/utc-moment-column.ts, zoned-date.ts): a column whose times of day differ
 * row to row holds timestamps, each the day it is here; a column whose moments are all midnights of one
 * zone in use (daylight saving an hour apart) holds that zone's days. The CLI spawned with TZ in its
 * environment, CSVs written by Python's csv module, imports into a sandbox over real HTTP read back.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

let dir: string;
let mappingPath: string;
let sandbox: RunningSandbox;

/** A portal's CSV (Python's csv module) of claims whose "Date of Loss" cells are `losses`. */
function writeCsv(name: string, losses: readonly string[]): string {
  const path = join(dir, name);
  const rows = [
    ['Claim #', 'Date of Loss', 'Carrier', 'Adjuster Last', 'Adjuster Email'],
    ...losses.map((loss, index) => [
      `${name}-${index + 1}`,
      loss,
      'Acme Mutual',
      'Whitfield',
      'dana@acme.example',
    ]),
  ];
  runPython(
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))',
    [path, JSON.stringify(rows)],
  );
  return path;
}

/** Imports `csv` in zone `tz`; the Date of Loss stored for each of its rows, and what the run said. */
async function importIn(csv: string, tz: string): Promise<{ stored: unknown[]; said: string }> {
  const run = await runCli(
    ['import', csv, '--mapping', mappingPath, '--results', `${csv}.results.json`, '--rate', '200/s'],
    {
      TZ: tz,
      TRACKOPS_URL: sandbox.baseUrl,
      TRACKOPS_USER: sandbox.username,
      TRACKOPS_TOKEN: sandbox.token,
    },
  );
  expect(run.code, run.stderr).toBe(0);
  const prefix = `${csv.split('/').pop()}-`;
  const stored = sandbox
    .account()
    .case_requests.filter((record) => String(record.reference_value_1).startsWith(prefix))
    .sort((a, b) => String(a.reference_value_1).localeCompare(String(b.reference_value_1)))
    .map((record) => record.custom_fields.find((field) => field.id === 15)?.value);
  return { stored, said: run.stdout + run.stderr };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-utc-columns-'));
  mappingPath = join(dir, 'map.json');
  await writeFile(
    mappingPath,
    JSON.stringify({
      version: 1,
      mode: 'create',
      constants: { case_type_id: 1, 'client.country': 'US', case_region_id: 1, created_on: '2026-11-23' },
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Date of Loss', target: 'custom_fields.15' },
        { column: 'Carrier', target: 'client.name' },
        { column: 'Adjuster Last', target: 'contact.last_name' },
        { column: 'Adjuster Email', target: 'contact.email' },
      ],
    }),
  );
  sandbox = await startSandbox({ port: 0, rate: 1000 });
});
afterAll(() => sandbox.close());

describe("a column's UTC moments are read as the column, not one cell at a time", () => {
  it('timestamps whose times differ row to row are each the day it is in New York, even on a quarter hour', async () => {
    const csv = writeCsv('losses', [
      '2026-11-03T14:30:00Z',
      '2026-11-03T21:15:00Z',
      '2026-11-03T19:47:12Z',
      // 11:30 PM on 3 November in New York: its UTC date would be the next day.
      '2026-11-04T04:30:00Z',
    ]);
    const { stored, said } = await importIn(csv, 'America/New_York');
    expect(stored).toEqual(['2026-11-03', '2026-11-03', '2026-11-03', '2026-11-03']);
    expect(said).toContain(
      "Date of Loss '2026-11-03T14:30:00Z' is a moment in UTC (14:30:00Z), not a day: the column's times of day differ from row to row, so each is when something happened, and Date of Loss takes a date only: its day in America/New_York (this computer's zone), 2026-11-03, is imported and the time is not kept",
    );
    expect(said).toContain(
      '2026-11-03, is imported and the time is not kept (its date in UTC is 2026-11-04). If the day meant is 2026-11-04, write it as 2026-11-04',
    );
    expect(said).not.toContain('where clocks are');
  });

  it("a Sydney program's midnights, an hour apart across daylight saving, are Sydney's days in Los Angeles", async () => {
    // 1 February (UTC+11) and 1 July (UTC+10) 2026 as JavaScript's toISOString writes them in Sydney.
    const csv = writeCsv('sydney', ['2026-01-31T13:00:00.000Z', '2026-06-30T14:00:00.000Z']);
    const { stored, said } = await importIn(csv, 'America/Los_Angeles');
    expect(stored).toEqual(['2026-02-01', '2026-07-01']);
    // Two moments only: read as the zone's midnights, and said to be a guess.
    expect(said).toContain(
      "Date of Loss '2026-06-30T14:00:00.000Z' is a moment in UTC, not a day: it is midnight at the start of 2026-07-01 where clocks are UTC+10:00, as a program writes a day as the moment it starts, so 2026-07-01 is imported, not its date in UTC (2026-06-30); that is a guess from the column's few such values (two or so moments an hour apart can as well be times of day): if they are, write the days as YYYY-MM-DD. If the day meant is 2026-06-30, write it as 2026-06-30",
    );
  });

  it('three midnights of one zone are its days, not said to be a guess', async () => {
    const csv = writeCsv('sydney3', [
      '2026-01-31T13:00:00.000Z',
      '2026-06-30T14:00:00.000Z',
      '2026-02-28T13:00:00.000Z',
    ]);
    const { stored, said } = await importIn(csv, 'America/Los_Angeles');
    expect(stored).toEqual(['2026-02-01', '2026-07-01', '2026-03-01']);
    expect(said).toContain(
      'so 2026-07-01 is imported, not its date in UTC (2026-06-30). If the day meant is 2026-06-30, write it as 2026-06-30',
    );
    expect(said).not.toContain('a guess');
  });

  it('two moments an hour apart, alone in a column, are midnights of one zone only as a guess, and said so', async () => {
    // Midnights of Paris either side of its daylight saving (29 March 2026), or two times of day.
    const csv = writeCsv('hour-apart', ['2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z']);
    const { stored, said } = await importIn(csv, 'America/New_York');
    expect(stored).toEqual(['2026-03-29', '2026-03-30']);
    expect(said).toContain(
      "Date of Loss '2026-03-28T23:00:00Z' is a moment in UTC, not a day: it is midnight at the start of 2026-03-29 where clocks are UTC+01:00, as a program writes a day as the moment it starts, so 2026-03-29 is imported, not its date in UTC (2026-03-28); that is a guess from the column's few such values",
    );
  });

  it('a moment alone on a quarter hour no zone keeps is a time of day here, and said to be a guess', async () => {
    const csv = writeCsv('alone', ['2026-11-03T21:15:00Z']);
    const { stored, said } = await importIn(csv, 'America/New_York');
    expect(stored).toEqual(['2026-11-03']);
    expect(said).toContain(
      "Date of Loss '2026-11-03T21:15:00Z' is a moment in UTC (21:15:00Z), not a day: not midnight in any zone in use, so it is when something happened, and Date of Loss takes a date only: its day in America/New_York (this computer's zone), 2026-11-03, is imported and the time is not kept; that is a guess from this value alone (the column has no other time to compare it with)",
    );
  });

  it("a later row that is no midnight of the zone the column's first rows were read in says so, and is a time of day", async () => {
    // 700 rows: more than one batch of the read (32 KB), Sydney's midnight on every row but one, a
    // loss at 1:47 AM in Los Angeles, far past the first batch.
    const cells = Array.from({ length: 700 }, (_, index) =>
      index === 650 ? '2026-02-03T09:47:12Z' : '2026-01-31T13:00:00.000Z',
    );
    const csv = writeCsv('later', cells);
    const report = join(dir, 'later-report.json');
    // Connected: the account says custom field 15 is a date field.
    const run = await runCli(
      ['validate', csv, '--mapping', mappingPath, '--report', report, '--rate', '200/s'],
      {
        TZ: 'America/Los_Angeles',
        TRACKOPS_URL: sandbox.baseUrl,
        TRACKOPS_USER: sandbox.username,
        TRACKOPS_TOKEN: sandbox.token,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const rows = (
      JSON.parse(await readFile(report, 'utf8')) as {
        rows: { row: number; notes: { code: string; message: string }[] }[];
      }
    ).rows;
    const noteOf = (row: number): string =>
      rows
        .find((r) => r.row === row)!
        .notes.map((n) => n.message)
        .join(' | ');
    expect(noteOf(2)).toContain('so 2026-02-01 is imported, not its date in UTC (2026-01-31)');
    expect(noteOf(652)).toBe(
      "Date of Loss '2026-02-03T09:47:12Z' is a moment in UTC (09:47:12Z), not a day: the column's moments before this row were each midnight where clocks are UTC+11:00 and were read as the days they start there, but this one is not, so it is when something happened, and Date of Loss takes a date only: its day in America/Los_Angeles (this computer's zone), 2026-02-03, is imported and the time is not kept. If the column holds times, not days, the rows before this one were read wrong: check their dates (each row's note names the other reading)",
    );
    // The rows after it are still read as the column was.
    expect(noteOf(700)).toContain('so 2026-02-01 is imported');
  });
});
