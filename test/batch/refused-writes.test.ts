/**
 * A write refused with 403 is a definite refusal: not done, and never "may have been updated". On one
 * record, after the same credentials wrote other rows, the row fails with Trackops's own words and the
 * run goes on; --resume sends it again (the permission may have been granted since) and says so. On the
 * first write, or on several in a row, the run stops as a credentials problem, says that is a guess from
 * the 403s, and every row of the streak is left for --resume to send. Real HTTP: a
 * proxy in front of the sandbox refuses the writes picked; rows written by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportProgress, ResultsJson } from '../../core/index.ts';
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
  it('on one record after others were written: that row failed with the words, the run goes on, --resume sends it again and says so', async () => {
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const { dir, changed, mapping, ids } = await seeded(sandbox, 3, 'RW');
    const refused = ids[1]!;
    let refusing = true;
    const proxy = await startForbiddingProxy(
      sandbox.baseUrl,
      (method, path) => refusing && method === 'PUT' && path.endsWith(`/case/requests/${refused.id}`),
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
      const name = refused.case_request_number;
      expect(rows[1]!.errors[0]!.message).toBe(
        `Trackops refused this update of ${name} (403 on PUT case/requests/${refused.id}): ${SAID} Nothing was changed. ` +
          `Other rows were written with the same credentials, so this is taken to be a refusal of ${name} alone: ` +
          `ask a Trackops admin for permission on ${name}, then run the import again with --resume, which sends this row again. ` +
          'If the row itself must change instead, fix it in the file and run the same import without --resume ' +
          '(a changed file cannot be resumed): rows already written are not sent again.',
      );
      expect(proxy.writes).toHaveLength(3);

      // Still refused: sent once more, and said to be refused again (not the old answer reprinted).
      const again = join(dir, 'again.json');
      expect(await importInProcess({ ...run, resume: true, results: again })).toMatchObject({ failed: 1 });
      expect(proxy.writes, 'only the refused row is sent again').toHaveLength(4);
      expect((await resultsOf(again))[1]!.errors[0]!.message).toMatch(
        new RegExp(
          `^Trackops refused this update of ${name} again \\(403 on PUT .*An earlier run of this import was refused the same way, and --resume sent the row again\\. `,
        ),
      );

      // Permission granted: --resume sends it, and the row says why it was sent now.
      refusing = false;
      const granted = join(dir, 'granted.json');
      expect(await importInProcess({ ...run, resume: true, results: granted })).toMatchObject({
        updated: 3,
        failed: 0,
      });
      expect(proxy.writes).toHaveLength(5);
      expect((await resultsOf(granted))[1]!.errors.map((error) => error.message)).toContain(
        'Trackops refused this row with 403 in an earlier run of this import; --resume sent it again, and Trackops accepted it.',
      );
      expect(
        JSON.stringify(sandbox.account().case_requests.find((request) => request.id === refused.id)),
      ).toContain('Follow up');
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
          'This tool guesses from that 403 that these credentials may not write (API access not enabled for this user, or no permission to change requests): ask a Trackops admin.',
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

  it(`after writes went through, ${3} refused in a row stop the run, and every row of the streak is sent by --resume`, async () => {
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const { dir, changed, mapping, ids } = await seeded(sandbox, 6, 'RS');
    let refusing = true;
    const proxy = await startForbiddingProxy(
      sandbox.baseUrl,
      (method, path) => refusing && method === 'PUT' && !path.endsWith(`/case/requests/${ids[0]!.id}`),
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
      const progress: ImportProgress[] = [];
      const stopped = await importInProcess({
        ...run,
        results,
        onProgress: (one) => progress.push(one),
      }).catch((error: unknown) => error);
      expect(stopped).toBeInstanceOf(WritesRefusedError);
      // The progress counts a refusal as it comes, while the streak is open; once the streak stops the
      // run, its rows are no longer counted failed: they are sent again.
      expect(progress.at(-1)).toMatchObject({ failed: 0 });
      expect(progress.at(-1)?.refusedUnsettled).toBeUndefined();
      expect((stopped as Error).message).toMatch(
        /^Trackops refused 3 writes in a row \(rows 3, 4, 5; the last, row 5: .*after accepting 1\. This tool guesses.*ask a Trackops admin\.$/,
      );
      expect(proxy.writes).toHaveLength(4);
      const rows = await resultsOf(results);
      // The first two of the streak end as the third does: not done, sent by --resume.
      expect(rows.map((row) => row.status)).toEqual([
        'updated',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
        'skipped',
      ]);
      for (const row of rows.slice(1))
        expect(row.errors[0]!.message).toMatch(
          /^not sent: Trackops refused 3 writes in a row with 403 \(taken, as a guess/,
        );
      expect(rows.map((row) => row.errors[0]?.message ?? '').join('\n')).not.toMatch(
        /may have been updated|alone/,
      );

      // Still refused: the streak starts again from the first row not done; no row is lost.
      await importInProcess({ ...run, resume: true }).catch((error: unknown) => error);
      expect(proxy.writes).toHaveLength(7);

      refusing = false;
      expect(await importInProcess({ ...run, resume: true })).toMatchObject({ updated: 6, failed: 0 });
      expect(proxy.writes).toHaveLength(12);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });

  it('on one create after others were written: worded as a guess about the row, not a refusal of "this create alone"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'refused-writes-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 3, 'RC');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    let posts = 0;
    const proxy = await startForbiddingProxy(sandbox.baseUrl, (method) => method === 'POST' && ++posts === 2);
    try {
      const results = join(dir, 'c.json');
      expect(
        await importInProcess({
          file,
          mapping: await templateMapping(),
          mode: 'create',
          sandbox,
          baseUrl: proxy.baseUrl,
          journal: join(dir, 'c.jsonl'),
          results,
          concurrency: 1,
        }),
      ).toMatchObject({ created: 2, failed: 1 });
      expect((await resultsOf(results))[1]!.errors[0]!.message).toBe(
        `Trackops refused this create (403 on POST case/requests): ${SAID} Nothing was created. ` +
          'Other rows were written with the same credentials, so this tool guesses that Trackops refused something in this row ' +
          '(a value these credentials may not set), not the credentials: check the row with a Trackops admin. ' +
          'If permission is granted, run the import again with --resume, which sends this row again. ' +
          'If the row itself must change instead, fix it in the file and run the same import without --resume ' +
          '(a changed file cannot be resumed): rows already written are not sent again.',
      );
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});
