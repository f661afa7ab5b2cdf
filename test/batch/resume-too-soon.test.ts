/**
 * Explore 36 item 1: a write that may still land is never sent again. A create that timed out stops the
 * run; a --resume started at once did not find it yet (the server was still storing it), sent the row
 * again, and the first send landed afterwards: two requests for one referral. A resume now waits out
 * the send's settle window (earlier-sends.ts) before it sends such a row, then looks again.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultsJson } from '../../core/index.ts';
import { earlierWriteOf, settleWindowMs } from '../../core/batch/earlier-sends.ts';
import { replayJournal } from '../../core/batch/journal.ts';
import { startSandbox, type RequestLogEntry } from '../../sandbox/index.ts';
import { importInProcess, makeRows, storedByReference, templateMapping } from './helpers.ts';
import { startSlowCreateProxy } from './proxies.ts';

describe('a resume never sends again a create whose send may still land', () => {
  it('resumed at once after a timed-out create: the other rows are sent, the row waits out its window, is found, and is not sent again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'too-soon-'));
    const file = join(dir, 'rows.csv');
    const journal = join(dir, 'j.jsonl');
    const results = join(dir, 'r.json');
    makeRows(file, 3, 'TSN');
    const log: RequestLogEntry[] = [];
    const sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => log.push(entry) });
    // The first create is stored 3 s after it arrives: after the run's two looks, and after the
    // resume's own search too, but within the send's settle window (5 s here, 2 min and the timeout
    // for real).
    const proxy = await startSlowCreateProxy(sandbox.baseUrl, 3000);
    const mapping = await templateMapping();
    const waits = { firstMs: 20, againMs: 50, settleMs: 5000 };
    try {
      const during = importInProcess({
        file,
        mapping,
        mode: 'create',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal,
        results,
        concurrency: 1,
        timeoutMs: 300,
        lostCreateWaits: waits,
      });
      // The stop names the time a resume may send it, not "a few minutes".
      await expect(during).rejects.toThrow(
        /It stays in doubt; nothing more was sent, so that it cannot be stored twice\. Run again with --resume after \d\d:\d\d: it looks for the row before sending anything, and a resume started sooner waits until then before it sends this row/,
      );
      expect(proxy.stored, 'still being stored when the resume starts').toBe(0);

      // The clerk runs the printed command at once, the first send still in the server's hands.
      const resumed = await importInProcess({
        file,
        mapping,
        mode: 'create',
        sandbox,
        journal,
        results,
        resume: true,
        concurrency: 1,
        lostCreateWaits: waits,
      });
      expect(proxy.stored).toBe(1);
      expect(resumed).toMatchObject({ created: 3, failed: 0, inDoubt: 0, resent: 0 });
      // Row 2's one send (through the slow proxy) and rows 3 and 4: nothing sent twice.
      expect(log.filter((entry) => entry.method === 'POST')).toHaveLength(3);
      const stored = storedByReference(sandbox.account(), 'TSN-');
      expect(stored.size).toBe(3);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
      const rows = (JSON.parse(await readFile(results, 'utf8')) as ResultsJson).rows;
      const row2 = rows.find((row) => row.row === 2)!;
      expect(row2).toMatchObject({ status: 'created', id: stored.get('TSN-0000')![0]!.id });
      // Said as found late, not as "none was found, sent again".
      expect(row2.errors.map((error) => error.code)).toEqual(['stored_late']);
      expect(row2.errors[0]!.message).toMatch(
        /^found in Trackops after waiting for its earlier send: .* so it was not sent again$/,
      );
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);

  it('the window: the client timeout and 2 min after the send (or --recheck-after when longer)', () => {
    expect(settleWindowMs(3000)).toBe(123_000);
    expect(settleWindowMs(undefined)).toBe(150_000);
    expect(settleWindowMs(30_000, { againMs: 300_000 })).toBe(330_000);
    expect(settleWindowMs(30_000, { settleMs: 0 })).toBe(0);
  });

  it('the writes whose fate is unknown: a create or update in doubt, an update that failed without an answer', () => {
    const at = '2026-11-29T03:42:29.760Z';
    const state = replayJournal([
      { type: 'intent', row: 2, op: 'create', at },
      { type: 'intent', row: 3, op: 'update', id: 9, at },
      { type: 'intent', row: 4, op: 'update', id: 10, at },
      {
        type: 'outcome',
        row: 4,
        status: 'failed',
        retryable: true,
        error: { code: 'api_network', message: 'timed out' },
      },
      // A create that failed was looked for and not found before it failed: settled.
      { type: 'intent', row: 5, op: 'create', at },
      {
        type: 'outcome',
        row: 5,
        status: 'failed',
        retryable: true,
        error: { code: 'api_network', message: 'reset' },
      },
      { type: 'intent', row: 6, op: 'create', at },
      { type: 'outcome', row: 6, status: 'created', id: 11 },
    ]);
    expect([2, 3, 4, 5, 6].map((row) => earlierWriteOf(state, row)?.op ?? null)).toEqual([
      'create',
      'update',
      'update',
      null,
      null,
    ]);
  });
});
