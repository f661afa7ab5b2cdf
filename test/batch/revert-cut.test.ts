/**
 * A revert's PUT answered 200 whose answer was then cut (status line and part of the body, then a reset)
 * was done, by its status: it is never sent again, and it is not "failed". The request is read back, as
 * the import does, and the revert says what Trackops holds. Real HTTP: the CLI through a proxy in front
 * of the sandbox that cuts every PUT's answer after passing it on; rows written by Python's csv module.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { importInProcess, makeRows, storedByReference, templateMapping } from './helpers.ts';
import { startCutAnswerProxy } from './proxies.ts';

describe('a revert whose PUT was answered 200, then cut', () => {
  it('is read back and reported put back (exit 0), and --resume sends nothing and says why', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'revert-cut-'));
    const original = join(dir, 'original.csv');
    const changed = join(dir, 'changed.csv');
    makeRows(original, 3, 'RCUT');
    makeRows(changed, 3, 'RCUT', [], 'Denver', 'Follow up');
    const mapping = await templateMapping({ match: 'reference_value_1' });
    let at = Date.now();
    const sandbox = await startSandbox({ port: 0, rate: 1000, now: () => new Date((at += 1000)) });
    const proxy = await startCutAnswerProxy(sandbox.baseUrl, 'PUT');
    try {
      await importInProcess({
        file: original,
        mapping,
        mode: 'create',
        sandbox,
        journal: join(dir, 'c.jsonl'),
      });
      const journal = join(dir, 'u.jsonl');
      expect(
        await importInProcess({ file: changed, mapping, mode: 'update', sandbox, journal }),
      ).toMatchObject({
        updated: 3,
      });
      const notes = () =>
        [...storedByReference(sandbox.account(), 'RCUT-').values()].map((list) => String(list[0]!.notes));
      expect(notes().every((note) => note.startsWith('Follow up'))).toBe(true);

      const revert = (url: string, more: string[] = []) =>
        runCli(
          [
            'revert',
            '--journal',
            journal,
            ...more,
            '--url',
            url,
            '--user',
            sandbox.username,
            '--rate',
            '100/s',
          ],
          { TRACKOPS_TOKEN: sandbox.token },
        );
      const cut = await revert(proxy.baseUrl);
      expect(cut.code, cut.stdout + cut.stderr).toBe(0);
      expect(proxy.writes, 'each PUT sent once').toBe(3);
      expect(notes().every((note) => !note.startsWith('Follow up'))).toBe(true);
      expect(cut.stdout).toMatch(
        /PUT case\/requests\/\d+ was answered 200, but the answer was cut \([^)]*\)\. It was not sent again \(a 200 says Trackops did it\); read back, it holds every value the undo puts back/,
      );
      expect(cut.stdout).toContain('3 put back');
      expect(cut.stdout).not.toMatch(/may have been stored|failed:/);

      const resumed = await revert(sandbox.baseUrl, ['--resume']);
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
      expect(resumed.stdout).toMatch(
        /row 2: REQ-\d+: put back by an earlier run of this revert; not sent again\n/,
      );
      expect(resumed.stdout).not.toMatch(/put back:\n/);
      expect(proxy.writes).toBe(3);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
