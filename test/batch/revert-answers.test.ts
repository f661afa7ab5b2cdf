/**
 * What a revert trusts (defect: it counted every 2xx as "put back", and put an empty date back with
 * `null`, a guess the API reference does not document):
 * - a put-back whose answer still holds the import's value (a server that ignored what was sent) is
 *   not put back: the row fails, says so, and is never sent again;
 * - a date that was empty before the import is not cleared with a guess: as the round trip refuses
 *   clearing a date (cannot_clear), the row is not revertible, with what to do by hand.
 * Over real HTTP: the demo account in the sandbox, a proxy that drops a field from every write.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../core/index.ts';
import { loadDemoAccount, startSandbox } from '../../sandbox/index.ts';
import { importInProcess } from './helpers.ts';
import { startIgnoringProxy } from './proxies.ts';
import { revertInProcess } from './revert-helpers.ts';

const MAPPING: Mapping = {
  version: 1,
  mode: 'update',
  match: 'reference_value_1',
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Due Date', target: 'due_on', dateFormat: 'M/D/YYYY' },
    { column: 'Instructions', target: 'notes' },
  ],
};

describe('revert checks what Trackops answered', () => {
  it('an ignored put-back is not "put back"; an empty date is not cleared with a guess', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'revert-answers-'));
    const sandbox = await startSandbox({ port: 0, rate: 1000, account: await loadDemoAccount() });
    const ignoring = await startIgnoringProxy(sandbox.baseUrl, 'notes');
    try {
      const requestOf = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!;
      const dated = requestOf(1);
      const undated = requestOf(4);
      expect(dated.due_on).toBeTruthy();
      expect(undated.due_on ?? '').toBe('');
      const file = join(dir, 'rows.csv');
      await writeFile(
        file,
        `Claim #,Due Date,Instructions\r\n${dated.reference_value_1},${dated.due_on!.slice(5, 7)}/${dated.due_on!.slice(8, 10)}/${dated.due_on!.slice(0, 4)},clerk notes\r\n` +
          `${undated.reference_value_1},1/15/2027,${undated.notes ?? ''}\r\n`,
      );
      const journal = join(dir, 'update.journal.jsonl');
      const summary = await importInProcess({ file, mapping: MAPPING, mode: 'update', sandbox, journal });
      expect(summary).toMatchObject({ updated: 2, failed: 0 });
      expect(requestOf(4).due_on).toBe('2027-01-15');

      const dry = await revertInProcess({
        sandbox,
        journal,
        revertJournal: join(dir, 'dry.revert.jsonl'),
        dryRun: true,
      });
      const clear = dry.rows.find((row) => row.id === 4)!;
      expect(clear.status).toBe('not_revertible');
      expect(clear.message).toMatch(
        /Due date \(now '2027-01-15', empty before the import\) cannot be put back: the Trackops update has no documented way to clear a date, so nothing was sent\. Clear it by hand in Trackops/,
      );

      const run = await revertInProcess({
        sandbox,
        baseUrl: ignoring.baseUrl,
        journal,
        revertJournal: join(dir, 'update.revert.jsonl'),
      });
      expect(run.summary).toMatchObject({ reverted: 0, failed: 1, notRevertible: 1 });
      const ignored = run.rows.find((row) => row.id === 1)!;
      expect(ignored.status).toBe('failed');
      expect(ignored.message).toMatch(
        new RegExp(
          `^Trackops answered 200, but its answer does not hold what the undo put back \\(Notes is 'clerk notes', the undo puts back '${dated.notes}'\\): it was not put back`,
        ),
      );
      expect(requestOf(1).notes).toBe('clerk notes');
      expect(requestOf(4).due_on).toBe('2027-01-15');

      // Its write was answered: a resume reports it, and sends nothing again.
      const resumed = await revertInProcess({
        sandbox,
        journal,
        revertJournal: join(dir, 'update.revert.jsonl'),
        resume: true,
      });
      expect(resumed.summary).toMatchObject({ reverted: 0, failed: 1 });
      expect(requestOf(1).notes).toBe('clerk notes');
    } finally {
      await ignoring.close();
      await sandbox.close();
    }
  });
});
