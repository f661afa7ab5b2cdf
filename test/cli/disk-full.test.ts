/**
 * A disk that refuses a write (explore 10 item 2), as a user meets it: the CLI spawned under a file size
 * limit (`ulimit -f`, which any user may lower), so that its writes past the limit fail with EFBIG as
 * they would with ENOSPC on a full disk, without root or a small file system. Each test names the rule:
 * - import: the journal refused mid-run stops the run as a stop does: exit 130, the journal named, the
 *   resume command on stderr, the --json summary `interrupted`; the resume (with room) finishes the
 *   run, every row stored once;
 * - import: a stop without --json prints its counts, and names the results file written so far;
 * - import: a results file refused at the end is said after the counts (exit 2: an output that cannot
 *   be written), never called written, no temp file left;
 * - revert: its journal refused mid-run stops it the same way (exit 130, the command that finishes it);
 * - export (.xlsx and .csv) and validate --report: one line naming the file, exit 2, no stack trace, and
 *   no temp file left to keep the disk full.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { BIN, TEMPLATE, connectionEnv, secretSandbox, type SandboxWithLog } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI with its files limited to `kilobytes` (bash's ulimit -f counts 1024-byte blocks). */
function cliLimited(
  kilobytes: number | null,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<Run> {
  const command =
    kilobytes === null
      ? [process.execPath, BIN, ...args]
      : ['/bin/bash', '-c', 'ulimit -f "$0" && exec "$@"', String(kilobytes), process.execPath, BIN, ...args];
  return new Promise((resolve) => {
    execFile(command[0]!, command.slice(1), { cwd, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr });
    });
  });
}

// One account for every test: each test's rows are referrals of their own (a city and instructions
// of their own), not another test's rows with other claim numbers, which an import takes for that
// test's import run again with its claim numbers fixed on every row, and holds back (docs/import.md).
let running: SandboxWithLog;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  running = await secretSandbox({ rate: 1000 });
  env = connectionEnv(running.sandbox);
  // The bin compiles the CLI into its cache on a first run: done here, with no limit on its files.
  await cliLimited(null, ['--version'], tmpdir(), env);
});
afterAll(() => running.sandbox.close());

const leftTemps = async (dir: string) => (await readdir(dir)).filter((name) => name.endsWith('.tmp'));

describe('a disk that refuses a write', () => {
  it('import: the journal refused mid-run stops it resumable (exit 130, resume command, --json interrupted); the resume sends each row once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'disk-full-import-'));
    makeRows(join(dir, 'rows.csv'), 30, 'DSK');
    const args = ['import', 'rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--journal', 'run.jsonl'];
    const stopped = await cliLimited(4, [...args, '--json'], dir, env);
    expect(stopped.stderr).not.toMatch(/a bug|node:internal|at async/);
    expect(stopped.code).toBe(130);
    expect(stopped.stderr).toContain(`writing ${join(dir, 'run.jsonl')} (EFBIG: file too large)`);
    expect(stopped.stderr).toContain(
      `finish the run with: trackops-bulk import rows.csv --mapping ${TEMPLATE} --rate 100/s --resume --journal run.jsonl`,
    );
    const summary = JSON.parse(stopped.stdout) as Record<string, unknown>;
    expect(summary).toMatchObject({ rows: 30, interrupted: true });
    const sentBefore = storedByReference(running.sandbox.account(), 'DSK-').size;
    expect(sentBefore).toBeGreaterThan(0);
    expect(sentBefore).toBeLessThan(30);
    expect(summary.unsent).toBe(30 - (summary.created as number));

    const resumed = await cliLimited(null, [...args, '--resume', '--json'], dir, env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const stored = storedByReference(running.sandbox.account(), 'DSK-');
    expect(stored.size).toBe(30);
    for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
  });

  it('import: the results .csv refused mid-run stops it resumable, and --json still counts every row of the file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'disk-full-results-'));
    // Long instructions: the results (every cell) outgrow the journal (hashes of each body), so they fail first.
    makeRows(join(dir, 'rows.csv'), 40, 'DRC', [], 'Denver', 'Check gym visits. '.repeat(40));
    const args = ['import', 'rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'res.csv'];
    const stopped = await cliLimited(3, [...args, '--json'], dir, env);
    expect(stopped.stderr).not.toMatch(/a bug|node:internal|at async/);
    expect(stopped.code, stopped.stderr).toBe(130);
    expect(stopped.stderr).toContain(`writing ${join(dir, 'res.unfinished.csv')} (EFBIG: file too large)`);
    // explore 13 item 3: it said rows 9, unsent 2 of a 40-row file.
    const summary = JSON.parse(stopped.stdout) as Record<string, number>;
    expect(summary).toMatchObject({ rows: 40, interrupted: true });
    expect(summary.unsent).toBe(40 - summary.created!);

    const resumed = await cliLimited(null, [...args, '--resume', '--json'], dir, env);
    expect(resumed.code, resumed.stderr).toBe(0);
    const stored = storedByReference(running.sandbox.account(), 'DRC-');
    expect(stored.size).toBe(40);
    for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
  });

  it('import: stopped by a full disk, without --json, prints the counts as any stop does and names what the results file holds so far', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'disk-full-counts-'));
    makeRows(join(dir, 'rows.csv'), 40, 'DCT', [], 'Littleton', 'Check pool visits. '.repeat(40));
    const args = ['import', 'rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'res.csv'];
    const stopped = await cliLimited(3, args, dir, env);
    expect(stopped.code, stopped.stderr).toBe(130);
    // Explore 52 item 7: nothing was printed on stdout, so the clerk did not learn what was created.
    const created = storedByReference(running.sandbox.account(), 'DCT-').size;
    expect(stopped.stdout).toContain(
      `40 rows: 40 valid, 0 invalid. Created ${created}, updated 0, failed 0, skipped 0, not sent ${40 - created} (the run was stopped)`,
    );
    expect(stopped.stderr).toContain(
      `The results written so far are in ${join(dir, 'res.unfinished.csv')} (its last row may be cut short).`,
    );
  });

  it('import: a results .xlsx the disk refused at the end is said after the counts (exit 2), never "written", and leaves no temp file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'disk-full-results-'));
    makeRows(join(dir, 'rows.csv'), 4, 'DRS', [], 'Golden', 'Results refused');
    const run = await cliLimited(
      5,
      ['import', 'rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'results.xlsx'],
      dir,
      env,
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('4 rows: 4 valid, 0 invalid. Created 4');
    expect(run.stdout).not.toContain('Results written');
    expect(run.stderr).toContain(
      `trackops-bulk: import: the results file was not written: the file grew larger than this system allows writing ${join(dir, 'results.xlsx')} (EFBIG: file too large). The rows were sent as counted above`,
    );
    expect(await leftTemps(dir)).toEqual([]);
    expect(storedByReference(running.sandbox.account(), 'DRS-').size).toBe(4);
  });

  it('revert: its journal refused mid-run stops it resumable (exit 130, the command that finishes it); --resume puts every value back', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'disk-full-revert-'));
    makeRows(join(dir, 'rows.csv'), 20, 'DRV', [], 'Lakewood', 'Revert refused');
    makeRows(join(dir, 'changed.csv'), 20, 'DRV', [], 'Aurora', 'Changed');
    const update = { ...JSON.parse(await readFile(TEMPLATE, 'utf8')), match: 'reference_value_1' };
    await writeFile(join(dir, 'update.json'), JSON.stringify(update));
    // Set-up, run by the import command's own code in this process with no limit on its files (the same
    // requests and journal as spawned; a create import as spawned is test/cli/import.test.ts's, an update
    // import test/cli/results-generations.test.ts's "update: a colleague's correction…"). Each revert is spawned.
    const create = await commandInProcess(
      'import',
      ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s'],
      dir,
      env,
    );
    expect(create.code, create.stderr).toBe(0);
    const imported = await commandInProcess(
      'import',
      [
        'changed.csv',
        '--mapping',
        'update.json',
        '--mode',
        'update',
        '--rate',
        '100/s',
        '--journal',
        'update.jsonl',
      ],
      dir,
      env,
    );
    expect(imported.code, imported.stderr).toBe(0);
    const cities = () =>
      [...storedByReference(running.sandbox.account(), 'DRV-').values()].map(([request]) =>
        String(request!.client?.city),
      );
    expect(cities().filter((city) => city.startsWith('Aurora'))).toHaveLength(20);
    const args = ['revert', '--journal', 'update.jsonl', '--rate', '100/s'];
    // Resumed at once: a PUT whose outcome the disk refused gets no settle window (its own test has one).
    const revertEnv = { ...env, TRACKOPS_TEST_SETTLE_MS: '0' };
    const stopped = await cliLimited(4, args, dir, revertEnv);
    expect(stopped.stderr).not.toMatch(/a bug|node:internal/);
    expect(stopped.code).toBe(130);
    // Stopped part-way: some values already put back, not all.
    const backBeforeResume = cities().filter((city) => !city.startsWith('Aurora')).length;
    expect(backBeforeResume).toBeGreaterThan(0);
    expect(backBeforeResume).toBeLessThan(20);
    expect(stopped.stderr).toContain(`(EFBIG: file too large). Nothing more was sent.`);
    expect(stopped.stderr).toContain(
      'then finish the revert with: trackops-bulk revert --journal update.jsonl',
    );
    const resumed = await cliLimited(null, [...args, '--resume', '--json'], dir, revertEnv);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(cities()).toHaveLength(20);
    expect(cities().filter((city) => city.startsWith('Aurora'))).toEqual([]);
  });

  for (const format of ['xlsx', 'csv'] as const)
    it(`export .${format}: one line naming the file, exit 2, and its temp file removed`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'disk-full-export-'));
      const out = join(dir, `all.${format}`);
      const run = await cliLimited(2, ['export', '--out', out, '--rate', '100/s'], dir, env);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toEqual([
        `trackops-bulk: export: the file grew larger than this system allows writing ${out} (EFBIG: file too large): write to another disk, or raise the file size limit (ulimit -f), then run the command again`,
      ]);
      expect(await leftTemps(dir)).toEqual([]);
      expect(await readdir(dir)).toEqual([]);
    });

  it('validate --report: one line naming the report, exit 2, and no temp file left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'disk-full-report-'));
    makeRows(join(dir, 'rows.csv'), 60, 'RPT');
    const run = await cliLimited(
      4,
      ['validate', 'rows.csv', '--mapping', TEMPLATE, '--report', 'report.csv'],
      dir,
      { ...env, TRACKOPS_URL: '', TRACKOPS_USER: '', TRACKOPS_TOKEN: '' },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`writing ${join(dir, 'report.csv')} (EFBIG: file too large)`);
    expect(run.stderr).not.toMatch(/a bug|node:internal/);
    expect(await leftTemps(dir)).toEqual([]);
  });
});
