/**
 * A path to Trackops that answers no write at all (every create's connection reset): after three rows
 * in a row got no answer, the run stops, resumable, instead of spending five sends and their looks on
 * every other row to learn the same. Over real HTTP, a proxy resetting every create in front of the
 * sandbox; nothing is stored, the rows not tried say why, and a resume once the path is back creates
 * every row once.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultsJson } from '../../core/index.ts';
import { NO_ANSWER_STREAK, NoAnswerStreakError } from '../../core/batch/runner.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { importInProcess, makeRows, storedByReference, templateMapping } from './helpers.ts';
import { startResettingCreateProxy } from './proxies.ts';

describe('rows that get no answer at all', () => {
  it(`stop the run after ${NO_ANSWER_STREAK} in a row; a resume creates every row once`, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'no-answer-'));
    const file = join(dir, 'rows.csv');
    const journal = join(dir, 'j.jsonl');
    makeRows(file, 8, 'NOA');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const proxy = await startResettingCreateProxy(sandbox.baseUrl);
    const mapping = await templateMapping();
    const run = {
      file,
      mapping,
      mode: 'create' as const,
      sandbox,
      journal,
      concurrency: 1,
      lostCreateWaits: { firstMs: 5, againMs: 5 },
    };
    try {
      const stopped = importInProcess({ ...run, baseUrl: proxy.baseUrl, results: join(dir, 'r.json') });
      await expect(stopped).rejects.toBeInstanceOf(NoAnswerStreakError);
      await expect(stopped).rejects.toThrow(/no answer to 3 rows in a row/);
      // Three rows tried, each sent its five times; nothing reached the account.
      expect(proxy.resets).toBe(NO_ANSWER_STREAK * 5);
      expect(storedByReference(sandbox.account(), 'NOA').size).toBe(0);
      const rows = (JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')) as ResultsJson).rows;
      expect(rows.filter((row) => row.status === 'failed').map((row) => row.row)).toEqual([2, 3, 4]);
      const notTried = rows.filter((row) => row.status === 'skipped');
      expect(notTried.map((row) => row.row)).toEqual([5, 6, 7, 8, 9]);
      for (const row of notTried) expect(row.errors[0]?.message).toMatch(/no answer to 3 rows in a row/);

      // The path is back: the resume sends the rows not tried, and the failed ones again, each once.
      await importInProcess({ ...run, resume: true });
      const stored = storedByReference(sandbox.account(), 'NOA');
      expect(stored.size).toBe(8);
      for (const requests of stored.values()) expect(requests).toHaveLength(1);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
