/**
 * A nightly import stopped by the scheduler before every row was sent, then the next night's file under
 * the same name, same command (explore 59 item 2): the new run set the stopped run's journal and results
 * aside saying only "N rows written", and the rows it never sent were lost unsaid. Now:
 * - a warning on stderr says how many rows of it were not written and the command that sends them
 *   (its --resume cannot: the file has changed), and the journal's note no longer offers it to resume;
 * - `--json` says the same under `earlier_run_unfinished`;
 * - that command sends exactly the rows left: every request of both nights once in the account;
 * - when the next night's file has a name of its own, the stopped run's file is as it was: its own
 *   --resume is the command given (explore 62 item 2: a `.json` results file was offered to import, and
 *   the run's file said changed after comparing its journal with the new file), and it works.
 * Spawned CLI against a sandbox over real HTTP; rows written by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import {
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
} from './import-helpers.ts';
import { sandboxWithSlowCreates } from './slow-create-proxy.ts';
import { commandInProcess } from './command-in-process.ts';

/**
 * Each create held 150 ms by a proxy (a second for Monday's 8 rows), so that Monday's run is still
 * sending when it is stopped at its third row; the reads of the account before the first row pass at
 * once (at the 10/s these runs once took, a second of each run). `slow.ms` is set to 0 once Monday is
 * stopped: the later runs go at their --rate.
 */
const slowCreates = () => sandboxWithSlowCreates(150);

it('a stopped run set aside by the next file under its name: its unsent rows said, in --json too, and sent by the command named', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-unfinished-'));
  const { sandbox, slow, env, close } = await slowCreates();
  const args = ['drop.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'results.csv'];
  try {
    // Monday: 8 rows, stopped as `timeout` stops it (SIGTERM) after 3 were written.
    makeRows(join(dir, 'drop.csv'), 8, 'MON');
    const monday = spawnImport([...args, '--json'], dir, env);
    let mondayOut = '';
    monday.stdout!.on('data', (chunk: Buffer) => (mondayOut += chunk.toString()));
    await waitForOutcomes(join(dir, 'results.journal.jsonl'), 3);
    monday.kill('SIGTERM');
    expect((await exited(monday)).code).toBe(130);
    slow.ms = 0;
    const stopped = JSON.parse(mondayOut);
    expect(stopped.unsent).toBeGreaterThan(0);

    // Tuesday: the carrier's new file under the same name, the same command.
    makeRows(join(dir, 'drop.csv'), 3, 'TUE', [], 'Aurora', 'Tuesday referral');
    const tuesday = await importCli([...args, '--json'], dir, env);
    expect(tuesday.code, tuesday.stderr).toBe(0);
    const summary = JSON.parse(tuesday.stdout);
    expect(summary.created).toBe(3);
    const earlier = summary.earlier_run_unfinished;
    expect(earlier).toMatchObject({ file: 'drop.csv', unsent: stopped.unsent, in_doubt: 0 });
    expect(earlier.results).toMatch(/results\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.csv$/);
    const sendWith = `trackops-bulk import ${earlier.results.slice(dir.length + 1)} --mapping ${TEMPLATE} --rate 100/s`;
    expect(earlier.send_with).toBe(sendWith);
    const rows = stopped.unsent === 1 ? '1 row of it was' : `${stopped.unsent} rows of it were`;
    expect(tuesday.stderr).toContain(
      `trackops-bulk: import: warning: the earlier import of drop.csv (started ${earlier.started_at.slice(0, 16).replace('T', ' ')} UTC) did not finish: ` +
        `${rows} not written to Trackops. Its --resume cannot send them, as drop.csv has changed since; send them with: ${sendWith} (the rows it wrote are not sent again)\n`,
    );
    // The journal set aside no longer offers to resume that run.
    expect(tuesday.stderr).toContain(
      '(what reverts that run; drop.csv has changed since, so it no longer resumes it)',
    );
    expect(await readFile(earlier.journal, 'utf8')).toContain('"type":"header"');

    // The command named sends Monday's rest, and nothing twice.
    const rest = await importCli([...sendWith.split(' ').slice(2), '--json'], dir, env);
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ created: stopped.unsent });
    const mon = storedByReference(sandbox.account(), 'MON-');
    expect(mon.size).toBe(8);
    for (const [reference, requests] of mon) expect(requests, reference).toHaveLength(1);
    const tue = storedByReference(sandbox.account(), 'TUE-');
    expect(tue.size).toBe(3);
    for (const [reference, requests] of tue) expect(requests, reference).toHaveLength(1);
  } finally {
    await close();
  }
}, 90_000);

it('a finished run set aside the same way: no warning, no earlier_run_unfinished', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-finished-'));
  const { sandbox } = await secretSandbox({ rate: 1000 });
  const env = connectionEnv(sandbox);
  const args = ['drop.csv', '--mapping', TEMPLATE, '--rate', '50/s', '--results', 'results.csv', '--json'];
  try {
    makeRows(join(dir, 'drop.csv'), 3, 'FMO');
    // Set-up, the finished run: the import command's own code in this process (the same requests, journal
    // and results as spawned; a create import as spawned is test/cli/import.test.ts's). The next night's
    // run, what the test is about, is spawned.
    expect((await commandInProcess('import', args, dir, env)).code).toBe(0);
    makeRows(join(dir, 'drop.csv'), 2, 'FTU', [], 'Aurora', 'Tuesday referral');
    const next = await importCli(args, dir, env);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stderr).toContain('held the results of an earlier import (3 rows created)');
    expect(next.stderr).not.toContain('warning');
    expect(JSON.parse(next.stdout).earlier_run_unfinished).toBeUndefined();
  } finally {
    await sandbox.close();
  }
}, 60_000);

it("another file under the same --results: the stopped run's own --resume is given, and sends its rows", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-unfinished-own-'));
  const { sandbox, slow, env, close } = await slowCreates();
  // A fixed --results name in a script, and a .json one: import cannot read it back.
  const run = (file: string) => [
    file,
    '--mapping',
    TEMPLATE,
    '--rate',
    '100/s',
    '--results',
    'out.json',
    '--json',
  ];
  try {
    makeRows(join(dir, 'monday.csv'), 8, 'MOW');
    const monday = spawnImport(run('monday.csv'), dir, env);
    let mondayOut = '';
    monday.stdout!.on('data', (chunk: Buffer) => (mondayOut += chunk.toString()));
    await waitForOutcomes(join(dir, 'out.journal.jsonl'), 3);
    monday.kill('SIGTERM');
    expect((await exited(monday)).code).toBe(130);
    slow.ms = 0;
    const stopped = JSON.parse(mondayOut);
    expect(stopped.unsent).toBeGreaterThan(0);

    makeRows(join(dir, 'tuesday.csv'), 2, 'TUW', [], 'Aurora', 'Tuesday referral');
    const tuesday = await importCli(run('tuesday.csv'), dir, env);
    expect(tuesday.code, tuesday.stderr).toBe(0);
    const earlier = JSON.parse(tuesday.stdout).earlier_run_unfinished;
    expect(earlier).toMatchObject({ file: 'monday.csv', unsent: stopped.unsent, in_doubt: 0 });
    const journal = earlier.journal.slice(dir.length + 1);
    const results = earlier.results.slice(dir.length + 1);
    expect(journal).toMatch(/^out\.journal\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.jsonl$/);
    const resume = `trackops-bulk import monday.csv --mapping ${TEMPLATE} --results ${results} --rate 100/s --resume --journal ${journal}`;
    expect(earlier.send_with).toBe(resume);
    const rows = stopped.unsent === 1 ? '1 row of it was' : `${stopped.unsent} rows of it were`;
    expect(tuesday.stderr).toContain(
      `did not finish: ${rows} not written to Trackops. monday.csv is as that run read it, so its --resume finishes it: ${resume} ` +
        '(the rows it wrote are not sent again; its results are written whole)\n',
    );
    expect(tuesday.stderr).not.toContain('has changed since');

    // The command given, as printed: Monday's rest sent, nothing twice, its results whole.
    const rest = await importCli([...resume.split(' ').slice(2), '--json'], dir, env);
    expect(rest.code, rest.stderr).toBe(0);
    expect(JSON.parse(rest.stdout)).toMatchObject({ rows: 8, created: 8, created_now: stopped.unsent });
    expect(JSON.parse(await readFile(join(dir, results), 'utf8'))).toMatchObject({ complete: true });
    const mon = storedByReference(sandbox.account(), 'MOW-');
    expect(mon.size).toBe(8);
    for (const [reference, requests] of mon) expect(requests, reference).toHaveLength(1);
    expect(storedByReference(sandbox.account(), 'TUW-').size).toBe(2);
  } finally {
    await close();
  }
}, 90_000);

it('the same file name with other bytes and a .json results file: the true reason, and no import of the .json offered', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-earlier-unfinished-json-'));
  const { slow, env, close } = await slowCreates();
  const args = ['drop.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'out.json', '--json'];
  try {
    makeRows(join(dir, 'drop.csv'), 8, 'JMO');
    const monday = spawnImport(args, dir, env);
    let mondayOut = '';
    monday.stdout!.on('data', (chunk: Buffer) => (mondayOut += chunk.toString()));
    await waitForOutcomes(join(dir, 'out.journal.jsonl'), 3);
    monday.kill('SIGTERM');
    expect((await exited(monday)).code).toBe(130);
    slow.ms = 0;
    const stopped = JSON.parse(mondayOut);

    makeRows(join(dir, 'drop.csv'), 2, 'JTU', [], 'Aurora', 'Tuesday referral');
    const tuesday = await importCli(args, dir, env);
    expect(tuesday.code, tuesday.stderr).toBe(0);
    const earlier = JSON.parse(tuesday.stdout).earlier_run_unfinished;
    expect(earlier).toMatchObject({ file: 'drop.csv', unsent: stopped.unsent, send_with: null });
    const them = stopped.unsent === 1 ? 'it' : 'them';
    expect(tuesday.stderr).toContain(
      `Its --resume cannot send ${them}, as drop.csv has changed since; its results ${earlier.results.slice(dir.length + 1)} list ${them} as not sent ` +
        '(import reads sheets, not a .json results file)',
    );
    expect(tuesday.stderr).not.toMatch(/send (it|them) with: trackops-bulk import \S+\.json/);
  } finally {
    await close();
  }
}, 90_000);
