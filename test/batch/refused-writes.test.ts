/**
 * A write refused with 403 is a definite refusal: not done, and never "may have been updated". On one
 * record, after the same credentials wrote other rows, the row fails with Trackops's own words and the
 * run goes on; --resume reports it again without sending it. On the first write, or on several in a
 * row, the run stops as a credentials problem and says that is a guess from the 403s. Real HTTP: a
 * proxy in front of the sandbox refuses the writes picked; rows written by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultsJson } from '../../core/index.ts';
import { WritesRefusedError } from '../../core/batch/send-row.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { importInProcess, makeRows, storedByReference, templateMapping } from './helpers.ts';
import { startForbiddingProxy } from './proxies.ts';

const SAID = 'You do not have permission to edit this case request.';

async function resultsOf(path: string): Promise<ResultsJson['rows']> {
  return (JSON.parse(await readFile(path, 'utf8')) as ResultsJson).rows;
}

/** `count` rows created directly in the sandbox, and the same rows with new notes to update them with. */
async function seeded(sandbox: RunningSandbox, count: number, prefix: string) {
  const dir = await mkdtemp(join(tmpdir(), 'refused-writes-'));
  const original = join(dir, 'original.csv');
  const changed = join(dir, 'changed.csv');
  makeRows(original, count, prefix);
  makeRows(changed, count, prefix, [], 'Denver', 'Follow up');
  const mapping = await templateMapping({ match: 'reference_value_1' });
  await importInProcess({ file: original, mapping, mode: 'create', sandbox, journal: join(dir, 'c.jsonl') });
  const ids = [...storedByReference(sandbox.account(), `${prefix}-`).values()].map((list) => list[0]!);
  return { dir, changed, mapping, ids };
}

describe('a write refused with 403', () => {
  it('on one record after others were written: that row failed with the words, the run goes on, --resume does not resend it', async () => {
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const { dir, changed, mapping, ids } = await seeded(sandbox, 3, 'RW');
    const refused = ids[1]!;
    const proxy = await startForbiddingProxy(
      sandbox.baseUrl,
      (method, path) => method === 'PUT' && path.endsWith(`/case/requests/${refused.id}`),
    );
    try {
      const run = {
        file: changed,
        mapping,
        mode: 'update' as const,
        sandbox,
        baseUrl: proxy.baseUrl,
        journal: join(dir, 'u.jsonl'),
        concurrency: 1,
      };
      const results = join(dir, 'u.json');
      expect(await importInProcess({ ...run, results })).toMatchObject({ updated: 2, failed: 1 });
      const rows = await resultsOf(results);
      expect(rows.map((row) => row.status)).toEqual(['updated', 'failed', 'updated']);
      expect(rows[1]).toMatchObject({ id: refused.id });
      expect(rows[1]!.errors[0]).toMatchObject({ code: 'write_refused' });
      expect(rows[1]!.errors[0]!.message).toBe(
        `Trackops refused this update of ${refused.case_request_number} (403 on PUT case/requests/${refused.id}): ${SAID} Nothing was changed. ` +
          `Other rows were written with the same credentials, so this is taken to be a refusal of ${refused.case_request_number} alone: ` +
          `ask a Trackops admin for permission on ${refused.case_request_number}, then import this row again.`,
      );
      expect(proxy.writes).toHaveLength(3);

      const again = join(dir, 'again.json');
      expect(await importInProcess({ ...run, resume: true, results: again })).toMatchObject({ failed: 1 });
      expect(proxy.writes, 'a refused row is reported again, not sent again').toHaveLength(3);
      expect((await resultsOf(again))[1]!.errors[0]!.code).toBe('write_refused');
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });

  it('on the first write: the run stops, says it guessed, and the row is sent again by --resume', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'refused-writes-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 3, 'RF');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    let refusing = true;
    const proxy = await startForbiddingProxy(sandbox.baseUrl, () => refusing);
    try {
      const run = {
        file,
        mapping: await templateMapping(),
        mode: 'create' as const,
        sandbox,
        baseUrl: proxy.baseUrl,
        journal: join(dir, 'c.jsonl'),
        concurrency: 1,
      };
      const results = join(dir, 'c.json');
      const stopped = await importInProcess({ ...run, results }).catch((error: unknown) => error);
      expect(stopped).toBeInstanceOf(WritesRefusedError);
      expect((stopped as Error).message).toBe(
        `Trackops refused the first write of this import (row 2: 403 on POST case/requests: "${SAID}"), and nothing has been written with these credentials yet. ` +
          'This tool guesses from that 403 that these credentials may not write (API access not enabled for this user, or no permission to change requests): ask a Trackops admin',
      );
      expect(proxy.writes).toHaveLength(1);
      const rows = await resultsOf(results);
      // Refused, so not in doubt: the row and those after it are reported not sent, for --resume.
      expect(rows.map((row) => row.status)).toEqual(['skipped', 'skipped', 'skipped']);
      expect(rows[0]!.errors[0]!.message).toBe(rows[1]!.errors[0]!.message);
      expect(rows[1]!.errors[0]!.message).toBe(
        'not sent: Trackops refused the first write with 403 (taken, as a guess, for a refusal of the credentials); run again with --resume to send it',
      );

      refusing = false;
      expect(await importInProcess({ ...run, resume: true })).toMatchObject({ created: 3, failed: 0 });
      expect(storedByReference(sandbox.account(), 'RF-').size).toBe(3);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });

  it(`after writes went through, ${3} refused in a row stop the run`, async () => {
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const { dir, changed, mapping, ids } = await seeded(sandbox, 6, 'RS');
    const proxy = await startForbiddingProxy(
      sandbox.baseUrl,
      (method, path) => method === 'PUT' && !path.endsWith(`/case/requests/${ids[0]!.id}`),
    );
    try {
      const results = join(dir, 'u.json');
      const stopped = await importInProcess({
        file: changed,
        mapping,
        mode: 'update',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal: join(dir, 'u.jsonl'),
        results,
        concurrency: 1,
      }).catch((error: unknown) => error);
      expect(stopped).toBeInstanceOf(WritesRefusedError);
      expect((stopped as Error).message).toMatch(
        /^Trackops refused 3 writes in a row \(the last, row 5: .*after accepting 1\. This tool guesses/,
      );
      expect(proxy.writes).toHaveLength(4);
      const rows = await resultsOf(results);
      expect(rows.map((row) => row.status)).toEqual([
        'updated',
        'failed',
        'failed',
        'skipped',
        'skipped',
        'skipped',
      ]);
      expect(rows[3]!.errors[0]!.message).toMatch(
        /^not sent: Trackops refused 3 writes in a row with 403 \(taken, as a guess/,
      );
      expect(rows.map((row) => row.errors[0]?.message ?? '').join('\n')).not.toMatch(/may have been updated/);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});
