/**
 * Issue 5, done-when: upsert under seeded faults updates the rows whose match key exists, creates the
 * rest, and ends with every valid row stored exactly once.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import {
  FAULTS,
  importInProcess,
  makeRows,
  seededAccountFile,
  storedByReference,
  templateMapping,
} from './helpers.ts';

describe('upsert', () => {
  it('under faults: existing rows updated, new rows created, each exactly once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'batch-upsert-'));
    const existing = join(dir, 'existing.csv');
    const all = join(dir, 'all.csv');
    makeRows(existing, 50, 'UPS');
    makeRows(all, 110, 'UPS', [70], 'Golden', 'Upserted');
    const mapping = await templateMapping();
    const dataFile = await seededAccountFile(dir, existing, mapping);
    const sandbox = await startSandbox({ port: 0, rate: 1000, dataFile, faults: FAULTS + '23' });
    try {
      const summary = await importInProcess({
        file: all,
        mapping,
        mode: 'upsert',
        sandbox,
        journal: join(dir, 'upsert.journal.jsonl'),
      });
      expect(sandbox.stats().faults.dropAfterCommit).toBeGreaterThan(3);
      expect(summary).toMatchObject({ valid: 109, invalid: 1, updated: 50, created: 59, failed: 0 });
      const stored = storedByReference(sandbox.account(), 'UPS-');
      expect(stored.size).toBe(109);
      expect(stored.has('UPS-0070')).toBe(false);
      for (const [reference, requests] of stored) {
        expect(requests, reference).toHaveLength(1);
        expect(requests[0]!.notes).toBe(`Upserted ${Number(reference.slice(4))}`);
      }
    } finally {
      await sandbox.close();
    }
  }, 240_000);
});
