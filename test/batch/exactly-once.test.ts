/**
 * Issue 5, done-when: with seeded faults (latency, 5xx, throttling, drop-after-commit, each ~10%), an
 * import of a few hundred rows stores every valid row exactly once and no invalid row, in every mode.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { FAULTS, importInProcess, makeRows, storedByReference, templateMapping } from './helpers.ts';

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
});
