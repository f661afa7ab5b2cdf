/**
 * What a run met is never lost from what the person reads (rule: anything unexpected the server says is
 * reported in plain words; where the tool guesses, it says so):
 * - a round trip's notes (exported rows not in the file, the check's window guessed…) are in --json's
 *   `notes`, not on stderr only, for a script reading the summary; what its check's listing met (a
 *   filter the server ignores, so it read the whole list) is among them, as a send's searches say it;
 * - a round trip whose check of its edited rows ends on an error (nothing sent) says them too, with
 *   its stop's counts;
 * - a send stopped by an error says the line a finished send says on writes Trackops answered without
 *   their record (and --json counts them), as the finished run's summary does; so does one whose stop
 *   has no counts (a second Ctrl-C while a create is in flight after the error), with where its journal
 *   is and the --resume that finishes it;
 * - a run refused before it sends anything, as another import of its rows seems to be running, says
 *   what its look for that import met (a filter the server ignores).
 * Spawned CLI runs over HTTP against the sandbox, through proxies that refuse or strip answers; the
 * round-trip file edited by openpyxl as a spreadsheet program saves it.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { createdId, startAnsweringProxy, type AnsweringProxy } from '../batch/answering-proxy.ts';
import { makeRows } from '../batch/helpers.ts';
import { startLooseFilterProxy, type RunningProxy } from '../batch/proxies.ts';
import { sandboxApi } from '../export/sandbox-api.ts';
import { referralLike } from '../helpers/sandbox-api.ts';
import { editedRoundTrip as editedRoundTripFile } from './edited-round-trip.ts';
import { TEMPLATE, exited, importCli, spawnImport, waitForOutcomes } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

const MISSING = '1 exported row is not in the file';
const WITHOUT_RECORD =
  "Trackops answered 1 create without the request it made: 1 was read where the answer's Location said (1 request more each).";
/** A 401's body that echoes the token it was sent, as a careless gateway's may: never to be printed. */
const refused = (token: string) => ({
  status: 401,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ message: `Invalid credentials (token ${token})` }),
});

let sandbox: RunningSandbox;
let proxy: AnsweringProxy | null;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  proxy = null;
  dir = await mkdtemp(join(tmpdir(), 'cli-stopped-run-notes-'));
  env = {
    ...process.env,
    TRACKOPS_URL: sandbox.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
    // This test's own memory of journals and of the server's zone.
    XDG_DATA_HOME: join(dir, 'data'),
    TRACKOPS_RUN_LOCKS: join(dir, 'run-locks'),
    TRACKOPS_TEST_SETTLE_MS: '0',
  };
});
afterEach(async () => {
  await proxy?.close();
  await sandbox.close();
});

/** The round trip's file: its first `edits` rows edited, the second row after them deleted. */
function editedRoundTrip(url = sandbox.baseUrl, edits = 1): Promise<string> {
  return editedRoundTripFile({ dir, env, url, edits, deletedAfter: 2 });
}

describe("a round trip's notes", () => {
  it("rule: --json's notes carry the round trip's notes that its line on stderr says", async () => {
    const file = await editedRoundTrip();
    const run = await importCli([file, '--mode', 'update', '--rate', '100/s', '--json'], dir, env);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout) as { updated: number; notes?: string[] };
    expect(summary.updated).toBe(1);
    // Still said on stderr with the round trip's line, as before.
    expect(run.stderr).toMatch(/^Round trip of the export made .*1 exported row is not in the file/m);
    const notes = summary.notes ?? [];
    expect(notes.filter((note) => note.startsWith(MISSING))).toHaveLength(1);
    // Every note of the round trip's line is in the summary's notes, once.
    const line = run.stderr.split('\n').find((text) => text.startsWith('Round trip of the export'))!;
    for (const note of notes.filter((text) => line.includes(text))) expect(line).toContain(note);
    if (line.includes('starts 12 hours earlier'))
      expect(notes.filter((note) => note.includes('starts 12 hours earlier'))).toHaveLength(1);
  }, 60_000);

  it("rule: its check's listing on a server that ignores updated_from says so, with the round trip's notes", async () => {
    proxy = null;
    const loose = await startLooseFilterProxy(sandbox.baseUrl, 'updated_from');
    try {
      // Three edited rows: more than the listing's one page, so the check lists what changed since.
      const file = await editedRoundTrip(loose.baseUrl, 3);
      const run = await importCli([file, '--mode', 'update', '--rate', '100/s', '--json'], dir, {
        ...env,
        TRACKOPS_URL: loose.baseUrl,
      });
      expect(run.code, run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as { updated: number; notes?: string[] };
      expect(summary.updated, run.stdout + run.stderr).toBe(3);
      const ignored = (summary.notes ?? []).filter((note) =>
        note.includes('the server seems to ignore that filter'),
      );
      expect(ignored, run.stdout).toHaveLength(1);
      expect(ignored[0]).toMatch(
        /^In the check of the edited rows for changes made in Trackops since the export, Trackops's list gave REQ-\d+ \(id \d+\), changed [\d-]+ [\d:]+, when asked only for requests changed from [\d-]+ [\d:]+ on \(updated_from, UTC\): the server seems to ignore that filter\. Its list fit one page, so that check read no more for it/,
      );
      // With the round trip's line on stderr too.
      expect(run.stderr).toContain(ignored[0]);
    } finally {
      await loose.close();
    }
  }, 60_000);

  it('rule: a round trip whose check of its edited rows is refused says them with its stop, nothing sent', async () => {
    // Exported through the proxy (the file names the account by its address).
    proxy = await startAnsweringProxy(sandbox.baseUrl, () => 'forward');
    const file = await editedRoundTrip(proxy.baseUrl);
    const before = sandbox.account().case_requests.map((request) => request.notes);
    // The credentials refused to the check's reading of the account (a token revoked since the export).
    proxy.answerWith(({ method, path }) =>
      method === 'GET' && /\/case\/requests(\?|$)/.test(path) ? refused(sandbox.token) : 'forward',
    );
    const words = await importCli([file, '--mode', 'update', '--rate', '100/s'], dir, {
      ...env,
      TRACKOPS_URL: proxy.baseUrl,
    });
    expect(words.code, words.stdout + words.stderr).toBe(3);
    expect(proxy.count('PUT')).toBe(0);
    expect(words.stdout).toContain(MISSING);
    const json = await importCli([file, '--mode', 'update', '--rate', '100/s', '--json'], dir, {
      ...env,
      TRACKOPS_URL: proxy.baseUrl,
    });
    expect(json.code, json.stderr).toBe(3);
    const summary = JSON.parse(json.stdout) as { notes?: string[] };
    expect((summary.notes ?? []).filter((note) => note.startsWith(MISSING))).toHaveLength(1);
    expect(sandbox.account().case_requests.map((request) => request.notes)).toEqual(before);
    for (const output of [words.stdout, words.stderr, json.stdout, json.stderr])
      expect(output).not.toContain(sandbox.token);
  }, 60_000);
});

describe('a send stopped by an error', () => {
  it('rule: it says the writes Trackops answered without their record, as a finished send does', async () => {
    makeRows(join(dir, 'rows.csv'), 3, 'SWR');
    // The first create answered 201 with only a Location (read there), the second refused 401.
    proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method, path, nth }) => {
      if (method !== 'POST' || !/\/case\/requests$/.test(path)) return 'forward';
      if (nth > 1) return refused(sandbox.token);
      return (answer) => ({
        status: 201,
        headers: { location: `/api/v1/case/requests/${createdId(answer)}` },
        body: '',
      });
    });
    const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--concurrency', '1'];
    const words = await importCli(args, dir, { ...env, TRACKOPS_URL: proxy.baseUrl });
    expect(words.code, words.stdout + words.stderr).toBe(3);
    expect(words.stdout).toContain(WITHOUT_RECORD);
    // Under its resume command, where the journal that finishes the run is.
    expect(words.stderr).toContain(
      '--resume\nThe journal rows.journal.jsonl records every row sent before this stop: --resume sends none of them again.\n',
    );

    makeRows(join(dir, 'more.csv'), 3, 'SWJ');
    proxy.answerWith(({ method, path, nth }) => {
      if (method !== 'POST' || !/\/case\/requests$/.test(path)) return 'forward';
      if (nth > 3) return refused(sandbox.token);
      return (answer) => ({
        status: 201,
        headers: { location: `/api/v1/case/requests/${createdId(answer)}` },
        body: '',
      });
    });
    const json = await importCli(
      ['more.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--concurrency', '1', '--json'],
      dir,
      { ...env, TRACKOPS_URL: proxy.baseUrl },
    );
    expect(json.code, json.stdout + json.stderr).toBe(3);
    expect(JSON.parse(json.stdout)).toMatchObject({
      created: 1,
      createsWithoutRecord: 1,
      createsReadAtLocation: 1,
      createsSearched: 0,
    });
    // The readable line on stderr under --json, as a finished run's summary is.
    expect(json.stderr).toContain(WITHOUT_RECORD);
    for (const output of [words.stdout, words.stderr, json.stdout, json.stderr])
      expect(output).not.toContain(sandbox.token);
  }, 60_000);
});

describe('a send stopped by an error, then by a second Ctrl-C', () => {
  it('rule: the stop without counts says what stopped it, the writes answered without their record, where the journal is, and --resume', async () => {
    makeRows(join(dir, 'rows.csv'), 5, 'SWC');
    // Two creates in flight at once: the first answered 201 with only a Location (read there), the
    // second stored and its answer held, the third refused 401 (the run stops, waiting for the second).
    let holding: () => void = () => {};
    proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method, path, nth }) => {
      if (method !== 'POST' || !/\/case\/requests$/.test(path)) return 'forward';
      if (nth === 1)
        return (answer) => ({
          status: 201,
          headers: { location: `/api/v1/case/requests/${createdId(answer)}` },
          body: '',
        });
      if (nth === 2)
        return () => new Promise<never>((_resolve, reject) => (holding = () => reject(new Error('held'))));
      return refused(sandbox.token);
    });
    const args = [
      'rows.csv',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--concurrency',
      '2',
      '--journal',
      'run.jsonl',
    ];
    const child = spawnImport(args, dir, { ...env, TRACKOPS_URL: proxy.baseUrl });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = exited(child);
    // The first create settled and the third refused: the run waits on the second alone.
    await waitForOutcomes(join(dir, 'run.jsonl'), 2);
    child.kill('SIGINT');
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGINT');
    const { code } = await ended;
    holding();
    expect(code, stdout + stderr).toBe(130);
    expect(stderr).toContain(`import: note: ${WITHOUT_RECORD}\n`);
    // What stopped the run before the second Ctrl-C, in Trackops' words (scrubbed of the token).
    expect(stderr).toContain('trackops-bulk: import: stopped: Trackops refused POST case/requests with 401');
    expect(stderr).toContain(
      `trackops-bulk: import: aborted. To finish the run: trackops-bulk import rows.csv --mapping ${TEMPLATE} --rate 100/s --concurrency 2 --resume --journal run.jsonl\n` +
        'The journal run.jsonl records every row sent before this stop: --resume sends none of them again.\n',
    );
    expect(stdout + stderr).not.toContain(sandbox.token);
  }, 60_000);
});

describe('a run stopped before it sends anything', () => {
  it('rule: refused as another import of its rows running, it says what its look for that import met', async () => {
    // Another computer (its own journals and locks) imported the file's first two rows minutes ago.
    const other = join(dir, 'other');
    await mkdir(other);
    makeRows(join(other, 'rows.csv'), 2, 'KBA');
    // Set-up, run by the import command's own code in this process (an import as spawned is
    // test/cli/import.test.ts's); this computer's import, what the test is about, is spawned.
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
    expect(JSON.parse(trial.stdout)).toMatchObject({ created: 2 });

    // This computer imports the whole file through a server that ignores created_from_system.
    const loose: RunningProxy = await startLooseFilterProxy(sandbox.baseUrl, 'created_from_system');
    try {
      makeRows(join(dir, 'rows.csv'), 6, 'KBA');
      const child = spawnImport(['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'], dir, {
        ...env,
        TRACKOPS_URL: loose.baseUrl,
      });
      const ended = exited(child);
      let stdout = '';
      let stderr = '';
      child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      // While it waits before its second look, the other computer adds the third row's claim.
      let adding: Promise<unknown> | null = null;
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        if (adding === null && stderr.includes('import: waiting ')) {
          const one = sandbox.account().case_requests[0]!;
          adding = sandboxApi(sandbox).createCaseRequest(referralLike(one as never, 'KBA-0002'));
        }
      });
      const { code } = await ended;
      expect(adding, stderr).not.toBeNull();
      await adding;
      expect(code, stdout + stderr).toBe(2);
      expect(stderr).toMatch(/another import of this file into this account seems to be running now/);
      const notes = stderr
        .split('\n')
        .filter((line) => line.includes('the server seems to ignore that filter'));
      expect(notes, stderr).toHaveLength(1);
      expect(notes[0]).toMatch(
        /^import: note: In the second look for this file's rows being added by another import, Trackops's list gave REQ-/,
      );
      // Nothing of this run was sent: the third row's claim is held once, by the other computer's create.
      expect(
        sandbox.account().case_requests.filter((request) => request.reference_value_1 === 'KBA-0002'),
      ).toHaveLength(1);
      expect(stdout + stderr).not.toContain(sandbox.token);
    } finally {
      await loose.close();
    }
  }, 90_000);
});
