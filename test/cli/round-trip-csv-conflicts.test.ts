/**
 * A round-trip CSV brought back with the mapping `map` proposes, after a colleague edited requests in
 * Trackops since the export. Before, every row whose stored values differed from the file's was sent:
 * the colleague's note was put back as exported, silently, on the rows the clerk edited and on the
 * rows the clerk did not touch. Now each row carries the `updated_at` the export wrote, and a request
 * whose `updated_at` is later than the file's is a conflict: not sent, named with both stamps, in the
 * dry run and the import. No request is added for it: the stamp is read from the records the plan and
 * the send's checks list anyway (every request through the proxy is counted). The file is exported by
 * the CLI, edited with Python's csv module, re-saved by LibreOffice, or written to the minute as Excel
 * writes a date-time; the colleague's edits go through the sandbox's API over HTTP.
 */
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { pass, running, startProxy, type RunningProxy } from '../batch/proxies.ts';
import { tempDir } from '../report/helpers.ts';
import { libreOfficeConvert } from '../tools/libreoffice.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let proxy: RunningProxy;
let dir: string;
/** Every request the CLI made through the proxy, as `METHOD path`. */
const requests: string[] = [];

beforeAll(async () => {
  dir = await tempDir();
});
beforeEach(async () => {
  await proxy?.close();
  await sandbox?.close();
  sandbox = await startSandbox({ port: 0, rate: 1000, account: await loadDemoAccount() });
  proxy = running(
    await startProxy(sandbox.baseUrl, async (request, response, _body, forward) => {
      requests.push(`${request.method} ${new URL(request.url ?? '/', 'http://x').pathname}`);
      pass(response, await forward());
    }),
  );
});
afterAll(async () => {
  await proxy.close();
  await sandbox.close();
});

const connection = () => ['--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '100/s'];
const through = (command: string, args: string[]) =>
  runCli([command, ...args, ...connection()], { TRACKOPS_TOKEN: sandbox.token });
// The export and the mapping are set-up, made by the commands' own code in this process; the validate
// and the import of the edited file, what the tests prove, are spawned.
const here = (command: string, args: string[]) =>
  cliInProcess([command, ...args, ...connection()], { TRACKOPS_TOKEN: sandbox.token });
const stored = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!;

/** A colleague's edit of a request's notes, made in Trackops (the sandbox's API) after the export. */
async function colleagueEdits(id: number, notes: string): Promise<void> {
  const response = await fetch(`${sandbox.baseUrl}/case/requests/${id}`, {
    method: 'PUT',
    headers: {
      authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ casefile_request: { notes } }),
  });
  expect(response.ok).toBe(true);
}

/**
 * The clerk's edits with Python's csv module: notes of requests 1 and 2, and `cells` ({id: {column:
 * value}}) set as given. With `excel`, every date-time is written as Excel saves it (6/30/2026 10:48).
 */
function clerkEdits(file: string, cells: Record<number, Record<string, string>> = {}, excel = false): void {
  const script = [
    'import csv,json,re,sys',
    'rows=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig",newline="")))',
    'h={n:k for k,n in enumerate(rows[0])}',
    'cells=json.loads(sys.argv[2]); excel=sys.argv[3]=="1"',
    'def short(v):',
    '  m=re.fullmatch(r"(\\d{4})-(\\d{2})-(\\d{2}) (\\d{2}):(\\d{2}):\\d{2}",v)',
    '  return f"{int(m[2])}/{int(m[3])}/{m[1]} {int(m[4])}:{m[5]}" if m else v',
    'for r in rows[1:]:',
    '  if excel: r[:]=[short(v) for v in r]',
    '  if r[h["id"]]=="1": r[h["notes"]]="Clerk: call the adjuster"',
    '  if r[h["id"]]=="2": r[h["notes"]]="Clerk: file closed"',
    '  for k,v in cells.get(r[h["id"]],{}).items(): r[h[k]]=v',
    'csv.writer(open(sys.argv[1],"w",encoding="utf-8-sig",newline=""),lineterminator="\\r\\n").writerows(rows)',
  ].join('\n');
  runPython(script, [file, JSON.stringify(cells), excel ? '1' : '0']);
}

/** The export's updated_at of request `id`, as the CSV wrote it. */
async function exportedStamp(file: string, id: number): Promise<string> {
  const lines = (await readFile(file, 'utf8')).split('\r\n');
  const header = lines[0]!.replace(/^\uFEFF/, '').split(',');
  const row = lines.find((line) => line.startsWith(`${id},`))!.split(',');
  return row[header.indexOf('updated_at')]!;
}

async function exportAndMap(name: string): Promise<{ exported: string }> {
  const exported = join(dir, `${name}.csv`);
  expect((await here('export', ['--out', exported, '--columns', 'round-trip'])).code).toBe(0);
  return { exported };
}

describe('a round-trip CSV imported after a colleague edited requests in Trackops', () => {
  it('sends the clerk’s edit of an unchanged request, and reports the changed ones as conflicts', async () => {
    const { exported } = await exportAndMap('rt');
    const stamp2 = await exportedStamp(exported, 2);
    clerkEdits(exported);
    // Meanwhile, in Trackops: request 2 (which the clerk edited too) and request 3 (which the clerk
    // did not touch: the file still holds its exported note).
    await colleagueEdits(2, 'Colleague: claimant moved');
    await colleagueEdits(3, 'Colleague: adjuster assigned');
    const now2 = String(stored(2).updated_at);
    const mapping = join(dir, 'rt.json');
    expect((await here('map', [exported, '--out', mapping])).code).toBe(0);

    requests.length = 0;
    const dry = await through('validate', [exported, '--mapping', mapping]);
    const dryReads = requests.filter((line) => line.startsWith('GET'));
    expect(dry.stdout).toContain('An import would: 1 update, 33 unchanged.');
    expect(dry.stdout).toContain(
      `row 3, updated_at = '${stamp2}': REQ-00002 (id 2) was changed in Trackops after this file was exported ` +
        `(its updated_at is now ${now2}, this file's is ${stamp2}): this row is not sent, so that change is not overwritten. ` +
        'Export again and redo the edit in the new file',
    );
    expect(dry.stdout).toContain('row 4, updated_at = ');
    expect(dry.stdout).toContain('REQ-00003 (id 3) was changed in Trackops after this file was exported');

    requests.length = 0;
    const run = await through('import', [
      exported,
      '--mapping',
      mapping,
      '--results',
      join(dir, 'rt-out.csv'),
    ]);
    expect(run.stdout).toContain('updated 1');
    expect(run.stdout).toContain('REQ-00002 (id 2) was changed in Trackops after this file was exported');
    expect(run.code).toBe(1);
    expect(requests.filter((line) => line.startsWith('PUT'))).toEqual([
      expect.stringMatching(/case\/requests\/1$/),
    ]);
    // No request per row: the stamps are those of the listing the import reads anyway.
    expect(requests.filter((line) => /^GET .*case\/requests\/\d+$/.test(line))).toEqual([]);
    expect(stored(1).notes).toBe('Clerk: call the adjuster');
    expect(stored(2).notes).toBe('Colleague: claimant moved');
    expect(stored(3).notes).toBe('Colleague: adjuster assigned');
    // The dry run and the import read the same: the account's reference and one listing of the requests.
    expect(requests.filter((line) => line.startsWith('GET'))).toEqual(dryReads);

    // The same file imported again: request 1 now holds the clerk's edit (its stamp moved by that
    // import), so it is unchanged, not a conflict; nothing is sent.
    requests.length = 0;
    const again = await through('import', [
      exported,
      '--mapping',
      mapping,
      '--results',
      join(dir, 'rt-again.csv'),
    ]);
    expect(again.stdout).not.toContain('REQ-00001 (id 1) was changed');
    expect(requests.filter((line) => line.startsWith('PUT'))).toEqual([]);
  }, 180_000);

  it('reads the stamps of a CSV LibreOffice saved again, and of one Excel saved to the minute', async () => {
    const { exported } = await exportAndMap('lo');
    clerkEdits(exported);
    const saved = join(dir, 'lo-saved');
    libreOfficeConvert(exported, 'csv:Text - txt - csv (StarCalc):44,34,76,1', saved, 'CSV:44,34,76,1');
    const excel = join(dir, 'excel.csv');
    await copyFile(exported, excel);
    clerkEdits(excel, {}, true);
    expect(await readFile(excel, 'utf8')).toMatch(/,6\/10\/2026 16:00,/);
    await colleagueEdits(2, 'Colleague: claimant moved');

    for (const file of [join(saved, 'lo.csv'), excel]) {
      const mapping = `${file}.json`;
      expect((await here('map', [file, '--out', mapping])).code).toBe(0);
      const dry = await through('validate', [file, '--mapping', mapping]);
      expect(dry.stdout).toContain('An import would: 1 update, 34 unchanged.');
      expect(dry.stdout).toContain('REQ-00002 (id 2) was changed in Trackops after this file was exported');
    }
    const run = await through('import', [
      excel,
      '--mapping',
      `${excel}.json`,
      '--results',
      join(dir, 'x.csv'),
    ]);
    expect(run.stdout).toContain('updated 1');
    expect(stored(1).notes).toBe('Clerk: call the adjuster');
    expect(stored(2).notes).toBe('Colleague: claimant moved');
    // A stamp kept to the minute: taken as not moved within it, said as a guess on the row sent.
    expect(run.stdout).toMatch(
      /Sent on a guess that the request did not change since the export:\n {2}row 2 \(REQ-00001\): updated_at = '6\/30\/2026 10:48': .*only to the minute.*a guess/,
    );
  }, 240_000);

  it('refuses a row whose updated_at cannot be read, saying so, and sends the others', async () => {
    const { exported } = await exportAndMap('typed');
    clerkEdits(exported, { 2: { updated_at: 'yesterday' } });
    const mapping = join(dir, 'typed.json');
    expect((await here('map', [exported, '--out', mapping])).code).toBe(0);
    const before = stored(2).notes;
    const run = await through('import', [exported, '--mapping', mapping, '--results', join(dir, 't.csv')]);
    expect(run.stdout).toContain('updated 1');
    expect(run.stdout).toContain(
      "row 3: updated_at = 'yesterday': is not the date and time the export wrote, so whether REQ-00002 (id 2) " +
        'was changed in Trackops since the export cannot be told: this row is not sent',
    );
    expect(stored(2).notes).toBe(before);
  }, 180_000);
});
