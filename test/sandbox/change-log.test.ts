/**
 * `--data FILE` keeps each write's cost apart from the account's size: a write appends its records to
 * `FILE.changes` (synced before the answer) instead of rewriting FILE; the log is folded into FILE at stop
 * and replayed at the next start after a crash. Crash leftovers here are written as a crash leaves them.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccountFileError, loadDemoAccount, startSandbox } from '../../sandbox/index.ts';
import { AccountFileWriter, loadAccountFile } from '../../sandbox/persist.ts';
import { AccountStore } from '../../sandbox/store.ts';
import { call, seedExampleBody } from './helpers.ts';

async function accountDir(): Promise<{ dir: string; file: string; log: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-log-'));
  const file = join(dir, 'account.json');
  const account = await loadDemoAccount();
  account.case_requests = account.case_requests.slice(0, 3);
  writeFileSync(file, JSON.stringify(account, null, 2) + '\n');
  return { dir, file, log: `${file}.changes` };
}

describe('the change log beside --data FILE', () => {
  it('a write appends its record to the log and leaves FILE as it was until the sandbox stops', async () => {
    const { dir, file, log } = await accountDir();
    const before = readFileSync(file, 'utf8');
    const sandbox = await startSandbox({ dataFile: file, rate: 10_000 });
    try {
      const created = await call(sandbox, 'POST', '/case/requests', { body: seedExampleBody() });
      const updated = await call(sandbox, 'PUT', '/case/requests/2', {
        body: { casefile_request: { notes: 'kept in the log' } },
      });
      expect([created.status, updated.status]).toEqual([201, 200]);
      expect(readFileSync(file, 'utf8')).toBe(before);
      const lines = readFileSync(log, 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line));
      expect(lines.map((line) => [line.case_request.id, line.case_request.notes])).toEqual([
        [created.body.id, created.body.notes],
        [2, 'kept in the log'],
      ]);
    } finally {
      await sandbox.close();
    }
    expect(readdirSync(dir)).toEqual(['account.json']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(sandbox.account());
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
    writeFileSync(`${file}.changes`, '{"case_request": {"id": 40}}\n');
    await expect(startSandbox({ dataFile: file })).rejects.toThrow(
      `${file}.changes holds changes to ${file}, which is gone`,
    );
    expect(existsSync(file)).toBe(false);
  });
});

describe('AccountFileWriter folds the log once it outgrows the account file', () => {
  it('keeps the log near the file’s size however many writes come, and FILE plus log always load as the account', async () => {
    const { file, log } = await accountDir();
    const loaded = (await loadAccountFile(file))!;
    const store = new AccountStore(loaded.account);
    // The floor lowered to nothing: the file's own size (a few KB here) decides when to fold.
    const writer = new AccountFileWriter(file, store, loaded.bytes, 0);
    const draft = (await loadAccountFile(file))!.account.case_requests[0]!;
    const logSizes: number[] = [];
    for (let index = 0; index < 40; index++) {
      const { id: _id, subjects: _subjects, ...rest } = structuredClone(draft);
      store.create({ ...rest, subjects: [], reference_value_1: `FOLD-${index}` } as never, new Date());
      await writer.save();
      const logSize = existsSync(log) ? statSync(log).size : 0;
      logSizes.push(logSize);
      // Folded as soon as it reached the file's size: never more than that and one more record.
      expect(logSize).toBeLessThan(statSync(file).size + 2048);
      // What a kill here would leave: FILE and the log load as the account in memory.
      expect((await loadAccountFile(file))!.account).toEqual(store.snapshot());
    }
    expect(logSizes.filter((size) => size === 0).length, `log sizes ${logSizes}`).toBeGreaterThan(0);
    await writer.fold();
    expect(existsSync(log)).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(store.snapshot());
  });
});
