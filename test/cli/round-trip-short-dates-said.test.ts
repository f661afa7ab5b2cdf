/**
 * A round-trip CSV a spreadsheet saved with its dates in the US short form with a two-digit year
 * (M/D/YY, what LibreOffice's en-US locale writes for a date cell): a read-only date of birth that is
 * the stored day in one reading only, or only by the last two digits of its year, was taken as unedited
 * without a word; an edited date with a two-digit year took the spreadsheet's pivot (00-29 → 2000s), so
 * a due date moved from 6/3/31 to 6/4/31 would have been sent as 1931. Now each says the reading or
 * century taken, and the edit keeps the stored day's century. Offline, `validate` counted such a file's
 * rows valid without a word that no stored day was there to compare: now its summary says so. The saved file is written by Python's csv
 * module as the spreadsheet writes it; the CLI is spawned against the sandbox over real HTTP.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  const account = await loadDemoAccount();
  // Request 11: every date's day is 12 or less (no value proves the file's order). Its date of birth
  // moved to 1925, whose two digits the pivot reads as 2025; its due date to 2031, read as 1931.
  const request = account.case_requests.find((one) => one.id === 11)!;
  request.due_on = '2031-06-03';
  const dob = request.subjects[0]!.custom_fields.find((field) => Number(field.id) === 102)!;
  dob.value = '1925-04-11';
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const through = (command: string, args: string[]) =>
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
// So is the mapping the dry runs and the import read: written by the map command's own code in this
// process (the map of a round-trip CSV as spawned is test/cli/round-trip-csv-excel-dates.test.ts's).
const mapHere = (args: string[]) =>
  cliInProcess(['map', ...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

/** Request 11's row only, every ISO date as M/D/YY (and date-times M/D/YY H:MM), the due date as `due` when given. */
function saveShortForms(source: string, out: string, due = ''): void {
  const script = [
    'import csv,re,sys',
    'rows=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig",newline="")))',
    'h={n:k for k,n in enumerate(rows[0])}',
    'def short(v):',
    '  m=re.fullmatch(r"(\\d{4})-(\\d{2})-(\\d{2})( (\\d{2}):(\\d{2}):\\d{2})?",v)',
    '  if not m: return v',
    '  return f"{int(m[2])}/{int(m[3])}/{m[1][2:]}"+(f" {int(m[5])}:{m[6]}" if m[4] else "")',
    'keep=[r for r in rows[1:] if r[h["id"]]=="11"]',
    'for r in keep:',
    '  r[:]=[short(v) for v in r]',
    '  if sys.argv[3]: r[h["due_on"]]=sys.argv[3]',
    'csv.writer(open(sys.argv[2],"w",encoding="utf-8-sig",newline=""),lineterminator="\\r\\n").writerows([rows[0]]+keep)',
  ].join('\n');
  runPython(script, [source, out, due]);
}

describe('a round-trip CSV whose dates a spreadsheet wrote as M/D/YY', () => {
  it('says the reading and the century each date was taken in, and sends the edit in the stored century', async () => {
    const exported = join(dir, 'rt.csv');
    expect((await exportHere(['--out', exported, '--columns', 'round-trip'])).code).toBe(0);
    const saved = join(dir, 'rt-saved.csv');
    saveShortForms(exported, saved);
    const mapping = join(dir, 'rt.json');
    const map = await mapHere([saved, '--out', mapping]);
    expect(map.code, map.stdout + map.stderr).toBe(0);

    const dry = await through('validate', [saved, '--mapping', mapping]);
    const said = dry.stdout + dry.stderr;
    expect(said).toMatch(/1 row checked: 1 valid, 0 invalid/);
    // The date of birth is the stored day only month first, and only by its year's last two digits.
    expect(said).toContain(
      "subjects.0.custom_fields.102 '4/11/25' is taken as the day REQ-00011 holds (1925-04-11), unedited: read month first; nothing in the file tells whether its dates are month first or day first, and read the other way it would be November 4, 1925; its year is written with two digits ('25'), read in the century of the stored day, where a spreadsheet's rule (00-29 are 2000s, 30-99 are 1900s) would read another (a guess). If the file's dates are written the other way, set the column's date format to that order (M/D/YYYY or D/M/YYYY): its edited dates are read in it too.",
    );

    // The due date edited to a day that proves the order: sent in the stored day's century, said.
    const edited = join(dir, 'rt-edited.csv');
    saveShortForms(exported, edited, '6/14/31');
    const run = await through('import', [
      edited,
      '--mapping',
      mapping,
      '--results',
      join(dir, 'results.csv'),
    ]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const sent = run.stdout + run.stderr;
    expect(sent).toContain(
      "due_on '6/14/31' writes its year with two digits: 2031-06-14 is sent, in the century of the day REQ-00011 holds (2031-06-03), where a spreadsheet's rule (00-29 are 2000s) would read 1931-06-14 (a guess).",
    );
    // The order now proven, the date of birth's note says only the century.
    expect(sent).toContain(
      "subjects.0.custom_fields.102 '4/11/25' is taken as the day REQ-00011 holds (1925-04-11), unedited: its year is written with two digits ('25')",
    );
    const stored = sandbox.account().case_requests.find((one) => one.id === 11)!;
    expect(stored.due_on).toBe('2031-06-14');
    expect(stored.subjects[0]!.custom_fields.find((field) => Number(field.id) === 102)?.value).toBe(
      '1925-04-11',
    );
  }, 120_000);

  it('offline, validate says its short-form dates were read without the stored day to compare', async () => {
    const exported = join(dir, 'offline.csv');
    expect((await exportHere(['--out', exported, '--columns', 'round-trip'])).code).toBe(0);
    // A mapping made before the spreadsheet saved the file: no date format.
    const mapping = join(dir, 'offline.json');
    expect((await mapHere([exported, '--out', mapping])).code).toBe(0);
    const saved = join(dir, 'offline-saved.csv');
    saveShortForms(exported, saved);
    const report = join(dir, 'offline-report.json');
    const dry = await runCli(['validate', saved, '--mapping', mapping, '--report', report]);
    expect(dry.stdout).toMatch(/1 row checked: 1 valid, 0 invalid/);
    expect(dry.stdout).toContain(
      "Dates not compared: 1 valid row holds dates in a spreadsheet's short form (in created_on, due_on, subjects.0.custom_fields.102; first in row 2, created_on), read without the stored day to compare: this check had no connection, so it read no request, and counted them valid. The import compares each with the day its request holds, and refuses a row whose read-only date (one the update cannot change) is not that day, or whose edited date reads two ways. Connect (--sandbox or --url/--user/--token) to check them as the import will.",
    );
    const summary = (JSON.parse(await readFile(report, 'utf8')) as { summary: unknown }).summary;
    expect(summary).toMatchObject({ datesUncompared: { rows: 1, exampleRow: 2 } });
    // Connected, the same file is compared (and its date of birth's reading said): no such line.
    const connected = await through('validate', [saved, '--mapping', mapping]);
    expect(connected.stdout).not.toContain('Dates not compared');
  }, 120_000);
});
