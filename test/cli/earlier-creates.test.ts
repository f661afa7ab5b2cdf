/**
 * What an earlier import of a file created is not created again by a later import of it into the same
 * account, whatever journal the later one uses (explore 16): a clerk fixes one bad cell and runs the
 * same command again (the file's content changed, so its journal is another run's), or runs a trial
 * and then the rest with another --results. Rows without a claim number are what the account's
 * duplicate check cannot see; the earlier journals' record of what they sent is what settles them.
 * validate says so before the import; "duplicates": "create" sends them again; another account is not
 * touched by what this one holds. Spawned CLI runs against sandboxes over HTTP; rows written by Python.
 *
 * The earlier imports each test starts from are set-up: run by the import command's own code in this
 * process (firstImport, firstRun below: the same requests, journal and results as spawned). A create
 * import as spawned is in test/cli/import.test.ts, one with --sandbox --sandbox-data in
 * test/cli/sandbox-data.test.ts. Every import "again" and every validate a test reads stays spawned.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resetSandboxData } from '../../cli/sandbox-data.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { makeRows, templateMapping } from '../batch/helpers.ts';
import { startRefusedFilterProxy } from '../batch/proxies.ts';
import { runCli, type CliRun } from './run-cli.ts';
import { TEMPLATE, connectionEnv, importCli, runCli as runIn, secretSandbox } from './import-helpers.ts';
import { runPython } from '../helpers/run-python.ts';
import { cliInProcess, commandInProcess } from './command-in-process.ts';

const SAMPLE = new URL('../../samples/referrals-clean.csv', import.meta.url).pathname;
const ALL = Array.from({ length: 6 }, (_, index) => index);

/** The earlier import a test starts from: `import …args` in `dir` with `env`, in this process. */
const firstImport = (args: string[], dir: string, env: NodeJS.ProcessEnv) =>
  commandInProcess('import', args, dir, env);

/** The same with the arguments as run-cli.ts runCli takes them (the command first), in this process. */
const firstRun = (args: string[], env: NodeJS.ProcessEnv = {}) => cliInProcess(args, env);

/** A journal as a run killed between its last create's POST and the answer leaves it: that answer's line cut. */
async function cutLastAnswer(journal: string): Promise<void> {
  const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
  expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'outcome', status: 'created' });
  await writeFile(journal, `${lines.slice(0, -1).join('\n')}\n`);
}

/** How many requests hold each note "NOTE i" (make-rows.py's Instructions). */
function storedByNote(requests: { notes?: string | null }[], note: string): number[] {
  const counts = new Map<string, number>();
  for (const request of requests)
    if (request.notes?.startsWith(`${note} `))
      counts.set(request.notes, (counts.get(request.notes) ?? 0) + 1);
  return [...counts.values()];
}

/**
 * A file's three rows imported into a --sandbox account, the first one's request deleted (a practice
 * account started afresh), then the same command again with --json: run once, for the two tests that
 * read it (what was sent and stored; the words the terminal lists it under).
 */
let deletedSinceRun: Promise<{ again: CliRun; data: string; dir: string }> | undefined;
function deletedSince(): Promise<{ again: CliRun; data: string; dir: string }> {
  deletedSinceRun ??= (async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-gone-'));
    makeRows(join(dir, 'rows.csv'), 3, 'EAG', [0, 1, 2], 'Denver', 'Gone', 'Claim #');
    const data = join(dir, 'acct.json');
    const command = [
      'import',
      join(dir, 'rows.csv'),
      '--mapping',
      TEMPLATE,
      '--sandbox',
      '--sandbox-data',
      data,
      '--rate',
      '100/s',
    ];
    const args = (results: string) => [...command, '--results', join(dir, results), '--json'];
    expect(JSON.parse((await firstRun(args('a.csv'))).stdout)).toMatchObject({ created: 3 });
    const account = JSON.parse(await readFile(data, 'utf8'));
    account.case_requests = account.case_requests.filter(
      (request: { notes?: string }) => request.notes !== 'Gone 0',
    );
    await writeFile(data, JSON.stringify(account));
    return { again: await runCli(args('b.csv')), data, dir };
  })();
  return deletedSinceRun;
}

describe('an earlier import of the file into the account', () => {
  it('a cell fixed and the same command again: only the fixed row is sent; validate said so first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-fixed-'));
    // No claim numbers; row 4 (index 2) has a bad e-mail at first.
    makeRows(join(dir, 'rows.csv'), 6, 'EAF', ALL, 'Denver', 'Fixed later', 'Claim #');
    const text = await readFile(join(dir, 'rows.csv'), 'utf8');
    const lines = text.split('\r\n');
    lines[3] = lines[3]!.replace(/,[^,]*@[^,]*,/, ',not-an-email,');
    await writeFile(join(dir, 'rows.csv'), lines.join('\r\n'));
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const command = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'r.csv', '--json'];
    try {
      expect(JSON.parse((await firstImport(command, dir, env)).stdout)).toMatchObject({
        created: 5,
        invalid: 1,
      });
      await writeFile(join(dir, 'rows.csv'), text);

      const check = await runCli(
        ['validate', join(dir, 'rows.csv'), '--mapping', TEMPLATE, '--rate', '100/s', '--json'],
        env,
      );
      expect(JSON.parse(check.stdout).actions).toMatchObject({ already_sent: 5, create: 1 });

      const posts = log.filter((entry) => entry.method === 'POST').length;
      const again = await importCli(command, dir, env);
      expect(JSON.parse(again.stdout)).toMatchObject({ created: 1, skipped: 5 });
      expect(log.filter((entry) => entry.method === 'POST').length - posts).toBe(1);
      expect(storedByNote(sandbox.account().case_requests, 'Fixed later')).toEqual(Array(6).fill(1));
      const results = await readFile(join(dir, 'r.csv'), 'utf8');
      expect(results).toMatch(
        /not sent: an earlier import of rows\.csv created this row's very content \(its row 2, sent /,
      );
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('a trial, then the rest with another --results: the trial rows are not sent again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-trial-'));
    makeRows(join(dir, 'rows.csv'), 6, 'EAT', ALL, 'Denver', 'Trial first', 'Claim #');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'];
    try {
      expect(JSON.parse((await firstImport([...base, '--limit', '2'], dir, env)).stdout)).toMatchObject({
        created: 2,
      });
      const rest = await importCli([...base, '--results', 'full.csv'], dir, env);
      expect(JSON.parse(rest.stdout)).toMatchObject({ created: 4, skipped: 2 });
      expect(storedByNote(sandbox.account().case_requests, 'Trial first')).toEqual(Array(6).fill(1));
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it("a first import whose --journal was in another folder is found through the account's list of journals", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-elsewhere-'));
    makeRows(join(dir, 'rows.csv'), 4, 'EAE', [0, 1, 2, 3], 'Denver', 'Elsewhere', 'Claim #');
    await mkdir(join(dir, 'journals'));
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'];
    try {
      const first = await firstImport(
        [...base, '--limit', '2', '--journal', 'journals/monday.jsonl'],
        dir,
        env,
      );
      expect(JSON.parse(first.stdout)).toMatchObject({ created: 2 });
      const check = await runCli(
        ['validate', join(dir, 'rows.csv'), '--mapping', TEMPLATE, '--rate', '100/s', '--json'],
        env,
      );
      expect(JSON.parse(check.stdout).actions).toMatchObject({ already_sent: 2, create: 2 });
      const rest = await importCli(base, dir, env);
      expect(JSON.parse(rest.stdout)).toMatchObject({ created: 2, skipped: 2, already_sent: 2 });
      expect(storedByNote(sandbox.account().case_requests, 'Elsewhere')).toEqual([1, 1, 1, 1]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('a request deleted since (a practice account started afresh) is read, found gone, and sent again', async () => {
    const { again, data, dir } = await deletedSince();
    // Two requests read and found; the third's 404, then its POST.
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 1, skipped: 2 });
    const stored = JSON.parse(await readFile(data, 'utf8')).case_requests;
    expect(storedByNote(stored, 'Gone')).toEqual([1, 1, 1]);
    expect(await readFile(join(dir, 'b.csv'), 'utf8')).toMatch(
      /which Trackops no longer holds \(deleted since\?\): so it was sent again/,
    );
  }, 60_000);

  it('validate says "create" of a row whose earlier create its listing of the account finds gone or holding another referral, as the import then does, reading nothing more', async () => {
    // explore 32 item 1: validate said "already sent (Trackops was not asked)" of creates a reset
    // account no longer held, though its listing of the whole account had just read that they were
    // not there; the import then created them all. Rows 2-5 of the sample; row 5 without its claim
    // number (so only the journal, not the duplicate check, knows it was sent).
    const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-listed-'));
    runPython(
      `
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig', newline='')))[:5]
rows[4][0] = ''
csv.writer(open(sys.argv[2], 'w', encoding='utf-8', newline='')).writerows(rows)
`,
      [SAMPLE, join(dir, 'rows.csv')],
    );
    const first = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(first.sandbox);
    const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s'];
    const imported = await firstImport([...base, '--results', 'a.csv', '--json'], dir, env);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 4 });
    // The account as a clerk finds it later: row 2's request deleted, row 3's id holding another
    // referral (a practice account reset, then another file imported); rows 4 and 5's untouched.
    const account = first.sandbox.account();
    const [gone, replaced] = account.case_requests.slice(-4) as { id: number; [key: string]: unknown }[];
    account.case_requests = account.case_requests.filter((request) => request.id !== gone!.id);
    Object.assign(replaced!, {
      client: { ...(replaced!.client as object), name: 'Granite State Casualty' },
      reference_value_1: 'GS-0099',
    });
    const port = new URL(first.sandbox.baseUrl).port;
    await first.sandbox.close();
    const log: string[] = [];
    const sandbox = await startSandbox({
      port: Number(port),
      account,
      rate: 1000,
      onRequest: (entry) => log.push(`${entry.method} ${entry.url}`),
    });
    try {
      const check = await runIn('validate', [...base, '--json'], dir, env);
      expect(JSON.parse(check.stdout)).toMatchObject({ actions: { create: 2, already_sent: 2 } });
      // What the listing read answered it: no request read by its id.
      expect(log.filter((line) => /^GET \S*\/case\/requests\/\d+/.test(line))).toEqual([]);
      const words = await runIn('validate', base, dir, env);
      expect(words.stdout).toContain('An import would: 2 create, 2 already sent.');
      expect(words.stdout).toMatch(
        /row 2: an earlier import of rows\.csv created this row's very content \(its row 2, [^)]*\) as REQ-\d+, which Trackops no longer holds \(deleted since\?\): this check's listing of the whole account does not hold it, so an import would send the row again/,
      );
      expect(words.stdout).toMatch(
        /row 3: .*but the request Trackops holds at that id now is not the one that import created: it holds another referral: client "Granite State Casualty" where this row has "Acme Mutual Insurance", reference value 1 "GS-0099" where this row has "0046002" .*; so this row would be sent again/,
      );
      expect(words.stdout).toMatch(
        /row 5: not to be sent: .* as REQ-\d+, as its journal \S+ records, and this check's search of the account found REQ-\d+ there\. The import reads/,
      );
      expect(words.stdout).not.toContain('Trackops was not asked');

      const again = await importCli([...base, '--results', 'b.csv', '--json'], dir, env);
      expect(JSON.parse(again.stdout)).toMatchObject({ created: 2, already_sent: 2 });
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it("after sandbox --reset, a request at the same id that is another file's row is not taken for the earlier create: the row is sent, said", async () => {
    // explore 22 item 3: the practice account gives its ids again after a reset, and another file's
    // rows took REQ-00001/2; the first file imported again was skipped as "already created" there.
    const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-reset-'));
    const lines = (await readFile(SAMPLE, 'utf8')).split('\n');
    const blankKey = (line: string): string => line.replace(/^[^,]*,/, ',');
    // Rows 2-3 of the sample (Acme Mutual), then rows 4-5 (Granite State), claim numbers left out.
    await writeFile(
      join(dir, 'first.csv'),
      [lines[0], blankKey(lines[1]!), lines[2], blankKey(lines[3]!), ''].join('\n'),
    );
    await writeFile(
      join(dir, 'other.csv'),
      [lines[0], blankKey(lines[4]!), blankKey(lines[5]!), ''].join('\n'),
    );
    const data = join(dir, 'acct.json');
    const args = (file: string, results: string) => [
      'import',
      join(dir, file),
      '--mapping',
      TEMPLATE,
      '--sandbox',
      '--sandbox-data',
      data,
      '--rate',
      '100/s',
      '--results',
      join(dir, results),
      '--json',
    ];
    const run = (file: string, results: string) => runCli(args(file, results));
    expect(JSON.parse((await firstRun(args('first.csv', 'a.csv'))).stdout)).toMatchObject({ created: 2 });
    const firstIds = JSON.parse(await readFile(data, 'utf8')).case_requests.map(
      (request: { id: number }) => request.id,
    );
    // What `sandbox --reset --sandbox-data` does, in this process (its command is tested in
    // sandbox-data.test.ts): the account file and its change log removed, the next command starts afresh.
    expect(await resetSandboxData(data)).toBe(true);
    expect(JSON.parse((await firstRun(args('other.csv', 'b.csv'))).stdout)).toMatchObject({ created: 2 });
    const otherIds = JSON.parse(await readFile(data, 'utf8')).case_requests.map(
      (request: { id: number }) => request.id,
    );
    expect(otherIds).toEqual(firstIds);

    // validate reads no request: it says what the journal records, not that the request is there.
    const check = await runCli([
      'validate',
      join(dir, 'first.csv'),
      '--mapping',
      TEMPLATE,
      '--sandbox',
      '--sandbox-data',
      data,
      '--rate',
      '100/s',
    ]);
    expect(check.stdout).toMatch(
      /as its journal \S+ records \(Trackops was not asked\)\. The import reads REQ-\d+ first and sends the row if Trackops no longer holds it, or holds another request at that id/,
    );

    const again = await run('first.csv', 'c.csv');
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 2, skipped: 0 });
    const clients = JSON.parse(await readFile(data, 'utf8')).case_requests.map(
      (request: { client: { name: string } }) => request.client.name,
    );
    expect(clients.filter((name: string) => /Acme/.test(name))).toHaveLength(2);
    expect(clients.filter((name: string) => /Granite/.test(name))).toHaveLength(2);
    expect(await readFile(join(dir, 'c.csv'), 'utf8')).toMatch(
      /but the request Trackops holds at that id now is not the one that import created: it holds another referral: client ""Granite State Casualty"" where this row has ""Acme Mutual Insurance"", reference value 2 ""GS-P-6001"" where this row has ""AMP-779001"" \(a practice account started afresh with sandbox --reset gives its ids again\); so this row was sent/,
    );
  }, 60_000);

  it('a request at the id created long after the earlier send is another create, whatever it holds: the row is sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-later-'));
    makeRows(join(dir, 'rows.csv'), 2, 'EAL', [0, 1], 'Denver', 'Later', 'Claim #');
    const data = join(dir, 'acct.json');
    const command = [
      'import',
      join(dir, 'rows.csv'),
      '--mapping',
      TEMPLATE,
      '--sandbox',
      '--sandbox-data',
      data,
      '--rate',
      '100/s',
    ];
    const args = (results: string) => [...command, '--results', join(dir, results), '--json'];
    expect(JSON.parse((await firstRun(args('a.csv'))).stdout)).toMatchObject({ created: 2 });
    // Row 2's request as one made a day after that import sent it (same content: another create).
    const account = JSON.parse(await readFile(data, 'utf8'));
    const later = account.case_requests.find((request: { notes?: string }) => request.notes === 'Later 0');
    const created = new Date(Date.parse(`${later.created_at.replace(' ', 'T')}Z`) + 86_400_000);
    later.created_at = created.toISOString().slice(0, 19).replace('T', ' ');
    later.updated_at = later.created_at;
    await writeFile(data, JSON.stringify(account));

    const again = await runCli(args('b.csv'));
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 1, skipped: 1 });
    const stored = JSON.parse(await readFile(data, 'utf8')).case_requests;
    expect(storedByNote(stored, 'Later')).toEqual([2, 1]);
    expect(await readFile(join(dir, 'b.csv'), 'utf8')).toMatch(
      /is not the one that import created: it was created at \S+ \S+ UTC, 864\d\d s after that import sent the row, so another create made it/,
    );
  }, 60_000);

  it('the terminal lists a row sent again under "Sent again", not as sent without part of the row', async () => {
    // The run of the test above: under --json the words a terminal reads go to stderr, the text's own.
    const { again } = await deletedSince();
    expect(again.stderr).toMatch(
      /\nSent again \(what an earlier send of the row made is not in Trackops, or was not found there\):\n {2}row 2 \(REQ-\d+\): an earlier import of rows\.csv created this row's very content .*so it was sent again\n/,
    );
    expect(again.stderr).not.toContain('Sent without part of what the row gives');
  }, 60_000);

  it('a create an earlier import sent without an answer is searched for: found, not sent; not there, sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-doubt-'));
    makeRows(join(dir, 'rows.csv'), 3, 'EAD', [0, 1, 2], 'Denver', 'Doubt', 'Claim #');
    const data = join(dir, 'acct.json');
    const base = ['--mapping', TEMPLATE, '--sandbox', '--sandbox-data', data, '--rate', '100/s'];
    const args = (results: string) => [
      'import',
      join(dir, 'rows.csv'),
      ...base,
      '--results',
      join(dir, results),
      '--json',
    ];
    // The earlier send in doubt was seconds ago: no settle window (earlier-sends.ts; its own test has one).
    const noSettle = { TRACKOPS_TEST_SETTLE_MS: '0' };
    const run = (results: string) => runCli(args(results), noSettle);
    expect(JSON.parse((await firstRun(args('a.csv'), noSettle)).stdout)).toMatchObject({ created: 3 });
    // Killed before the third create's answer reached the journal; the request was stored.
    await cutLastAnswer(join(dir, 'a.journal.jsonl'));

    const check = await runCli(['validate', join(dir, 'rows.csv'), ...base]);
    expect(check.stdout, check.stderr).toMatch(/An import would: 2 already sent, 1 create\./);
    expect(check.stdout).toMatch(
      /row 4: an earlier import of rows\.csv sent this row's very content \(its row 4, sent [^)]*\) and got no answer, .*: the import searches Trackops for it first/,
    );
    // What the import may do besides (explore 22 item 5): hold the row back, naming what may be it.
    expect(check.stdout).toMatch(
      /sends the row only if it is not there \(a request that may be it, edited since, holds the row back, named\)/,
    );

    const again = await run('b.csv');
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, skipped: 3, already_sent: 3 });
    const stored = () => readFile(data, 'utf8').then((text) => JSON.parse(text).case_requests);
    expect(storedByNote(await stored(), 'Doubt')).toEqual([1, 1, 1]);
    expect(await readFile(join(dir, 'b.csv'), 'utf8')).toMatch(
      /without getting an answer, as its journal [^,]*a\.journal\.jsonl records, and a search of Trackops found it stored as REQ-\d+/,
    );

    // Not stored after all (a practice account started afresh): searched, not there, sent.
    const account = JSON.parse(await readFile(data, 'utf8'));
    account.case_requests = account.case_requests.filter(
      (request: { notes?: string }) => request.notes !== 'Doubt 2',
    );
    await writeFile(data, JSON.stringify(account));
    const third = await run('c.csv');
    expect(JSON.parse(third.stdout)).toMatchObject({ created: 1, skipped: 2 });
    expect(storedByNote(await stored(), 'Doubt')).toEqual([1, 1, 1]);
    expect(await readFile(join(dir, 'c.csv'), 'utf8')).toMatch(
      /Trackops was searched for it \(every request created since then, by this row's content, then by its case type and its client or reference values among requests created right after the send and edited since\) and none was found, so it was sent/,
    );
  }, 60_000);

  it("a create an earlier import sent without an answer, edited in Trackops since, is found as that send's and the row says how", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-doubt-edited-'));
    makeRows(join(dir, 'rows.csv'), 3, 'EDE', [0, 1, 2], 'Denver', 'Edited doubt', 'Claim #');
    const data = join(dir, 'acct.json');
    const base = ['--mapping', TEMPLATE, '--sandbox', '--sandbox-data', data, '--rate', '100/s'];
    const args = (results: string) => [
      'import',
      join(dir, 'rows.csv'),
      ...base,
      '--results',
      join(dir, results),
      '--json',
    ];
    const noSettle = { TRACKOPS_TEST_SETTLE_MS: '0' };
    const run = (results: string) => runCli(args(results), noSettle);
    expect(JSON.parse((await firstRun(args('a.csv'), noSettle)).stdout)).toMatchObject({ created: 3 });
    await cutLastAnswer(join(dir, 'a.journal.jsonl'));
    // A colleague worked on the request that send made: its content no longer matches the row's.
    const account = JSON.parse(await readFile(data, 'utf8'));
    const edited = account.case_requests.find(
      (request: { notes?: string }) => request.notes === 'Edited doubt 2',
    );
    edited.notes = 'Called the claimant, left a voicemail.';
    edited.client = { ...edited.client, city: 'Golden' };
    await writeFile(data, JSON.stringify(account));

    const again = await run('b.csv');
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, skipped: 3, already_sent: 3 });
    const stored = JSON.parse(await readFile(data, 'utf8')).case_requests as { id: number }[];
    expect(stored.filter((request) => request.id === edited.id)).toHaveLength(1);
    expect(stored.length, 'nothing created').toBe(account.case_requests.length);
    // How it was recognised, as a resume says it: by what, within which window, what differs now.
    expect(await readFile(join(dir, 'b.csv'), 'utf8')).toMatch(
      new RegExp(
        `No request holds that content now, but a search of Trackops found that send stored and edited since: ${edited.case_request_number} was created -?\\d+ s (after|before) this row's unanswered send ` +
          '\\(within its window: from 5 min before the send, for clocks that differ, to 5 min 30 s after it, its 30 s timeout and 5 min\\), ' +
          "with this row's case type, client, reference values and subject's name; it now differs from the row in client\\.city, notes ",
      ),
    );
  }, 60_000);

  it('a search Trackops refuses (4xx) sends nothing and says it is a refusal, naming the row and the way out; once allowed, the row is found', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-unsearched-'));
    makeRows(join(dir, 'rows.csv'), 2, 'EAU', [0, 1], 'Denver', 'Unsearched', 'Claim #');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    let refusing = true;
    const proxy = await startRefusedFilterProxy(sandbox.baseUrl, 'created_from_system', () => refusing);
    // The earlier send in doubt was seconds ago: no settle window (earlier-sends.ts; its own test has one).
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl, TRACKOPS_TEST_SETTLE_MS: '0' };
    const command = (results: string) => [
      'rows.csv',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--results',
      results,
      '--json',
    ];
    try {
      expect(JSON.parse((await firstImport(command('a.csv'), dir, env)).stdout)).toMatchObject({
        created: 2,
      });
      await cutLastAnswer(join(dir, 'a.journal.jsonl'));
      const posts = sandbox.account().case_requests.length;

      // Not an outage (exit 3, "when Trackops answers again"): Trackops answered, with a refusal (exit 1).
      const refused = await importCli(command('b.csv'), dir, env);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toMatch(
        /Trackops refused the search for the rows an earlier import of the file sent without an answer \(GET case\/requests\?created_from_system=[^ ]*: Trackops refused this request \(400\): Unknown filter: created_from_system\)\. This is a refusal, not an outage: running again is refused the same way\. Nothing was sent\. The row: row 3 \(its content sent by an import of rows\.csv, its row 3, at [^,]*, as the journal [^ ]*a\.journal\.jsonl records\)\. Look in Trackops by hand .* "duplicates": "create", which sends without this search/,
      );
      expect(refused.stderr).not.toContain('When Trackops answers again');
      expect(sandbox.account().case_requests.length).toBe(posts);
      expect(await readFile(join(dir, 'b.csv'), 'utf8')).toMatch(
        /not sent: Trackops refused the search for rows an earlier import sent without an answer\. This is a refusal, not an outage: running again \(or --resume\) is refused the same way/,
      );

      // The resume of that run: the same refusal, said so, naming the row in doubt and what can be done.
      const resumed = await importCli([...command('a.csv'), '--resume'], dir, env);
      expect(resumed.code).toBe(1);
      expect(resumed.stderr).toMatch(
        /Trackops refused the search for the rows an earlier run of this journal may have sent \(.*\(400\): Unknown filter: created_from_system\)\. This is a refusal, not an outage: --resume is refused the same way until the account allows it\. Nothing was sent\. Rows sent without an answer: row 3 \(sent [^)]*\)\. Look in Trackops by hand for requests created since /,
      );
      expect(resumed.stderr).not.toContain('When Trackops answers again');
      expect(sandbox.account().case_requests.length).toBe(posts);

      refusing = false;
      const later = await importCli(command('c.csv'), dir, env);
      expect(JSON.parse(later.stdout)).toMatchObject({ created: 0, skipped: 2, already_sent: 2 });
      expect(storedByNote(sandbox.account().case_requests, 'Unsearched')).toEqual([1, 1]);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);

  it('"duplicates": "create" sends them again; another account gets every row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-override-'));
    makeRows(join(dir, 'rows.csv'), 3, 'EAO', [0, 1, 2], 'Denver', 'Twice', 'Claim #');
    await writeFile(
      join(dir, 'anyway.json'),
      JSON.stringify({ ...(await templateMapping()), duplicates: 'create' }),
    );
    const first = await secretSandbox({ rate: 1000 });
    const other = await secretSandbox({ rate: 1000 });
    try {
      const args = (mapping: string, results: string) => [
        'rows.csv',
        '--mapping',
        mapping,
        '--rate',
        '100/s',
        '--results',
        results,
        '--json',
      ];
      const run = (mapping: string, results: string, env: NodeJS.ProcessEnv) =>
        importCli(args(mapping, results), dir, env);
      expect((await firstImport(args(TEMPLATE, 'a.csv'), dir, connectionEnv(first.sandbox))).code).toBe(0);
      const anyway = await run('anyway.json', 'b.csv', connectionEnv(first.sandbox));
      expect(JSON.parse(anyway.stdout)).toMatchObject({ created: 3, skipped: 0 });
      expect(storedByNote(first.sandbox.account().case_requests, 'Twice')).toEqual([2, 2, 2]);
      const elsewhere = await run(TEMPLATE, 'c.csv', connectionEnv(other.sandbox));
      expect(JSON.parse(elsewhere.stdout)).toMatchObject({ created: 3, skipped: 0 });
    } finally {
      await first.sandbox.close();
      await other.sandbox.close();
    }
  }, 60_000);
});
