/**
 * A write answered 2xx whose answer was then cut (a reset after the status line came): Trackops did it,
 * so it is never sent again (a whole-object PUT resent after a back-off would overwrite a colleague's
 * edit made meanwhile), and the row never says "no answer". An update is read back and settled from
 * what Trackops holds; a create is looked for, as a lost answer is. Real HTTP: a proxy in front of the
 * sandbox passes each write through, then cuts its answer; rows written by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultsJson } from '../../core/index.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { importInProcess, makeRows, storedByReference, templateMapping } from './helpers.ts';
import { startCutAnswerProxy } from './proxies.ts';

async function resultsOf(path: string): Promise<ResultsJson['rows']> {
  return (JSON.parse(await readFile(path, 'utf8')) as ResultsJson).rows;
}

describe('a write answered 2xx, then cut', () => {
  it('an update: sent once, read back, updated with a note saying what happened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cut-answers-'));
    const original = join(dir, 'original.csv');
    const changed = join(dir, 'changed.csv');
    makeRows(original, 2, 'CU');
    makeRows(changed, 2, 'CU', [], 'Denver', 'Follow up');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const proxy = await startCutAnswerProxy(sandbox.baseUrl, 'PUT');
    try {
      const mapping = await templateMapping({ match: 'reference_value_1' });
      await importInProcess({
        file: original,
        mapping,
        mode: 'create',
        sandbox,
        journal: join(dir, 'c.jsonl'),
      });
      const results = join(dir, 'updated.json');
      const summary = await importInProcess({
        file: changed,
        mapping,
        mode: 'update',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal: join(dir, 'u.jsonl'),
        results,
      });
      expect(summary).toMatchObject({ updated: 2, failed: 0 });
      expect(proxy.writes, 'a PUT answered 200 is never sent again').toBe(2);
      const stored = storedByReference(sandbox.account(), 'CU-').get('CU-0000')![0]!;
      expect(stored.notes).toBe('Follow up 0');
      const [first] = await resultsOf(results);
      expect(first).toMatchObject({ status: 'updated', id: stored.id });
      expect(first!.errors[0]).toMatchObject({ code: 'answer_cut' });
      expect(first!.errors[0]!.message).toMatch(
        new RegExp(
          `^PUT case/requests/${stored.id} was answered 200, but the answer was cut \\(ECONNRESET\\)\\. ` +
            `It was not sent again: a 200 says Trackops did it\\. Read back, ${stored.case_request_number} holds every value this row sets\\.$`,
        ),
      );
      expect(first!.errors[0]!.message).not.toMatch(/no answer/);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });

  it('a create: sent once, found by a search, created with a note; never sent again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cut-answers-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 2, 'CC');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const proxy = await startCutAnswerProxy(sandbox.baseUrl, 'POST');
    try {
      const results = join(dir, 'created.json');
      const summary = await importInProcess({
        file,
        mapping: await templateMapping(),
        mode: 'create',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal: join(dir, 'c.jsonl'),
        results,
      });
      expect(summary).toMatchObject({ created: 2, failed: 0 });
      expect(proxy.writes, 'a POST answered 201 is never sent again').toBe(2);
      const stored = storedByReference(sandbox.account(), 'CC-');
      expect([...stored.values()].map((list) => list.length)).toEqual([1, 1]);
      const first = stored.get('CC-0000')![0]!;
      const [row] = await resultsOf(results);
      expect(row).toMatchObject({ status: 'created', id: first.id });
      expect(row!.errors[0]!.message).toBe(
        'POST case/requests was answered 201, but the answer was cut (ECONNRESET). It was not sent again: a 201 says Trackops created it. ' +
          `${first.case_request_number}, created since with this row's values, is taken to be it.`,
      );
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});
