/**
 * A resumed import asks Trackops only about the rows it may still send (explore 56 item 1): the rows its
 * journal settled are reported as the journal has them, without a look-up each. On an account large
 * enough that the check looks each key up (its listing would take more pages than the file has keys),
 * counted by the sandbox:
 * - "a trial of 15 rows, then the rest" of a 20-row update: the resume looks up the 5 keys left, not 20;
 * - a create killed (kill -9) mid-run: the resume looks up only the rows its journal had not settled,
 *   and every row is stored exactly once.
 * Spawned CLI runs over real HTTP (the trial, set-up, the import command's own code in this process);
 * the sheets written by Python's csv module.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE, exited, importCli, spawnImport, waitForOutcomes } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';
import { NOTES_BY_CLAIM, bigClaim, largeAccount, sandboxEnv, type LoggedSandbox } from './large-account.ts';

/** More requests than 20 keys' worth of listing pages (100 a page): each key is looked up. */
const ACCOUNT_SIZE = 3000;

function env(sandbox: RunningSandbox): NodeJS.ProcessEnv {
  // A resume right after a kill: no settle window for the send in flight (resume-too-soon.test.ts has one).
  return { ...sandboxEnv(sandbox), TRACKOPS_TEST_SETTLE_MS: '0' };
}

/** Look-ups of one key each (`reference_value_1=…`) among the requests logged from `from` on. */
function lookUps(urls: LoggedSandbox['urls'], from: number): number {
  return urls.slice(from).filter(({ method, url }) => method === 'GET' && /[?&]reference_value_1=/.test(url))
    .length;
}

describe('a resume looks up only the rows it may still send', () => {
  it('a trial of 15 update rows, then --resume: 5 look-ups for the 5 rows left, each row written once', async () => {
    const { sandbox, urls } = await largeAccount(ACCOUNT_SIZE);
    const dir = await mkdtemp(join(tmpdir(), 'resume-rows-left-'));
    try {
      const claims = Array.from({ length: 20 }, (_, index) => bigClaim(100 + index));
      writeCsvByPython(join(dir, 'upd.csv'), [
        ['Claim #', 'Instructions'],
        ...claims.map((claim) => [claim, `follow up ${claim}`]),
      ]);
      await writeFile(join(dir, 'upd.json'), JSON.stringify(NOTES_BY_CLAIM));
      const args = ['upd.csv', '--mapping', 'upd.json', '--rate', '1000/s', '--results', 'res.csv'];
      // The trial is set-up, run by the import command's own code in this process (the same requests and
      // journal as spawned; an update trial with --limit as spawned is
      // test/cli/colleague-edit-during-update.test.ts's "--resume after a trial…"). The resume is spawned.
      const trial = await commandInProcess('import', [...args, '--limit', '15'], dir, env(sandbox));
      expect(trial.code).toBe(0);
      expect(lookUps(urls, 0)).toBe(20);

      const before = urls.length;
      const resumed = await importCli([...args, '--resume'], dir, env(sandbox));
      expect(resumed.code).toBe(0);
      expect(lookUps(urls, before)).toBe(5);
      expect(urls.slice(before).filter(({ method }) => method === 'PUT')).toHaveLength(5);
      expect(resumed.stdout).toContain('5 rows were checked against 3,000 requests with 5 look-ups');
      expect(resumed.stdout).toMatch(/15 rows were settled by the earlier run/);
      // Every row's note written, each request written once (trial 15, resume 5).
      const notes = new Map(
        sandbox.account().case_requests.map((record) => [record.reference_value_1, record.notes]),
      );
      for (const claim of claims) expect(notes.get(claim)).toBe(`follow up ${claim}`);
      expect(urls.filter(({ method }) => method === 'PUT')).toHaveLength(20);
    } finally {
      await sandbox.close();
    }
  });

  it('a create killed mid-run (kill -9): the resume looks up the unsettled rows only, every row stored once', async () => {
    const { sandbox, urls } = await largeAccount(ACCOUNT_SIZE);
    const dir = await mkdtemp(join(tmpdir(), 'resume-rows-left-kill-'));
    const ROWS = 20;
    try {
      makeRows(join(dir, 'rows.csv'), ROWS, 'KILL');
      const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '8/s', '--journal', 'j.jsonl'];
      const child = spawnImport(args, dir, env(sandbox));
      await waitForOutcomes(join(dir, 'j.jsonl'), 6);
      child.kill('SIGKILL');
      await exited(child);
      // What the killed run's journal settled: rows with an outcome line.
      const lines = (await readFile(join(dir, 'j.jsonl'), 'utf8'))
        .split('\n')
        .filter((line) => line.includes('"type":"outcome"'));
      const settled = new Set(lines.map((line) => (JSON.parse(line) as { row: number }).row));
      expect(settled.size).toBeGreaterThanOrEqual(6);
      expect(settled.size).toBeLessThan(ROWS);

      const before = urls.length;
      const resumed = await importCli([...args, '--resume', '--json'], dir, env(sandbox));
      expect(resumed.code).toBe(0);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ rows: ROWS, created: ROWS, failed: 0 });
      expect(lookUps(urls, before)).toBe(ROWS - settled.size);
      // Exactly once: each claim number held by one request.
      const held = sandbox
        .account()
        .case_requests.filter((record) => String(record.reference_value_1 ?? '').startsWith('KILL-'));
      expect(new Set(held.map((record) => record.reference_value_1)).size).toBe(ROWS);
      expect(held).toHaveLength(ROWS);
    } finally {
      await sandbox.close();
    }
  });
});
