/**
 * A revert checks the requests its import updated by listing those updated since the import's first
 * PUT (`updated_from`). On a server that ignores that filter the listing reads the whole list it gives
 * instead: complete, but as long as reading the whole account, and the revert said nothing of it. Its
 * summary now says it once, in --json's `notes` and on the terminal; against the sandbox as it is,
 * nothing. Real HTTP: a spawned CLI, the sandbox (150 requests changed an hour ago) behind a proxy that
 * drops the filter.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { pass, running, startLooseFilterProxy, startProxy, type RunningProxy } from '../batch/proxies.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

/** Requests changed an hour before: more than a page, so the revert's listing of them is pinned. */
const OLD = 150;

let sandbox: RunningSandbox;
let proxy: RunningProxy;
let dir: string;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000, account: await recentAccount(OLD, OLD) });
  proxy = await startLooseFilterProxy(sandbox.baseUrl, 'updated_from');
  dir = await tempDir();
});
afterEach(async () => {
  await proxy.close();
  await sandbox.close();
});

const connected = (command: string, args: string[], url: string) =>
  runCli([command, ...args, '--url', url, '--user', sandbox.username, '--rate', '500/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

/** Three requests' notes changed by an update import; its journal. */
async function updateThree(url: string): Promise<string> {
  const file = join(dir, 'notes.csv');
  const mapping = join(dir, 'notes.json');
  await writeFile(file, 'Number,Notes\nREQ-00001,Called\nREQ-00002,Called\nREQ-00003,Called\n');
  await writeFile(
    mapping,
    JSON.stringify({
      version: 1,
      mode: 'update',
      match: 'case_request_number',
      columns: [
        { column: 'Number', target: 'case_request_number' },
        { column: 'Notes', target: 'notes' },
      ],
    }),
  );
  // Set-up, run by the import command's own code in this process (the same requests and journal as
  // spawned; an update import as spawned is test/cli/results-generations.test.ts's "update: a colleague's correction…"). Every revert is spawned.
  const run = await cliInProcess(
    [
      'import',
      file,
      '--mapping',
      mapping,
      '--results',
      join(dir, 'r.csv'),
      '--url',
      url,
      '--user',
      sandbox.username,
      '--rate',
      '500/s',
    ],
    { TRACKOPS_TOKEN: sandbox.token },
  );
  expect(run.code, run.stderr).toBe(0);
  return join(dir, 'r.journal.jsonl');
}

describe('a revert whose server ignores updated_from', () => {
  it('rule: its summary says once that the check read the whole list, and what that means', async () => {
    const journal = await updateThree(proxy.baseUrl);
    const revert = await connected('revert', ['--journal', journal, '--json'], proxy.baseUrl);
    expect(revert.code, revert.stderr).toBe(0);
    const summary = JSON.parse(revert.stdout) as { reverted: number; notes?: string[] };
    expect(summary.reverted).toBe(3);
    const said = (summary.notes ?? []).filter((note) => note.includes('ignore that filter'));
    expect(said, revert.stdout).toHaveLength(1);
    expect(said[0]).toMatch(
      /^In the check of the requests for changes since the import, Trackops's list gave REQ-\d+ \(id \d+\), changed [\d-]+ [\d:]+, when asked only for requests changed from [\d-]+ [\d:]+ on \(updated_from, UTC\): the server seems to ignore that filter, so that check read the whole list Trackops gives instead: 150 requests in \d+ pages\. Nothing was missed for it/,
    );
    expect(
      sandbox
        .account()
        .case_requests.slice(0, 3)
        .map((request) => request.notes),
    ).not.toContain('Called');
  }, 60_000);

  it('rule: a revert that ends on an error (its writes refused) still says what its check met', async () => {
    const journal = await updateThree(proxy.baseUrl);
    // Credentials refused to every write: the revert stops after its check, with no summary.
    const refusing = running(
      await startProxy(proxy.baseUrl, async (request, response, _body, forward) => {
        if (request.method !== 'PUT') return pass(response, await forward());
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ message: 'Invalid credentials' }));
      }),
    );
    try {
      const revert = await connected('revert', ['--journal', journal], refusing.baseUrl);
      expect(revert.code, revert.stderr).toBe(3);
      expect(revert.stderr).toMatch(
        /In the check of the requests for changes since the import, Trackops's list gave REQ-\d+ \(id \d+\), changed [\d-]+ [\d:]+, when asked only for requests changed from [\d-]+ [\d:]+ on \(updated_from, UTC\): the server seems to ignore that filter/,
      );
    } finally {
      await refusing.close();
    }
  }, 60_000);

  it('rule: against a server that keeps to the filter, the same revert says nothing of it', async () => {
    const journal = await updateThree(sandbox.baseUrl);
    const revert = await connected('revert', ['--journal', journal], sandbox.baseUrl);
    expect(revert.code, revert.stderr).toBe(0);
    expect(revert.stdout).toMatch(/3 put back/);
    expect(revert.stdout).not.toMatch(/ignore that filter|In the check/);
  }, 60_000);
});
