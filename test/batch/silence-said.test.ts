/**
 * A create Trackops holds unanswered is said while the send waits on it, and the time left holds still
 * (explore 38 item 1: "Sending…" for minutes, the time left growing to an hour, no word). Over real
 * HTTP: a proxy in front of the sandbox holds the fourth create; the runner's clock is the test's, so
 * 25 s of silence pass when the test says so, not on the wall clock.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../core/index.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { holdingProxy } from '../helpers/holding-proxy.ts';
import { importInProcess, makeRows, templateMapping } from './helpers.ts';

describe('a create Trackops does not answer', () => {
  it('is said in the progress, naming the row, with the time left held', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'silence-said-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 6, 'SIL');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    let creates = 0;
    const proxy = await holdingProxy(sandbox.baseUrl, (method) => method === 'POST' && ++creates === 4);
    // The wall clock, until the test moves it: frozen once the create is held, then 25 s on.
    let frozen: number | null = null;
    const now = () => frozen ?? Date.now();
    const progress: ImportProgress[] = [];
    let heard: (() => void) | null = null;
    const stop = new AbortController();
    const run = importInProcess({
      file,
      mapping: await templateMapping(),
      mode: 'create',
      sandbox,
      baseUrl: proxy.baseUrl,
      journal: join(dir, 'j.jsonl'),
      concurrency: 1,
      timeoutMs: 30_000,
      now,
      onProgress: (event) => {
        progress.push(event);
        heard?.();
      },
      hardSignal: stop.signal,
    });
    run.catch(() => {});
    const next = (test: (event: ImportProgress) => boolean) =>
      new Promise<ImportProgress>((resolve) => {
        heard = () => {
          const found = progress.find(test);
          if (found) resolve(found);
        };
        heard();
      });
    try {
      expect(await proxy.held).toBe('POST /api/v1/case/requests');
      frozen = Date.now();
      // The ticker's progress at the frozen time: the rate and time left as they were.
      const mark = progress.length;
      const before = await next((event) => progress.indexOf(event) >= mark);
      expect(before.trackopsWait).toBeUndefined();
      expect(before.done).toBe(3);
      frozen += 25_000;
      const said = await next((event) => event.trackopsWait !== undefined);
      expect(said.trackopsWait).toMatchObject({
        row: 5,
        words:
          "Trackops has not answered row 5's create for 25 s; waiting up to 30 s, then it is looked for in Trackops before anything is sent again",
      });
      // Held from the start of the silence (the create's send, a moment before the frozen time): the
      // 25 s are not counted as a slow pace, so the time left did not grow (counted, it would have
      // grown by about 25 s for each row left).
      expect(said.done).toBe(3);
      expect(said.rowsPerSecond).toBeGreaterThanOrEqual(before.rowsPerSecond);
      expect(said.etaSeconds).not.toBeNull();
      expect(said.etaSeconds!).toBeLessThanOrEqual(before.etaSeconds!);
    } finally {
      stop.abort(new Error('test over'));
      await run.catch(() => {});
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
