/**
 * One file imported into two Trackops accounts (a firm's two offices, each its own host) from the
 * command line, the journal at its default place beside the file. Exploratory round: the import into
 * the second account said "Nothing left to send: the earlier run of this import … wrote every row"
 * and exited 0 with nothing sent there (the journal was the first account's), and `validate` against
 * the second account called every row "already sent" by the first account's import. Now the first
 * account's journal is kept beside (as another run's is) and the second import sends every row there,
 * once; validate against the second account does not read the first's journal as its own; and a
 * --resume into the other account is refused, naming the account and the way out.
 *
 * Two sandboxes on two hosts (127.0.0.1 and 127.0.0.2: Linux answers all of 127/8 on loopback), over
 * real HTTP; the rows written by Python's csv module; every command spawned as a user runs it.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import {
  TEMPLATE,
  connectionEnv,
  importCli,
  runCli,
  secretSandbox,
  type SandboxWithLog,
} from './import-helpers.ts';

let officeA: SandboxWithLog;
let officeB: SandboxWithLog;

beforeAll(async () => {
  officeA = await secretSandbox({ rate: 1000, host: '127.0.0.1' });
  officeB = await secretSandbox({ rate: 1000, host: '127.0.0.2' });
});
afterAll(async () => {
  await officeA?.sandbox.close();
  await officeB?.sandbox.close();
});

const posts = (office: SandboxWithLog) => office.log.filter((entry) => entry.method === 'POST').length;
/** Every row of the file in the office's account, each once. */
function holdsEachOnce(sandbox: RunningSandbox, prefix: string, rows: number): void {
  const stored = storedByReference(sandbox.account(), prefix);
  expect(stored.size).toBe(rows);
  for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
}

describe('one file imported into two accounts', () => {
  it("the second account's import sends every row there once; the first's journal is kept", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-two-accounts-'));
    makeRows(join(dir, 'referrals.csv'), 5, 'TWO');
    const base = ['referrals.csv', '--mapping', TEMPLATE, '--rate', '100/s'];
    const envA = connectionEnv(officeA.sandbox);
    const envB = connectionEnv(officeB.sandbox);
    const journal = join(dir, 'referrals.journal.jsonl');

    const intoA = await importCli(base, dir, envA);
    expect(intoA.code, intoA.stderr).toBe(0);
    holdsEachOnce(officeA.sandbox, 'TWO-', 5);
    const journalA = await readFile(journal, 'utf8');
    const recordedA = (JSON.parse(journalA.split('\n')[0]!) as { account: string }).account;

    // Validate against B: nothing of A's import is "already sent" there.
    const checkB = await runCli('validate', base, dir, envB);
    expect(checkB.code, checkB.stderr).toBe(0);
    expect(checkB.stdout).not.toContain('already sent');
    expect(checkB.stdout).toContain('An import would: 5 create.');

    // A --resume into B is refused before anything is sent, naming the account the journal is of.
    const resumeB = await importCli([...base, '--resume'], dir, envB);
    expect(resumeB.code).toBe(2);
    expect(resumeB.stderr).toContain(`is of a run into another account`);
    expect(resumeB.stderr).toContain(`not ${officeB.sandbox.baseUrl}`);
    expect(posts(officeB)).toBe(0);

    const intoB = await importCli(base, dir, envB);
    expect(intoB.code, intoB.stderr).toBe(0);
    expect(intoB.stdout).not.toContain('Nothing left to send');
    expect(intoB.stdout).toContain('Created 5,');
    holdsEachOnce(officeB.sandbox, 'TWO-', 5);
    expect(posts(officeB)).toBe(5);
    // A's journal kept beside, as written, and said.
    const kept = (await readdir(dir)).filter((name) => /^referrals\.journal\..+\.jsonl$/.test(name));
    expect(kept).toHaveLength(1);
    expect(await readFile(join(dir, kept[0]!), 'utf8')).toBe(journalA);
    expect(intoB.stderr).toContain(
      `journal ${journal} held an earlier import of referrals.csv into another account (${recordedA}) (5 rows written); ` +
        `it was kept as ${join(dir, kept[0]!)} (what resumes or reverts that run, connected to that account), and this run's journal starts afresh`,
    );

    // A again, from the default place (now B's journal): nothing of A's is created a second time.
    const postsA = posts(officeA);
    const againA = await importCli(base, dir, envA);
    expect(againA.code, againA.stderr).toBe(0);
    expect(posts(officeA)).toBe(postsA);
    holdsEachOnce(officeA.sandbox, 'TWO-', 5);
    holdsEachOnce(officeB.sandbox, 'TWO-', 5);
  });
  it("with --results: A's trial and its results are kept beside, B gets every row, and A's run is finished later", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-two-accounts-results-'));
    makeRows(join(dir, 'trial.csv'), 5, 'TRI', [], 'Aurora', 'Trial file');
    const base = ['trial.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'out.csv'];
    const envA = connectionEnv(officeA.sandbox);
    const envB = connectionEnv(officeB.sandbox);

    const trialA = await importCli([...base, '--limit', '2'], dir, envA);
    expect(trialA.code, trialA.stderr).toBe(0);
    expect(storedByReference(officeA.sandbox.account(), 'TRI-').size).toBe(2);
    const postsB = posts(officeB);

    const intoB = await importCli(base, dir, envB);
    expect(intoB.code, intoB.stderr).toBe(0);
    expect(intoB.stdout).toContain('Created 5,');
    holdsEachOnce(officeB.sandbox, 'TRI-', 5);
    expect(posts(officeB) - postsB).toBe(5);
    const keptJournal =
      /it was kept as (\S+) \(what resumes or reverts that run, connected to that account\)/.exec(
        intoB.stderr,
      )?.[1];
    const keptResults =
      /out\.csv held the results of an earlier import \(2 rows created\); it was kept as (\S+),/.exec(
        intoB.stderr,
      )?.[1];
    expect(keptJournal, intoB.stderr).toBeDefined();
    expect(keptResults, intoB.stderr).toBeDefined();
    // Nothing of this command line (B's connection) is offered to finish A's trial.
    expect(intoB.stderr).not.toContain('did not finish');

    // Connected to A, its trial is finished from what was kept: the 3 rows left, nothing twice.
    const restA = await importCli(
      [
        'trial.csv',
        '--mapping',
        TEMPLATE,
        '--rate',
        '100/s',
        '--results',
        keptResults!,
        '--journal',
        keptJournal!,
        '--resume',
      ],
      dir,
      envA,
    );
    expect(restA.code, restA.stderr).toBe(0);
    holdsEachOnce(officeA.sandbox, 'TRI-', 5);
    holdsEachOnce(officeB.sandbox, 'TRI-', 5);
  });
});
