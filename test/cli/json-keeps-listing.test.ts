/**
 * --json changes stdout only (explore 59 item 8): under --json an import or a dry run with a refused row
 * said `"invalid": 1` and nothing named the row or why. The readable summary, row listing and the
 * --results hint included, goes to stderr then. Spawned CLI runs against a sandbox over HTTP; rows
 * written by Python's csv module (row 3 with an adjuster email that is not one).
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE, connectionEnv, importCli, runCli, secretSandbox } from './import-helpers.ts';

describe('--json keeps the listing on stderr', () => {
  it('import and validate name the refused row, its column, value and what to do', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-json-listing-'));
    makeRows(join(dir, 'rows.csv'), 3, 'JKL', [1]);
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    try {
      const checked = await runCli(
        'validate',
        ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'],
        dir,
        env,
      );
      expect(checked.code).toBe(1);
      expect(JSON.parse(checked.stdout)).toMatchObject({ invalid: 1 });
      expect(checked.stderr).toMatch(/row 3: Adjuster Email 'not-an-email' is not an email address/);

      const run = await importCli(['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'], dir, env);
      expect(run.code).toBe(1);
      expect(JSON.parse(run.stdout)).toMatchObject({ created: 2, invalid: 1 });
      expect(run.stderr).toContain('Invalid (not sent):');
      expect(run.stderr).toMatch(/row 3: Adjuster Email 'not-an-email' is not an email address/);
      expect(run.stderr).toContain("Write every row's result and error with --results OUT.csv.");
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
