/**
 * A create answered with a server error (500) is an answer, not a lost one (explore 59): the words say
 * what happened ("was answered with a server error (500) and may or may not have been stored"), never
 * "got no answer", on the progress line and in the row's result; and a row answered 500 twice says
 * which send each wait is about, so that a log does not show the same line twice.
 *
 * Spawned CLI, its stderr a pipe (a scheduled job's log), through a real HTTP hop that answers the
 * first creates 500 without passing them on; the rows written by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { failingProxy } from '../helpers/failing-proxy.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox } from './import-helpers.ts';

const create = (method: string, path: string) => method === 'POST' && path.endsWith('/case/requests');

it('says a create answered 500 was answered, once per send, and sends it again only after two looks', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-server-error-'));
  makeRows(join(dir, 'rows.csv'), 2, 'SRV');
  const { sandbox } = await secretSandbox({ rate: 1000 });
  // The first row's first two sends are answered 500 (one at a time: --concurrency 1).
  const proxy = await failingProxy(sandbox.baseUrl, create, { status: 500, times: 2 });
  try {
    const run = await importCli(
      // The second look 5 s after the first: long enough to be said in the log (core's 5 s notice).
      [
        'rows.csv',
        '--mapping',
        TEMPLATE,
        '--rate',
        '100/s',
        '--concurrency',
        '1',
        '--recheck-after',
        '5',
        '--results',
        'r.csv',
      ],
      dir,
      { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl },
    );
    expect(proxy.failed()).toBe(2);
    expect(run.stderr + run.stdout).not.toMatch(/got no answer/);
    const waits = run.stderr.split('\n').filter((line) => line.includes('Trackops does not list it yet'));
    expect(waits).toEqual([
      "import: Row 2's create was answered with a server error (500) and may or may not have been stored; Trackops does not list it yet; it is looked for again in 5 s, before anything is sent again",
      "import: Row 2's create (its second send) was answered with a server error (500) and may or may not have been stored; Trackops does not list it yet; it is looked for again in 5 s, before anything is sent again",
    ]);
    // Stored once: the two 500s stored nothing, the third send did.
    const stored = storedByReference(sandbox.account(), 'SRV');
    expect([...stored.values()].map((requests) => requests.length)).toEqual([1, 1]);
    const results = await readFile(join(dir, 'r.csv'), 'utf8');
    expect(results).toContain(
      'its first send was answered with a server error (500) and may or may not have been stored (POST case/requests: server error 500: Internal error); ' +
        'Trackops did not list it 0.5 s or 5.5 s later, so it was sent again; ' +
        'its second send was answered with a server error (500) and may or may not have been stored (POST case/requests: server error 500: Internal error); ' +
        "Trackops did not list it 0.5 s or 5.5 s later, so it was sent again and this answer is the third send's. " +
        "Were one of the first 2 stored after all, Trackops would hold two: look for another request with this row's values.",
    );
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}, 60_000);
