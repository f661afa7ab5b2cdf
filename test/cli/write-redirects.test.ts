/**
 * Redirects answered to writes (explore 29 items 1 and 4). A `303 See Other` to the request a create
 * made (Post/Redirect/Get) is the API saying it is done: read there once, recorded created, and never
 * sent again by a second import. A sign-in gateway's `302` to its login page is not the API: the run
 * stops at once as for a login page served in place (exit 3), the row that got it in doubt, the rows
 * not reached left for --resume, which finishes with every row created once. Real HTTP: the CLI
 * through a proxy in front of the sandbox, which counts the requests; rows written by Python's csv.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { createdId, startAnsweringProxy } from '../batch/answering-proxy.ts';
import { TEMPLATE, connectionEnv, importCli } from './import-helpers.ts';
import { runPython } from '../helpers/run-python.ts';

const CLEAN = new URL('../../samples/referrals-clean.csv', import.meta.url).pathname;

// The sample's first rows without their claim numbers (not yet known: the account's duplicate check
// cannot see such a row twice, so only the tool keeps it from being created twice).
const FIRST_ROWS = `
import csv, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    rows = list(csv.reader(f))
for row in rows[1:]:
    row[0] = ''
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    csv.writer(f).writerows(rows[:1 + int(sys.argv[3])])
`;

interface ResultRow {
  row: number;
  status: string;
  id?: number;
  errors: { code: string; message: string }[];
}

async function rowsOf(path: string): Promise<ResultRow[]> {
  return (JSON.parse(await readFile(path, 'utf8')) as { rows: ResultRow[] }).rows;
}

describe('a write answered with a redirect', () => {
  it('a 303 See Other to the new request is a create done: read there once, recorded, never sent twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-303-'));
    runPython(FIRST_ROWS, [CLEAN, join(dir, 'rows.csv'), '3']);
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method }) =>
      method === 'POST'
        ? (answer) =>
            answer.status === 201
              ? { status: 303, headers: { location: `/api/v1/case/requests/${createdId(answer)}` }, body: '' }
              : answer
        : 'forward',
    );
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl, TRACKOPS_TEST_SETTLE_MS: '0' };
    try {
      const before = sandbox.account().case_requests.length;
      const run = await importCli(
        ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'res.json'],
        dir,
        env,
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const created = sandbox.account().case_requests.slice(before);
      expect(created).toHaveLength(3);
      expect((await rowsOf(join(dir, 'res.json'))).map((row) => [row.status, row.id])).toEqual(
        created.map((request) => ['created', request.id]),
      );
      // One POST per row, and one read of the address each 303 named: no search of the account.
      expect(proxy.count('POST')).toBe(3);
      expect(proxy.count('GET', /\/case\/requests\/\d+$/)).toBe(3);
      expect(proxy.count('GET', /created_from_system/)).toBe(0);
      expect(run.stdout).toContain(
        "Trackops answered 3 creates without the request they made: 3 were read where the answer's Location said (1 request more each).",
      );

      // The file imported again, as a clerk would after a run said "failed": nothing is created twice.
      const again = await importCli(
        ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'res2.json'],
        dir,
        env,
      );
      expect(again.code, again.stdout + again.stderr).toBe(0);
      expect(sandbox.account().case_requests).toHaveLength(before + 3);
      expect(proxy.count('POST')).toBe(3);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);

  it("a sign-in gateway's 302 mid-run stops the run at once (exit 3); --resume once signed in creates every row once", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-sso-302-'));
    runPython(FIRST_ROWS, [CLEAN, join(dir, 'rows.csv'), '4']);
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    // Its session expires after two creates: from then on it answers every request itself.
    let expired = false;
    const proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method, nth }) => {
      if (method === 'POST' && nth > 2) expired = true;
      return expired
        ? {
            status: 302,
            headers: { location: 'https://sso.acme.example/login?return=/api/v1/case/requests' },
            body: '',
          }
        : 'forward';
    });
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl, TRACKOPS_TEST_SETTLE_MS: '0' };
    const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'res.json'];
    try {
      const before = sandbox.account().case_requests.length;
      const run = await importCli(args, dir, env);
      expect(run.code, run.stdout + run.stderr).toBe(3);
      expect(proxy.count('POST')).toBe(3);
      expect(run.stderr).toContain(
        'POST case/requests was redirected (302) to https://sso.acme.example/login?return=…; redirects are not followed',
      );
      expect(run.stderr).toContain("Row 4's create may or may not have reached Trackops: it stays in doubt");
      expect(run.stderr).toContain('--resume');
      // The stop says where the run stands on stdout (explore 32 item 2: nothing was printed).
      expect(run.stdout).toMatch(
        /^4 rows: 4 valid, 0 invalid\. Created 2, .*not sent 2 \(the run was stopped\)/,
      );
      const rows = await rowsOf(join(dir, 'res.json'));
      expect(rows.map((row) => [row.row, row.status, row.errors[0]?.code])).toEqual([
        [2, 'created', undefined],
        [3, 'created', undefined],
        [4, 'skipped', 'in_doubt'],
        [5, 'skipped', 'not_sent'],
      ]);
      expect(rows[3]!.errors[0]!.message).toContain(
        'Trackops answered with a redirect (302) to https://sso.acme.example/login?return=…, not the API',
      );

      // Signed in again: the resume looks for row 4 (not there: the gateway kept it), then sends 4 and 5.
      proxy.answerWith(() => 'forward');
      const resumed = await importCli([...args, '--resume'], dir, env);
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      expect(sandbox.account().case_requests).toHaveLength(before + 4);
      expect(proxy.count('POST')).toBe(5);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
