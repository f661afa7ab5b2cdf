/**
 * Undoing an import whose create is in doubt (explore 63 item 7), a spawned CLI against the sandbox
 * over real HTTP: the revert named "the import's results" where there were none, and gave neither the
 * row's key nor the time. Now it names the key and the intent's time, looks for the request as the
 * import's resume would, and says what it found; the results only when they are there.
 * - killed while its third create was in flight (a proxy swallows it: never stored): not found, "most
 *   likely not created", the import's resume named (dry run only), no results named;
 * - an import whose last answer never reached its journal (the request stored): the request found,
 *   named with its id, and the import's results named.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { startSwallowingCreateProxy } from '../batch/proxies.ts';
import { TEMPLATE, connectionEnv, exited, runCli, secretSandbox, spawnImport } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

const lastIntentOf = async (dir: string, row: number) =>
  (await readFile(join(dir, 'a.journal.jsonl'), 'utf8'))
    .split('\n')
    .filter(Boolean)
    .map(
      (line) =>
        JSON.parse(line) as {
          type: string;
          row: number;
          lookup?: { value: string };
          at: string;
          left_at?: string;
        },
    )
    .findLast((line) => line.type === 'intent' && line.row === row)!;

describe('revert of an import with a create in doubt', () => {
  it('killed with a create in flight that never reached Trackops: its key and time named, not found, results not named', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-revert-doubt-kill-'));
    makeRows(join(dir, 'rows.csv'), 4, 'RDK');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const proxy = await startSwallowingCreateProxy(sandbox.baseUrl, 3);
    // The import and its undo both through the proxy: one account, as the journal records it.
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl };
    try {
      // One at a time: the row after the swallowed one is not sent.
      const child = spawnImport(
        ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--concurrency', '1', '--results', 'a.csv'],
        dir,
        env,
      );
      await proxy.swallowed;
      child.kill('SIGKILL');
      await exited(child);
      const intent = await lastIntentOf(dir, 4);
      expect(intent.lookup?.value).toMatch(/^RDK-/);
      const requests = sandbox.account().case_requests.length;

      const dry = await runCli(
        'revert',
        ['--journal', 'a.journal.jsonl', '--dry-run', '--rate', '100/s'],
        dir,
        env,
      );
      const second = (intent.left_at ?? intent.at).slice(0, 19).replace('T', ' ');
      expect(dry.stdout).toContain(
        `row 4: this row's create (Reference 1 '${intent.lookup!.value}') was sent at ${second} UTC, if at all (the import writes its intent before the request leaves)`,
      );
      expect(dry.stdout).toMatch(
        /none holds this row's values, so it was most likely not created: nothing to close or delete/,
      );
      expect(dry.stdout).toContain(
        "Before undoing, the import's own resume (run again with --resume) would settle it by the same search, but it also sends the rows the import had not reached",
      );
      expect(dry.stdout).not.toContain('results');
      expect(dry.stdout).toContain('1 not known to be created by the import');
      // The check's line says the search too (it named only the requests checked for changes).
      expect(dry.stdout).toMatch(
        /^Checking 2 requests for changes since the import: .*, then looking in Trackops for the import's create in doubt \(the requests created since it was sent, with its row's values: \d+ requests?\)\.$/m,
      );
      // Looked for, nothing written.
      expect(sandbox.account().case_requests.length).toBe(requests);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);

  it('an answer that never reached the journal, the request stored: found and named, with the results', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-revert-doubt-found-'));
    makeRows(join(dir, 'rows.csv'), 3, 'RDF');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    try {
      // Set-up, run by the import command's own code in this process (the same requests, journal and
      // results as spawned; a create import as spawned is test/cli/import.test.ts's). The revert is spawned.
      const run = await commandInProcess(
        'import',
        ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'a.csv'],
        dir,
        env,
      );
      expect(run.code, run.stderr).toBe(0);
      // The last answer cut from the journal, as a kill between the answer and its outcome leaves it.
      const journal = join(dir, 'a.journal.jsonl');
      const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
      const last = lines.findLastIndex((line) => (JSON.parse(line) as { type: string }).type === 'outcome');
      const cut = JSON.parse(lines[last]!) as { row: number; id: number; case_request_number: string };
      lines.splice(last, 1);
      await writeFile(journal, `${lines.join('\n')}\n`);

      const dry = await runCli(
        'revert',
        ['--journal', 'a.journal.jsonl', '--dry-run', '--rate', '100/s'],
        dir,
        env,
      );
      expect(dry.stdout).toContain(
        `and found one holding this row's values: ${cut.case_request_number} (id ${cut.id}), most likely this row's create. Look at it, and close or delete ${cut.case_request_number} in Trackops only if it is this row's. The import's results (a.csv) name any requests its run found that may be it.`,
      );
      expect(dry.stdout).toContain(
        `row ${cut.row}: ${cut.case_request_number}: this row's create (Reference 1 'RDF-`,
      );
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
