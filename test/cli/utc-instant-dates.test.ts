/**
 * Explore 57 item 2: a portal's CSV whose dates are the UTC moments their days start
 * (JavaScript's toISOString in Sydney: 1 April 2026 is "2026-03-31T13:00:00.000Z") was imported a day
 * early, dates of birth included, with only "the time is not kept" said. The rule (core/validate/
 * zoned-date.ts): a moment that is midnight in this computer's zone is that day here, one that is
 * midnight in another zone in use is that day there when the column's moments are all such midnights
 * (or it is alone), and a timestamp (times that differ row to row) is its day here; each row says which
 * day was taken and why (utc-timestamp-columns.test.ts has the timestamps of explore 60 item 1). The CLI spawned with TZ in its environment (never this process's),
 * a CSV written by Python's csv module, an import into a sandbox over real HTTP read back.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

let dir: string;
let csvPath: string;
let mappingPath: string;

const ROWS = [
  [
    'Claim #',
    'Date Received',
    'Due Date',
    'Claimant',
    'Claimant DOB',
    'Carrier',
    'Adjuster Last',
    'Adjuster Email',
  ],
  // Midnight in Sydney (UTC+11 in summer: April 2026, March 1986), written in UTC.
  [
    'UTC-1',
    '2026-03-31T13:00:00.000Z',
    '2026-04-14T14:00:00.000Z',
    'Sofia Alvarez',
    '1986-03-02T13:00:00.000Z',
  ],
  // A real time of day, so the column's times differ: a timestamp, its day here; midnight UTC: the day
  // written.
  ['UTC-2', '2026-04-01T15:37:12Z', '2026-04-15T00:00:00.000Z', 'Ann Lee', '1971-01-01T00:00:00Z'],
].map((row, index) => (index === 0 ? row : [...row, 'Acme Mutual', 'Whitfield', 'dana@acme.example']));

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-utc-dates-'));
  csvPath = join(dir, 'portal.csv');
  runPython(
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))',
    [csvPath, JSON.stringify(ROWS)],
  );
  mappingPath = join(dir, 'map.json');
  await writeFile(
    mappingPath,
    JSON.stringify({
      version: 1,
      mode: 'create',
      constants: { case_type_id: 1, 'client.country': 'AU', case_region_id: 1 },
      subjects: [{ subject_type_id: 1, is_primary: true, is_pinned: true }],
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Date Received', target: 'created_on' },
        { column: 'Due Date', target: 'due_on' },
        { column: 'Carrier', target: 'client.name' },
        { column: 'Adjuster Last', target: 'contact.last_name' },
        { column: 'Adjuster Email', target: 'contact.email' },
        { column: 'Claimant', target: 'subjects.0.custom_fields.101', parse: 'full_name' },
        { column: 'Claimant DOB', target: 'subjects.0.custom_fields.102' },
      ],
    }),
  );
});

describe('a date written as a UTC moment is the day it starts where it is midnight, said on the row', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, rate: 1000 });
  });
  afterAll(() => sandbox.close());

  it("in Sydney, the portal's midnights are Sydney days: dates of birth and received dates are not a day early", async () => {
    const run = await runCli(
      ['import', csvPath, '--mapping', mappingPath, '--results', join(dir, 'sydney.json'), '--rate', '200/s'],
      {
        TZ: 'Australia/Sydney',
        TRACKOPS_URL: sandbox.baseUrl,
        TRACKOPS_USER: sandbox.username,
        TRACKOPS_TOKEN: sandbox.token,
      },
    );
    expect(run.code, run.stderr).toBe(0);
    const stored = sandbox
      .account()
      .case_requests.filter((record) => String(record.reference_value_1).startsWith('UTC-'));
    const dob = (record: (typeof stored)[number]) =>
      record.subjects[0]?.custom_fields.find((field) => field.id === 102)?.value;
    expect(stored.map((record) => [record.created_on, record.due_on, dob(record)])).toEqual([
      ['2026-04-01', '2026-04-15', '1986-03-03'],
      ['2026-04-02', '2026-04-15', '1971-01-01'],
    ]);
    const said = run.stdout + run.stderr;
    expect(said).toContain(
      "Claimant DOB '1986-03-02T13:00:00.000Z' is a moment in UTC, not a day: it is midnight at the start of 1986-03-03 in Australia/Sydney (this computer's zone), as a program writes a day as the moment it starts, so 1986-03-03 is imported, not its date in UTC (1986-03-02). If the day meant is 1986-03-02, write it as 1986-03-02",
    );
    expect(said).toContain(
      "Date Received '2026-04-01T15:37:12Z' is a moment in UTC (15:37:12Z), not a day: the column's times of day differ from row to row, so each is when something happened, and date received takes a date only: its day in Australia/Sydney (this computer's zone), 2026-04-02, is imported and the time is not kept (its date in UTC is 2026-04-01). If the day meant is 2026-04-01, write it as 2026-04-01",
    );
    // Midnight UTC names one day: nothing to say.
    expect(said).not.toContain('1971-01-01T00:00:00Z');
  });

  it("in Los Angeles, the same file's midnights are still midnights east of UTC, and each row says where", async () => {
    const run = await runCli(['validate', csvPath, '--mapping', mappingPath, '--sandbox'], {
      TZ: 'America/Los_Angeles',
      TRACKOPS_SANDBOX_DATA: join(dir, 'la-account.json'),
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toContain(
      "Claimant DOB '1986-03-02T13:00:00.000Z' is a moment in UTC, not a day: it is midnight at the start of 1986-03-03 where clocks are UTC+11:00, as a program writes a day as the moment it starts, so 1986-03-03 is imported, not its date in UTC (1986-03-02); that is a guess from this value alone (the column has no other time to compare it with). If the day meant is 1986-03-02, write it as 1986-03-02",
    );
  });
});

describe('map says a column of UTC moments once, with the reading it will take', () => {
  it("in Sydney: the sample's first moment is Sydney's midnight, said as the day imported, not its UTC date", async () => {
    const run = await runCli(['map', csvPath, '--out', join(dir, 'proposed.json')], {
      TZ: 'Australia/Sydney',
    });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      'Date Received: warning: 2 dates of the sample are written as a moment in UTC, not a day (e.g. "2026-03-31T13:00:00.000Z"): their times of day differ from row to row, so each is when something happened, imported as its day in this computer\'s zone',
    );
    expect(run.stdout).toContain(
      '"2026-03-31T13:00:00.000Z" is midnight at the start of 2026-04-01 in Australia/Sydney, this computer\'s zone, so 2026-04-01 is imported, not its date in UTC (2026-03-31)',
    );
    // Said once per column (Date Received, Due Date), not per value.
    const said = run.stdout.split('\n').filter((line) => line.includes('written as a moment in UTC'));
    expect(said.map((line) => line.trim().split(':')[0])).toEqual(['Date Received', 'Due Date']);
  });

  it("in Los Angeles: as validate reads the columns there, a timestamp its day here, a lone moment a zone's midnight", async () => {
    const run = await runCli(['map', csvPath, '--out', join(dir, 'proposed-la.json')], {
      TZ: 'America/Los_Angeles',
    });
    expect(run.code, run.stderr).toBe(0);
    // Date Received's times differ (13:00Z, 15:37:12Z): timestamps, each its day in Los Angeles.
    expect(run.stdout).toContain(
      '"2026-03-31T13:00:00.000Z" is a time of day, 2026-03-31 in America/Los_Angeles, this computer\'s zone, so 2026-03-31 is imported.',
    );
    // Due Date's one moment (midnight UTC names its day): read alone, midnight where clocks are UTC+10:00.
    expect(run.stdout).toContain(
      '"2026-04-14T14:00:00.000Z" is midnight at the start of 2026-04-15 where clocks are UTC+10:00, so 2026-04-15 is imported',
    );
  });
});
