/**
 * What a run met is said at the stops notes-at-every-stop.test.ts does not reach (rule: anything
 * unexpected the server says is reported in plain words; where the tool guesses, it says so):
 * - Ctrl-C while a round trip checks its edited rows: the round trip's notes and the server's zone (a
 *   server stamping its local time, remembered from an earlier run) on stderr, with the stop;
 * - Ctrl-C during the second look for another import of the file's rows (a server ignoring
 *   created_from_system, then silent): the look stops at once, and what it met is said with the
 *   stop's counts;
 * - a round trip whose check's listing breaks off after the server was found counting without
 *   updated_from: the stop says what was found, with the round trip's notes;
 * - both stops of a round trip's check (Ctrl-C, and 500s until the tries ran out) say the same truth:
 *   nothing was sent, nothing of the run is kept, and the one command to run next starts it again;
 * - a send stopped when the server went away (connections refused) while it read back an update
 *   Trackops answered without its record: --json's `updatesReadBack` and the words on stderr count
 *   only the update that was read back; the other is said in doubt.
 * Spawned CLI runs over real HTTP against the sandbox, through proxies that hold, cut or rewrite
 * answers; the round-trip file edited by openpyxl as a spreadsheet program saves it.
 */
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type AccountFile, type RunningSandbox } from '../../sandbox/index.ts';
import { MAINTENANCE, startAnsweringProxy } from '../batch/answering-proxy.ts';
import { makeRows } from '../batch/helpers.ts';
import { pass, running, startLocalTimeProxy, startProxy } from '../batch/proxies.ts';
import { holdingProxy } from '../helpers/holding-proxy.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { editedRoundTrip as editedRoundTripFile } from './edited-round-trip.ts';
import { TEMPLATE, exited, importCli, spawnImport } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

const MISSING = '1 exported row is not in the file';

let sandbox: RunningSandbox;
let dir: string;
let env: NodeJS.ProcessEnv;
const ends: { close(): Promise<void> }[] = [];

async function startAccount(options: Parameters<typeof startSandbox>[0] = {}): Promise<void> {
  sandbox = await startSandbox({ port: 0, rate: 1000, ...options });
  ends.push(sandbox);
  env = {
    ...process.env,
    TRACKOPS_URL: sandbox.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
    // This test's own memory of journals and of the server's zone.
    XDG_DATA_HOME: join(dir, 'data'),
    TRACKOPS_RUN_LOCKS: join(dir, 'run-locks'),
    TRACKOPS_TEST_SETTLE_MS: '0',
    TRACKOPS_TEST_RETRY_WAIT_MS: '0',
  };
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-early-stop-notes-'));
});
afterEach(async () => {
  for (const end of ends.reverse()) await end.close();
  ends.length = 0;
});

/** The round trip's file through `url`: its first `edits` rows edited, the row after them deleted. */
function editedRoundTrip(url: string, edits: number): Promise<string> {
  return editedRoundTripFile({ dir, env, url, edits, deletedAfter: 1 });
}

/** An account of `count` requests entered and last changed `days` days ago (recentAccount's, moved). */
async function daysOldAccount(count: number, days: number): Promise<AccountFile> {
  const account = await recentAccount(count, count);
  const moved = (stamp: string) =>
    new Date(Date.parse(`${stamp.replace(' ', 'T')}Z`) - days * 86_400_000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
  for (const request of account.case_requests) {
    request.created_at = moved(request.created_at);
    request.updated_at = moved(request.updated_at);
  }
  return account;
}

describe('a round trip stopped while it checks its edited rows', () => {
  it("rule: Ctrl-C there says the round trip's notes and the server's zone, nothing sent", async () => {
    await startAccount();
    // A server stamping its local time (UTC−05:00), behind a hop that holds the check's first look.
    const local = await startLocalTimeProxy(sandbox.baseUrl, -300);
    ends.push(local);
    const hold = await holdingProxy(
      local.baseUrl,
      (method, path) => method === 'GET' && /updated_from=/.test(path),
    );
    ends.push(hold);
    const through = { ...env, TRACKOPS_URL: hold.baseUrl };
    // An import through it showed the zone (its create's answer): this computer remembers it.
    makeRows(join(dir, 'rows.csv'), 1, 'ZONE');
    // Set-up, as is the export of the round trip below: run by the command's own code in this process
    // (an import as spawned is test/cli/import.test.ts's); the import stopped by Ctrl-C is spawned.
    const first = await commandInProcess(
      'import',
      ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'],
      dir,
      through,
    );
    expect(JSON.parse(first.stdout), first.stderr).toMatchObject({ created: 1 });
    const file = await editedRoundTrip(hold.baseUrl, 1);
    const before = sandbox.account().case_requests.map((request) => request.notes);

    const child = spawnImport([file, '--mode', 'update', '--rate', '100/s'], dir, through);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = exited(child);
    await hold.held;
    child.kill('SIGINT');
    const { code } = await ended;
    expect(code, stdout + stderr).toBe(130);
    expect(stderr).toMatch(/interrupted while checking the rows/);
    // Nothing was sent, nothing kept, and the one command to run next starts it again (as the 500 below).
    expect(stderr).toContain(
      'nothing was sent to Trackops, and no journal or results file was kept. To start the import again: trackops-bulk import rt.xlsx --mode update --rate 100/s\n',
    );
    expect(stderr).not.toMatch(/finish the run|--resume$/m);
    expect((await readdir(dir)).filter((name) => name.startsWith('rt') && name.endsWith('.jsonl'))).toEqual(
      [],
    );
    const notes = stderr.split('\n').filter((line) => line.startsWith('import: note: '));
    expect(
      notes.filter((line) => line.includes(MISSING)),
      stderr,
    ).toHaveLength(1);
    const zone = notes.filter((line) => line.includes('local time'));
    expect(zone, stderr).toHaveLength(1);
    expect(zone[0]).toMatch(/5 hours behind .*UTC−05:00/);
    expect(sandbox.account().case_requests.map((request) => request.notes)).toEqual(before);
  }, 90_000);
});

describe('a run stopped while it looks for another import of its rows', () => {
  it('rule: Ctrl-C during its second look stops it, says what it met, nothing sent', async () => {
    // 150 requests entered an hour ago: the second look's list is longer than a page.
    await startAccount({ account: await recentAccount(150, 150) });
    // Another computer (its own journals and locks) imported the file's first two rows just now.
    const other = join(dir, 'other');
    await mkdir(other);
    makeRows(join(other, 'rows.csv'), 2, 'KBC');
    // Set-up, run by the import command's own code in this process (an import as spawned is
    // test/cli/import.test.ts's); this computer's import, stopped by Ctrl-C, is spawned.
    const trial = await commandInProcess(
      'import',
      ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'],
      other,
      {
        ...env,
        XDG_DATA_HOME: join(other, 'data'),
        TRACKOPS_RUN_LOCKS: join(other, 'run-locks'),
      },
    );
    expect(JSON.parse(trial.stdout), trial.stderr).toMatchObject({ created: 2 });

    // A server that ignores created_from_system; once armed, the second page of what came since its
    // listing's bound is never answered (a Trackops gone silent), and the test stops the run there.
    let armed = false;
    let held: () => void = () => {};
    const holding = new Promise<void>((resolve) => (held = resolve));
    const proxy = running(
      await startProxy(sandbox.baseUrl, async (request, response, _body, forward) => {
        const url = new URL(request.url ?? '/', 'http://x');
        if (request.method === 'GET' && url.pathname.endsWith('/case/requests')) {
          const since =
            url.searchParams.has('created_from_system') && !url.searchParams.has('created_to_system');
          url.searchParams.delete('created_from_system');
          if (
            armed &&
            since &&
            url.searchParams.get('mode') !== 'count' &&
            url.searchParams.get('page') === '2'
          ) {
            armed = false;
            held();
            return;
          }
        }
        pass(response, await forward(url.pathname + url.search));
      }),
    );
    ends.push(proxy);
    makeRows(join(dir, 'rows.csv'), 6, 'KBC');
    const before = sandbox.account().case_requests.length;
    const child = spawnImport(['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s'], dir, {
      ...env,
      TRACKOPS_URL: proxy.baseUrl,
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      // While it waits before its second look.
      if (stderr.includes('import: waiting ')) armed = true;
    });
    const ended = exited(child);
    await holding;
    // One Ctrl-C: nothing has been sent, so the look stops there, unanswered page and all (before, it
    // waited for Trackops's answer, through the client's timeout and tries, minutes).
    child.kill('SIGINT');
    const { code } = await ended;
    // Stopped before its first send, with the counts and, under them, what the look met.
    expect(code, stdout + stderr).toBe(130);
    expect(stdout).toMatch(/not sent 4 \(the run was stopped\)/);
    expect(stderr).toMatch(/^Stopped\. To finish the run: /m);
    const notes = stdout
      .split('\n')
      .filter((line) => line.includes('the server seems to ignore that filter'));
    expect(
      notes.filter((line) => line.startsWith('In the second look')),
      stdout,
    ).toEqual([
      expect.stringMatching(
        /^In the second look for this file's rows being added by another import, Trackops's list gave REQ-\d+ \(id \d+\), entered [\d-]+ [\d:]+, when asked only for requests entered from [\d-]+ [\d:]+ on \(created_from_system, UTC\): the server seems to ignore that filter, so that search was reading the whole list Trackops gives instead when it broke off: that list was not read whole\./,
      ),
    ]);
    expect(sandbox.account().case_requests).toHaveLength(before);
  }, 90_000);
});

describe("a round trip whose check's listing breaks off", () => {
  it("rule: after its count was found ignoring updated_from, the stop says so with the round trip's notes", async () => {
    // 150 requests entered and last changed three days ago: lists longer than a page, none changed
    // since the export however early its check starts.
    await startAccount({ account: await daysOldAccount(150, 3) });
    // Counts drop updated_from (they count the whole account); once told, every listing of the whole
    // account after its first page is answered 500, every time.
    let breaking = false;
    const proxy = running(
      await startProxy(sandbox.baseUrl, async (request, response, _body, forward) => {
        const url = new URL(request.url ?? '/', 'http://x');
        if (request.method === 'GET' && url.pathname.endsWith('/case/requests')) {
          if (url.searchParams.get('mode') === 'count') url.searchParams.delete('updated_from');
          else if (
            breaking &&
            !url.searchParams.has('updated_from') &&
            url.searchParams.get('page') !== '1'
          ) {
            response.writeHead(500, { 'content-type': 'application/json' });
            response.end(JSON.stringify({ message: 'Internal server error' }));
            return;
          }
        }
        pass(response, await forward(url.pathname + url.search));
      }),
    );
    ends.push(proxy);
    // Three edited rows: more than the count's pages, so the check lists what changed since.
    const file = await editedRoundTrip(proxy.baseUrl, 3);
    const before = sandbox.account().case_requests.map((request) => request.notes);
    breaking = true;
    const run = await importCli([file, '--mode', 'update', '--rate', '100/s', '--json'], dir, {
      ...env,
      TRACKOPS_URL: proxy.baseUrl,
    });
    expect(run.code, run.stdout + run.stderr).toBe(3);
    expect(run.stderr).toContain('server error 500');
    // Nothing was sent: said so, nothing of the run kept, and the one command to run next is the import
    // started again, as a Ctrl-C at this point says it (not a --resume of a journal that holds no send).
    expect(run.stderr).toContain(
      '\nNothing was sent to Trackops, and no journal or results file was kept. When Trackops answers again, start the import again: trackops-bulk import rt.xlsx --mode update --rate 100/s\n',
    );
    expect(run.stderr).not.toMatch(/finish the run|--resume$/m);
    expect((await readdir(dir)).filter((name) => name.startsWith('rt') && name.endsWith('.jsonl'))).toEqual(
      [],
    );
    const notes = run.stderr.split('\n').filter((line) => line.startsWith('import: note: '));
    expect(
      notes.filter((line) => line.includes(MISSING)),
      run.stderr,
    ).toHaveLength(1);
    const counted = notes.filter((line) => line.includes('its count seems to ignore that filter'));
    expect(counted, run.stderr).toHaveLength(1);
    // What was found, and that the reading after it broke off: never "every request … was checked".
    expect(counted[0]).toMatch(
      /^import: note: The check of the edited rows for changes made in Trackops since the export: Trackops counted 150 requests when asked only for requests changed from [\d-]+ [\d:]+ on \(updated_from, UTC\), as many as without that filter, while its list gave 0: its count seems to ignore that filter, so the list without it was being read whole against that count, the tool keeping that filter itself; that reading broke off, so the list was not read whole\./,
    );
    expect(run.stderr).not.toContain('nothing was left out');
    // --json's object (no counts at this stop: its error) carries them too, for a script reading it.
    const object = JSON.parse(run.stdout) as { error: { exit: number }; notes?: string[] };
    expect(object.error.exit).toBe(3);
    expect(object.notes).toEqual(notes.map((line) => line.slice('import: note: '.length)));
    expect(sandbox.account().case_requests.map((request) => request.notes)).toEqual(before);
  }, 90_000);
});

describe('a send stopped after updates answered without their record', () => {
  it('rule: --json says updatesReadBack and stderr its words, true to what was read back', async () => {
    await startAccount();
    const file = join(dir, 'notes.csv');
    const rows = [1, 2, 3, 4, 5].map((n) => `REQ-0000${n},Called`).join('\n');
    await writeFile(file, `Number,Notes\n${rows}\n`);
    await writeFile(
      join(dir, 'update.json'),
      JSON.stringify({
        version: 1,
        mode: 'update',
        match: 'case_request_number',
        columns: [
          { column: 'Number', target: 'case_request_number' },
          { column: 'Notes', target: 'notes' },
        ],
      }),
    );
    // The first two updates stored and answered with a maintenance notice (no record, no word they
    // were done), so each is read back; the first is, then the server goes away before the second's
    // read: every later connection refused.
    let gone = false;
    const proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method, path, nth }) => {
      if (gone) {
        void proxy.close();
        return () => Promise.reject(new Error('gone'));
      }
      if (method === 'PUT' && nth <= 2) return (answer) => ({ ...answer, body: MAINTENANCE });
      if (method === 'GET' && path.endsWith('/case/requests/2')) {
        gone = true;
        return () => Promise.reject(new Error('gone'));
      }
      return 'forward';
    });
    ends.push(proxy);
    const run = await importCli(
      ['notes.csv', '--mapping', 'update.json', '--rate', '100/s', '--concurrency', '1', '--json'],
      dir,
      { ...env, TRACKOPS_URL: proxy.baseUrl },
    );
    // Stopped on the update in doubt (the next would most likely be answered the same way).
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stderr).toMatch(/whether it was changed could not be checked/);
    // True: one update read back (one request, and it was done), one whose read back failed.
    expect(JSON.parse(run.stdout)).toMatchObject({
      updated: 1,
      interrupted: true,
      updatesReadBack: 1,
      updatesNotReadBack: 1,
    });
    expect(proxy.count('GET', /\/case\/requests\/1$/)).toBe(1);
    expect(sandbox.account().case_requests.find((request) => request.id === 1)!.notes).toBe('Called');
    const said = run.stderr
      .split('\n')
      .filter((line) => line.includes('with neither the request nor a word'));
    expect(said, run.stderr).toEqual([
      'Trackops answered 2 updates with neither the request nor a word that they were done: 1 was read back (1 request more each); 1 could not be read back, and is in doubt (its row says why).',
    ]);
  }, 90_000);
});
