/**
 * A create in doubt whose claim number the account holds when the run is resumed: the resume's plan
 * refuses the row as a duplicate, and the request holding the claim may be the row's own create or
 * another's. Before, such a row was written `duplicate` without a word: its own create (edited in
 * Trackops since) was called a duplicate, and the journal settled the row without the request.
 * Rules (duplicate-in-doubt.ts): the row's own create, edited since, is found as the row's (`created`,
 * said how); a request another person typed in outside the send's window is named as another's, and the
 * row is `duplicate`, said why; neither sends anything. Spawned CLI runs over real HTTP against the
 * sandbox (a proxy swallows a create on its way); rows written by Python's csv module (make-rows.py).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseRequestRecord } from '../../core/api/types.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startSwallowingCreateProxy } from '../batch/proxies.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox, spawnImport } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

/** A colleague's write in Trackops itself (the sandbox's API, as the web app would make it). */
async function colleague(
  sandbox: RunningSandbox,
  method: string,
  path: string,
  body: Record<string, unknown>,
): Promise<CaseRequestRecord> {
  const answer = await fetch(`${sandbox.baseUrl}/${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
    },
    body: JSON.stringify({ casefile_request: body }),
  });
  expect(answer.status).toBeLessThan(300);
  return (await answer.json()) as CaseRequestRecord;
}

type Results = {
  rows: { row: number; status: string; id?: number; errors: { code: string; message: string }[] }[];
};

async function resultOf(dir: string, row: number) {
  const results = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as Results;
  return results.rows.find((line) => line.row === row)!;
}

const command = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'a.json', '--json'];

describe('a create in doubt whose claim number Trackops holds on resume', () => {
  it("its own create, edited since, is found as the row's, not called a duplicate", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-duplicate-doubt-own-'));
    makeRows(join(dir, 'rows.csv'), 3, 'DDO');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = { ...connectionEnv(sandbox), TRACKOPS_TEST_SETTLE_MS: '0' };
    try {
      // The import whose last answer is then cut is set-up, run by the import command's own code in this
      // process (the same requests, journal and --json summary; a create import with --json as spawned is
      // test/cli/account-spellings.test.ts's "rows without a claim number…"). The resume is spawned.
      const first = await commandInProcess('import', command, dir, env);
      expect(JSON.parse(first.stdout)).toMatchObject({ created: 3 });
      // Killed before the last create's answer reached the journal; the request was stored.
      const journal = join(dir, 'a.journal.jsonl');
      const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
      expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'outcome', status: 'created' });
      await writeFile(journal, `${lines.slice(0, -1).join('\n')}\n`);
      const own = sandbox.account().case_requests.at(-1)! as CaseRequestRecord;
      await colleague(sandbox, 'PUT', `case/requests/${own.id}`, { notes: 'Called the claimant.' });
      const posts = log.filter((entry) => entry.method === 'POST').length;

      const resumed = await importCli([...command, '--resume'], dir, env);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ created: 3, duplicate: 0 });
      expect(log.filter((entry) => entry.method === 'POST').length, 'nothing sent').toBe(posts);
      const row = await resultOf(dir, 4);
      expect(row).toMatchObject({ status: 'created', id: own.id });
      expect(row.errors[0]!.message).toMatch(
        new RegExp(
          `^found in Trackops: ${own.case_request_number} was created .*; it now differs from the row in notes `,
        ),
      );
      // The journal records the row's request, so a revert knows it.
      expect((await readFile(journal, 'utf8')).split('\n').filter(Boolean).at(-1)).toMatch(
        new RegExp(`"row":4,"status":"created","id":${own.id}`),
      );
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it("a request typed in by a colleague after the send's window is named as another's; the row is a duplicate of it", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-duplicate-doubt-other-'));
    makeRows(join(dir, 'rows.csv'), 3, 'DDA');
    let later = 0;
    const { sandbox, log } = await secretSandbox({ rate: 1000, now: () => new Date(Date.now() + later) });
    const proxy = await startSwallowingCreateProxy(sandbox.baseUrl, 3);
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl, TRACKOPS_TEST_SETTLE_MS: '0' };
    try {
      // The third create is lost on its way (never stored); the run is killed waiting for its answer.
      const child = spawnImport(command, dir, env);
      await proxy.swallowed;
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
      const first = sandbox.account().case_requests.at(-1)!;
      // Twenty minutes later by Trackops' clock, a colleague types the third referral's claim in by hand.
      later = 20 * 60_000;
      const typed = await colleague(sandbox, 'POST', 'case/requests', {
        case_type_id: first.case_type_id,
        case_region_id: first.case_region_id,
        created_on: first.created_on,
        client: first.client,
        contact: first.contact,
        reference_value_1: 'DDA-0002',
        notes: 'Typed in by hand',
      });
      const posts = log.filter((entry) => entry.method === 'POST').length;

      const resumed = await importCli([...command, '--resume'], dir, env);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ created: 2, duplicate: 1 });
      expect(log.filter((entry) => entry.method === 'POST').length, 'nothing sent').toBe(posts);
      const row = await resultOf(dir, 4);
      expect(row.status).toBe('duplicate');
      expect(row.errors.map((error) => error.code)).toEqual(['in_doubt_duplicate']);
      expect(row.errors[0]!.message).toMatch(
        new RegExp(
          `^not sent: an earlier run of this journal sent this row at \\d\\d:\\d\\d:\\d\\d and got no answer \\(in doubt\\); Trackops was searched for that send .* and it is not there\\. ` +
            `Trackops already holds this row's Claim # 'DDA-0002' in ${typed.case_request_number} \\(created [-\\d: ]+ UTC, 20 min after that send, outside its window: from 5 min before the send, for clocks that differ, to 5 min 30 s after it, its 30 s timeout and 5 min\\): ` +
            "another request for this claim, typed in by a colleague or another tool, not this row's, so this row was not sent",
        ),
      );
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
