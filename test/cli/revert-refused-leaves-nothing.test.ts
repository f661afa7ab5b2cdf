/**
 * A revert refused once its journal was made, before it recorded a single request, leaves no revert
 * journal behind (as an import since 4ad33f8): before, the header-only journal stayed, and the revert
 * run again once the cause was fixed was refused as "already started; finish it with --resume".
 * - Credentials Trackops refuses (found by the account session, after the journal was opened): exit 3,
 *   no revert journal and no results file; the same revert with the right token then runs.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { runCli } from './run-cli.ts';
import { TEMPLATE, connectionEnv, secretSandbox } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

describe('revert refused before it sends', () => {
  it('credentials refused once the journal is open (exit 3): no revert journal or results left; run again, it runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-revert-refused-'));
    makeRows(join(dir, 'rows.csv'), 3, 'RVR');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    try {
      // Set-up, run by the import command's own code in this process (the same requests, journal and
      // results as spawned; a create import as spawned is test/cli/import.test.ts's). Every revert is spawned.
      const imported = await commandInProcess(
        'import',
        ['rows.csv', '--mapping', TEMPLATE, '--results', 'out.csv', '--rate', '50/s'],
        dir,
        env,
      );
      expect(imported.code, imported.stderr).toBe(0);
      const before = (await readdir(dir)).sort();
      const args = [
        'revert',
        '--journal',
        join(dir, 'out.journal.jsonl'),
        '--results',
        join(dir, 'revert.csv'),
        // The default 1/s would spend most of the test waiting.
        '--rate',
        '50/s',
      ];
      const refused = await runCli(args, { ...env, TRACKOPS_TOKEN: 'tok-wrong' });
      expect(refused.code, refused.stderr).toBe(3);
      expect(refused.stderr).toContain('with 401 (not signed in)');
      expect(refused.stderr).toContain(
        'Most likely the user name or token is wrong or no longer valid: check TRACKOPS_USER and TRACKOPS_TOKEN (both set in the environment',
      );
      expect((await readdir(dir)).sort()).toEqual(before);
      const again = await runCli(args, env);
      expect(again.code, again.stderr).toBe(1);
      expect(again.stderr).not.toContain('already started');
      expect((await readdir(dir)).sort()).toEqual(
        [...before, 'out.journal.revert.jsonl', 'revert.csv'].sort(),
      );
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
