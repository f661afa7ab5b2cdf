/**
 * A create answered 201 with a request the account already held (here one the import's own duplicate
 * check had just listed), while Trackops stored a new one: the answered request is not recorded as the
 * row's create. The real create is looked for as a lost answer is, recorded with a note naming both, and
 * a revert points at it. When Trackops stored nothing new (a server that de-duplicates), the row counts
 * as created but says so, and revert lists the request as not known to be the import's, never to
 * delete. Real HTTP: the CLI against a proxy in front of the sandbox; rows from the clean
 * sample.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { startExistingAnswerProxy, startOtherIdCreateProxy } from '../batch/proxies.ts';
import { TEMPLATE, connectionEnv, importCli } from './import-helpers.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

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
    runPython(FIRST_TWO, [CLEAN, join(dir, 'two.csv')]);
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

  it('with no new request found: the summary says so, and revert does not list it for deletion', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-answered-existing-'));
    runPython(FIRST_TWO, [CLEAN, join(dir, 'two.csv')]);
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const old = sandbox.account().case_requests[0]!;
    const proxy = await startExistingAnswerProxy(sandbox.baseUrl, old.id);
    try {
      const before = sandbox.account().case_requests.length;
      const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl };
      const run = await importCli(
        [
          'two.csv',
          '--mapping',
          TEMPLATE,
          '--rate',
          '100/s',
          '--results',
          'res.json',
          // Looked for again 50 ms later, not 1 s: the sandbox lists a create at once, so the second
          // look finds what the first did (nothing new), which is what this test is about.
          '--recheck-after',
          '0.05',
        ],
        dir,
        env,
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      expect(sandbox.account().case_requests).toHaveLength(before);
      expect(run.stdout).toContain(
        'Created 2 (2 of them answered with a request Trackops held before: not known to be created by this import)',
      );
      const rows = (
        JSON.parse(await readFile(join(dir, 'res.json'), 'utf8')) as {
          rows: { status: string; errors: { code: string; message: string }[] }[];
        }
      ).rows;
      expect(rows[0]!.errors[0]!.code).toBe('answered_existing');
      expect(rows[0]!.errors[0]!.message).toContain(
        `recorded with ${old.case_request_number} as answered, but is not known to be created by this import: revert leaves ${old.case_request_number} alone;`,
      );

      const revert = await runCli(
        [
          'revert',
          '--journal',
          join(dir, 'res.journal.jsonl'),
          '--dry-run',
          '--url',
          sandbox.baseUrl,
          '--user',
          sandbox.username,
          // The sandbox allows 1000/s: not a real account's 1 request/s, pacing no test here is about.
          '--rate',
          '100/s',
        ],
        { TRACKOPS_TOKEN: sandbox.token },
      );
      expect(revert.code, revert.stdout + revert.stderr).toBe(0);
      expect(revert.stdout).toContain(
        `row 2: ${old.case_request_number}: not known to be created by the import: Trackops answered its create with ${old.case_request_number}, which existed before the row was sent, ` +
          `and no request with the row's values was found: do not close or delete ${old.case_request_number}`,
      );
      expect(revert.stdout).not.toMatch(/close or delete [^:]*in Trackops \(the API cannot delete\)/);
      expect(revert.stdout).toContain(
        '0 created by the import; 2 not known to be created by the import (do not delete without checking: each row says why)',
      );
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
