/**
 * Update and upsert find their request through the list filters (CONTRACTS section 2 `match`): by id,
 * by case_request_number, by a reference value; none → "not found" (update) or a create (upsert; not
 * for an id or a number, which Trackops gives: refused); several → "ambiguous", never a guess.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Mapping } from '../../core/index.ts';
import { loadDemoAccount, startSandbox } from '../../sandbox/index.ts';
import { importInProcess, makeRows, templateMapping } from './helpers.ts';
import { startLooseFilterProxy } from './proxies.ts';
import { runPython } from '../helpers/run-python.ts';

/** A two-column CSV written by Python's csv module: key, notes. */
function csvOf(path: string, header: string, rows: [string, string][]): void {
  const script =
    'import csv,json,sys\nw=csv.writer(open(sys.argv[1],"w",newline=""))\nw.writerow(["Key","Notes"])\nw.writerows(json.loads(sys.argv[2]))';
  runPython(script.replace('"Key"', JSON.stringify(header)), [path, JSON.stringify(rows)]);
}

const mappingFor = (match: 'id' | 'case_request_number' | 'reference_value_1', header: string): Mapping =>
  ({
    version: 1,
    mode: 'update',
    match,
    columns: [
      { column: header, target: match },
      { column: 'Notes', target: 'notes' },
    ],
  }) as Mapping;

describe('match keys', () => {
  it.each([
    ['id', 'Trackops Id', ['1', '2']],
    ['case_request_number', 'Request', ['REQ-00001', 'REQ-00002']],
  ] as const)(
    'update by %s finds the one request; an unknown key fails "not found"',
    async (match, header, keys) => {
      const dir = await mkdtemp(join(tmpdir(), 'match-'));
      const file = join(dir, 'rows.csv');
      const missing = match === 'id' ? '99999' : 'REQ-99999';
      csvOf(file, header, [
        [keys[0], 'first by key'],
        [keys[1], 'second by key'],
        [missing, 'nobody'],
      ]);
      const sandbox = await startSandbox({ port: 0, rate: 1000 });
      try {
        const results = join(dir, 'results.json');
        const summary = await importInProcess({
          file,
          mapping: mappingFor(match, header),
          mode: 'update',
          sandbox,
          journal: join(dir, 'j.jsonl'),
          results,
        });
        expect(summary).toMatchObject({ updated: 2, failed: 1, created: 0 });
        const stored = sandbox.account().case_requests;
        expect(stored.find((request) => request.id === 1)!.notes).toBe('first by key');
        expect(stored.find((request) => request.id === 2)!.notes).toBe('second by key');
        const { readFile } = await import('node:fs/promises');
        const failed = JSON.parse(await readFile(results, 'utf8')).rows.find(
          (row: { status: string }) => row.status === 'failed',
        );
        // Not "--mode upsert": an upsert refuses an id or number no request has too (upsert_id_not_found).
        const words = match === 'id' ? 'id' : 'case request number';
        expect(failed.errors[0].message).toMatch(
          new RegExp(`no case request has ${words} '${missing}'; check the value .*create mode`),
        );
        expect(failed.errors[0].message).not.toContain('--mode upsert');
      } finally {
        await sandbox.close();
      }
    },
  );

  it.each([
    ['id', 'Trackops Id', '99999'],
    ['case_request_number', 'Request', 'REQ-99999'],
  ] as const)(
    'upsert by %s: a key no request has is not created (Trackops gives it)',
    async (match, header, missing) => {
      const dir = await mkdtemp(join(tmpdir(), 'match-upsert-'));
      const file = join(dir, 'rows.csv');
      csvOf(file, header, [[missing, 'made-up key']]);
      const sandbox = await startSandbox({ port: 0, rate: 1000 });
      try {
        const before = sandbox.account().case_requests.length;
        const summary = await importInProcess({
          file,
          mapping: {
            ...mappingFor(match, header),
            mode: 'upsert',
            constants: {
              case_type_id: 1,
              case_region_id: 1,
              created_on: '2026-12-01',
              'client.name': 'Acme Mutual',
              'client.country': 'US',
              'contact.last_name': 'Adjuster',
              'contact.email': 'adjuster@acme.example.com',
            },
          } as Mapping,
          mode: 'upsert',
          sandbox,
          journal: join(dir, 'j.jsonl'),
        });
        expect(summary).toMatchObject({ created: 0, updated: 0 });
        expect(summary.failed + summary.invalid).toBe(1);
        expect(sandbox.account().case_requests).toHaveLength(before);
      } finally {
        await sandbox.close();
      }
    },
  );

  it('a reference value two requests share is "ambiguous" (update and upsert), never a guess', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'match-amb-'));
    const file = join(dir, 'rows.csv');
    csvOf(file, 'Claim', [['SHARED-0000', 'which one?']]);
    const account = await loadDemoAccount();
    account.case_requests[0]!.reference_value_1 = 'SHARED-0000';
    account.case_requests[1]!.reference_value_1 = 'SHARED-0000';
    const sandbox = await startSandbox({ port: 0, rate: 1000, account });
    try {
      const update = await importInProcess({
        file,
        mapping: mappingFor('reference_value_1', 'Claim'),
        mode: 'update',
        sandbox,
        journal: join(dir, 'update.jsonl'),
      });
      expect(update).toMatchObject({ failed: 1, updated: 0, created: 0 });
      // Upsert: a full referral row whose Claim # two requests share is refused, not created or guessed.
      const full = join(dir, 'full.csv');
      makeRows(full, 1, 'SHARED', [], 'Denver', 'which one?');
      const upsert = await importInProcess({
        file: full,
        mapping: await templateMapping(),
        mode: 'upsert',
        sandbox,
        journal: join(dir, 'upsert.jsonl'),
      });
      expect(upsert).toMatchObject({ valid: 1, failed: 1, updated: 0, created: 0 });
      const touched = sandbox
        .account()
        .case_requests.filter((request) => request.notes?.startsWith('which one?'));
      expect(touched).toHaveLength(0);
    } finally {
      await sandbox.close();
    }
  });

  it('a server that ignores the key filter never makes an update land on the wrong request', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'match-loose-'));
    const account = await loadDemoAccount();
    const target = account.case_requests[2]!;
    const file = join(dir, 'rows.csv');
    csvOf(file, 'Claim', [
      [target.reference_value_1!, 'exactly this one'],
      ['NOBODY-HAS-THIS', 'must not land anywhere'],
    ]);
    const sandbox = await startSandbox({ port: 0, rate: 1000, account });
    // Every probe lists the whole account: only an exact key match may be updated.
    const proxy = await startLooseFilterProxy(sandbox.baseUrl, 'reference_value_1');
    try {
      const summary = await importInProcess({
        file,
        mapping: mappingFor('reference_value_1', 'Claim'),
        mode: 'update',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal: join(dir, 'j.jsonl'),
      });
      expect(summary).toMatchObject({ updated: 1, failed: 1, created: 0 });
      const after = sandbox.account().case_requests;
      expect(after.find((request) => request.id === target.id)!.notes).toBe('exactly this one');
      expect(after.filter((request) => request.notes === 'must not land anywhere')).toHaveLength(0);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });

  it('with one request in the account and the filter ignored, a key it does not have is "not found"', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'match-lone-'));
    const account = await loadDemoAccount();
    account.case_requests = [{ ...account.case_requests[0]!, reference_value_1: 'OTHER-0001' }];
    const file = join(dir, 'rows.csv');
    csvOf(file, 'Claim', [['CLM-0001', 'not for OTHER']]);
    const sandbox = await startSandbox({ port: 0, rate: 1000, account });
    const proxy = await startLooseFilterProxy(sandbox.baseUrl, 'reference_value_1');
    try {
      const summary = await importInProcess({
        file,
        mapping: mappingFor('reference_value_1', 'Claim'),
        mode: 'update',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal: join(dir, 'j.jsonl'),
      });
      expect(summary).toMatchObject({ updated: 0, failed: 1 });
      expect(sandbox.account().case_requests[0]!.notes).not.toBe('not for OTHER');
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});
