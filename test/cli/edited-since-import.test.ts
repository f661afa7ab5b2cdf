/**
 * A row an earlier import created, with a value corrected in the file since, imported again (the
 * clerk fixed a typo and ran the same command): it was created a second time when it had no claim
 * number, or when the claim number was the typo, since neither the journals' content nor the account's
 * duplicate check knew it. Now it is neither sent nor taken as sent: refused, naming the request and
 * what differs, validate saying so first; a new row much like the others is still created; a request
 * deleted since lets the row be sent. Spawned CLI runs against the sandbox over HTTP; rows by Python.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { editRows } from './edit-rows.ts';
import { runCli } from './run-cli.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

/**
 * The first import, whose rows the file is then corrected under: set-up, run by the import command's own
 * code in this process (the same requests, journal and results as spawned; a create import as spawned is
 * test/cli/import.test.ts's). Validate and the import run again, what each test is about, are spawned,
 * and so are the last test's --sandbox runs: the CLI's own --sandbox stays as a user starts it.
 */
const firstImport = (args: string[], cwd: string, env: NodeJS.ProcessEnv) =>
  commandInProcess('import', args, cwd, env);

describe('a sent row corrected in the file and imported again', () => {
  it('without a claim number: not sent, not taken as sent; validate said so; a new row is created', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-edited-'));
    makeRows(join(dir, 'rows.csv'), 5, 'EDT', [0, 1, 2, 3, 4], 'Denver', 'Edited', 'Claim #');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const command = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'r.csv', '--json'];
    try {
      expect(JSON.parse((await firstImport(command, dir, env)).stdout)).toMatchObject({ created: 5 });
      // Row 4 (data row 3): the claimant's phone corrected; a sixth referral added at the end.
      editRows(join(dir, 'rows.csv'), (rows) => {
        const phone = rows[0]!.indexOf('Claimant Phone');
        rows[3]![phone] = '(720) 555-0199';
        rows.push([...rows[5]!]);
        rows[6]![rows[0]!.indexOf('Carrier City')] = 'Aurora';
        rows[6]![rows[0]!.indexOf('Instructions')] = 'A new one';
      });

      const check = await runCli(
        ['validate', join(dir, 'rows.csv'), '--mapping', TEMPLATE, '--rate', '100/s'],
        env,
      );
      expect(check.stdout).toMatch(/6 rows checked: 5 valid, 1 invalid/);
      expect(check.stdout).toMatch(/An import would: 4 already sent, 1 create\./);
      expect(check.stdout).toMatch(
        /row 4: not to be sent: this row differs only in Claimant 1's Phone \("\(720\) 555-0199" here\) from row 4 of rows\.csv, which an earlier import created as REQ-\d+/,
      );

      const posts = log.filter((entry) => entry.method === 'POST').length;
      const again = await importCli(command, dir, env);
      expect(again.code).toBe(1);
      expect(JSON.parse(again.stdout)).toMatchObject({ created: 1, skipped: 4, invalid: 1 });
      expect(log.filter((entry) => entry.method === 'POST').length - posts).toBe(1);
      expect(
        sandbox.account().case_requests.filter((request) => request.notes?.startsWith('Edited')),
      ).toHaveLength(5);
      expect(sandbox.account().case_requests.filter((request) => request.notes === 'A new one')).toHaveLength(
        1,
      );
      const results = await readFile(join(dir, 'r.csv'), 'utf8');
      expect(results).toMatch(
        /Edited 2,invalid,,,"not sent: this row differs only in Claimant 1's Phone \(""\(720\) 555-0199"" here\) from row 4 of rows\.csv, which an earlier import created as REQ-\d+ .*A correction made in the file since that import\? That is a guess/,
      );
      expect(results).toMatch(/make the same correction to REQ-\d+ in Trackops and leave the row out/);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('the claim number was the typo: the duplicate check cannot see it, the journal can', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-edited-key-'));
    makeRows(join(dir, 'rows.csv'), 4, 'EDK');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const command = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'r.csv', '--json'];
    // Reads of one request (`/case/requests/{id}`) since `from` in the sandbox's log.
    const singleReads = (from: number) =>
      log.slice(from).filter((entry) => entry.method === 'GET' && /\/case\/requests\/\d+/.test(entry.url))
        .length;
    try {
      expect(JSON.parse((await firstImport(command, dir, env)).stdout)).toMatchObject({ created: 4 });
      editRows(join(dir, 'rows.csv'), (rows) => {
        rows[2]![rows[0]!.indexOf('Claim #')] = 'EDK-0010';
      });
      // Explore 56 item 4: the corrected row's earlier create is taken from the listing of the account
      // each command makes anyway, not read again on its own, in validate and in the import alike.
      let from = log.length;
      const check = await runCli(
        ['validate', join(dir, 'rows.csv'), '--mapping', TEMPLATE, '--rate', '100/s'],
        env,
      );
      expect(check.stdout).toMatch(
        /row 3: not to be sent: this row differs only in Claim Number \("EDK-0010" here\)/,
      );
      expect(singleReads(from)).toBe(0);
      from = log.length;
      const again = await importCli(command, dir, env);
      expect(singleReads(from)).toBe(0);
      // Three rows the account holds by claim number at the requests the first import created from
      // them: already sent; the fourth, its claim number corrected, found by the journal.
      expect(JSON.parse(again.stdout)).toMatchObject({
        created: 0,
        duplicate: 0,
        already_sent: 3,
        invalid: 1,
      });
      expect(
        sandbox.account().case_requests.filter((request) => request.reference_value_1?.startsWith('EDK')),
      ).toHaveLength(4);
      expect(await readFile(join(dir, 'r.csv'), 'utf8')).toMatch(
        /this row differs only in Claim Number \(""EDK-0010"" here\) from row 3 of rows\.csv/,
      );
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('the request deleted since: the corrected row is sent, said', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-edited-gone-'));
    makeRows(join(dir, 'rows.csv'), 3, 'EDG', [0, 1, 2], 'Denver', 'Gone', 'Claim #');
    const data = join(dir, 'acct.json');
    const run = (results: string) =>
      runCli([
        'import',
        join(dir, 'rows.csv'),
        '--mapping',
        TEMPLATE,
        '--sandbox',
        '--sandbox-data',
        data,
        '--results',
        join(dir, results),
        '--json',
      ]);
    expect(JSON.parse((await run('a.csv')).stdout)).toMatchObject({ created: 3 });
    editRows(join(dir, 'rows.csv'), (rows) => {
      rows[1]![rows[0]!.indexOf('Claimant Phone')] = '(720) 555-0199';
    });
    const account = JSON.parse(await readFile(data, 'utf8'));
    account.case_requests = account.case_requests.filter(
      (request: { notes?: string }) => request.notes !== 'Gone 0',
    );
    await writeFile(data, JSON.stringify(account));
    const again = await run('b.csv');
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 1, skipped: 2 });
    expect(await readFile(join(dir, 'b.csv'), 'utf8')).toMatch(
      /Trackops no longer holds REQ-\d+ \(deleted since\?\), so this row was sent/,
    );
  }, 60_000);
});
