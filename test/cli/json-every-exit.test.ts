/**
 * Under --json every exit prints one JSON object on stdout (explore 59 item 7): a script reading stdout
 * got nothing at all from a refused run, a refused token or an export that could not start, and the
 * same finished import run again was "exit 2", as a broken mapping is. Spawned CLI runs against a
 * sandbox over HTTP; rows written by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { SECRET_TOKEN, TEMPLATE, connectionEnv, importCli, runCli, secretSandbox } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

const ALL = Array.from({ length: 4 }, (_, index) => index);

/**
 * The earlier run the import run again meets: set-up, run by the import command's own code in this
 * process (the same requests, journal and --json summary as spawned; a create import as spawned, --limit
 * among its flags, is test/cli/import.test.ts's "refuses to resume with a journal written for another
 * file"). The runs whose exit and object each test is about are spawned.
 */
const earlierRun = (args: string[], cwd: string, env: NodeJS.ProcessEnv) =>
  commandInProcess('import', args, cwd, env);

describe('--json prints one object at every exit', () => {
  it('the same finished import again: nothing left to send, exit 0, every row settled by the earlier run, none created now', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-json-nothing-left-'));
    makeRows(join(dir, 'rows.csv'), 4, 'NLS', ALL, 'Denver', 'Unkeyed', 'Claim #');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'];
    try {
      const first = await earlierRun(base, dir, env);
      expect(JSON.parse(first.stdout)).toMatchObject({ created: 4 });
      const journal = await readFile(join(dir, 'rows.journal.jsonl'));
      const requestsBefore = log.length;

      const again = await importCli(base, dir, env);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({
        rows: 4,
        created: 4,
        created_now: 0,
        settled_earlier: 4,
        nothing_left_to_send: true,
        requests: 0,
      });
      expect(again.stderr).toContain(
        'Nothing left to send: the earlier run of this import (journal rows.journal.jsonl) wrote every row of rows.csv (4 rows), so nothing was sent.',
      );
      expect(log.length).toBe(requestsBefore);
      expect(await readFile(join(dir, 'rows.journal.jsonl'))).toEqual(journal);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('a run left half-way and started again without --resume: refused, exit 2, kind journal_holds_run', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-json-holds-run-'));
    makeRows(join(dir, 'rows.csv'), 4, 'HRN', ALL, 'Denver', 'Unkeyed', 'Claim #');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'];
    try {
      await earlierRun([...base, '--limit', '2'], dir, env);
      const again = await importCli(base, dir, env);
      expect(again.code).toBe(2);
      const { error } = JSON.parse(again.stdout);
      expect(error).toMatchObject({ exit: 2, kind: 'journal_holds_run' });
      expect(error.message).toContain('holds an earlier run of this import (2 rows written)');
      // The message is the one line stderr says.
      expect(again.stderr).toContain(error.message);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('a refused token: exit 3, the error object, without the token', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-json-refused-'));
    makeRows(join(dir, 'rows.csv'), 2, 'TOK', [0, 1], 'Denver', 'Unkeyed', 'Claim #');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const wrong = `${SECRET_TOKEN}-expired`;
    const env = { ...connectionEnv(sandbox), TRACKOPS_TOKEN: wrong };
    try {
      const refused = await importCli(['rows.csv', '--mapping', TEMPLATE, '--json'], dir, env);
      expect(refused.code).toBe(3);
      const { error } = JSON.parse(refused.stdout);
      expect(error).toMatchObject({ exit: 3, kind: 'api_unauthorized' });
      expect(error.message).toContain("cannot read the account's reference data");
      expect(refused.stdout).not.toContain(wrong);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('a usage error and an export that cannot reach Trackops each print their object', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-json-export-'));
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    try {
      const badOut = await runCli('export', ['--out', 'list.txt', '--json'], dir, env);
      expect(badOut.code).toBe(2);
      expect(JSON.parse(badOut.stdout)).toMatchObject({ error: { exit: 2, kind: 'usage' } });
    } finally {
      await sandbox.close();
    }
    // The sandbox is gone: nothing answers at its address any more.
    // Its tries paced at 100/s, not the default 1/s: the pace is not what this test is about.
    const down = await runCli(
      'export',
      ['--out', 'list.csv', '--json', '--timeout', '1', '--rate', '100/s'],
      dir,
      {
        ...env,
        TRACKOPS_TEST_RETRY_WAIT_MS: '10',
      },
    );
    expect(down.code).toBe(3);
    expect(JSON.parse(down.stdout)).toMatchObject({ error: { exit: 3, kind: 'api_network' } });
  }, 60_000);
});
