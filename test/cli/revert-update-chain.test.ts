/**
 * Undoing an update import after a later import changed the same requests again: the conflict names
 * that later import by its file and journal (as a create's row does, revert-create-chain.test.ts), not
 * "changed in Trackops since", so the clerk knows which import to undo first; once it is undone, the
 * first import's undo puts its requests back. A colleague's edit is still said as a change in Trackops.
 * A spawned CLI against the sandbox over real HTTP; the sandbox's clock moves a second per write
 * (API-NOTES: timestamps have whole seconds).
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
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

/** An update import of the notes of `ids` from `NAME.csv`; returns its journal. */
async function notesImport(name: string, ids: number[], notes: string): Promise<string> {
  const file = join(dir, `${name}.csv`);
  const mapping = join(dir, `${name}.json`);
  writeFileSync(file, `id,Notes\n${ids.map((id) => `${id},${notes}`).join('\n')}\n`);
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
  // Set-up, run by the import command's own code in this process (the same requests and journal as
  // spawned; an update import as spawned is test/cli/results-generations.test.ts's "update: a colleague's correction…"). Every revert is spawned.
  const run = await commandInProcessOn(sandbox, 'import', [
    file,
    '--mapping',
    mapping,
    '--results',
    join(dir, `${name}-res.csv`),
  ]);
  expect(run.code, run.stderr).toBe(0);
  return join(dir, `${name}-res.journal.jsonl`);
}

interface Row {
  id: number;
  status: string;
  message: string;
}

async function dryRun(journal: string): Promise<{ code: number; stdout: string; rows: Row[] }> {
  const results = join(dir, `dry-${Math.random().toString(36).slice(2)}.json`);
  const run = await connected('revert', ['--journal', journal, '--dry-run', '--results', results]);
  const rows = (JSON.parse(await readFile(results, 'utf8')) as { rows: Row[] }).rows;
  return { code: run.code, stdout: run.stdout, rows };
}

describe('undoing an update import after a later import of its requests', () => {
  it('names the later import not undone; once it is undone, the first undo puts the requests back', async () => {
    const ids = sandbox
      .account()
      .case_requests.slice(0, 2)
      .map((request) => request.id);
    const first = await notesImport('first', ids, 'first pass');
    const second = await notesImport('second', ids, 'second pass');

    const blocked = await dryRun(first);
    expect(blocked.rows.map((row) => row.status)).toEqual(['conflict', 'conflict']);
    for (const row of blocked.rows) {
      expect(row.message).toMatch(
        /was changed in Trackops since the import by the import of second\.csv on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(journal second-res\.journal\.jsonl\), which was not undone \(its updated_at is the one that import left\): Notes: the import set 'first pass', Trackops now holds 'second pass'\./,
      );
      expect(row.message).toMatch(
        /undo that import first if its changes should go too, then this one again$/,
      );
    }

    // A colleague's edit after the later import is a change in Trackops, not that import's.
    const edit = await call(sandbox, 'PUT', `/case/requests/${ids[0]}`, {
      body: { casefile_request: { admin_notes: 'Investigator assigned' } },
    });
    expect(edit.status).toBe(200);
    const edited = (await dryRun(first)).rows.find((row) => row.id === ids[0])!;
    expect(edited.status).toBe('conflict');
    expect(edited.message).toMatch(/was changed in Trackops since the import \(its updated_at is now /);
    expect(edited.message).not.toContain('second.csv');

    // The later import undone: the other request holds what the first import left, and is put back.
    const undo = await connected('revert', ['--journal', second]);
    expect(undo.stdout + undo.stderr).toContain('put back');
    const after = await dryRun(first);
    expect(after.rows.map((row) => [row.id, row.status])).toEqual([
      // The colleague's edit kept the later import's undo off it too: still a change in Trackops.
      [ids[0], 'conflict'],
      [ids[1], 'to_revert'],
    ]);
  }, 60_000);

  it('a later import undone with its revert journal in another folder counts as undone: the first undo puts the requests back', async () => {
    const ids = sandbox
      .account()
      .case_requests.slice(0, 2)
      .map((request) => request.id);
    const first = await notesImport('first', ids, 'first pass');
    const second = await notesImport('second', ids, 'second pass');
    // Two folders down: beyond the folders a revert looks through for journals of later imports.
    const far = join(dir, '..', `far-${Math.random().toString(36).slice(2)}`, 'away');
    mkdirSync(far, { recursive: true });
    const undo = await connected('revert', [
      '--journal',
      second,
      '--revert-journal',
      join(far, 'undo.jsonl'),
    ]);
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    const after = await dryRun(first);
    expect(after.rows.map((row) => [row.id, row.status])).toEqual([
      [ids[0], 'to_revert'],
      [ids[1], 'to_revert'],
    ]);
  }, 60_000);

  it('so too once the folder holding both imports and that revert journal was moved', async () => {
    const ids = sandbox
      .account()
      .case_requests.slice(0, 2)
      .map((request) => request.id);
    await notesImport('first', ids, 'first pass');
    const second = await notesImport('second', ids, 'second pass');
    // A folder inside the journals' own: found through the record beside the later import's journal.
    mkdirSync(join(dir, 'undo'));
    const undo = await connected('revert', [
      '--journal',
      second,
      '--revert-journal',
      join(dir, 'undo', 'undo.jsonl'),
    ]);
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);

    // Renamed whole: every journal's header names the journals by the paths they had before.
    const moved = `${dir}-moved`;
    renameSync(dir, moved);
    dir = moved;
    const after = await dryRun(join(moved, 'first-res.journal.jsonl'));
    expect(after.rows.map((row) => [row.id, row.status])).toEqual([
      [ids[0], 'to_revert'],
      [ids[1], 'to_revert'],
    ]);
  }, 60_000);
});
