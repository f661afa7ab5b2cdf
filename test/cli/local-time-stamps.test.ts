/**
 * A server that stamps and filters in its local time west of UTC, without a zone (UTC−05:00 here),
 * against the API's "timestamps in UTC". Every search for what was entered since a time then asked for
 * the server's future: a resume's search for its own create in doubt found nothing and the row was
 * created a second time, and the first run took every create's answer for "a request that is not new"
 * (its created_at 5 hours before the send). The server's zone is now learnt from a write's answer (its
 * stamp against the answer's own Date header), kept in the journal, and said.
 * Real HTTP: the sandbox (150 requests entered an hour ago) behind a proxy that moves stamps and
 * filters to local time; the CLI spawned as a user runs it; rows written by Python's csv module.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startLocalTimeProxy, type RunningProxy } from '../batch/proxies.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { sandboxApi } from '../export/sandbox-api.ts';
import { TEMPLATE, importCli, runCli } from './import-helpers.ts';
import { runPython } from '../helpers/run-python.ts';
import { commandInProcess } from './command-in-process.ts';

const OLD = 150;

let sandbox: RunningSandbox;
let proxy: RunningProxy;
let dir: string;
let env: NodeJS.ProcessEnv;
const posts: string[] = [];

beforeEach(async () => {
  posts.length = 0;
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account: await recentAccount(OLD, OLD),
    onRequest: (entry) => {
      if (entry.method === 'POST') posts.push(entry.url);
    },
  });
  proxy = await startLocalTimeProxy(sandbox.baseUrl, -300);
  dir = await mkdtemp(join(tmpdir(), 'local-time-stamps-'));
  env = {
    ...process.env,
    TRACKOPS_URL: proxy.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
    XDG_DATA_HOME: join(dir, 'data'),
    // This test's own: this computer's memory of the server's zone is kept beside the run locks.
    TRACKOPS_RUN_LOCKS: join(dir, 'run-locks'),
    TRACKOPS_TEST_SETTLE_MS: '0',
  };
});
afterEach(async () => {
  await proxy.close();
  await sandbox.close();
});

/**
 * A set-up command (the import whose journal a revert undoes, the import that shows the zone, the export a
 * round trip edits, the first of two exports --since-last), run by the command's own code in this process
 * with this test's folder and environment: the same requests, files and memory of the zone as spawned. The
 * runs each test is about stay spawned, among them this file's first test's import and resume (the zone
 * said on a spawned import) and its last test's second export. An update import as spawned is in
 * test/cli/results-generations.test.ts, a create import in test/cli/import.test.ts, a round-trip export in
 * test/cli/export.test.ts ("round trip through the CLI").
 */
const setUp = (command: string, args: string[]) => commandInProcess(command, args, dir, env);
/** The round-trip export (rt.xlsx) a test's clerk then edits: set-up too. */
const exportRoundTrip = () =>
  setUp('export', ['--out', 'rt.xlsx', '--columns', 'round-trip', '--rate', '500/s', '--json']);

/**
 * Waits into the next whole second of this computer's clock, the sandbox's. Trackops' stamps have whole
 * seconds (API-NOTES): a colleague's change in the same second as the export's read of the request
 * looks no newer than what the export saw. A spawned export's exit took long enough never to meet it;
 * an export run in this process can.
 */
async function nextWholeSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 10));
}

function holding(claim: string): number {
  return sandbox.account().case_requests.filter((record) => record.reference_value_1 === claim).length;
}

describe('a server stamping local time west of UTC', () => {
  it('creates once, resumes without sending a create in doubt again, and says how it read the stamps', async () => {
    makeRows(join(dir, 'rows.csv'), 3, 'WEST');
    const template = JSON.parse(await readFile(TEMPLATE, 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'mapping.json'), JSON.stringify({ ...template, duplicates: 'create' }));
    const command = [
      'rows.csv',
      '--mapping',
      'mapping.json',
      '--rate',
      '500/s',
      '--results',
      'a.json',
      '--json',
    ];
    const first = await importCli(command, dir, env);
    const summary = JSON.parse(first.stdout) as { created: number; notes?: string[] };
    expect(summary, first.stderr).toMatchObject({ created: 3 });
    expect(posts).toHaveLength(3);
    // Every create is the row's own: none "answered with a request that is not new".
    const results = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as {
      rows: { row: number; status: string; id?: number; notes?: unknown[] }[];
    };
    expect(results.rows.filter((row) => row.notes)).toEqual([]);
    const zone = summary.notes?.filter((text) => text.includes('local time')) ?? [];
    expect(zone, first.stdout).toHaveLength(1);
    expect(zone[0]).toMatch(/5 hours behind .*UTC−05:00/);

    // The last create's answer never reached the journal (a crash): the row is in doubt.
    const journal = join(dir, 'a.journal.jsonl');
    const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
    await writeFile(journal, `${lines.slice(0, -1).join('\n')}\n`);
    // This computer's memory of the zone forgotten: the resume goes by its journal alone.
    await rm(join(dir, 'stamp-zones'), { recursive: true });
    const resumed = await importCli([...command, '--resume'], dir, env);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(posts, resumed.stdout + resumed.stderr).toHaveLength(3);
    expect(holding('WEST-0002')).toBe(1);
    const after = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as typeof results;
    expect(after.rows.find((row) => row.row === 4)).toMatchObject({ status: 'created', id: OLD + 3 });
    // The resume searched in the zone the first run saw, before any write of its own: said as such.
    const resumeNotes = (JSON.parse(resumed.stdout) as { notes: string[] }).notes;
    const resumeZone = resumeNotes.filter((text) => text.includes('local time'));
    expect(resumeZone, resumed.stdout).toHaveLength(1);
    expect(resumeZone[0]).toContain('in an earlier run of this import');
  }, 60_000);

  it('an update import is undone whole: its requests are not taken for changed since', async () => {
    const file = join(dir, 'notes.csv');
    await writeFile(file, 'Number,Notes\nREQ-00001,Called\nREQ-00002,Called\nREQ-00003,Called\n');
    const mapping = {
      version: 1,
      mode: 'update',
      match: 'case_request_number',
      columns: [
        { column: 'Number', target: 'case_request_number' },
        { column: 'Notes', target: 'notes' },
      ],
    };
    await writeFile(join(dir, 'notes.json'), JSON.stringify(mapping));
    const run = await setUp('import', [
      'notes.csv',
      '--mapping',
      'notes.json',
      '--rate',
      '500/s',
      '--results',
      'r.json',
      '--json',
    ]);
    expect(JSON.parse(run.stdout), run.stderr).toMatchObject({ updated: 3, failed: 0 });
    const revert = await runCli(
      'revert',
      ['--journal', 'r.journal.jsonl', '--rate', '500/s', '--json'],
      dir,
      env,
    );
    expect(revert.code, revert.stdout + revert.stderr).toBe(0);
    expect(JSON.parse(revert.stdout)).toMatchObject({ reverted: 3, conflict: 0 });
    const notes = sandbox
      .account()
      .case_requests.slice(0, 3)
      .map((request) => request.notes);
    expect(notes).not.toContain('Called');
  }, 60_000);

  it("a round trip after an import sees a colleague's change since its export: the zone was remembered", async () => {
    // An import showed the zone (its first create's answer), and this computer keeps it for the account.
    makeRows(join(dir, 'rows.csv'), 1, 'MEM');
    const template = JSON.parse(await readFile(TEMPLATE, 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'mapping.json'), JSON.stringify({ ...template, duplicates: 'create' }));
    const run = await setUp('import', ['rows.csv', '--mapping', 'mapping.json', '--rate', '500/s', '--json']);
    expect(JSON.parse(run.stdout), run.stderr).toMatchObject({ created: 1 });
    const direct = sandboxApi(sandbox);
    await direct.updateCaseRequest(1, { notes: 'Before' });
    const exported = await exportRoundTrip();
    expect(exported.code, exported.stderr).toBe(0);
    // A colleague changes the request in Trackops after the export; the clerk edits the same cell.
    await nextWholeSecond();
    await direct.updateCaseRequest(1, { notes: 'Colleague' });
    // The file keeps the zone its stamps were read in, for the round trip to compare them by.
    expect(hiddenEntry(join(dir, 'rt.xlsx'), 'stamp_zone_minutes')).toBe('-300');
    editCell(join(dir, 'rt.xlsx'), 'Before', 'Clerk');
    // No write before the round trip's check: the zone comes from this computer's memory.
    const roundTrip = await importCli(['rt.xlsx', '--mode', 'update', '--rate', '500/s', '--json'], dir, env);
    const stored = sandbox.account().case_requests.find((request) => request.id === 1)!;
    expect(stored.notes, roundTrip.stdout + roundTrip.stderr).toBe('Colleague');
    const notes = (JSON.parse(roundTrip.stdout) as { notes?: string[] }).notes ?? [];
    expect(notes.filter((note) => note.includes('seen by a run on this computer on '))).toHaveLength(1);
  }, 60_000);

  it('an export made before a write showed the zone comes back without a false conflict', async () => {
    const direct = sandboxApi(sandbox);
    await direct.updateCaseRequest(1, { notes: 'Before' });
    // Nothing known of the zone yet: the export keeps the stamps as Trackops wrote them.
    const exported = await exportRoundTrip();
    expect(exported.code, exported.stderr).toBe(0);
    // An import then shows the zone, and the round trip reads stamps in it.
    makeRows(join(dir, 'rows.csv'), 1, 'LATE');
    const template = JSON.parse(await readFile(TEMPLATE, 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'mapping.json'), JSON.stringify({ ...template, duplicates: 'create' }));
    const run = await setUp('import', ['rows.csv', '--mapping', 'mapping.json', '--rate', '500/s', '--json']);
    expect(JSON.parse(run.stdout), run.stderr).toMatchObject({ created: 1 });
    editCell(join(dir, 'rt.xlsx'), 'Before', 'Clerk');
    // Nobody changed the request since the export: the clerk's edit is sent.
    const roundTrip = await importCli(['rt.xlsx', '--mode', 'update', '--rate', '500/s', '--json'], dir, env);
    expect(JSON.parse(roundTrip.stdout), roundTrip.stderr).toMatchObject({
      updated: 1,
      failed: 0,
      invalid: 0,
    });
    expect(sandbox.account().case_requests.find((request) => request.id === 1)!.notes).toBe('Clerk');
  }, 60_000);
});

describe('a round-trip CSV from a server stamping local time west of UTC', () => {
  it('exported before a write showed the zone: no false conflict, and a colleague’s change is one', async () => {
    const direct = sandboxApi(sandbox);
    await direct.updateCaseRequest(1, { notes: 'Before' });
    await direct.updateCaseRequest(2, { notes: 'Before' });
    // Nothing known of the zone yet: the CSV keeps the stamps as Trackops wrote them, 5 hours behind UTC.
    const exported = await setUp('export', ['--out', 'rt.csv', '--columns', 'round-trip', '--rate', '500/s']);
    expect(exported.code, exported.stderr).toBe(0);
    await nextWholeSecond();
    await direct.updateCaseRequest(2, { notes: 'Colleague' });
    // The clerk edits both notes (Python's csv module); the mapping is the one map proposes.
    runPython(
      [
        'import csv,sys',
        'rows=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig",newline="")))',
        'h={n:k for k,n in enumerate(rows[0])}',
        'for r in rows[1:]:',
        '  if r[h["id"]] in ("1","2"): r[h["notes"]]="Clerk"',
        'csv.writer(open(sys.argv[1],"w",encoding="utf-8-sig",newline="")).writerows(rows)',
      ].join('\n'),
      [join(dir, 'rt.csv')],
    );
    expect((await setUp('map', ['rt.csv', '--out', 'rt.json'])).code).toBe(0);
    // The import's first PUT shows the zone: the requests it checks later are read in UTC, hours from
    // the file's stamps, which each row's created_at brings into the same frame.
    const run = await importCli(['rt.csv', '--mapping', 'rt.json', '--rate', '500/s', '--json'], dir, env);
    const stored = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!;
    expect(stored(1).notes, run.stdout + run.stderr).toBe('Clerk');
    expect(stored(2).notes).toBe('Colleague');
    expect(JSON.parse(run.stdout)).toMatchObject({ updated: 1, invalid: 1 });

    // Once the zone is known (remembered from that import), the plan reads every request in UTC: the
    // clerk's later edit of another row of the same file is not a false conflict either.
    runPython(
      [
        'import csv,sys',
        'rows=list(csv.reader(open(sys.argv[1],encoding="utf-8-sig",newline="")))',
        'h={n:k for k,n in enumerate(rows[0])}',
        'for r in rows[1:]:',
        '  if r[h["id"]]=="3": r[h["notes"]]="Clerk, later"',
        'csv.writer(open(sys.argv[1],"w",encoding="utf-8-sig",newline="")).writerows(rows)',
      ].join('\n'),
      [join(dir, 'rt.csv')],
    );
    const args = ['rt.csv', '--mapping', 'rt.json', '--journal', 'again.jsonl', '--rate', '500/s', '--json'];
    const again = await importCli(args, dir, env);
    expect(JSON.parse(again.stdout), again.stdout + again.stderr).toMatchObject({ updated: 1, invalid: 1 });
    expect(stored(3).notes).toBe('Clerk, later');
    expect(stored(2).notes).toBe('Colleague');
  }, 60_000);
});

describe('a server stamping local time west of UTC, before anything on this computer showed its zone', () => {
  it("the first round trip sees a colleague's change since its export", async () => {
    const direct = sandboxApi(sandbox);
    await direct.updateCaseRequest(1, { notes: 'Before' });
    const exported = await exportRoundTrip();
    expect(exported.code, exported.stderr).toBe(0);
    // A colleague changes the request after the export; the clerk edits the same cell.
    await nextWholeSecond();
    await direct.updateCaseRequest(1, { notes: 'Colleague' });
    editCell(join(dir, 'rt.xlsx'), 'Before', 'Clerk');
    // Nothing has shown the zone: no write, no stamp fresh enough, nothing remembered.
    const roundTrip = await importCli(['rt.xlsx', '--mode', 'update', '--rate', '500/s', '--json'], dir, env);
    const stored = sandbox.account().case_requests.find((request) => request.id === 1)!;
    expect(stored.notes, roundTrip.stdout + roundTrip.stderr).toBe('Colleague');
    expect(JSON.parse(roundTrip.stdout)).toMatchObject({ updated: 0, invalid: 1 });
    // Said with the round trip's line: why the check looked further back.
    expect(roundTrip.stderr.split('starts 12 hours earlier'), roundTrip.stderr).toHaveLength(2);
  }, 60_000);

  it('an export --since-last holds the changes made just after the previous one', async () => {
    const since = (out: string) => ['--out', out, '--since-last', '--rate', '500/s', '--json'];
    const first = await setUp('export', since('first.csv'));
    expect(first.code, first.stderr).toBe(0);
    // A colleague changes a request minutes after that export began.
    await sandboxApi(sandbox).updateCaseRequest(2, { notes: 'Changed after the first export' });
    const second = await runCli('export', since('second.csv'), dir, env);
    expect(second.code, second.stderr).toBe(0);
    expect(await readFile(join(dir, 'second.csv'), 'utf8')).toContain('Changed after the first export');
    const notes = (JSON.parse(second.stdout) as { notes?: string[] }).notes ?? [];
    expect(
      notes.filter((note) => note.includes('starts 12 hours earlier')),
      second.stdout,
    ).toHaveLength(1);
  }, 60_000);
});

/** The one cell holding `from` set to `to`, as a clerk's spreadsheet program saves it (openpyxl). */
function editCell(file: string, from: string, to: string): void {
  runPython(
    [
      'import openpyxl, sys',
      'book = openpyxl.load_workbook(sys.argv[1])',
      'cells = [c for row in book.worksheets[0].iter_rows() for c in row if c.value == sys.argv[2]]',
      'assert len(cells) == 1, cells',
      'cells[0].value = sys.argv[3]',
      'book.save(sys.argv[1])',
    ].join('\n'),
    [file, from, to],
  );
}

/** The value of a setting in the round-trip file's hidden sheet, as openpyxl reads it ('' when absent). */
function hiddenEntry(file: string, name: string): string {
  return runPython(
    [
      'import openpyxl, sys',
      'sheet = openpyxl.load_workbook(sys.argv[1])["_trackops_round_trip"]',
      'print(next((str(r[1]) for r in sheet.iter_rows(values_only=True) if r[0] == sys.argv[2]), ""))',
    ].join('\n'),
    [file, name],
    { encoding: 'utf8' },
  ).trim();
}
