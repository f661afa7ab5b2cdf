/**
 * A scheduled import under a service account whose home cannot be written (explore 59 item 1: Debian's
 * `nobody` has HOME=/nonexistent): the account's list of journals could not be kept in the data folder,
 * so the same file imported again with its results in another folder (the next day's) created every row
 * without a claim number a second time, exit 0, saying only that the run lock moved. The list now goes
 * where the lock goes (beside the file) and is read there; where it can be kept nowhere, the import says
 * so on stderr before it sends, under --json too, naming what to set. Spawned CLI runs against a sandbox
 * over HTTP, HOME a plain file; rows written by Python.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { accountKey, journalListPath } from '../../core/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { holdingProxy } from '../helpers/holding-proxy.ts';
import { TEMPLATE, connectionEnv, exited, importCli, secretSandbox, spawnImport } from './import-helpers.ts';

/** How many requests hold each note "NOTE i" (make-rows.py's Instructions). */
function storedByNote(requests: { notes?: string | null }[], note: string): number[] {
  const counts = new Map<string, number>();
  for (const request of requests)
    if (request.notes?.startsWith(`${note} `))
      counts.set(request.notes, (counts.get(request.notes) ?? 0) + 1);
  return [...counts.values()];
}

/** The environment of a service account: HOME a plain file, nothing that moves the data folder. */
async function serviceAccountEnv(dir: string, env: NodeJS.ProcessEnv): Promise<NodeJS.ProcessEnv> {
  const home = join(dir, 'not-a-folder');
  await writeFile(home, '');
  const { TRACKOPS_RUN_LOCKS: _locks, XDG_DATA_HOME: _data, ...rest } = env;
  return { ...rest, HOME: home };
}

describe('an import whose data folder cannot be made', () => {
  it('the same file imported again into another results folder creates nothing twice: the list is kept beside the file, and said', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-service-home-'));
    makeRows(join(dir, 'drop.csv'), 4, 'SAH', [0, 1, 2, 3], 'Denver', 'Service', 'Claim #');
    await mkdir(join(dir, 'mon'));
    await mkdir(join(dir, 'tue'));
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = await serviceAccountEnv(dir, connectionEnv(sandbox));
    const base = ['drop.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'];
    try {
      const monday = await importCli([...base, '--results', 'mon/results.csv'], dir, env);
      expect(monday.code).toBe(0);
      expect(JSON.parse(monday.stdout)).toMatchObject({ created: 4 });
      const list = journalListPath(accountKey(sandbox.baseUrl)!, { besideFile: join(dir, 'drop.csv') });
      expect(monday.stderr).toContain(
        `trackops-bulk: import: note: the list of this account's journals cannot be kept in ${join(dir, 'not-a-folder', '.local', 'share', 'trackops-bulk', 'journal-lists')} (ENOTDIR), ` +
          `so this import is remembered in ${list} beside drop.csv instead: a later import of drop.csv from that folder knows what this one created whatever folder its results go to`,
      );
      expect(monday.stderr).toContain('set TRACKOPS_RUN_LOCKS (or XDG_DATA_HOME, which moves the tool');

      const tuesday = await importCli([...base, '--results', 'tue/results.csv'], dir, env);
      expect(tuesday.code).toBe(0);
      expect(JSON.parse(tuesday.stdout)).toMatchObject({ created: 0, skipped: 4, already_sent: 4 });
      expect(storedByNote(sandbox.account().case_requests, 'Service')).toEqual([1, 1, 1, 1]);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('where the list can be kept nowhere, the run says so before its first create, under --json too, with what a later import would not know and what to set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-service-nowhere-'));
    makeRows(join(dir, 'drop.csv'), 2, 'SAN', [0, 1], 'Denver', 'Nowhere', 'Claim #');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    // The first create is held unanswered: what was said by then was said before anything was sent.
    const proxy = await holdingProxy(sandbox.baseUrl, (method) => method === 'POST');
    // The locks' folder can be made, its neighbour for the lists cannot (a file holds its name), and
    // the list's name beside the file is a folder: nothing can be remembered, even as root.
    await mkdir(join(dir, 'state'));
    await writeFile(join(dir, 'state', 'journal-lists'), '');
    // The account as the import names it: the address it is given (the proxy's).
    const list = journalListPath(accountKey(proxy.baseUrl)!, { besideFile: join(dir, 'drop.csv') });
    await mkdir(list);
    const env = {
      ...(await serviceAccountEnv(dir, connectionEnv(sandbox))),
      TRACKOPS_URL: proxy.baseUrl,
      TRACKOPS_RUN_LOCKS: join(dir, 'state', 'run-locks'),
    };
    try {
      const child = spawnImport(
        ['drop.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'r.csv', '--json'],
        dir,
        env,
      );
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const ended = exited(child);
      const first = await Promise.race([proxy.held, ended.then(() => null)]);
      if (first === null) throw new Error(`ended before its first create: ${stderr}`);
      // Killed there (a stop would wait for the held answer): the test needs only what was said.
      child.kill('SIGKILL');
      await ended;
      expect(log.filter((entry) => entry.method === 'POST')).toHaveLength(0);
      expect(stderr).toContain(
        `trackops-bulk: import: warning: this import cannot be remembered: the list of this account's journals cannot be written in ${join(dir, 'state', 'journal-lists')} (`,
      );
      expect(stderr).toContain(
        `nor beside drop.csv (${list}: EISDIR). An import of drop.csv run again with its results or journal in another folder would not know what this one creates, ` +
          'and would create its rows without a claim number a second time',
      );
      expect(stderr).toContain('set TRACKOPS_RUN_LOCKS (or XDG_DATA_HOME');
      // The list that is there but cannot be read is said as such: the imports it names are not known.
      expect(stderr).toContain(
        `trackops-bulk: import: warning: the list of journals kept by earlier imports into this account, ${list}, cannot be read (EISDIR)`,
      );
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
