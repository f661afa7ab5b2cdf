/**
 * The same import command run again on an unchanged file whose run finished (a schedule's second
 * night, a carrier that did not replace the file: explore 62 item 1). It was refused exit 2 "Finish that
 * run with --resume" whenever a row of the file was invalid, a duplicate or sent by an earlier import,
 * and so again after that --resume. Now it says "Nothing left to send" with what the run left and why,
 * sends nothing, leaves the journal and results as they were, and exits by the rows' state (1 while a
 * row is invalid, 0 when the rest were duplicates or sent before). A run that is not finished (a
 * --limit trial's rest) is still refused, naming the rows left.
 *
 * Spawned CLI runs against a sandbox over HTTP; rows written by Python's csv module.
 */
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importInProcess, makeRows, templateMapping } from '../batch/helpers.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox, type CliResult } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

describe('the same import command again on a finished run', () => {
  it('a row invalid in the file: nothing left to send, exit 1 each night, after a --resume too; fixed, only it is sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-finished-invalid-'));
    makeRows(join(dir, 'nightly.csv'), 5, 'FRI', [2]);
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const posts = () => log.filter((entry) => entry.method === 'POST').length;
    const command = [
      'nightly.csv',
      '--mapping',
      TEMPLATE,
      '--results',
      'r.json',
      '--rate',
      '100/s',
      '--json',
    ];
    try {
      // Night 1 is set-up, run by the import command's own code in this process (an import as spawned is
      // test/cli/import.test.ts's); every run again, what this test is about, is spawned.
      const first = await commandInProcess('import', command, dir, env);
      expect(first.code).toBe(1);
      expect(JSON.parse(first.stdout)).toMatchObject({ rows: 5, invalid: 1, created: 4 });
      const journal = await readFile(join(dir, 'r.journal.jsonl'));
      // Night 2, then the --resume the old refusal asked for (it writes the results again), then night 3.
      let results = await readFile(join(dir, 'r.json'));
      const runs: CliResult[] = [];
      for (const args of [command, [...command, '--resume'], command]) {
        const again = await importCli(args, dir, env);
        runs.push(again);
        expect(again.code, again.stderr).toBe(1);
        expect(JSON.parse(again.stdout)).toMatchObject({ rows: 5, invalid: 1, created: 4, created_now: 0 });
        expect(again.stderr).not.toContain('Finish that run');
        expect(posts()).toBe(4);
        if (args === command) expect(await readFile(join(dir, 'r.json'))).toEqual(results);
        results = await readFile(join(dir, 'r.json'));
      }
      // What night 3 (the last run above) said: a fourth night finds everything as it left it.
      const again = runs.at(-1)!;
      expect(JSON.parse(again.stdout)).toMatchObject({ nothing_left_to_send: true, settled_earlier: 4 });
      expect(again.stderr).toContain(
        'Nothing left to send: the earlier run of this import (journal r.journal.jsonl) finished with nightly.csv: it wrote 4 rows; ' +
          '1 row is invalid in the file, not sent: fix it in nightly.csv and run the import again (the rows written are not sent again). ' +
          'Nothing was sent now; --resume would send nothing more. The results file r.json is left as that run wrote it.',
      );
      // The invalid row and why, as the summary lists them; no results line (none was written).
      expect(again.stderr).toMatch(/row 4: Adjuster Email 'not-an-email'/);
      expect(again.stderr).not.toContain('Results written to');
      expect(await readFile(join(dir, 'r.journal.jsonl'))).toEqual(journal);
      expect(await readFile(join(dir, 'r.json'))).toEqual(results);

      // What the words say to do: the row fixed, the same command sends it alone.
      makeRows(join(dir, 'nightly.csv'), 5, 'FRI');
      const fixed = await importCli(command, dir, env);
      expect(fixed.code, fixed.stderr).toBe(0);
      expect(JSON.parse(fixed.stdout)).toMatchObject({ rows: 5, invalid: 0, created: 1, already_sent: 4 });
      expect(posts()).toBe(5);
    } finally {
      await sandbox.close();
    }
  }, 90_000);

  it('rows already in Trackops and rows an earlier import sent: nothing left to send, exit 0', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-finished-duplicates-'));
    // Two rows created from another computer (its journals are not this one's): duplicates by claim number.
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(elsewhere);
    makeRows(join(elsewhere, 'first.csv'), 2, 'FRD', [], 'Denver', 'Elsewhere');
    // Two rows created here by Monday's import: sent before, by its journal.
    makeRows(join(dir, 'monday.csv'), 4, 'FRD');
    makeRows(join(dir, 'week.csv'), 6, 'FRD');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const posts = () => log.filter((entry) => entry.method === 'POST').length;
    try {
      // Sent by the engine in this process, as another computer's import (its journal not among this
      // one's); a plain import's own command is tested in import.test.ts.
      const other = await importInProcess({
        file: join(elsewhere, 'first.csv'),
        mapping: await templateMapping(),
        mode: 'create',
        sandbox,
        journal: join(elsewhere, 'first.journal.jsonl'),
      });
      expect(other).toMatchObject({ created: 2 });
      // Monday's import and the week's first run are set-up, run by the import command's own code in this
      // process (an import as spawned is test/cli/import.test.ts's); the week's run again is spawned.
      const monday = await commandInProcess(
        'import',
        ['monday.csv', '--mapping', TEMPLATE, '--results', 'monday.json', '--rate', '100/s', '--json'],
        dir,
        env,
      );
      expect(JSON.parse(monday.stdout)).toMatchObject({ created: 2, duplicate: 2 });
      const command = [
        'week.csv',
        '--mapping',
        TEMPLATE,
        '--results',
        'week.json',
        '--rate',
        '100/s',
        '--json',
      ];
      const week = await commandInProcess('import', command, dir, env);
      expect(week.code, week.stderr).toBe(0);
      expect(JSON.parse(week.stdout)).toMatchObject({ created: 2, duplicate: 2, already_sent: 2 });
      const sent = posts();

      const again = await importCli(command, dir, env);
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({
        rows: 6,
        created: 2,
        duplicate: 2,
        already_sent: 2,
        created_now: 0,
        nothing_left_to_send: true,
      });
      expect(again.stderr).toContain(
        'finished with week.csv: it wrote 2 rows; 2 rows were written by an earlier import, not sent again; ' +
          '2 rows are already in Trackops (duplicates), not sent. Nothing was sent now',
      );
      expect(posts()).toBe(sent);
    } finally {
      await sandbox.close();
    }
  }, 90_000);

  it('a run not finished (a --limit trial) is still refused, naming the rows left, and sends nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-finished-not-'));
    makeRows(join(dir, 'rows.csv'), 5, 'FRN', [4]);
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const posts = () => log.filter((entry) => entry.method === 'POST').length;
    const command = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'];
    try {
      // The trial is set-up, run by the import command's own code in this process (an import with --limit
      // as spawned is test/cli/import-journal.test.ts's); the run again is spawned.
      expect(
        JSON.parse((await commandInProcess('import', [...command, '--limit', '2'], dir, env)).stdout),
      ).toMatchObject({
        created: 2,
      });
      const journal = await readFile(join(dir, 'rows.journal.jsonl'));
      const again = await importCli(command, dir, env);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(
        'the rows it did not reach, and those a refusal or a failure another try may pass left unsent, are sent; rows invalid in the file are listed again, not sent',
      );
      expect(again.stderr).toContain('It is not finished: 2 rows are left to send (rows 4, 5)');
      expect(posts()).toBe(2);
      expect(await readFile(join(dir, 'rows.journal.jsonl'))).toEqual(journal);
    } finally {
      await sandbox.close();
    }
  }, 90_000);
});
