/**
 * A resume's --json says what this run wrote apart from what its journal's earlier run settled
 * (explore 59 item 4): "created": 8 when 3 were sent, and 8 again from a resume that sent nothing, with
 * the earlier run's share said only in the text. `created` stays the run's count (every row read in one
 * count, as in the results file); `created_now` is this run's, `settled_earlier` the earlier run's, and
 * `notes` carries the text's words. Spawned CLI runs against a sandbox over HTTP; rows written by
 * Python's csv module.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { failingProxy } from '../helpers/failing-proxy.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

describe('import --resume --json', () => {
  it('counts the rows this run created apart from those the earlier run settled', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-resume-json-'));
    makeRows(join(dir, 'rows.csv'), 5, 'RJC', [0, 1, 2, 3, 4], 'Denver', 'Resumed', 'Claim #');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'];
    const posts = () => log.filter((entry) => entry.method === 'POST').length;
    try {
      const trial = JSON.parse((await importCli([...base, '--limit', '2'], dir, env)).stdout);
      expect(trial).toMatchObject({ created: 2, skipped: 3 });
      expect(trial).not.toHaveProperty('settled_earlier');

      const resumed = JSON.parse((await importCli([...base, '--resume'], dir, env)).stdout);
      expect(posts()).toBe(5);
      expect(resumed).toMatchObject({ created: 5, created_now: 3, updated_now: 0, settled_earlier: 2 });
      expect(resumed.notes).toEqual([
        `2 rows were settled by the earlier run (journal ${join(dir, 'rows.journal.jsonl')}) and not sent again: written, or refused for good (the results say which).`,
      ]);

      // The retry step firing again: nothing sent, and the JSON says so.
      const again = JSON.parse((await importCli([...base, '--resume'], dir, env)).stdout);
      expect(posts()).toBe(5);
      expect(again).toMatchObject({ created: 5, created_now: 0, settled_earlier: 5 });
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('a resumed run stopped on a failure says created_now, settled_earlier and found_without_journal too', async () => {
    // Explore 59: a resume stopped by a refusal printed the stop's counts without them, and a
    // script's "N referrals created now" read nothing.
    const dir = await mkdtemp(join(tmpdir(), 'cli-resume-json-stop-'));
    makeRows(join(dir, 'rows.csv'), 5, 'RJS', [0, 1, 2, 3, 4], 'Denver', 'Resumed', 'Claim #');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--concurrency', '1', '--json'];
    // The resume's third create is refused (401, as a token revoked mid-run): the run stops there.
    const proxy = await failingProxy(
      sandbox.baseUrl,
      (method, path) => method === 'POST' && path.endsWith('/case/requests'),
      { status: 401, times: 1, after: 4 },
    );
    try {
      // The earlier run is set-up, run by the import command's own code in this process (the same
      // requests, journal and --json summary); the same --limit run as spawned is this file's first test.
      const trial = await commandInProcess('import', [...base, '--limit', '2'], dir, {
        ...env,
        TRACKOPS_URL: proxy.baseUrl,
      });
      expect(JSON.parse(trial.stdout)).toMatchObject({ created: 2 });
      const resumed = await importCli([...base, '--resume'], dir, { ...env, TRACKOPS_URL: proxy.baseUrl });
      expect(resumed.code, resumed.stderr).toBe(3);
      expect(proxy.failed()).toBe(1);
      const stopped = JSON.parse(resumed.stdout);
      expect(stopped).toMatchObject({
        created: 4,
        settled_earlier: 2,
        created_now: 2,
        updated_now: 0,
        found_without_journal: 0,
        interrupted: true,
      });
      expect(stopped.stopped).toContain('401');
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
