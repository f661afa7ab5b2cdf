/**
 * An import refused before it starts (exit 2) leaves nothing behind (explore 6 item 13: a mapping that
 * did not fit the file left a results file, whose header was a data row, and a journal).
 * - A mapping that names a column the file lacks: refused before the connection, the locks, the
 *   journal or the results file; none of them is there afterwards.
 * - A refusal that comes once the journal is open (a round-trip export whose header row was changed,
 *   found while its rows are read): the new journal, which records no request, is removed; no results.
 */
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { runCli } from './run-cli.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox } from './import-helpers.ts';

describe('import refused before it starts', () => {
  it('a mapping that does not fit the file: exit 2, no results file, journal or lock left', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-refused-fit-'));
    makeRows(join(dir, 'rows.csv'), 3, 'FIT');
    const mapping = JSON.parse(await readFile(TEMPLATE, 'utf8'));
    mapping.columns[0].column = 'Policy';
    await writeFile(join(dir, 'm.json'), JSON.stringify(mapping));
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    try {
      const run = await importCli(
        ['rows.csv', '--mapping', 'm.json', '--results', 'results.csv'],
        dir,
        connectionEnv(sandbox),
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`Mapping m.json does not fit ${join(dir, 'rows.csv')}`);
      expect(run.stderr).toContain("the column 'Policy' is not in");
      expect((await readdir(dir)).sort()).toEqual(['m.json', 'rows.csv']);
      expect(await readdir(process.env.TRACKOPS_RUN_LOCKS!).catch(() => [])).toEqual([]);
      expect(log).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('refused once the journal is open (a round-trip header changed): the unused journal is removed, no results', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-refused-late-'));
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    try {
      const exported = await runCli(
        // The sandbox takes 1000/s; the default 1/s would spend most of the test waiting.
        ['export', '--out', join(dir, 'rt.xlsx'), '--columns', 'round-trip', '--id', '1', '--rate', '100/s'],
        env,
      );
      expect(exported.code, exported.stderr).toBe(0);
      // The header row changed by another program, as a clerk's Excel would.
      execFileSync('python3', [
        '-c',
        'import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1]);ws=wb["Case Requests"]\n' +
          'for c in ws[1]:\n  c.value = {"id": "ID number", "updated_at": "updated"}.get(c.value, c.value)\n' +
          'wb.save(sys.argv[1])',
        join(dir, 'rt.xlsx'),
      ]);
      const run = await importCli(
        ['rt.xlsx', '--mode', 'update', '--results', 'rr.csv', '--rate', '100/s'],
        dir,
        env,
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('no sheet has the round-trip header');
      expect(await readdir(dir)).toEqual(['rt.xlsx']);
      expect(await readdir(process.env.TRACKOPS_RUN_LOCKS!)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
