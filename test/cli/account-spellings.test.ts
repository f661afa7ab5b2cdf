/**
 * One account however its address is typed (explore 30 item 1): `http://localhost:PORT`,
 * `http://127.0.0.1:PORT`, `http://LOCALHOST:PORT/`, a default port written out or another letter case of
 * the host were each taken for another account, so the checks for one account (the run lock, what earlier
 * imports created, the journal lists) let the same rows be created twice, at once or one after the other.
 * Journals and lists written under the old spelling are still read. The token never reaches a key.
 * Spawned CLI runs against a sandbox over HTTP; rows written by Python.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  accountKey,
  earlierCreates,
  journalListsFolder,
  knownJournals,
  rememberJournal,
  runLockName,
} from '../../core/index.ts';
import { openJournal } from '../../core/batch/journal.ts';
import { thisProcess } from '../../cli/journal-owner.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import {
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
} from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

/** The same sandbox's address in the spellings a clerk may type. */
function spellings(baseUrl: string): string[] {
  const port = new URL(baseUrl).port;
  return [
    `http://127.0.0.1:${port}/api/v1`,
    `http://localhost:${port}/api/v1`,
    `http://LOCALHOST:${port}/api/v1/`,
    `http://[::1]:${port}/api/v1`,
  ];
}

describe('the account key', () => {
  it('is one for every spelling of one address, another for another host, port or path, and never holds a token', () => {
    const keys = new Set(spellings('http://127.0.0.1:4331/api/v1').map(accountKey));
    expect(keys.size).toBe(1);
    expect(
      new Set(
        [
          'https://acme.viewcases.com/api/v1',
          'https://ACME.ViewCases.com:443/api/v1/',
          'HTTPS://acme.viewcases.com/api/v1//',
        ].map(accountKey),
      ).size,
    ).toBe(1);
    expect(accountKey('http://127.0.0.1:4331/api/v1')).not.toBe(accountKey('http://127.0.0.1:4332/api/v1'));
    // Another loopback address is a server bound to it alone.
    expect(accountKey('http://127.0.0.2:4331/api/v1')).not.toBe(accountKey('http://127.0.0.1:4331/api/v1'));
    expect(accountKey('https://acme.viewcases.com:8443/api/v1')).not.toBe(
      accountKey('https://acme.viewcases.com/api/v1'),
    );
    expect(accountKey('https://jo:S3CRET@acme.viewcases.com/api/v1?api_token=S3CRET')).toBe(
      'https://acme.viewcases.com/api/v1',
    );
    // The run lock's name follows the key.
    const lock = (baseUrl: string) => runLockName({ baseUrl, fileHash: 'h' });
    expect(lock('http://localhost:4331/api/v1/')).toBe(lock('http://127.0.0.1:4331/api/v1'));
  });

  it('rows without a claim number imported through one spelling are not created again through another', async () => {
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const [numeric, named, upper] = spellings(sandbox.baseUrl);
    try {
      const root = await mkdtemp(join(tmpdir(), 'cli-spellings-'));
      // Each run in its own folder: only the account's journal lists can tell the later runs.
      for (const [index, url] of [numeric!, named!, upper!].entries()) {
        const dir = join(root, `run${index}`);
        await mkdir(dir);
        makeRows(join(dir, 'rows.csv'), 4, 'SPL', [0, 1, 2, 3], 'Denver', 'Spelled', 'Claim #');
        const args = ['rows.csv', '--mapping', TEMPLATE, '--url', url, '--rate', '100/s', '--json'];
        // The first import is set-up, run by the import command's own code in this process (the same
        // requests, journal and journal list as spawned; a create import as spawned is
        // test/cli/import.test.ts's). The imports through the other spellings, what this test proves, are spawned.
        const run =
          index === 0 ? await commandInProcess('import', args, dir, env) : await importCli(args, dir, env);
        expect(run.code, run.stderr).toBe(0);
        expect(JSON.parse(run.stdout)).toMatchObject(
          index === 0 ? { created: 4 } : { created: 0, skipped: 4 },
        );
      }
      expect(
        sandbox.account().case_requests.filter((request) => request.notes?.startsWith('Spelled ')),
      ).toHaveLength(4);
    } finally {
      await sandbox.close();
    }
  }, 90_000);

  it('a second import of the file through another spelling while the first runs is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-spellings-lock-'));
    makeRows(join(dir, 'rows.csv'), 10, 'SPK');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const [numeric, , upper] = spellings(sandbox.baseUrl);
    const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '5/s', '--json'];
    try {
      const first = spawnImport([...args, '--url', numeric!, '--results', 'a.csv'], dir, env);
      await waitForOutcomes(join(dir, 'a.journal.jsonl'), 2);
      first.kill('SIGSTOP');
      const second = await importCli([...args, '--url', upper!, '--results', 'b.csv'], dir, env);
      first.kill('SIGCONT');
      expect(second.code).toBe(2);
      expect(second.stderr).toContain(`by another import (process ${first.pid} on`);
      expect((await exited(first)).code).toBe(0);
      const stored = storedByReference(sandbox.account(), 'SPK-');
      expect(stored.size).toBe(10);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  }, 90_000);

  it('a journal an earlier version recorded under the address as typed is still read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-spellings-old-'));
    const lists = journalListsFolder(join(dir, 'run-locks'));
    const journal = join(dir, 'old.journal.jsonl');
    const old = 'http://127.0.0.1:4333/api/v1';
    const binding = { file: 'rows.csv', fileHash: 'h', mappingHash: 'm', mode: 'create' as const };
    const written = await openJournal(
      journal,
      { ...binding, account: old },
      { resume: false, owner: thisProcess() },
    );
    await written.intent({
      row: 2,
      op: 'create',
      at: new Date().toISOString(),
      fingerprint: 'f',
      content: 'c',
    });
    await written.outcome({ row: 2, status: 'created', id: 7 });
    await written.close();
    // Remembered as that version did: in the list named by the address as recorded.
    await rememberJournal(journal, old, lists);

    const key = accountKey('http://LOCALHOST:4333/api/v1/')!;
    expect(await knownJournals(key, lists)).toEqual([journal]);
    const found = await earlierCreates({
      folders: [],
      paths: await knownJournals(key, lists),
      account: key,
      except: null,
    });
    expect(found.claim('c')).toMatchObject({ id: 7, file: 'rows.csv' });
    // And a resume through today's spelling is the same account, not refused as another.
    const resumed = await openJournal(
      journal,
      { ...binding, account: key },
      { resume: true, owner: thisProcess() },
    );
    expect(resumed.state.finished.get(2)).toMatchObject({ status: 'created', id: 7 });
    await resumed.close();
  });
});
