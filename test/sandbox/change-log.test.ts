/**
 * `--data FILE` keeps each write's cost apart from the account's size: a write appends its records to
 * `FILE.log` (synced before the answer) instead of rewriting FILE; the log is folded into FILE after the
 * answers, one fold at a time, at stop, and at the next start after a crash, which replays it. Crash
 * leftovers here are written as a crash leaves them.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountFileError, loadDemoAccount, startSandbox } from '../../sandbox/index.ts';
import { AccountFileWriter, loadAccountFile, readAccountWithLog } from '../../sandbox/persist.ts';
import { AccountStore } from '../../sandbox/store.ts';
import { call, seedExampleBody } from './helpers.ts';

async function accountDir(): Promise<{ dir: string; file: string; log: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-log-'));
  const file = join(dir, 'account.json');
  const account = await loadDemoAccount();
  account.case_requests = account.case_requests.slice(0, 3);
  writeFileSync(file, JSON.stringify(account, null, 2) + '\n');
  return { dir, file, log: `${file}.log` };
}

describe('the change log beside --data FILE', () => {
  it('a write is in the log when answered, and FILE catches up after the answer without the sandbox stopping', async () => {
    const { dir, file, log } = await accountDir();
    const sandbox = await startSandbox({ dataFile: file, rate: 10_000 });
    let created;
    try {
      created = await call(sandbox, 'POST', '/case/requests', { body: seedExampleBody() });
      const updated = await call(sandbox, 'PUT', '/case/requests/2', {
        body: { casefile_request: { notes: 'kept in the log' } },
      });
      expect([created.status, updated.status]).toEqual([201, 200]);
      // What a kill right after the answers would leave: FILE and its log load with both changes.
      const onDisk = (await readAccountWithLog(file))!.account;
      expect(onDisk.case_requests.find((record) => record.id === created!.body.id)).toBeDefined();
      expect(onDisk.case_requests.find((record) => record.id === 2)?.notes).toBe('kept in the log');
      // FILE itself holds them once the fold after the answers has run (a bounded number of looks).
      let inFile = JSON.parse(readFileSync(file, 'utf8'));
      for (
        let look = 0;
        look < 400 && !(existsSync(log) === false && inFile.case_requests.length === 4);
        look++
      ) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        inFile = JSON.parse(readFileSync(file, 'utf8'));
      }
      expect(inFile).toEqual(sandbox.account());
      expect(existsSync(log)).toBe(false);
    } finally {
      await sandbox.close();
    }
    expect(readdirSync(dir)).toEqual(['account.json']);
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(sandbox.account(), null, 2) + '\n');
  });

  it('replays a log a killed sandbox left, dropping only a last line cut off mid-write, then folds it in', async () => {
    const { dir, file, log } = await accountDir();
    const account = JSON.parse(readFileSync(file, 'utf8'));
    const changed = { ...account.case_requests[1], notes: 'changed before the kill' };
    const added = { ...account.case_requests[0], id: 9, series_number: 9, case_request_number: 'REQ-00009' };
    added.subjects = [];
    added.primary_subject_id = null;
    const cut = JSON.stringify({ case_request: { ...added, id: 10 } }).slice(0, 40);
    writeFileSync(
      log,
      [changed, added].map((record) => JSON.stringify({ case_request: record }) + '\n').join('') + cut,
    );
    const sandbox = await startSandbox({ dataFile: file });
    try {
      // Folded at start: the file is whole again before the first request.
      expect(readdirSync(dir)).toEqual(['account.json']);
      const ids = sandbox.account().case_requests.map((record) => record.id);
      expect(ids).toEqual([1, 2, 3, 9]);
      expect((await call(sandbox, 'GET', '/case/requests/2')).body.notes).toBe('changed before the kill');
      const next = await call(sandbox, 'POST', '/case/requests', { body: seedExampleBody() });
      expect(next.body.id).toBe(10);
    } finally {
      await sandbox.close();
    }
    expect(JSON.parse(readFileSync(file, 'utf8')).case_requests.map((r: { id: number }) => r.id)).toEqual([
      1, 2, 3, 9, 10,
    ]);
  });

  it('refuses a damaged line inside the log, naming the log and the line, and touches neither file', async () => {
    const { file, log } = await accountDir();
    const before = readFileSync(file, 'utf8');
    const damaged = '{"case_request": {"id": 2, "notes": "ok"}}\n{"case_req\n{"case_request": {"id": 3}}\n';
    writeFileSync(log, damaged);
    const failure = startSandbox({ dataFile: file });
    await expect(failure).rejects.toBeInstanceOf(AccountFileError);
    await expect(failure).rejects.toThrow(`${log} line 2 is not a saved case request`);
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(readFileSync(log, 'utf8')).toBe(damaged);
  });

  it('refuses a log whose account file is gone rather than replaying it onto a fresh demo account', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sandbox-log-'));
    const file = join(dir, 'account.json');
    writeFileSync(`${file}.log`, '{"case_request": {"id": 40}}\n');
    await expect(startSandbox({ dataFile: file })).rejects.toThrow(
      `${file}.log holds changes to ${file}, which is gone`,
    );
    expect(existsSync(file)).toBe(false);
  });
});

describe('AccountFileWriter folds the log into FILE beside the writes, one fold at a time', () => {
  it('never waits for a fold to answer, keeps the lines a fold did not cover, and FILE plus log always load as the account', async () => {
    const { file, log } = await accountDir();
    const store = new AccountStore((await loadAccountFile(file))!.account);
    const problems: string[] = [];
    const writer = new AccountFileWriter(file, store, (line) => problems.push(line));
    const draft = store.snapshot().case_requests[0]!;
    let logSeenWithFoldedLinesDropped = false;
    for (let index = 0; index < 60; index++) {
      const { id: _id, subjects: _subjects, ...rest } = structuredClone(draft);
      store.create({ ...rest, subjects: [], reference_value_1: `FOLD-${index}` } as never, new Date());
      const first = store.find(1)!;
      store.update(first, { notes: `note ${index}` } as never, new Date());
      await writer.save();
      // What a kill here would leave, a fold perhaps half done: FILE and the log load as the account.
      expect((await readAccountWithLog(file))!.account).toEqual(store.snapshot());
      const lines = existsSync(log) ? readFileSync(log, 'utf8').split('\n').length - 1 : 0;
      // Folds drop what they cover: the log never holds every write made so far.
      if (index > 10 && lines < 2 * (index + 1)) logSeenWithFoldedLinesDropped = true;
    }
    expect(logSeenWithFoldedLinesDropped).toBe(true);
    await writer.idle();
    // Every fold done: FILE alone is the account, and the log is gone.
    expect(existsSync(log)).toBe(false);
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(store.snapshot(), null, 2) + '\n');
    await writer.close();
    expect(problems).toEqual([]);
  });
});
