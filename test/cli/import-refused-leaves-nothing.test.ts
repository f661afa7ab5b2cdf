/**
 * An import refused before it starts (exit 2) leaves nothing behind (explore 6 item 13: a mapping that
 * did not fit the file left a results file, whose header was a data row, and a journal).
 * - A mapping that names a column the file lacks: refused before the connection, the locks, the
 *   journal or the results file; none of them is there afterwards.
 * - A refusal that comes once the journal is open (a line past the reading limit, met while the rows
 *   are read): the new journal, which records no request, is removed; no results. (A round-trip export
 *   whose header row was changed is refused before connecting now: test/cli/round-trip-header-changed.)
 */
import { appendFile, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
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

  it('refused once the journal is open (a line past the reading limit, met while rows are read): the unused journal is removed, no results', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-refused-late-'));
    // Past the rows read before the run starts (a sample for the checks), so met once the journal is open.
    makeRows(join(dir, 'rows.csv'), 3_000, 'LATE');
    // A quote never closed, as a damaged file has: the rest of the file reads as one cell past 1 MB.
    await appendFile(join(dir, 'rows.csv'), `LATE-9,"${'x'.repeat(1_100_000)}\r\n`);
    const { sandbox } = await secretSandbox({ rate: 1000 });
    try {
      const run = await importCli(
        ['rows.csv', '--mapping', TEMPLATE, '--results', 'rr.csv', '--rate', '100/s'],
        dir,
        connectionEnv(sandbox),
      );
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain('holds more than 1 MB of text in one line');
      expect(await readdir(dir)).toEqual(['rows.csv']);
      expect(await readdir(process.env.TRACKOPS_RUN_LOCKS!)).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('a login refused, or no answer at all, before the first send: exit 3, no journal, results or lock left', async () => {
    // Explore 59: a scheduled job whose token had expired left a header-only rows.journal.jsonl
    // beside the file after every failed run.
    const dir = await mkdtemp(join(tmpdir(), 'cli-refused-login-'));
    makeRows(join(dir, 'rows.csv'), 3, 'LOG');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    // A port nothing listens on: a server started and closed again.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    try {
      const args = ['rows.csv', '--mapping', TEMPLATE, '--results', 'r.csv', '--rate', '100/s'];
      const refused = await importCli(args, dir, {
        ...connectionEnv(sandbox),
        TRACKOPS_TOKEN: 'tok-expired',
      });
      expect(refused.code, refused.stderr).toBe(3);
      expect(refused.stderr).toContain('401');
      expect(await readdir(dir)).toEqual(['rows.csv']);
      const unreachable = await importCli(args, dir, {
        ...connectionEnv(sandbox),
        TRACKOPS_URL: `http://127.0.0.1:${port}/api/v1`,
        // The back-off between the tries is not this test's subject.
        TRACKOPS_TEST_RETRY_WAIT_MS: '10',
      });
      expect(unreachable.code, unreachable.stderr).toBe(3);
      expect(unreachable.stderr).toContain('ECONNREFUSED');
      expect(await readdir(dir)).toEqual(['rows.csv']);
      expect(await readdir(process.env.TRACKOPS_RUN_LOCKS!)).toEqual([]);
      expect(log.filter((entry) => entry.method !== 'GET')).toEqual([]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
