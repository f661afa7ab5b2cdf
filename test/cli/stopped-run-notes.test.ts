/**
 * A run that ends on an error (here Trackops refusing the credentials partway through) has no summary,
 * and what its searches met (searches-met.ts: a filter Trackops ignores) was lost with it: the notes a
 * finished run says were said by neither the text nor --json. Now the counts said at such a stop carry
 * them too, in the same words.
 * Rule: anything unexpected the server says is reported in plain words.
 * Real HTTP: the sandbox (150 requests entered an hour ago) behind a proxy that drops
 * `created_from_system` from lists, and in front of it one that answers 401 to creates once told to;
 * the resumes spawned as a user runs them (the earlier run, set-up, the import command's own code in this
 * process); rows written by Python's csv module (make-rows.py).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { pass, running, startLooseFilterProxy, startProxy, type RunningProxy } from '../batch/proxies.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { TEMPLATE, importCli } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

const OLD = 150;

let sandbox: RunningSandbox;
let loose: RunningProxy;
let refusing: RunningProxy;
let refuseCreates = false;
let dir: string;

beforeEach(async () => {
  refuseCreates = false;
  sandbox = await startSandbox({ port: 0, rate: 1000, account: await recentAccount(OLD, OLD) });
  loose = await startLooseFilterProxy(sandbox.baseUrl, 'created_from_system');
  // Credentials refused to creates once told to: a stop the runner throws, after the resume's search.
  refusing = running(
    await startProxy(loose.baseUrl, async (request, response, _body, forward) => {
      if (!(refuseCreates && request.method === 'POST')) return pass(response, await forward());
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'Invalid credentials' }));
    }),
  );
  dir = await mkdtemp(join(tmpdir(), 'stopped-run-notes-'));
});
afterEach(async () => {
  await refusing.close();
  await loose.close();
  await sandbox.close();
});

describe('a run that ends on an error', () => {
  it("says what its searches met, in the text and in --json's notes", async () => {
    makeRows(join(dir, 'rows.csv'), 4, 'STP');
    const template = JSON.parse(await readFile(TEMPLATE, 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'mapping.json'), JSON.stringify({ ...template, duplicates: 'create' }));
    const env = {
      ...process.env,
      TRACKOPS_URL: refusing.baseUrl,
      TRACKOPS_USER: sandbox.username,
      TRACKOPS_TOKEN: sandbox.token,
      XDG_DATA_HOME: join(dir, 'data'),
      TRACKOPS_TEST_SETTLE_MS: '0',
    };
    const command = ['rows.csv', '--mapping', 'mapping.json', '--rate', '100/s', '--results', 'a.json'];
    // The earlier run is set-up, run by the import command's own code in this process (the same requests,
    // journal and --json summary as spawned; a create import as spawned, --limit among its flags, is
    // the --json trial of test/cli/import-stop-signals.test.ts ("import --json stopped by Ctrl-C")). Both
    // resumes, what this test is about, are spawned.
    const first = await commandInProcess('import', [...command, '--limit', '2', '--json'], dir, env);
    expect(JSON.parse(first.stdout), first.stderr).toMatchObject({ created: 2 });
    // The second create's answer never reached the journal (a crash): the resume searches for it first.
    const journal = join(dir, 'a.journal.jsonl');
    const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
    await writeFile(journal, `${lines.slice(0, -1).join('\n')}\n`);
    const journalled = `${lines.slice(0, -1).join('\n')}\n`;
    refuseCreates = true;

    const resumed = await importCli([...command, '--resume', '--json'], dir, env);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(3);
    const summary = JSON.parse(resumed.stdout) as { stopped: string; notes?: string[] };
    expect(summary.stopped).toMatch(/credentials|refused|401/i);
    const ignored = (summary.notes ?? []).filter((text) =>
      text.includes('the server seems to ignore that filter'),
    );
    expect(ignored, resumed.stdout).toHaveLength(1);
    expect(ignored[0]).toMatch(
      /^In the search for the creates an earlier run left in doubt, Trackops's list gave REQ-/,
    );
    // The readable notes on stderr under --json, as a finished run's.
    expect(resumed.stderr).toContain(ignored[0]);

    // The same stop without --json: the notes under the counts.
    await writeFile(journal, journalled);
    const text = await importCli([...command, '--resume'], dir, env);
    expect(text.code, text.stdout + text.stderr).toBe(3);
    // (Its window starts from the journal's time by the server's clock: a second either way.)
    const said = text.stdout
      .split('\n')
      .filter((line) => line.includes('the server seems to ignore that filter'));
    expect(said, text.stdout).toHaveLength(1);
    expect(said[0]).toMatch(
      /^In the search for the creates an earlier run left in doubt, Trackops's list gave REQ-/,
    );
  }, 90_000);
});
