/**
 * A create in doubt whose request a colleague worked on before the resume looked: its content no longer
 * matches (notes, the client's city, the adjuster's phone), but it is the only request created by the row's send window with
 * the row's case type, carrier, reference values and claimant (own-create.ts), so the resume takes it as
 * the row's create, says so with what now differs, and does not create the row a second time.
 * - stored late, after the resume's first search, then edited: found by the look after the send's
 *   settle window (before, that look compared content only and the row was created again);
 * - stored and edited before the resume: found by the resume's search.
 * Spawned CLI runs over real HTTP: a proxy in front of the sandbox stores each create after a delay,
 * whether or not the client still waits (the run is killed while it waits); the colleague's edit goes
 * to the sandbox's API. Rows written by Python's csv module (make-rows.py).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseRequestRecord } from '../../core/api/types.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { startSlowCreateProxy, type SlowCreateProxy } from '../batch/proxies.ts';
import { TEMPLATE, connectionEnv, exited, importCli, secretSandbox, spawnImport } from './import-helpers.ts';

/** A colleague's edit in Trackops itself: a note, the carrier's city and the adjuster's phone corrected. */
async function colleagueEdits(sandbox: RunningSandbox, record: CaseRequestRecord): Promise<void> {
  const answer = await fetch(`${sandbox.baseUrl}/case/requests/${record.id}`, {
    method: 'PUT',
    headers: {
      'content-type': 'application/json',
      authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
    },
    body: JSON.stringify({
      casefile_request: {
        notes: 'Called the claimant, left a voicemail.',
        client: { ...record.client, city: 'Golden' },
        contact: { ...record.contact, phone_office: '(303) 555-0199' },
      },
    }),
  });
  expect(answer.status).toBe(200);
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let waited = 0; !condition(); waited += 25) {
    if (waited > 30_000) throw new Error(`never: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Three rows; the run killed while row 2's create is held by the proxy (stored `delayMs` after it
 * came). `withoutClaims`: the rows have no claim number (the duplicate check cannot see them).
 */
async function killedWhileStoring(prefix: string, delayMs: number, withoutClaims = false) {
  const dir = await mkdtemp(join(tmpdir(), `cli-own-create-${prefix}-`));
  if (withoutClaims) makeRows(join(dir, 'rows.csv'), 3, prefix, [0, 1, 2], 'Denver', 'Check', 'Claim #');
  else makeRows(join(dir, 'rows.csv'), 3, prefix);
  const { sandbox, log } = await secretSandbox({ rate: 1000 });
  const before = sandbox.account().case_requests.length;
  const proxy: SlowCreateProxy = await startSlowCreateProxy(sandbox.baseUrl, delayMs);
  const command = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'a.json', '--json'];
  const child = spawnImport(command, dir, { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl });
  await until(() => proxy.received >= 1, 'the first create reached the proxy');
  child.kill('SIGKILL');
  expect((await exited(child)).signal).toBe('SIGKILL');
  // The requests the import made, in the order they were stored: row 2's first.
  const mine = () => sandbox.account().case_requests.slice(before);
  const posts = () => log.filter((entry) => entry.method === 'POST').length;
  return { dir, sandbox, proxy, command, mine, posts };
}

async function row2(dir: string) {
  const results = JSON.parse(await readFile(join(dir, 'a.json'), 'utf8')) as {
    rows: { row: number; status: string; id?: number; errors: { code: string; message: string }[] }[];
  };
  return results.rows.find((row) => row.row === 2)!;
}

describe("a create in doubt edited in Trackops since is found as the row's own, never created again", () => {
  it('stored late and edited during the wait: the look after the settle window finds it', async () => {
    const setup = await killedWhileStoring('ELC', 5000);
    try {
      expect(setup.mine()).toHaveLength(0);
      // The clerk resumes at once; the first create lands 5 s after it left, within its 10 s window.
      const resumed = importCli([...setup.command, '--resume'], setup.dir, {
        ...connectionEnv(setup.sandbox),
        TRACKOPS_URL: setup.proxy.baseUrl,
        TRACKOPS_TEST_SETTLE_MS: '10000',
      });
      await until(() => setup.mine().length === 1, 'the first create was stored');
      await colleagueEdits(setup.sandbox, setup.mine()[0]! as CaseRequestRecord);
      const run = await resumed;
      await setup.proxy.idle();
      expect(setup.mine(), 'each row stored once').toHaveLength(3);
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ created: 3, failed: 0, unsent: 0 });
      expect(setup.posts()).toBe(3);
      const row = await row2(setup.dir);
      expect(row).toMatchObject({ status: 'created', id: setup.mine()[0]!.id });
      expect(row.errors.map((error) => error.code)).toEqual(['stored_late']);
      expect(row.errors[0]!.message).toMatch(
        /was created -?\d+ s (after|before) this row's unanswered send \(within its window: from 5 min before the send, for clocks that differ, to 5 min 30 s after it, its 30 s timeout and 5 min\), with this row's case type, client, reference values and subject's name; it now differs from the row in client\.city, contact\.phone_office, notes \(edited in Trackops since, or filled in there\): no other request holds these, so it was taken as this row's create/,
      );
    } finally {
      await setup.proxy.close();
      await setup.sandbox.close();
    }
  }, 90_000);

  it('stored and edited before the resume: its search finds it, says what differs, sends nothing for it', async () => {
    // No claim numbers: the account's duplicate check cannot hold the row back by its key.
    const setup = await killedWhileStoring('ELR', 300, true);
    try {
      await until(() => setup.mine().length === 1, 'the first create was stored');
      await colleagueEdits(setup.sandbox, setup.mine()[0]! as CaseRequestRecord);
      const run = await importCli([...setup.command, '--resume'], setup.dir, {
        ...connectionEnv(setup.sandbox),
        TRACKOPS_URL: setup.proxy.baseUrl,
        TRACKOPS_TEST_SETTLE_MS: '0',
      });
      expect(run.code, run.stderr).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ created: 3, failed: 0, unsent: 0 });
      await setup.proxy.idle();
      expect(setup.mine(), 'each row stored once').toHaveLength(3);
      expect(setup.posts()).toBe(3);
      const row = await row2(setup.dir);
      expect(row).toMatchObject({ status: 'created', id: setup.mine()[0]!.id });
      expect(row.errors.map((error) => error.code)).toEqual(['found_edited']);
      expect(row.errors[0]!.message).toMatch(
        // Every field the row sent that the colleague changed, the client's and contact's parts too.
        /^found in Trackops: REQ-\d+ was created .*; it now differs from the row in client\.city, contact\.phone_office, notes \(edited in Trackops since, or filled in there\)/,
      );
    } finally {
      await setup.proxy.close();
      await setup.sandbox.close();
    }
  }, 90_000);
});
