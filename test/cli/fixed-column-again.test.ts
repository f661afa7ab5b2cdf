/**
 * A referral file imported, a column found wrong and fixed on every row, the file saved under its name
 * and imported again: no row is an earlier create whole, and without claim numbers the account's
 * duplicate check cannot see them, so every row was created a second time. Now the rows themselves
 * show that import run again (core's fixed-column.ts): each row is refused as that create corrected,
 * validate saying so first, with the same --results or another; another month's file of the same name
 * is created as before. Spawned CLI runs against the sandbox over HTTP; rows by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { editRows } from './edit-rows.ts';
import { runCli } from './run-cli.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

const ALL = [0, 1, 2, 3, 4];

describe('a file with a column fixed on every row, imported again', () => {
  it('rule: no claim numbers, the phone column fixed: every row refused as its create corrected, nothing sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-fixed-column-'));
    const file = join(dir, 'referrals.csv');
    makeRows(file, 5, 'FXC', ALL, 'Denver', 'Fixed column', 'Claim #');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const command = (results: string) => [
      'referrals.csv',
      ...['--mapping', TEMPLATE, '--rate', '100/s', '--results', results, '--json'],
    ];
    try {
      // The first import is set-up, run by the import command's own code in this process (an import as
      // spawned is test/cli/import.test.ts's); the validate and the imports again are spawned.
      expect(JSON.parse((await commandInProcess('import', command('r.csv'), dir, env)).stdout)).toMatchObject(
        {
          created: 5,
        },
      );
      // The claimants' phones went in with the wrong area code: fixed on every row.
      editRows(file, (rows) => {
        const phone = rows[0]!.indexOf('Claimant Phone');
        for (const row of rows.slice(1)) row[phone] = row[phone]!.replace('(720)', '(303)');
      });

      const check = await runCli(['validate', file, '--mapping', TEMPLATE, '--rate', '100/s'], env);
      expect(check.code).toBe(1);
      expect(check.stdout).toMatch(/5 rows checked: 0 valid, 5 invalid/);
      for (const row of [2, 3, 4, 5, 6])
        expect(check.stdout).toMatch(
          new RegExp(
            `row ${row}: not to be sent: this row differs only in Claimant 1's Phone \\("\\(303\\) 555-0101" here\\) from row ${row} of referrals\\.csv, which an earlier import created as REQ-\\d+`,
          ),
        );

      const posts = () => log.filter((entry) => entry.method === 'POST').length;
      const before = posts();
      for (const results of ['r.csv', 'other.csv']) {
        const again = await importCli(command(results), dir, env);
        expect(again.code).toBe(1);
        expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, invalid: 5 });
        expect(await readFile(join(dir, results), 'utf8')).toMatch(
          /make the same correction to REQ-\d+ in Trackops and leave the row out/,
        );
      }
      expect(posts()).toBe(before);
      expect(
        sandbox.account().case_requests.filter((request) => request.notes?.startsWith('Fixed column')),
      ).toHaveLength(5);
    } finally {
      await sandbox.close();
    }
  }, 90_000);

  it('rule: claim numbers fixed on every row (a wrong prefix) are no new referrals either', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-fixed-claims-'));
    const file = join(dir, 'referrals.csv');
    makeRows(file, 4, 'FXK');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const command = [
      'referrals.csv',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--results',
      'r.csv',
      '--json',
    ];
    try {
      // Set-up in this process, as in the first test; the import again is spawned.
      expect(JSON.parse((await commandInProcess('import', command, dir, env)).stdout)).toMatchObject({
        created: 4,
      });
      editRows(file, (rows) => {
        const claim = rows[0]!.indexOf('Claim #');
        for (const row of rows.slice(1)) row[claim] = row[claim]!.replace('FXK-', 'FXQ-');
      });
      const again = await importCli(command, dir, env);
      expect(again.code).toBe(1);
      expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, duplicate: 0, invalid: 4 });
      expect(await readFile(join(dir, 'r.csv'), 'utf8')).toMatch(
        /this row differs only in Claim Number \(""FXQ-0000"" here\) from row 2 of referrals\.csv/,
      );
      const claims = sandbox.account().case_requests.map((request) => request.reference_value_1 ?? '');
      expect(claims.filter((claim) => claim.startsWith('FXK-'))).toHaveLength(4);
      expect(claims.filter((claim) => claim.startsWith('FXQ-'))).toHaveLength(0);
    } finally {
      await sandbox.close();
    }
  }, 90_000);

  it("rule: another month's referrals.csv, same name and places, agreeing only in the carrier's constants: created", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-fixed-month-'));
    const file = join(dir, 'referrals.csv');
    makeRows(file, 5, 'NOV', ALL, 'Denver', 'November', 'Claim #');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const command = [
      'referrals.csv',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--results',
      'r.csv',
      '--json',
    ];
    try {
      // November's import is set-up in this process, as in the first test; December's is spawned.
      expect(JSON.parse((await commandInProcess('import', command, dir, env)).stdout)).toMatchObject({
        created: 5,
      });
      makeRows(file, 5, 'DEC', ALL, 'Boulder', 'December', 'Claim #');
      const december = await importCli(command, dir, env);
      expect(december.code).toBe(0);
      expect(JSON.parse(december.stdout)).toMatchObject({ created: 5, invalid: 0 });
    } finally {
      await sandbox.close();
    }
  }, 90_000);
});
