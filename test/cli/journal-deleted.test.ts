/**
 * A journal deleted after a trial run (explore 52 item 2): the trial `--limit 2` created 2 rows without
 * claim numbers; the clerk deleted its journal, and the refused `--resume` advised starting from the
 * beginning, saying earlier creates are not sent again: that run created the 2 rows again and deleted
 * the trial's results file, which named them. Spawned CLI runs against a sandbox over HTTP; rows written
 * by Python's csv module, without claim numbers, so the account's duplicate check cannot save them.
 * Each test names the rule:
 * - the refused resume says what the results file lists and that its journal must be put back; the
 *   advised start refuses while no journal records the rows the results file lists as created, names
 *   them, sends nothing and keeps that file; with the journal put back, the run creates only the rest;
 * - a journal the account's list remembers that is gone is said (once), not passed over;
 * - a results file listing created rows is kept aside by the next run given it, never deleted.
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox, type SandboxWithLog } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

let running: SandboxWithLog;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  running = await secretSandbox({ rate: 1000 });
  // The account's list of journals kept apart from other tests'.
  env = { ...connectionEnv(running.sandbox), XDG_DATA_HOME: await mkdtemp(join(tmpdir(), 'deleted-data-')) };
});
afterAll(() => running.sandbox.close());

/** How many requests the account holds of each row of `note` (make-rows.py: notes "NOTE i"). */
function storedByNote(note: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of running.sandbox.account().case_requests) {
    if (!request.notes?.startsWith(`${note} `)) continue;
    counts.set(request.notes, (counts.get(request.notes) ?? 0) + 1);
  }
  return counts;
}

const FIVE = [0, 1, 2, 3, 4];

/**
 * A trial run that is a test's set-up, run by the import command's own code in this process with the
 * test's folder and environment (the same requests, journal, results and journal list as spawned; a
 * create import with --limit as spawned is the --json trial of test/cli/import-stop-signals.test.ts ("import --json stopped by Ctrl-C")).
 * The runs each test is about are spawned.
 */
const setUpImport = (args: string[], cwd: string) => commandInProcess('import', args, cwd, env);

describe('a journal deleted after a trial run', () => {
  it('the resume and the run from the beginning say the results file lists created rows; nothing is created twice, the file is kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deleted-trial-'));
    const note = 'Deleted trial';
    makeRows(join(dir, 'rows.csv'), 5, 'DEL', FIVE, 'Aurora', note, 'Claim #');
    await mkdir(join(dir, 'out'));
    const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '200/s', '--results', 'out/res.csv'];
    const trial = await setUpImport([...base, '--limit', '2'], dir);
    expect(trial.code, trial.stderr).toBe(0);
    expect(storedByNote(note).size).toBe(2);
    const trialResults = await readFile(join(dir, 'out', 'res.csv'));
    await rm(join(dir, 'out', 'res.journal.jsonl'));

    const resumed = await importCli([...base, '--resume'], dir, env);
    expect(resumed.code).toBe(2);
    expect(resumed.stderr).not.toContain('rows an earlier import into this account created');
    expect(resumed.stderr).toContain(
      'out/res.csv lists 2 rows an earlier run created. If the journal that recorded them (out/res.journal.jsonl by default) was deleted, put it back',
    );

    const again = await importCli(base, dir, env);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /out\/res\.csv lists 2 rows an earlier import created \(row 2: REQ-\d+, row 3: REQ-\d+\), and no journal of this account records them/,
    );
    expect(again.stderr).toContain('Nothing was sent');
    expect(storedByNote(note).size).toBe(2);
    expect(await readFile(join(dir, 'out', 'res.csv'))).toEqual(trialResults);
    expect(await readdir(join(dir, 'out'))).toEqual(['res.csv']);
  }, 60_000);

  it('a remembered journal that is gone is said; a results file listing created rows is kept aside, not deleted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'deleted-elsewhere-'));
    const note = 'Deleted elsewhere';
    makeRows(join(dir, 'rows.csv'), 4, 'DEE', [0, 1, 2, 3], 'Parker', note, 'Claim #');
    const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '200/s'];
    const trial = await setUpImport(
      [...base, '--limit', '1', '--journal', 'monday.jsonl', '--results', 'res.csv'],
      dir,
    );
    expect(trial.code, trial.stderr).toBe(0);

    // Elsewhere, the same file, another journal: the first journal deleted since.
    const other = join(dir, 'other');
    await mkdir(other);
    await copyFile(join(dir, 'rows.csv'), join(other, 'rows.csv'));
    await rm(join(dir, 'monday.jsonl'));
    const elsewhere = await importCli([...base, '--limit', '1'], other, env);
    expect(elsewhere.stderr).toContain(
      `the journal ${join(dir, 'monday.jsonl')}, which an earlier import into this account kept, is gone: the rows it created are not recognised`,
    );
    // Said once: the list forgets it.
    const later = await importCli([...base, '--limit', '1', '--journal', 'later.jsonl'], other, env);
    expect(later.stderr).not.toContain(join(dir, 'monday.jsonl'));

    // The results file of a run whose journal is kept: replaced by the next run, the earlier one kept.
    const first = await setUpImport([...base, '--limit', '2', '--results', 'kept.csv'], other);
    expect(first.code, first.stderr).toBe(0);
    const earlier = await readFile(join(other, 'kept.csv'));
    await importCli([...base, '--results', 'kept.csv', '--journal', 'second.jsonl'], other, env);
    const keptAs = (await readdir(other)).filter((name) =>
      /^kept\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.csv$/.test(name),
    );
    expect(keptAs).toHaveLength(1);
    expect(await readFile(join(other, keptAs[0]!))).toEqual(earlier);
    // Row 0 was created by the deleted journal's run and again elsewhere, as the note warned; the rest once.
    const stored = storedByNote(note);
    expect(stored.get(`${note} 0`)).toBe(2);
    for (const row of [1, 2, 3]) expect(stored.get(`${note} ${row}`), `row ${row}`).toBe(1);
  }, 60_000);
});
