/**
 * Control of a running import (CONTRACTS section 1, issue 5): Ctrl-C stops sending, lets requests in
 * flight finish, flushes the journal and exits 130, and --resume finishes without duplicates; a second
 * Ctrl-C aborts requests in flight and the resume still reconciles them; the TTY shows progress with
 * throttling, and a non-TTY stays quiet; the core run can be paused, resumed and cancelled (the app).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { command } from '../../cli/commands/import.ts';
import { createTrackopsApi } from '../../core/api/client.ts';
import { openJournal } from '../../core/batch/journal.ts';
import { startImport, type ImportProgress } from '../../core/batch/runner.ts';
import { timersClock } from '../../core/batch/progress-pace.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { fileSource, openSheet, validateRows } from '../../core/index.ts';
import { makeRows, storedByReference, templateMapping } from '../batch/helpers.ts';
import {
  SECRET_TOKEN,
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
} from './import-helpers.ts';
import { startSlowCreateProxy } from './slow-create-proxy.ts';
import { thisProcess } from '../../cli/journal-owner.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

describe('Ctrl-C', () => {
  // Enough rows that the run is still sending well after its 5th (where Ctrl-C is pressed): 19 rows,
  // about 2 s at its pace; 40 made each resume send 35.
  const ROWS = 24;
  it.each([
    ['once: in-flight requests finish', 1],
    ['twice: in-flight requests are aborted', 2],
  ])(
    '%s; exit 130, then --resume stores every row once',
    async (_name, presses) => {
      const dir = await mkdtemp(join(tmpdir(), 'cli-import-int-'));
      makeRows(join(dir, 'rows.csv'), ROWS, `INT${presses}`);
      const { sandbox } = await secretSandbox({ rate: 1000 });
      // Each create answered 200 ms after it is sent, so that requests are in flight at Ctrl-C; the
      // reads of the account before the first row are not slowed (nothing of them is looked at here).
      const slow = await startSlowCreateProxy(sandbox.baseUrl, 200);
      const env = { ...connectionEnv(sandbox), TRACKOPS_URL: slow.baseUrl };
      const args = [
        'rows.csv',
        '--mapping',
        TEMPLATE,
        '--rate',
        '20/s',
        '--concurrency',
        '2',
        '--journal',
        'j.jsonl',
      ];
      try {
        const child = spawnImport(args, dir, env);
        let stderr = '';
        child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        await waitForOutcomes(join(dir, 'j.jsonl'), 5);
        child.kill('SIGINT');
        if (presses === 2) child.kill('SIGINT');
        const { code } = await exited(child);
        expect(code).toBe(130);
        expect(stderr).toMatch(/--resume/);
        const journal = await readFile(join(dir, 'j.jsonl'), 'utf8');
        const outcomes = (journal.match(/"type":"outcome"/g) ?? []).length;
        expect(outcomes).toBeLessThan(ROWS);
        // Resumed at once: no settle window for the aborted sends (test/batch/resume-too-soon.test.ts has one).
        const resumed = await importCli([...args, '--resume', '--json'], dir, {
          ...env,
          TRACKOPS_TEST_SETTLE_MS: '0',
        });
        expect(resumed.code).toBe(0);
        expect(JSON.parse(resumed.stdout)).toMatchObject({
          rows: ROWS,
          created: ROWS,
          failed: 0,
          skipped: 0,
        });
        const stored = storedByReference(sandbox.account(), `INT${presses}-`);
        expect(stored.size).toBe(ROWS);
        for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
        expect(stderr + resumed.stdout + resumed.stderr + journal).not.toContain(SECRET_TOKEN);
      } finally {
        await slow.close();
        await sandbox.close();
      }
    },
    90_000,
  );
});

describe('progress', () => {
  function fakeIo(dir: string, env: NodeJS.ProcessEnv, isTTY: boolean) {
    const stdout = Object.assign(new PassThrough(), { isTTY: false });
    const stderr = Object.assign(new PassThrough(), { isTTY });
    let out = '';
    let err = '';
    stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const io = {
      stdout,
      stderr,
      env,
      signal: new AbortController().signal,
      hardSignal: new AbortController().signal,
      cwd: dir,
    };
    return { io, output: () => ({ out, err }) };
  }

  it('a TTY sees done/total, rows/s, ETA and "throttled, waiting N s"; a pipe sees only the summary', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-import-progress-'));
    makeRows(join(dir, 'rows.csv'), 30, 'PRG');
    const { sandbox } = await secretSandbox({ rate: 5 });
    try {
      const tty = fakeIo(dir, connectionEnv(sandbox), true);
      const code = await command.run(
        ['rows.csv', '--mapping', TEMPLATE, '--rate', '20/s', '--journal', 'a.jsonl'],
        tty.io,
      );
      expect(code).toBe(0);
      const { err, out } = tty.output();
      // Issue 13: the opening line says what the duplicate check against the account costs.
      expect(err).toMatch(
        /^import: checking 30 rows against \d+ requests: a listing of the account in 1 page, about \d+ s at 20\/s\n/,
      );
      expect(err).toMatch(/\d+\/30 sent \(\d+\.\d rows\/s, ETA \d+ s\)/);
      // The first rows give no rate yet: said so, never "0.0 rows/s".
      expect(err).toMatch(/[0-2]\/30 sent \(working out the time left\)/);
      expect(err).not.toMatch(/(^|[^\d])0\.0 rows\/s/);
      expect(err).toMatch(/throttled, waiting \d+ s/);
      expect(out).toMatch(/^30 rows: 30 valid, 0 invalid\. Created 30/);

      // Other referrals than the first file's (city, instructions), not its rows with other claim
      // numbers: those are its import run again with the claim numbers fixed, held back (docs/import.md).
      makeRows(join(dir, 'more.csv'), 3, 'PRQ', [], 'Golden', 'Piped');
      // At the account's own 5/s (2/s spent 7 s on the reference reads alone): a pipe stays quiet
      // whatever the pace.
      const pipe = fakeIo(dir, connectionEnv(sandbox), false);
      expect(
        await command.run(
          ['more.csv', '--mapping', TEMPLATE, '--rate', '5/s', '--journal', 'b.jsonl'],
          pipe.io,
        ),
      ).toBe(0);
      expect(pipe.output().err).toBe('');
    } finally {
      await sandbox.close();
    }
  }, 90_000);
});

describe('runner control for the app', () => {
  it('pause holds every request, resume continues, cancel stops sending and reports what is left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'runner-control-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 20, 'CTL');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    try {
      const pacer = createPacer({ ratePerSecond: 20, concurrency: 1 });
      const api = createTrackopsApi(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer },
      );
      const reference = await api.getReference();
      const mapping = await templateMapping();
      const journal = await openJournal(
        join(dir, 'j.jsonl'),
        { file: 'rows.csv', fileHash: 'h', mappingHash: 'm', mode: 'create' },
        { resume: false, owner: thisProcess() },
      );
      const events: ImportProgress[] = [];
      const run = startImport({
        waysOut: CLI_WAYS_OUT,
        outcomes: validateRows(await openSheet(fileSource(file)), mapping, { reference }),
        mode: 'create',
        api,
        pacer,
        journal,
        onProgress: (progress) => events.push(progress),
      });
      while ((events.at(-1)?.done ?? 0) < 3) await new Promise((resolve) => setTimeout(resolve, 20));
      run.pause();
      await new Promise((resolve) => setTimeout(resolve, 200));
      const heldAt = sandbox.stats().requests;
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(sandbox.stats().requests).toBe(heldAt);
      run.resume();
      while ((events.at(-1)?.done ?? 0) < 8) await new Promise((resolve) => setTimeout(resolve, 20));
      run.cancel();
      const summary = await run.done;
      await journal.close();
      expect(summary.interrupted).toBe(true);
      expect(summary.created + summary.skipped).toBe(20);
      expect(summary.created).toBeGreaterThanOrEqual(8);
      expect(storedByReference(sandbox.account(), 'CTL-').size).toBe(summary.created);
      const last = events.at(-1)!;
      expect(last).toMatchObject({ total: 20, phase: 'finished' });
      expect(events.some((event) => event.etaSeconds !== null && event.rowsPerSecond > 0)).toBe(true);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
  it("settled rows are reported at most every 100 ms of the run's clock (core's PROGRESS_EVERY_MS), the last ones always", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-import-throttle-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 24, 'THR');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    try {
      const reference = await createTrackopsApi(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer: createPacer({ ratePerSecond: 1000 }) },
      ).getReference();
      const mapping = await templateMapping();
      // The pace's clock (its timers the process's): one that stands still, then one that moves 100 ms
      // at each look.
      const runWith = async (name: string, now: () => number) => {
        const pacer = createPacer({ ratePerSecond: 1000, concurrency: 4 });
        const api = createTrackopsApi(
          {
            words: CLI_CONNECTION_WORDS,
            baseUrl: sandbox.baseUrl,
            user: sandbox.username,
            token: sandbox.token,
          },
          { pacer },
        );
        const journal = await openJournal(
          join(dir, `${name}.jsonl`),
          { file: `${name}.csv`, fileHash: name, mappingHash: 'm', mode: 'create' },
          { resume: false, owner: thisProcess() },
        );
        const events: ImportProgress[] = [];
        const run = startImport({
          waysOut: CLI_WAYS_OUT,
          outcomes: validateRows(await openSheet(fileSource(file)), mapping, { reference }),
          mode: 'create',
          api,
          pacer,
          journal,
          progressClock: timersClock(now),
          onProgress: (progress) => events.push(progress),
        });
        expect((await run.done).created).toBe(24);
        await journal.close();
        expect(events.at(-1)).toMatchObject({ phase: 'finished', done: 24, total: 24 });
        return new Set(events.filter((event) => event.phase === 'sending').map((event) => event.done));
      };
      const still = await runWith('still', () => 0);
      // The start (none settled yet) alone: every count after it is held, the interval never over on
      // this clock (the one-second ticker's too), and the last is told by 'finished', which takes the
      // place of the one held (runWith checks it says 24 of 24).
      expect([...still]).toEqual([0]);
      let ms = 0;
      const moving = await runWith('moving', () => (ms += 100));
      expect([...moving].sort((a, b) => a - b)).toEqual(Array.from({ length: 25 }, (_, done) => done));
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('a pause tells the count the pace held at once, so the host says "paused" beside the latest count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-import-pause-told-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 20, 'PTC');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    try {
      const pacer = createPacer({ ratePerSecond: 20, concurrency: 1 });
      const api = createTrackopsApi(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer },
      );
      const reference = await api.getReference();
      const journal = await openJournal(
        join(dir, 'j.jsonl'),
        { file: 'rows.csv', fileHash: 'h', mappingHash: 'm', mode: 'create' },
        { resume: false, owner: thisProcess() },
      );
      const events: ImportProgress[] = [];
      // Rows whose results were written: with one request at a time, the fourth written is after the
      // third was counted settled.
      let created = 0;
      let onCreated = () => {};
      const run = startImport({
        waysOut: CLI_WAYS_OUT,
        outcomes: validateRows(await openSheet(fileSource(file)), await templateMapping(), { reference }),
        mode: 'create',
        api,
        pacer,
        journal,
        results: {
          write: async (result) => {
            if (result.status === 'created') created += 1;
            onCreated();
          },
          close: async () => '',
        },
        // A pace clock that stands still: after the start, every count is held.
        progressClock: timersClock(() => 0),
        onProgress: (progress) => events.push(progress),
      });
      await new Promise<void>((resolve) => (onCreated = () => created >= 4 && resolve()));
      expect(events.map((event) => event.done)).toEqual([0]);
      run.pause();
      expect(events.at(-1)).toMatchObject({ phase: 'sending', paused: true });
      expect(events.at(-1)!.done).toBeGreaterThanOrEqual(3);
      run.cancel();
      await run.done;
      await journal.close();
      expect(events.at(-1)).toMatchObject({ phase: 'finished' });
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
