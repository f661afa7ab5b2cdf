/**
 * An undo's count of requests put back reaches its host at the host's pace (progressEveryMs), as a
 * send's does: it was told at every request, each a line rewritten or a message to the app's page and
 * a redraw. The count held when the put-backs end is told before the undo's end, so the last count is
 * every request. Core's revert over real HTTP against the sandbox, on a clock the test drives: one that
 * stands still (nothing after the first count is due until the end), one that moves 100 ms at each
 * look (every count is due).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { timersClock } from '../../core/batch/progress-pace.ts';
import type { RevertProgress } from '../../core/batch/revert-run.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { importInProcess, makeRows, templateMapping } from './helpers.ts';
import { revertInProcess } from './revert-helpers.ts';

const ROWS = 24;
let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
});
afterAll(() => sandbox.close());

/** Rows created, then updated by a second import: the journal of that update, to undo. */
async function updatedRows(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'revert-progress-pace-'));
  makeRows(join(dir, 'rows.csv'), ROWS, prefix);
  await importInProcess({
    file: join(dir, 'rows.csv'),
    mapping: await templateMapping(),
    mode: 'create',
    sandbox,
    journal: join(dir, 'create.journal.jsonl'),
  });
  makeRows(join(dir, 'changed.csv'), ROWS, prefix, [], 'Aurora', 'Changed');
  const journal = join(dir, 'update.journal.jsonl');
  const summary = await importInProcess({
    file: join(dir, 'changed.csv'),
    mapping: { ...(await templateMapping()), match: 'reference_value_1' },
    mode: 'update',
    sandbox,
    journal,
  });
  expect(summary).toMatchObject({ updated: ROWS, failed: 0 });
  return journal;
}

async function undo(journal: string, now: () => number): Promise<number[]> {
  const told: RevertProgress[] = [];
  const outcome = await revertInProcess({
    sandbox,
    journal,
    revertJournal: journal.replace(/\.jsonl$/, '.revert.jsonl'),
    progressClock: timersClock(now),
    progressEveryMs: 100,
    onProgress: (progress) => told.push(progress),
  });
  expect(outcome.summary).toMatchObject({ reverted: ROWS, failed: 0 });
  expect(told.at(-1)).toEqual({ done: ROWS, total: ROWS, reverted: ROWS, conflict: 0, failed: 0 });
  return told.map((progress) => progress.done);
}

describe("an undo's progress", () => {
  it('is told at most once per interval of its clock, the count held before the end told at the end', async () => {
    // Standing still: the first count (none put back yet), then only the last, held until the end.
    expect(await undo(await updatedRows('RPS'), () => 0)).toEqual([0, ROWS]);
    // Moving 100 ms at each look: every put-back is due, and told.
    let ms = 0;
    expect(await undo(await updatedRows('RPM'), () => (ms += 100))).toEqual(
      Array.from({ length: ROWS + 1 }, (_, done) => done),
    );
  }, 60_000);
});
