/**
 * A resume's search for its own creates in doubt reads an account that changes while it is read. The
 * account holds 100 requests entered in the last minutes and the row's create (id 101), whose answer the
 * journal lost. While the resume's search reads its first full page, a colleague takes request 50 out of
 * the list (deleted, or accepted into a case) and enters a new referral: offset paging shifts by one, and
 * request 101 is on no later page while the count still matches. Before, the search missed the row's own
 * create and the row was sent a second time; the search now reads what came since its pin in windows of
 * time, each one answer (list-all.ts), and the row is settled by the request it made. Rule: a create in
 * doubt whose request exists is never sent again (CONTRACTS "without creating any case request twice").
 * Real HTTP: the sandbox behind a proxy that does what the colleague does (test/batch/leaving-list-proxy.ts);
 * the CLI spawned as a user runs it; rows written by Python's csv module (make-rows.py).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseRequestRecord } from '../../core/api/types.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { createThroughApi, recentAccount, referralLike } from '../helpers/sandbox-api.ts';
import { startLeavingListProxy, type LeavingListProxy } from '../batch/leaving-list-proxy.ts';
import { TEMPLATE, importCli } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

/** Requests entered in the minutes before the run (ids 1..100), one a second. */
const RECENT = 100;

let sandbox: RunningSandbox;
let proxy: LeavingListProxy | undefined;
let dir: string;
let env: NodeJS.ProcessEnv;
const posts: string[] = [];

/** A colleague's new referral, entered through the API (a copy of request 1 under a new claim number). */
async function newReferral(): Promise<void> {
  const one = sandbox.account().case_requests[0]!;
  await createThroughApi(sandbox, referralLike(one, 'CLM-NEW-000001'));
}

beforeEach(async () => {
  posts.length = 0;
  sandbox = await startSandbox({
    port: 0,
    rate: 1000,
    account: await recentAccount(RECENT),
    onRequest: (entry) => {
      if (entry.method === 'POST') posts.push(entry.url);
    },
  });
  dir = await mkdtemp(join(tmpdir(), 'busy-account-resume-'));
  env = {
    ...process.env,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
    XDG_DATA_HOME: join(dir, 'data'),
    // No wait for a late answer: the resume's one search is what settles the row.
    TRACKOPS_TEST_SETTLE_MS: '0',
  };
});
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  await sandbox.close();
});

function holding(claim: string): CaseRequestRecord[] {
  return sandbox.account().case_requests.filter((record) => record.reference_value_1 === claim);
}

describe("a resume's search for its creates in doubt, while one request leaves the list and another arrives", () => {
  it('finds the row’s own create the shifted pages skip, and sends nothing again', async () => {
    makeRows(join(dir, 'rows.csv'), 1, 'RSM');
    // No duplicate check: the resume's search alone says whether the row's create landed.
    const template = JSON.parse(await readFile(TEMPLATE, 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'mapping.json'), JSON.stringify({ ...template, duplicates: 'create' }));
    const command = [
      'rows.csv',
      '--mapping',
      'mapping.json',
      '--rate',
      '500/s',
      '--results',
      'a.json',
      '--json',
    ];

    // The first run is set-up, run by the import command's own code in this process (the same requests,
    // journal and results as spawned; a create import as spawned is test/cli/import.test.ts's); the
    // resume, what this test proves, is spawned.
    const first = await commandInProcess('import', command, dir, { ...env, TRACKOPS_URL: sandbox.baseUrl });
    expect(JSON.parse(first.stdout), first.stderr).toMatchObject({ created: 1 });
    const own = holding('RSM-0000');
    expect(own.map((record) => record.id)).toEqual([RECENT + 1]);
    // The create's answer never reached the journal (a crash): the row is in doubt.
    const journal = join(dir, 'a.journal.jsonl');
    const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
    expect(JSON.parse(lines.at(-1)!)).toMatchObject({ type: 'outcome', status: 'created' });
    await writeFile(journal, `${lines.slice(0, -1).join('\n')}\n`);
    const sent = posts.length;

    // The colleague acts after the first full page of any listing the resume reads.
    proxy = await startLeavingListProxy(sandbox.baseUrl, {
      afterPage: 1,
      leaves: 50,
      arrive: newReferral,
      after: (_page, records) => records === 100,
    });
    const resumed = await importCli([...command, '--resume'], dir, { ...env, TRACKOPS_URL: proxy.baseUrl });
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(holding('CLM-NEW-000001'), 'the colleague acted during the search').toHaveLength(1);
    expect(posts.length - sent, 'the colleague’s referral alone was created').toBe(1);
    expect(holding('RSM-0000')).toHaveLength(1);
    const results = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as {
      rows: { row: number; status: string; id?: number }[];
    };
    expect(results.rows.find((row) => row.row === 2)).toMatchObject({ status: 'created', id: RECENT + 1 });
    // What came since the pin was read in windows of time (created_to_system on a created_from_system list).
    const windows = proxy.asked.filter(
      (asked) => asked.includes('created_from_system=') && asked.includes('created_to_system='),
    );
    expect(windows.length).toBeGreaterThan(0);
  }, 60_000);
});
