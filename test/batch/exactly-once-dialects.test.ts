/**
 * Issue 12, done-when: "the exactly-once tests still pass under faults, with dialects on". The shape of
 * exactly-once.test.ts, smaller: a create and then an upsert under injected 5xx (as nginx HTML pages)
 * and connections dropped after the write was stored, against a server that answers a create without
 * the record, an update with 204, wraps records CakePHP-style, caps pages at 25, writes dates with a
 * midnight time and numbers as strings, and matches filters loosely. Every valid row is stored once.
 * (Throttling is left out: it is orthogonal to the dialects and only slows the test down.)
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { importInProcess, makeRows, storedByReference, templateMapping } from './helpers.ts';

const DIALECTS = [
  'post-no-record',
  'put-204',
  'cakephp',
  'list-data-meta',
  'cap-25',
  'dates-midnight',
  'strings',
  'count-partial',
  'fuzzy-filters',
  'errors-400',
  'html-5xx',
];
const FAULTS = 'latency=1-5ms,error5xx=0.12,drop-after-commit=0.15,seed=';

describe('exactly once under faults, with dialects on', () => {
  it('create then upsert: every valid row stored once, updated in place, no invalid row stored', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'batch-dialects-'));
    const first = join(dir, 'first.csv');
    const second = join(dir, 'second.csv');
    makeRows(first, 30, 'DLX', [4, 17]);
    makeRows(second, 36, 'DLX', [4, 17, 33], 'Aurora', 'Upserted');
    const sandbox = await startSandbox({ port: 0, rate: 5000, faults: FAULTS + '3', dialects: DIALECTS });
    try {
      const mapping = { ...(await templateMapping()), match: 'reference_value_1' as const };
      const created = await importInProcess({
        file: first,
        mapping,
        mode: 'create',
        sandbox,
        journal: join(dir, 'create.journal.jsonl'),
      });
      expect(created).toMatchObject({ valid: 28, invalid: 2, created: 28, failed: 0 });
      const upserted = await importInProcess({
        file: second,
        mapping,
        mode: 'upsert',
        sandbox,
        journal: join(dir, 'upsert.journal.jsonl'),
      });
      // Rows 4 and 17 are invalid in both files, so they exist nowhere; 30..35 are new; 33 is invalid.
      expect(upserted).toMatchObject({ valid: 33, invalid: 3, updated: 28, created: 5, failed: 0 });
      const faults = sandbox.stats().faults;
      expect(faults.dropAfterCommit).toBeGreaterThan(3);
      expect(faults.error5xx).toBeGreaterThan(3);
      const stored = storedByReference(sandbox.account(), 'DLX-');
      expect(stored.size).toBe(33);
      for (const [reference, requests] of stored) {
        expect(requests, reference).toHaveLength(1);
        expect(requests[0]!.notes, reference).toBe(`Upserted ${Number(reference.slice(4))}`);
      }
      for (const bad of [4, 17, 33]) expect(stored.has(`DLX-${String(bad).padStart(4, '0')}`)).toBe(false);
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
