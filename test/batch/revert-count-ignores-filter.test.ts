/**
 * Revert's check (revert-check.ts) against a server whose count ignores `updated_from` while its list
 * keeps to it (a count from another query, a cache keyed without the filter): its listing of the
 * requests updated since the import ends short of that count, twice, and the revert used to be refused
 * every time on such a server. The requests the listing did not give are now looked up one by one, as
 * when a listing would cost more: every untouched request is put back, a request a clerk changed since
 * is a conflict, left alone. Real HTTP: the sandbox behind a proxy that drops the filter from counts.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { call } from '../sandbox/helpers.ts';
import { importInProcess, makeRows, seededAccountFile, templateMapping } from './helpers.ts';
import { startCountIgnoresFilterProxy } from './proxies.ts';
import { revertInProcess } from './revert-helpers.ts';

const ROWS = 8;

describe('revert against a server whose count ignores updated_from', () => {
  it('looks up what its listing did not give: the untouched requests put back, the one changed since a conflict', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'revert-count-ignores-'));
    const original = join(dir, 'original.csv');
    const changed = join(dir, 'changed.csv');
    makeRows(original, ROWS, 'RCI');
    makeRows(changed, ROWS, 'RCI', [], 'Boulder', 'Updated');
    const mapping = await templateMapping();
    const dataFile = await seededAccountFile(dir, original, mapping);
    let at = Date.now();
    // A second per write, so that every write has its own updated_at.
    const sandbox = await startSandbox({ port: 0, rate: 1000, dataFile, now: () => new Date((at += 1000)) });
    const proxy = await startCountIgnoresFilterProxy(sandbox.baseUrl, 'updated_from');
    try {
      const mine = () =>
        sandbox.account().case_requests.filter((r) => r.reference_value_1?.startsWith('RCI-'));
      const before = structuredClone(mine());
      const journal = join(dir, 'update.journal.jsonl');
      const summary = await importInProcess({
        file: changed,
        mapping: { ...mapping, match: 'reference_value_1' },
        mode: 'update',
        sandbox,
        journal,
      });
      expect(summary).toMatchObject({ updated: ROWS, failed: 0 });
      const edited = before[2]!;
      const put = await call(sandbox, 'PUT', `/case/requests/${edited.id}`, {
        body: { casefile_request: { notes: 'Edited by a clerk' } },
      });
      expect(put.status).toBe(200);

      const result = await revertInProcess({
        sandbox,
        journal,
        revertJournal: join(dir, 'revert.jsonl'),
        baseUrl: proxy.baseUrl,
      });
      expect(result.summary).toMatchObject({ reverted: ROWS - 1, conflict: 1, failed: 0 });
      const after = mine();
      expect(after.find((r) => r.id === edited.id)!.notes).toBe('Edited by a clerk');
      for (const request of before.filter((r) => r.id !== edited.id))
        expect(after.find((r) => r.id === request.id)!.notes).toBe(request.notes);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 120_000);
});
