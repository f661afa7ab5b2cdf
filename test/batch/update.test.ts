/**
 * Issue 5, done-when: updates under seeded faults land exactly once on the matched request (no request
 * created, none lost), invalid rows change nothing, and an update that maps only `client.city` leaves
 * the rest of the stored client as it was (seed note 1: client is replaced whole, so the runner merges).
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

const ROWS = 100;
const BAD = [10, 60];

describe('update', () => {
  it('under faults: every valid row updates its one request; invalid rows change nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'batch-update-'));
    const original = join(dir, 'original.csv');
    const changed = join(dir, 'changed.csv');
    makeRows(original, ROWS, 'UPD');
    makeRows(changed, ROWS, 'UPD', BAD, 'Boulder', 'Updated');
    const mapping = await templateMapping();
    const dataFile = await seededAccountFile(dir, original, mapping);
    const sandbox = await startSandbox({ port: 0, rate: 1000, dataFile, faults: FAULTS + '11' });
    try {
      const before = sandbox.account().case_requests.length;
      const summary = await importInProcess({
        file: changed,
        mapping: { ...mapping, match: 'reference_value_1' },
        mode: 'update',
        sandbox,
        journal: join(dir, 'update.journal.jsonl'),
      });
      expect(sandbox.stats().faults.dropAfterCommit).toBeGreaterThan(3);
      expect(summary).toMatchObject({
        valid: ROWS - BAD.length,
        invalid: BAD.length,
        updated: ROWS - BAD.length,
        created: 0,
        failed: 0,
      });
      const account = sandbox.account();
      expect(account.case_requests.length).toBe(before);
      const stored = storedByReference(account, 'UPD-');
      expect(stored.size).toBe(ROWS);
      for (const [reference, [request, ...others]] of stored) {
        expect(others, reference).toHaveLength(0);
        const index = Number(reference.slice(4));
        const expected = BAD.includes(index) ? `Check gym visits ${index}` : `Updated ${index}`;
        expect(request!.notes, reference).toBe(expected);
      }
    } finally {
      await sandbox.close();
    }
  }, 240_000);

  it('mapping only client.city keeps every other part of the stored client', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'batch-city-'));
    const original = join(dir, 'original.csv');
    makeRows(original, 3, 'CITY');
    const mapping = await templateMapping();
    const dataFile = await seededAccountFile(dir, original, mapping);
    const changed = join(dir, 'changed.csv');
    makeRows(changed, 3, 'CITY', [], 'Aurora');
    const sandbox = await startSandbox({ port: 0, rate: 1000, dataFile });
    try {
      const clientsBefore = [...storedByReference(sandbox.account(), 'CITY-').values()].map(
        ([r]) => r!.client,
      );
      const summary = await importInProcess({
        file: changed,
        mapping: {
          version: 1,
          mode: 'update',
          match: 'reference_value_1',
          columns: [
            { column: 'Claim #', target: 'reference_value_1' },
            { column: 'Carrier City', target: 'client.city' },
          ],
        } as never,
        mode: 'update',
        sandbox,
        journal: join(dir, 'city.journal.jsonl'),
      });
      expect(summary).toMatchObject({ updated: 3, failed: 0, invalid: 0 });
      const clientsAfter = [...storedByReference(sandbox.account(), 'CITY-').values()].map(
        ([r]) => r!.client,
      );
      clientsAfter.forEach((client, index) => {
        expect(client).toEqual({ ...clientsBefore[index], city: `Aurora ${index}` });
        expect(client.name).toBe('Acme Mutual Insurance');
        expect(client.address_1?.trim()).toBe('1200 Market St');
      });
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
