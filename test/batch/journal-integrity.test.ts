/**
 * Issue 17, points 2 and 3: a journal that cannot be read exactly stops the run with what to do (an
 * altered line, a missing line, a torn line in the middle, no header), a torn last line is cut away and
 * said, version-1 journals are converted; a journal is locked for the life of a run (a second run is
 * refused naming the journal and the pid; a stale lock of a dead process is taken over and said).
 * End to end against the sandbox: after a complete run whose journal is then cut mid-line, cut at half,
 * stripped of one row's lines or edited, a resume is refused or stores nothing twice, and says so.
 */
import { spawn } from 'node:child_process';
import { access, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJournal, type JournalBinding } from '../../core/batch/journal.ts';
import { InputError } from '../../core/index.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { importInProcess, makeRows, storedByReference, templateMapping } from './helpers.ts';
import { startEchoProxy } from './proxies.ts';
import { thisProcess } from '../../cli/journal-owner.ts';

const binding: JournalBinding = { file: 'a.csv', fileHash: 'f1', mappingHash: 'm1', mode: 'create' };

/** A journal of rows 2..4: row 2 created, row 3 failed for good, row 4 created. */
async function writeJournal(path: string): Promise<string[]> {
  const journal = await openJournal(path, binding, { resume: false, owner: thisProcess() });
  const at = '2026-11-29T03:00:00.000Z';
  await journal.intent({ row: 2, op: 'create', at, fingerprint: 'a' });
  await journal.outcome({ row: 2, status: 'created', id: 7 });
  await journal.intent({ row: 3, op: 'create', at, fingerprint: 'b' });
  await journal.outcome({ row: 3, status: 'failed', error: { code: 'api_refused', message: 'no' } });
  await journal.intent({ row: 4, op: 'create', at, fingerprint: 'c' });
  await journal.outcome({ row: 4, status: 'created', id: 9 });
  await journal.close();
  return (await readFile(path, 'utf8')).trimEnd().split('\n');
}

async function refusal(path: string): Promise<InputError> {
  const error = await openJournal(path, binding, { resume: true, owner: thisProcess() }).then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(InputError);
  return error as InputError;
}

describe('a journal that cannot be read exactly is refused', () => {
  it('every line carries a sequence number and a checksum', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-v2-'));
    const lines = await writeJournal(join(dir, 'j.jsonl'));
    lines.forEach((line, index) => {
      expect(JSON.parse(line)).toMatchObject({ seq: index, sum: expect.stringMatching(/^[0-9a-f]{16}$/) });
    });
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: 'header', version: 2 });
  });

  it.each([
    [
      'a line edited (row 3 made "created")',
      (lines: string[]) => lines.map((line, i) => (i === 4 ? line.replace('"failed"', '"created"') : line)),
      /damaged at line 5: its checksum does not match \(it was altered\)/,
    ],
    [
      "one row's lines deleted",
      (lines: string[]) => lines.filter((_, i) => i !== 3 && i !== 4),
      /damaged at line 4: it is entry 5 where entry 3 belongs \(lines are missing or out of order\)/,
    ],
    [
      'a torn line in the middle',
      (lines: string[]) => lines.map((line, i) => (i === 2 ? line.slice(0, 20) : line)),
      /damaged at line 3: it has no checksum/,
    ],
    [
      'the header missing',
      (lines: string[]) => lines.slice(1),
      /does not start with a trackops-bulk journal header/,
    ],
  ])('%s', async (_name, damage, message) => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-damage-'));
    const path = join(dir, 'j.jsonl');
    await writeFile(path, damage(await writeJournal(path)).join('\n') + '\n');
    const error = await refusal(path);
    expect(error.message).toMatch(message);
    if (error.code === 'journal_damaged') expect(error.message).toMatch(/new --journal and without --resume/);
    // Refused journals leave no lock behind.
    await expect(access(`${path}.lock`)).rejects.toThrow();
  });

  it('a torn last line (power loss mid-write) is cut away, said, and the sequence continues', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-torn-'));
    const path = join(dir, 'j.jsonl');
    const lines = await writeJournal(path);
    await writeFile(path, lines.join('\n') + '\n' + lines[6]!.slice(0, 30));
    const again = await openJournal(path, binding, { resume: true, owner: thisProcess() });
    expect(again.notices.join()).toMatch(/last line was cut short/);
    expect(again.resumed).toBe(true);
    expect([...again.state.finished.keys()]).toEqual([2, 3, 4]);
    await again.intent({ row: 5, op: 'create', at: new Date().toISOString(), fingerprint: 'd' });
    await again.close();
    const after = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(after).toHaveLength(8);
    expect(JSON.parse(after[7]!)).toMatchObject({ type: 'intent', row: 5, seq: 7 });
    // And it reads exactly the next time.
    const third = await openJournal(path, binding, { resume: true, owner: thisProcess() });
    expect([...third.state.inDoubt.keys()]).toEqual([5]);
    await third.close();
  });

  it('a last line whole but without its line break is kept, and the next line starts on a line of its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-nobreak-'));
    const path = join(dir, 'j.jsonl');
    const lines = await writeJournal(path);
    await writeFile(path, lines.join('\n'));
    const again = await openJournal(path, binding, { resume: true, owner: thisProcess() });
    expect(again.notices).toEqual([]);
    expect([...again.state.finished.keys()]).toEqual([2, 3, 4]);
    await again.intent({ row: 5, op: 'create', at: new Date().toISOString(), fingerprint: 'd' });
    await again.close();
    const third = await openJournal(path, binding, { resume: true, owner: thisProcess() });
    expect([...third.state.inDoubt.keys()]).toEqual([5]);
    await third.close();
  });

  it('a version-1 journal (no checksums) is converted: same rows, then read as version 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-v1-'));
    const path = join(dir, 'j.jsonl');
    const v1 = [
      { type: 'header', version: 1, ...binding, startedAt: '2026-11-29T03:00:00.000Z' },
      { type: 'intent', row: 2, op: 'create', at: '2026-11-29T03:00:01.000Z', fingerprint: 'a' },
      { type: 'outcome', row: 2, status: 'created', id: 7 },
      { type: 'intent', row: 3, op: 'create', at: '2026-11-29T03:00:02.000Z', fingerprint: 'b' },
    ];
    await writeFile(path, v1.map((line) => JSON.stringify(line)).join('\n') + '\n{"type":"outc');
    const journal = await openJournal(path, binding, { resume: true, owner: thisProcess() });
    expect(journal.notices.join()).toMatch(
      /written by an earlier version without checksums; it was converted/,
    );
    expect([...journal.state.finished.keys()]).toEqual([2]);
    expect([...journal.state.inDoubt.keys()]).toEqual([3]);
    expect(journal.startedAt).toBe('2026-11-29T03:00:00.000Z');
    await journal.close();
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ version: 2, migratedFrom: 1, seq: 0 });
    const reread = await openJournal(path, binding, { resume: true, owner: thisProcess() });
    expect(reread.notices).toEqual([]);
    await reread.close();
  });
});

describe('a journal is locked for the life of a run', () => {
  it('a second open is refused naming the journal and the pid; after close it opens', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-lock-'));
    const path = join(dir, 'j.jsonl');
    const first = await openJournal(path, binding, { resume: false, owner: thisProcess() });
    const second = await refusal(path);
    expect(second.code).toBe('journal_locked');
    expect(second.message).toContain(
      `journal ${path} is in use by another import (process ${process.pid} on ${hostname()}`,
    );
    expect(second.message).toContain(`delete ${path}.lock`);
    // Without --resume too: the first run's journal is not replaced under it.
    await expect(openJournal(path, binding, { resume: false, owner: thisProcess() })).rejects.toThrow(
      /in use by another import/,
    );
    await first.close();
    await expect(access(`${path}.lock`)).rejects.toThrow();
    await (await openJournal(path, binding, { resume: true, owner: thisProcess() })).close();
  });

  it('a stale lock (its process is gone) is taken over, and said', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-stale-'));
    const path = join(dir, 'j.jsonl');
    const dead = spawn(process.execPath, ['-e', '0']);
    const pid = dead.pid!;
    await new Promise((resolve) => dead.once('exit', resolve));
    await writeFile(`${path}.lock`, JSON.stringify({ pid, host: hostname(), startedAt: 'then' }) + '\n');
    const journal = await openJournal(path, binding, { resume: true, owner: thisProcess() });
    expect(journal.notices.join()).toContain(
      `took over the lock of a run that is no longer running (process ${pid}`,
    );
    expect(JSON.parse(await readFile(`${path}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    await journal.close();
  });

  it('a lock held on another computer is not taken over', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'journal-remote-'));
    const path = join(dir, 'j.jsonl');
    await writeFile(`${path}.lock`, JSON.stringify({ pid: 1, host: 'other-box', startedAt: 'then' }) + '\n');
    expect((await refusal(path)).message).toContain('process 1 on other-box');
  });
});

describe('resume after the journal of a complete run was damaged', () => {
  const ROWS = 20;

  async function completeRun(prefix: string) {
    const dir = await mkdtemp(join(tmpdir(), 'journal-e2e-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, ROWS, prefix);
    const mapping = await templateMapping();
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const journal = join(dir, 'j.jsonl');
    const first = await importInProcess({ file, mapping, mode: 'create', sandbox, journal, concurrency: 1 });
    expect(first.created).toBe(ROWS);
    const lines = (await readFile(journal, 'utf8')).trimEnd().split('\n');
    const resume = () =>
      importInProcess({ file, mapping, mode: 'create', sandbox, journal, resume: true, concurrency: 1 });
    const posts = () => sandbox.stats().byStatus['201'] ?? 0;
    return { dir, sandbox, journal, lines, resume, posts };
  }

  it.each([
    ['cut mid-line', (text: string) => text.slice(0, Math.floor(text.length * 0.6))],
    [
      'cut at half, at a line break',
      (text: string) => {
        const lines = text.split('\n');
        return lines.slice(0, Math.floor(lines.length / 2)).join('\n') + '\n';
      },
    ],
  ])(
    '%s: every lost row is found in Trackops, none is sent again, and the summary says so',
    async (_name, cut) => {
      const { sandbox, journal, resume, posts } = await completeRun(
        _name.startsWith('cut mid') ? 'CMID' : 'CHLF',
      );
      const prefix = _name.startsWith('cut mid') ? 'CMID-' : 'CHLF-';
      try {
        await writeFile(journal, cut(await readFile(journal, 'utf8')));
        const before = posts();
        const summary = await resume();
        expect(posts() - before).toBe(0);
        expect(summary.created).toBe(ROWS);
        expect(summary.foundWithoutJournal).toBeGreaterThan(0);
        expect(summary.fromJournal + summary.foundWithoutJournal + summary.inDoubt).toBeLessThanOrEqual(ROWS);
        const stored = storedByReference(sandbox.account(), prefix);
        expect(stored.size).toBe(ROWS);
        for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
      } finally {
        await sandbox.close();
      }
    },
    60_000,
  );

  it.each([
    ["one row's lines deleted", (lines: string[]) => lines.filter((_, i) => i !== 7 && i !== 8)],
    [
      'a line edited',
      (lines: string[]) => lines.map((l, i) => (i === 8 ? l.replace(/"id":\d+/, '"id":1') : l)),
    ],
  ])(
    '%s: refused, nothing sent',
    async (_name, damage) => {
      const { sandbox, journal, lines, resume, posts } = await completeRun('DMG');
      try {
        await writeFile(journal, damage(lines).join('\n') + '\n');
        const before = posts();
        await expect(resume()).rejects.toThrow(/journal .* is damaged at line/);
        expect(posts()).toBe(before);
        expect(storedByReference(sandbox.account(), 'DMG-').size).toBe(ROWS);
      } finally {
        await sandbox.close();
      }
    },
    60_000,
  );

  it('a resume that cannot search the account sends nothing', async () => {
    const { sandbox, journal, lines, posts, dir } = await completeRun('NOS');
    // Listings are refused (a gateway's 400); reference data and counts still answer.
    const proxy = await startEchoProxy(sandbox.baseUrl, { echoLists: true });
    try {
      await writeFile(journal, lines.slice(0, 9).join('\n') + '\n');
      const before = posts();
      const attempt = importInProcess({
        file: join(dir, 'rows.csv'),
        mapping: await templateMapping(),
        mode: 'create',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal,
        resume: true,
      });
      await expect(attempt).rejects.toThrow(
        // A 400 is a refusal, not an outage: said so (explore 21 item 5).
        /Trackops refused the search for the rows an earlier run of this journal may have sent .*This is a refusal, not an outage.*Nothing was sent/s,
      );
      expect(posts()).toBe(before);
      expect(storedByReference(sandbox.account(), 'NOS-').size).toBe(ROWS);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
