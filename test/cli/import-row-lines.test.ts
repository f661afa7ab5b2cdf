/**
 * What `import` prints about single rows: after the counts, the first rows that failed with what
 * Trackops answered, the first rows written with a note, and the first invalid rows, whether or not
 * --results was given (before, a clerk saw "failed 2" and had to write a results file to learn why).
 * A spawned CLI against the sandbox over HTTP; the refusal is the `write-said-failed` dialect's
 * 200 {"success": false}.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox } from './import-helpers.ts';
import type { RunningSandbox } from '../../sandbox/index.ts';

/** A create the server said failed is first looked for 10 ms after, not 0.5 s (said on stderr). */
const quickLooks = (sandbox: RunningSandbox) => ({
  ...connectionEnv(sandbox),
  TRACKOPS_TEST_FIRST_LOOK_MS: '10',
});

describe('import: rows in words on the terminal', () => {
  it('failed and invalid rows are listed after the counts, the first ten of each and how many more', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-import-lines-'));
    const rows = join(dir, 'rows.csv');
    // Rows 0..13 are refused by the server; rows 3 and 5 are invalid (bad email) and never sent.
    makeRows(rows, 14, 'LIN', [3, 5]);
    const { sandbox } = await secretSandbox({ rate: 1000, dialects: ['write-said-failed'] });
    try {
      const run = await importCli([rows, '--mapping', TEMPLATE, '--rate', '500/s'], dir, quickLooks(sandbox));
      expect(run.code).toBe(1);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toMatch(/^14 rows: 12 valid, 2 invalid\. Created 0, updated 0, failed 12, skipped 0 /);
      const failed = lines.indexOf('Failed:');
      expect(failed).toBeGreaterThan(0);
      const listed = lines.slice(failed + 1, failed + 11);
      expect(listed).toHaveLength(10);
      for (const line of listed)
        expect(line).toMatch(
          /^ {2}row \d+: Carrier = 'Acme Mutual Insurance': Trackops answered 200 but said the create failed: The case request could not be saved\. \(client\.name: Client name is required\)\. No request with this row's values was created since it was sent/,
        );
      expect(lines[failed + 11]).toBe('  … and 2 more.');
      const invalid = lines.indexOf('Invalid (not sent):');
      expect(lines.slice(invalid + 1, invalid + 3)).toEqual([
        "  row 5: Adjuster Email 'not-an-email' is not an email address; expected like name@example.com",
        "  row 7: Adjuster Email 'not-an-email' is not an email address; expected like name@example.com",
      ]);
      expect(lines).not.toContain('Written, with a note:');
      expect(run.stdout).toContain("Write every row's result and error with --results OUT.csv.");
    } finally {
      await sandbox.close();
    }
  });

  it('rows written with a note are listed with their request number', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-import-notes-'));
    const rows = join(dir, 'rows.csv');
    makeRows(rows, 2, 'NOT');
    const { sandbox } = await secretSandbox({ rate: 1000, dialects: ['write-stored-said-failed'] });
    try {
      const run = await importCli(
        [rows, '--mapping', TEMPLATE, '--rate', '500/s', '--results', 'out.csv'],
        dir,
        quickLooks(sandbox),
      );
      expect(run.code).toBe(0);
      const lines = run.stdout.split('\n');
      const noted = lines.indexOf('Written, with a note:');
      expect(noted).toBeGreaterThan(0);
      expect(lines[noted + 1]).toMatch(
        /^ {2}row 2 \(REQ-\d{5}\): Trackops answered 200 but said the create failed: The case request could not be saved\. Yet REQ-\d{5} was created then with this row's values, so it is counted as created; check it in Trackops\.$/,
      );
      expect(lines[noted + 2]).toMatch(/^ {2}row 3 \(REQ-\d{5}\): /);
      expect(lines).not.toContain('Failed:');
      expect(lines.at(-2)).toBe(`Results written to ${join(dir, 'out.csv')}`);
    } finally {
      await sandbox.close();
    }
  });

  it('--json counts the rows written with a note beside the other counts', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-import-noted-json-'));
    const rows = join(dir, 'rows.csv');
    makeRows(rows, 3, 'NJS');
    const { sandbox } = await secretSandbox({ rate: 1000, dialects: ['write-stored-said-failed'] });
    try {
      const run = await importCli(
        [rows, '--mapping', TEMPLATE, '--rate', '500/s', '--json'],
        dir,
        quickLooks(sandbox),
      );
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout.trim()) as Record<string, number>;
      expect(summary).toMatchObject({ rows: 3, created: 3, failed: 0, noted: 3 });
    } finally {
      await sandbox.close();
    }
  });
});
