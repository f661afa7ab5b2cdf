/**
 * Issue 5, done-when: with seeded faults (latency, 5xx, throttling, drop-after-commit, each ~10%), an
 * import of a few hundred rows stores every valid row exactly once and no invalid row, in every mode.
 * Issue 17, done-when: an outage right after a create (its answer lost, then the server unreachable)
 * leaves the row in doubt and a resume after the outage finds it; two runs on one journal: one is
 * refused, every row is stored once.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { FAULTS, importInProcess, makeRows, storedByReference, templateMapping } from './helpers.ts';
import { startOutageProxy } from './proxies.ts';

const ROWS = 150;
const BAD = [3, 50, 97, 140];

describe('exactly once under faults', () => {
  it('create: every valid row stored once, no invalid row stored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'batch-create-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, ROWS, 'EXC', BAD);
    const sandbox = await startSandbox({ port: 0, rate: 1000, faults: FAULTS + '7' });
    try {
      const summary = await importInProcess({
        file,
        mapping: await templateMapping(),
        mode: 'create',
        sandbox,
        journal: join(dir, 'journal.jsonl'),
      });
      const faults = sandbox.stats().faults;
      expect(faults.dropAfterCommit).toBeGreaterThan(5);
      expect(faults.error5xx).toBeGreaterThan(5);
      expect(faults.throttle).toBeGreaterThan(5);
      expect(summary).toMatchObject({
        rows: ROWS,
        valid: ROWS - BAD.length,
        invalid: BAD.length,
        created: ROWS - BAD.length,
        failed: 0,
      });
      const stored = storedByReference(sandbox.account(), 'EXC-');
      expect(stored.size).toBe(ROWS - BAD.length);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
      for (const bad of BAD) expect(stored.has(`EXC-${String(bad).padStart(4, '0')}`)).toBe(false);
    } finally {
      await sandbox.close();
    }
  }, 240_000);

  it('an outage after a create: the row stays in doubt, the resume after the outage finds it, stored once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'batch-outage-'));
    const file = join(dir, 'rows.csv');
    const rows = 12;
    makeRows(file, rows, 'OUT');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    // The 5th create is stored, its answer is lost, and then nothing answers at all.
    const proxy = await startOutageProxy(sandbox.baseUrl, 5);
    const mapping = await templateMapping();
    const journal = join(dir, 'journal.jsonl');
    try {
      const during = importInProcess({
        file,
        mapping,
        mode: 'create',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal,
        concurrency: 1,
      });
      await expect(during).rejects.toThrow(/could not be searched to find out .*stays in doubt/);
      expect(proxy.down).toBe(true);
      const storedDuring = storedByReference(sandbox.account(), 'OUT-');
      expect(storedDuring.size).toBe(5);
      // The journal keeps the 5th row's intent without an outcome: it was not "failed", it is in doubt.
      const lines = (await readFile(journal, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const last = lines.at(-1);
      expect(last).toMatchObject({ type: 'intent', row: 6, op: 'create' });

      await proxy.recover();
      const postsBefore = sandbox.stats().byStatus['201'] ?? 0;
      const resumed = await importInProcess({
        file,
        mapping,
        mode: 'create',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal,
        resume: true,
        concurrency: 1,
      });
      expect(resumed).toMatchObject({ created: rows, failed: 0, fromJournal: 4, inDoubt: 0 });
      expect((sandbox.stats().byStatus['201'] ?? 0) - postsBefore).toBe(rows - 5);
      const stored = storedByReference(sandbox.account(), 'OUT-');
      expect(stored.size).toBe(rows);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 90_000);

  it('two runs on one journal at once: one is refused, every row is stored once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'batch-twice-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 20, 'TWO');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const mapping = await templateMapping();
    const journal = join(dir, 'journal.jsonl');
    try {
      const run = () =>
        importInProcess({ file, mapping, mode: 'create', sandbox, journal, rate: 100, concurrency: 2 });
      const [first, second] = await Promise.allSettled([run(), run()]);
      const outcomes = [first, second].map((result) => result.status).sort();
      expect(outcomes).toEqual(['fulfilled', 'rejected']);
      const refused = [first, second].find((result) => result.status === 'rejected') as PromiseRejectedResult;
      expect(String(refused.reason)).toMatch(
        /journal .*journal\.jsonl is in use by another import \(process \d+/,
      );
      const stored = storedByReference(sandbox.account(), 'TWO-');
      expect(stored.size).toBe(20);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
