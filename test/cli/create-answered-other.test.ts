/**
 * A create answered 201 with a request the account already held (here one the import's own duplicate
 * check had just listed), while Trackops stored a new one: the answered request is not recorded as the
 * row's create. The real create is looked for as a lost answer is, recorded with a note naming both, and
 * a revert points at it. Real HTTP: the CLI against a proxy in front of the sandbox; rows from the clean
 * sample.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { startOtherIdCreateProxy } from '../batch/proxies.ts';
import { TEMPLATE, connectionEnv, importCli } from './import-helpers.ts';

const CLEAN = new URL('../../samples/referrals-clean.csv', import.meta.url).pathname;

// The sample's first two referrals, written by Python's csv module (its cells hold line breaks).
const FIRST_TWO = `
import csv, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    rows = list(csv.reader(f))
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    csv.writer(f).writerows(rows[:3])
`;

describe('a create answered with a request that existed before it was sent', () => {
  it('is not recorded as the row: the request Trackops created is found and recorded, with a note', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-answered-other-'));
    execFileSync('python3', ['-c', FIRST_TWO, CLEAN, join(dir, 'two.csv')]);
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const old = sandbox.account().case_requests[0]!;
    const proxy = await startOtherIdCreateProxy(sandbox.baseUrl, old.id);
    try {
      const before = sandbox.account().case_requests.length;
      const run = await importCli(
        ['two.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'res.json'],
        dir,
        { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const created = sandbox.account().case_requests.slice(before);
      expect(created).toHaveLength(2);
      const rows = (
        JSON.parse(await readFile(join(dir, 'res.json'), 'utf8')) as {
          rows: { status: string; id?: number; errors: { code: string; message: string }[] }[];
        }
      ).rows;
      expect(rows.map((row) => [row.status, row.id])).toEqual(
        created.map((request) => ['created', request.id]),
      );
      expect(rows[0]!.errors[0]!.code).toBe('answer_not_new');
      expect(rows[0]!.errors[0]!.message).toBe(
        `Trackops answered this create with ${old.case_request_number}, which this import's own check of the account had read before this row was sent: ` +
          `not a request this row created. ${created[0]!.case_request_number}, created since with this row's values, is recorded as this row's create instead; ` +
          `check in Trackops that ${old.case_request_number} was not changed.`,
      );
      const journal = await readFile(join(dir, 'res.journal.jsonl'), 'utf8');
      expect(journal).not.toMatch(new RegExp(`"type":"outcome"[^\\n]*"id":${old.id}[,}]`));
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
