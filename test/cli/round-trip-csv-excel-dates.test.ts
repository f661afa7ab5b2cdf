/**
 * A round-trip CSV opened and saved by Excel has every ISO date rewritten in the computer's short form
 * (1966-06-17 → 6/17/1966 in the US, 17/06/1966 in the UK). Before, every row with a date of birth was
 * refused "Put back '1966-06-17'", which Excel undoes at the next save (explore 57 item 5). Now: `map`
 * proposes the date format the file's values prove, said as a guess; an unedited date in the file's
 * order is unchanged; an edited read-only date says what Excel does and how to avoid it, not "put
 * back"; only the edited cells are sent. The Excel save is written by Python's csv module as Excel
 * writes it; the CLI is spawned against the sandbox over real HTTP, the PUTs counted by a proxy.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startWriteLogProxy, type WriteLogProxy } from '../batch/proxies.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let proxy: WriteLogProxy;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000, account: await loadDemoAccount() });
  proxy = await startWriteLogProxy(sandbox.baseUrl);
  dir = await tempDir();
});
afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

const through = (command: string, args: string[]) =>
  runCli([command, ...args, '--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

// The round-trip export this file's tests edit is set-up: made by the export command's own code in this
// process (the same requests and file as spawned; spawned, the round-trip export is
// test/cli/export.test.ts's). Every command run on the edited file stays spawned.
const exportHere = (args: string[]) =>
  cliInProcess(['export', ...args, '--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });
// So is the mapping made of the unedited export in the last test: written by the map command's own
// code in this process (the map of a round-trip export as spawned is the first two tests').
const mapHere = (args: string[]) =>
  cliInProcess(['map', ...args, '--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });
const stored = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!;
const dateOfBirth = (id: number) =>
  stored(id).subjects?.[0]?.custom_fields?.find((field) => Number(field.id) === 102)?.value;

/**
 * What Excel writes when the clerk opens `source`, edits the notes of request 1 and (when given) the
 * date of birth of request 2, and saves as CSV: every ISO date and date-time in the locale's short form.
 */
function saveAsExcel(source: string, out: string, locale: 'us' | 'gb', dob?: string): void {
  const script = [
    'import csv,re,sys',
    'src,out,loc,dob=sys.argv[1:5]',
    'rows=list(csv.reader(open(src,encoding="utf-8-sig",newline="")))',
    'h={n:k for k,n in enumerate(rows[0])}',
    'def excel(v):',
    '  m=re.fullmatch(r"(\\d{4})-(\\d{2})-(\\d{2})( (\\d{2}):(\\d{2}):\\d{2})?",v)',
    '  if not m: return v',
    '  day=f"{int(m[2])}/{int(m[3])}/{m[1]}" if loc=="us" else f"{m[3]}/{m[2]}/{m[1]}"',
    '  return day+(f" {int(m[5])}:{m[6]}" if m[4] else "")',
    'for r in rows[1:]:',
    '  r[:]=[excel(v) for v in r]',
    '  if r[h["id"]]=="1": r[h["notes"]]="Call the claimant first"',
    '  if r[h["id"]]=="2" and dob: r[h["subjects.0.custom_fields.102"]]=dob',
    'csv.writer(open(out,"w",encoding="utf-8-sig",newline=""),lineterminator="\\r\\n").writerows(rows)',
  ].join('\n');
  runPython(script, [source, out, locale, dob ?? '']);
}

describe('a round-trip CSV whose dates Excel rewrote', () => {
  it('US: map proposes M/D/YYYY as a guess, unedited dates are unchanged, only the edited note is sent', async () => {
    const exported = join(dir, 'us.csv');
    expect((await exportHere(['--out', exported, '--columns', 'round-trip'])).code).toBe(0);
    const saved = join(dir, 'us-excel.csv');
    saveAsExcel(exported, saved, 'us');
    const mapping = join(dir, 'us.json');
    const map = await through('map', [saved, '--out', mapping]);
    expect(map.code).toBe(0);
    expect(map.stdout).toMatch(
      /created_on: warning: dates read as M\/D\/YYYY, a guess: a spreadsheet saved this file/,
    );

    const dry = await through('validate', [saved, '--mapping', mapping]);
    expect(dry.stdout).toMatch(/36 rows checked: 36 valid, 0 invalid/);
    expect(dry.stdout).toContain('An import would: 1 update, 35 unchanged.');
    expect(dry.stdout).not.toContain('Put back');

    proxy.writes.length = 0;
    const birth = dateOfBirth(1);
    const run = await through('import', [
      saved,
      '--mapping',
      mapping,
      '--results',
      join(dir, 'us-results.csv'),
    ]);
    expect(run.stdout).toContain('updated 1');
    expect(proxy.writes.map((write) => [write.method, write.path])).toEqual([
      ['PUT', expect.stringMatching(/case\/requests\/1$/)],
    ]);
    expect(stored(1).notes).toBe('Call the claimant first');
    expect(stored(1).created_on).toBe('2026-06-28');
    expect(dateOfBirth(1)).toBe(birth);
  }, 180_000);

  it('UK: an edited date of birth refuses its row saying what Excel does, never "put back", and sends nothing for it', async () => {
    const exported = join(dir, 'gb.csv');
    expect((await exportHere(['--out', exported, '--columns', 'round-trip'])).code).toBe(0);
    const saved = join(dir, 'gb-excel.csv');
    const birth = dateOfBirth(2);
    saveAsExcel(exported, saved, 'gb', '02/01/1970');
    const mapping = join(dir, 'gb.json');
    const map = await through('map', [saved, '--out', mapping]);
    expect(map.stdout).toMatch(/created_on: warning: dates read as DD\/MM\/YYYY, a guess/);

    const dry = await through('validate', [saved, '--mapping', mapping]);
    expect(dry.stdout).toMatch(/36 rows checked: 35 valid, 1 invalid/);
    expect(dry.stdout).toContain(
      `row 3: subjects.0.custom_fields.102 '02/01/1970' is not the day REQ-00002 holds ('${String(birth)}', which this file writes ${String(birth).slice(8, 10)}/${String(birth).slice(5, 7)}/${String(birth).slice(0, 4)})`,
    );
    expect(dry.stdout).toContain("Excel rewrites a CSV's dates in the computer's short form");
    expect(dry.stdout).toContain('edit the round-trip .xlsx export instead');
    expect(dry.stdout).not.toContain('Put back');

    proxy.writes.length = 0;
    const run = await through('import', [
      saved,
      '--mapping',
      mapping,
      '--results',
      join(dir, 'gb-results.csv'),
    ]);
    expect(run.stdout).toMatch(/updated 0/);
    // The notes edit was already sent by the US file: nothing changes, nothing is written.
    expect(proxy.writes).toEqual([]);
    expect(dateOfBirth(2)).toBe(birth);
  }, 180_000);

  it('a mapping made before Excel saved the file (no date format): dates read in the order the file proves, an edited due date sent as that day', async () => {
    const exported = join(dir, 'plain.csv');
    expect((await exportHere(['--out', exported, '--columns', 'round-trip'])).code).toBe(0);
    const mapping = join(dir, 'plain.json');
    expect((await mapHere([exported, '--out', mapping])).code).toBe(0);
    expect(await readFile(mapping, 'utf8')).not.toContain('dateFormat');
    const saved = join(dir, 'plain-excel.csv');
    saveAsExcel(exported, saved, 'gb');
    // The clerk moves request 1's due date to 3 August (UK order, as the rest of the file).
    const script = [
      'import csv,sys',
      'rows=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig",newline="")))',
      'h={n:k for k,n in enumerate(rows[0])}',
      'for r in rows[1:]:',
      '  if r[h["id"]]=="1": r[h["due_on"]]="03/08/2026"',
      'csv.writer(open(sys.argv[1],"w",encoding="utf-8-sig",newline=""),lineterminator="\\r\\n").writerows(rows)',
    ].join('\n');
    runPython(script, [saved]);

    proxy.writes.length = 0;
    const run = await through('import', [
      saved,
      '--mapping',
      mapping,
      '--results',
      join(dir, 'plain-results.csv'),
    ]);
    expect(run.stdout).toContain('updated 1');
    expect(proxy.writes).toHaveLength(1);
    expect((proxy.writes[0]!.body as { casefile_request: object }).casefile_request).toMatchObject({
      due_on: '2026-08-03',
    });
    expect(stored(1).due_on).toBe('2026-08-03');
    expect(stored(1).created_on).toBe('2026-06-28');
  }, 180_000);
});
