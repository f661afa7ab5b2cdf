/**
 * A row refused with 403 on its own (after other rows were written) is never written, so the command
 * the import names, --resume, sends it again once the permission is granted, and says so (explored: it
 * reprinted the old 403 as if Trackops had refused it again, and never sent the row). Real HTTP: the CLI
 * against a proxy in front of the sandbox that refuses the second create, then the sandbox itself.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { startForbiddingProxy } from '../batch/proxies.ts';
import { TEMPLATE, connectionEnv, importCli } from './import-helpers.ts';

describe('a row refused with 403 on its own', () => {
  it('is sent again by --resume once allowed, and the summary says one row was already done', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-refused-row-'));
    makeRows(join(dir, 'rows.csv'), 2, 'RRR');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    let posts = 0;
    const proxy = await startForbiddingProxy(sandbox.baseUrl, (method) => method === 'POST' && ++posts === 2);
    try {
      const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'res.csv'];
      const refused = await importCli(args, dir, { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl });
      expect(refused.code, refused.stdout + refused.stderr).toBe(1);
      expect(refused.stdout).toContain(
        'If permission is granted, run the import again with --resume, which sends this row again.',
      );
      expect(storedByReference(sandbox.account(), 'RRR-').size).toBe(1);

      // The same command again is refused, and names --resume as the way that sends the refused row.
      const again = await importCli(args, dir, connectionEnv(sandbox));
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(
        '(nothing it wrote is sent again; the rows it did not reach, and those a refusal or a failure another try may pass left unsent, are sent; rows invalid in the file are listed again, not sent).',
      );

      const resumed = await importCli([...args, '--resume'], dir, connectionEnv(sandbox));
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      expect(resumed.stdout).toContain('Created 2, updated 0');
      expect(resumed.stdout).toContain('1 row was settled by the earlier run (journal ');
      expect(resumed.stdout).toContain(
        'Trackops refused this row with 403 in an earlier run of this import; --resume sent it again, and Trackops accepted it.',
      );
      expect(storedByReference(sandbox.account(), 'RRR-').size).toBe(2);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);

  it('fixed in the file instead, as its note says: --resume refuses the changed file, and the same command without it sends only that row', async () => {
    // explore 22 item 5: the note named only --resume, which a changed file makes refuse.
    const dir = await mkdtemp(join(tmpdir(), 'cli-refused-fixed-'));
    makeRows(join(dir, 'rows.csv'), 2, 'RRF');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    let posts = 0;
    const proxy = await startForbiddingProxy(sandbox.baseUrl, (method) => method === 'POST' && ++posts === 2);
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl };
    try {
      const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'res.csv'];
      const refused = await importCli(args, dir, env);
      expect(refused.code, refused.stdout + refused.stderr).toBe(1);
      expect(refused.stdout).toContain(
        'If the row itself must change instead, fix it in the file and run the same import without --resume ' +
          '(a changed file cannot be resumed): rows already written are not sent again.',
      );
      const text = await readFile(join(dir, 'rows.csv'), 'utf8');
      await writeFile(join(dir, 'rows.csv'), text.replace('Denver 1', 'Boulder 1'));

      const resumed = await importCli([...args, '--resume'], dir, env);
      expect(resumed.code).toBe(2);
      expect(resumed.stderr).toContain('rows.csv changed since this run began');
      expect(resumed.stderr).toContain('so the run cannot be resumed; nothing was sent.');

      const fixed = await importCli(args, dir, env);
      expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
      // The row the first run created is that run's, recognised by its content: not sent again.
      expect(fixed.stdout).toMatch(/Created 1, updated 0, failed 0, skipped 1 /);
      expect(fixed.stdout).toContain('1 row was not sent: an earlier import into this account');
      expect(storedByReference(sandbox.account(), 'RRF-').size).toBe(2);
      expect(proxy.writes.filter((write) => write.startsWith('POST'))).toHaveLength(3);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
