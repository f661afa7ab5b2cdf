/**
 * Undoing a create import after later imports of the same requests (explore 63 item 6), a spawned CLI
 * against the sandbox over real HTTP: a later update import that was itself undone is not "someone"
 * (the create is listed to close or delete, naming that import); one not undone is named by its file
 * and journal, never "someone"; a colleague's edit after the undone import is still someone's.
 * The sandbox's clock moves a second per write (API-NOTES: timestamps have whole seconds).
 */
import { writeFileSync } from 'node:fs';
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
 * The imports the reverts look back on: set-up, run by the import command's own code in this process
 * (the same requests, journals and journal lists as spawned; a create import as spawned is
 * test/cli/import.test.ts's, an update import by id test/cli/results-generations.test.ts's "update: a
 * colleague's correction…"). Every revert is spawned.
 */
const imported = (args: string[]) => commandInProcessOn(sandbox, 'import', args);

/** Creates 2 referrals (import `new.csv`); their ids, in row order. */
async function createTwo(): Promise<number[]> {
  const file = join(dir, 'new.csv');
  makeRows(file, 2, 'RCH');
  const mapping = join(dir, 'new.json');
  writeFileSync(mapping, JSON.stringify(await templateMapping()));
  const run = await imported([file, '--mapping', mapping, '--results', join(dir, 'new-res.csv')]);
  expect(run.code, run.stderr).toBe(0);
  return sandbox
    .account()
    .case_requests.filter((request) => request.reference_value_1?.startsWith('RCH-'))
    .map((request) => request.id)
    .sort((a, b) => a - b);
}

/** An update import (notes) of `ids` from `upd.csv`; returns its journal. */
async function notesImport(ids: number[]): Promise<string> {
  const file = join(dir, 'upd.csv');
  const mapping = join(dir, 'upd.json');
  writeFileSync(file, `id,Notes\n${ids.map((id) => `${id},oops`).join('\n')}\n`);
  writeFileSync(
    mapping,
    JSON.stringify({
      version: 1,
      mode: 'update',
      match: 'id',
      columns: [
        { column: 'id', target: 'id' },
        { column: 'Notes', target: 'notes' },
      ],
    }),
  );
  const run = await imported([file, '--mapping', mapping, '--results', join(dir, 'upd-res.csv')]);
  expect(run.code, run.stderr).toBe(0);
  return join(dir, 'upd-res.journal.jsonl');
}

interface Row {
  id: number;
  status: string;
  message: string;
}

async function dryRunRows(): Promise<{ code: number; stdout: string; rows: Row[] }> {
  const results = join(dir, `dry-${Math.random().toString(36).slice(2)}.json`);
  const run = await connected('revert', [
    '--journal',
    join(dir, 'new-res.journal.jsonl'),
    '--dry-run',
    '--results',
    results,
  ]);
  const rows = (JSON.parse(await readFile(results, 'utf8')) as { rows: Row[] }).rows;
  return { code: run.code, stdout: run.stdout, rows };
}

describe('undoing a create import after later imports of its requests', () => {
  it('a later import that was undone is named, not "someone": the creates are listed to close or delete', async () => {
    const ids = await createTwo();
    const later = await notesImport(ids);
    const undo = await connected('revert', ['--journal', later]);
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    expect(undo.stdout).toContain('2 put back');

    const dry = await dryRunRows();
    expect(dry.stdout).not.toContain('someone worked on');
    expect(dry.stdout).toMatch(
      /created by the import, then changed since only by the import of upd\.csv on \d{4}-\d\d-\d\d \d\d:\d\d UTC, which was undone/,
    );
    expect(dry.stdout).toMatch(/2 created by the import \(close or delete them in Trackops\) \(/);
    expect(dry.rows.map((row) => [row.id, row.status])).toEqual(ids.map((id) => [id, 'created']));

    // A colleague's edit after that undo is someone's again, said after the undone import.
    const [first] = ids;
    const edit = await call(sandbox, 'PUT', `/case/requests/${first}`, {
      body: { casefile_request: { admin_notes: 'Investigator assigned' } },
    });
    expect(edit.status).toBe(200);
    const after = await dryRunRows();
    const worked = after.rows.find((row) => row.id === first)!;
    expect(worked.status).toBe('created_changed');
    expect(worked.message).toMatch(
      /then changed since by the import of upd\.csv on [^(]+\(journal upd-res\.journal\.jsonl\), and after that in Trackops by someone else \(its updated_at is now [^;]+; the undo of upd\.csv left it at /,
    );
    expect(after.rows.find((row) => row.id === ids[1])!.status).toBe('created');
  }, 60_000);

  it('a later import not undone is named by its file and journal, and the creates are not called unchanged', async () => {
    const ids = await createTwo();
    await notesImport(ids);
    const dry = await dryRunRows();
    expect(dry.code).toBe(1);
    expect(dry.stdout).not.toContain('someone worked on');
    expect(dry.stdout).toMatch(
      /then changed since by the import of upd\.csv on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(journal upd-res\.journal\.jsonl\), which was not undone: .*Undo that import first if its changes should go too/,
    );
    expect(dry.stdout).toContain(
      '2 of them changed in Trackops since (by someone, or by a later import each row names',
    );
    expect(dry.rows.map((row) => row.status)).toEqual(['created_changed', 'created_changed']);
  }, 60_000);
});
