/**
 * `trackops-bulk revert` says what it does and what a person must do (exploratory report 5), a spawned
 * CLI against the sandbox over real HTTP:
 * - a contact part the import added (a mobile phone the contact had not) is put back (cleared), and
 *   listed; a whole client/contact put back lists every part it changes (item 1);
 * - `--resume` with no revert to resume is refused, exit 2, with the commands to run (item 10);
 * - a create worked on in Trackops since the import is said to be so, never listed for deletion as the
 *   import's own (item 2);
 * - a request changed since is left alone with the values from before the import, field by field, on
 *   the terminal and in --results (item 3).
 * The sandbox's clock moves a second per write (API-NOTES: timestamps have whole seconds).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows, templateMapping } from '../batch/helpers.ts';
import { tempDir } from '../report/helpers.ts';
import { call } from '../sandbox/helpers.ts';
import { runCli } from './run-cli.ts';
import { commandInProcessOn } from './command-in-process.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeEach(async () => {
  let at = Date.now();
  sandbox = await startSandbox({ port: 0, rate: 1000, now: () => new Date((at += 1000)) });
  dir = await tempDir();
});
afterEach(() => sandbox.close());

const connected = (command: string, args: string[]) =>
  runCli([command, ...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

/**
 * The imports this file's reverts undo: their set-up, run by the import command's own code in this
 * process (the same requests, journal and results as spawned; an update import as spawned is in
 * test/cli/results-generations.test.ts, "update: a colleague's correction…", a create import in
 * test/cli/import.test.ts). Every revert a test reads is spawned.
 */
const imported = (args: string[]) => commandInProcessOn(sandbox, 'import', args);

/**
 * A revert that only sets up the one a test is about (an import undone first, newest first), run by
 * the revert command's own code in this process; the same command as spawned is this file's others.
 */
const undoneFirst = (args: string[]) => commandInProcessOn(sandbox, 'revert', args);

const requestOf = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!;

/** An update import of `rows` (CSV text) through a mapping of `columns`; returns its journal. */
async function updateImport(
  name: string,
  csv: string,
  columns: { column: string; target: string }[],
  folder = dir,
) {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${name}.csv`);
  const mapping = join(folder, `${name}.json`);
  writeFileSync(file, csv);
  writeFileSync(
    mapping,
    JSON.stringify({ version: 1, mode: 'update', match: 'case_request_number', columns }),
  );
  const run = await imported([file, '--mapping', mapping, '--results', join(folder, `${name}-res.csv`)]);
  expect(run.code, run.stderr).toBe(0);
  return join(folder, `${name}-res.journal.jsonl`);
}

const NUMBER = { column: 'Number', target: 'case_request_number' };
const NOTES = { column: 'Notes', target: 'notes' };

describe('revert says what it puts back and what a person must do', () => {
  it('rule: a dry run shows a value with a line break on one line, the break written as \\n', async () => {
    const before = requestOf(1).notes;
    const journal = await updateImport('lines', 'Number,Notes\nREQ-00001,"first line\nsecond line"\n', [
      NUMBER,
      NOTES,
    ]);
    expect(requestOf(1).notes).toBe('first line\nsecond line');
    const preview = await connected('revert', ['--journal', journal, '--dry-run']);
    expect(preview.stdout).toContain(`    Notes: 'first line\\nsecond line' → '${before ?? ''}'`);
    expect(preview.stdout).not.toContain('first line\n');
  });

  it('clears a contact part the import added, and lists every part a whole contact put back changes', async () => {
    const before = structuredClone(requestOf(24).contact) as Record<string, string>;
    expect(before.phone_mobile).toBeUndefined();
    const journal = await updateImport('phone', 'Number,Phone\nREQ-00024,(303) 555-0024\n', [
      NUMBER,
      { column: 'Phone', target: 'contact.phone_mobile' },
    ]);
    expect((requestOf(24).contact as Record<string, string>).phone_mobile).toBe('(303) 555-0024');

    const preview = await connected('revert', ['--journal', journal, '--dry-run']);
    expect(preview.stdout).toMatch(
      /row 2: REQ-00024 would put back:\n {4}Contact [^:]*mobile[^:]*: '\(303\) 555-0024' → ''/i,
    );
    expect(preview.stdout).toMatch(/1 would be put back, 0 already as before/);

    const revert = await connected('revert', [
      '--journal',
      journal,
      '--results',
      join(dir, 'phone-revert.json'),
    ]);
    expect(revert.code, revert.stdout + revert.stderr).toBe(0);
    const contact = requestOf(24).contact as Record<string, string>;
    expect(contact.phone_mobile ?? '').toBe('');
    for (const [part, value] of Object.entries(before)) expect(contact[part], part).toBe(value);
    const results = JSON.parse(await readFile(join(dir, 'phone-revert.json'), 'utf8'));
    expect(results.rows[0]).toMatchObject({
      status: 'reverted',
      changes: [{ target: 'contact.phone_mobile', old: '(303) 555-0024', new: '' }],
    });

    // A client part and a contact part: both listed (before, only the client's city was).
    const journal2 = await updateImport('both', 'Number,City,Phone\nREQ-00022,Aurora,(303) 555-0022\n', [
      NUMBER,
      { column: 'City', target: 'client.city' },
      { column: 'Phone', target: 'contact.phone_mobile' },
    ]);
    const both = await connected('revert', ['--journal', journal2, '--dry-run']);
    expect(both.stdout).toContain("Client city: 'Aurora' → 'Chicago'");
    expect(both.stdout).toMatch(/mobile[^:]*: '\(303\) 555-0022' → ''/i);
  }, 60_000);

  it('--resume with no revert to resume is refused (exit 2), sends nothing, and names the commands', async () => {
    const journal = await updateImport('notes', 'Number,Notes\nREQ-00001,First edit\n', [
      NUMBER,
      { column: 'Notes', target: 'notes' },
    ]);
    const writes = sandbox.stats().writesCommitted;
    const resumed = await connected('revert', ['--journal', journal, '--resume']);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).toContain('no revert of');
    // The commands named carry the connection and pace given (never the token).
    expect(resumed.stderr).toContain(
      `trackops-bulk revert --journal ${journal} --rate 100/s --url ${sandbox.baseUrl} --user ${sandbox.username}`,
    );
    expect(resumed.stderr).toMatch(/ --dry-run; then run that without --dry-run/);
    expect(resumed.stderr).not.toContain(sandbox.token);
    expect(sandbox.stats().writesCommitted).toBe(writes);
    expect(requestOf(1).notes).toBe('First edit');

    // A revert of a sibling import started in the same folder: named as the one to finish.
    const sibling = await updateImport('sibling', 'Number,Notes\nREQ-00002,Other edit\n', [
      NUMBER,
      { column: 'Notes', target: 'notes' },
    ]);
    const started = await undoneFirst(['--journal', sibling]);
    expect(started.code, started.stderr).toBe(0);
    const again = await connected('revert', ['--journal', journal, '--resume']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('--revert-journal');
    expect(again.stderr).toMatch(
      /sibling-res\.journal\.revert\.jsonl --rate 100\/s --resume --url \S+ --user \S+\./,
    );
    expect(requestOf(1).notes).toBe('First edit');
  }, 60_000);

  it('a create worked on since the import is said to be so, not listed for deletion as the import’s', async () => {
    const file = join(dir, 'new.csv');
    makeRows(file, 3, 'RVC');
    const mapping = join(dir, 'new.json');
    writeFileSync(mapping, JSON.stringify(await templateMapping()));
    const created = await imported([file, '--mapping', mapping, '--results', join(dir, 'new-res.csv')]);
    expect(created.code, created.stderr).toBe(0);
    const mine = sandbox
      .account()
      .case_requests.filter((request) => request.reference_value_1?.startsWith('RVC-'))
      .sort((a, b) => a.id - b.id);
    expect(mine).toHaveLength(3);
    const worked = mine[1]!;
    const answer = await call(sandbox, 'PUT', `/case/requests/${worked.id}`, {
      body: { casefile_request: { notes: 'Investigator assigned' } },
    });
    expect(answer.status).toBe(200);

    const journal = join(dir, 'new-res.journal.jsonl');
    const preview = await connected('revert', [
      '--journal',
      journal,
      '--dry-run',
      '--results',
      join(dir, 'c.json'),
    ]);
    expect(preview.code).toBe(1);
    expect(preview.stdout).toContain(
      `${worked.case_request_number}: created by the import, then changed in Trackops since`,
    );
    expect(preview.stdout).toContain('Do not delete it blindly');
    expect(preview.stdout).toMatch(
      /3 created by the import \(close or delete them in Trackops\), 1 of them changed/,
    );
    const rows = JSON.parse(await readFile(join(dir, 'c.json'), 'utf8')).rows as {
      id: number;
      status: string;
      message: string;
    }[];
    for (const request of mine) {
      const row = rows.find((item) => item.id === request.id)!;
      if (request.id === worked.id) expect(row.status).toBe('created_changed');
      else {
        expect(row.status).toBe('created');
        expect(row.message).toContain('with no change seen since');
      }
    }
  }, 60_000);

  it('undoing two imports newest first (results in folders of their own): the older is put back, touched only by the tool since', async () => {
    const was = structuredClone(requestOf(1));
    const older = await updateImport(
      'older',
      'Number,Notes,Location\nREQ-00001,First edit,"Boulder, CO"\n',
      [NUMBER, { column: 'Notes', target: 'notes' }, { column: 'Location', target: 'case_location' }],
      join(dir, 'a'),
    );
    const newer = await updateImport(
      'newer',
      'Number,Notes\nREQ-00001,Second edit\n',
      [NUMBER, { column: 'Notes', target: 'notes' }],
      join(dir, 'b'),
    );
    const undoNewer = await undoneFirst(['--journal', newer]);
    expect(undoNewer.code, undoNewer.stdout + undoNewer.stderr).toBe(0);
    expect(requestOf(1).notes).toBe('First edit');

    const undoOlder = await connected('revert', ['--journal', older]);
    expect(undoOlder.stdout).not.toContain('something else');
    expect(undoOlder.code, undoOlder.stdout).toBe(0);
    expect(undoOlder.stdout).toContain(`Notes: 'First edit' → '${was.notes}'`);
    expect(requestOf(1).notes).toBe(was.notes);
    expect(requestOf(1).case_location).toBe(was.case_location);

    // A colleague's edit between the two imports still makes the older one a conflict.
    const first = await updateImport(
      'first',
      'Number,Notes\nREQ-00002,First\n',
      [NUMBER, NOTES],
      join(dir, 'c'),
    );
    expect(
      (
        await call(sandbox, 'PUT', '/case/requests/2', {
          body: { casefile_request: { admin_notes: 'seen' } },
        })
      ).status,
    ).toBe(200);
    const second = await updateImport(
      'second',
      'Number,Notes\nREQ-00002,Second\n',
      [NUMBER, NOTES],
      join(dir, 'd'),
    );
    expect((await undoneFirst(['--journal', second])).code).toBe(0);
    const undoFirst = await connected('revert', ['--journal', first]);
    expect(undoFirst.code).toBe(1);
    expect(undoFirst.stdout).toContain('REQ-00002 not touched');
    expect(requestOf(2).notes).toBe('First');
  }, 60_000);

  it('a request changed since: left alone, with the values from before the import, field by field', async () => {
    const was = structuredClone(requestOf(1));
    const journal = await updateImport('loc', 'Number,Notes,Location\nREQ-00001,New note,Aurora CO\n', [
      NUMBER,
      { column: 'Notes', target: 'notes' },
      { column: 'Location', target: 'case_location' },
    ]);
    const edit = await call(sandbox, 'PUT', '/case/requests/1', {
      body: { casefile_request: { notes: 'Colleague edit' } },
    });
    expect(edit.status).toBe(200);
    const results = join(dir, 'loc-revert.csv');
    const revert = await connected('revert', ['--journal', journal, '--results', results]);
    expect(revert.code).toBe(1);
    expect(revert.stdout).toContain("Notes: the import set 'New note', Trackops now holds 'Colleague edit'");
    expect(revert.stdout).toContain('the values from before the import (now → before)');
    expect(revert.stdout).toContain(`Notes: 'Colleague edit' → '${was.notes}'`);
    expect(revert.stdout).toContain(`Case location: 'Aurora CO' → '${was.case_location}'`);
    const csv = await readFile(results, 'utf8');
    expect(csv).toContain('_before_import');
    expect(csv).toContain(`before '${was.case_location}'`);
    expect(requestOf(1).notes).toBe('Colleague edit');
    expect(requestOf(1).case_location).toBe('Aurora CO');
  }, 60_000);
});
