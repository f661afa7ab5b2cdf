/**
 * A revert connected to another account than the one its journal records (explore63 #4): an undo run
 * from a shell whose connection is a staging copy looked the import's requests up there, called them
 * "already as before" and exited 0, leaving the account the import wrote as it was. Refused now before
 * any request, as `import --resume` refuses the same mismatch (exit 2), its dry run too; connected to
 * the import's account it then runs, and its own journal records that account.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

let live: RunningSandbox;
// Another host name (as acme-staging.… is to acme.…), holding the same requests.
let staging: RunningSandbox;
let dir: string;

beforeAll(async () => {
  live = await startSandbox({ port: 0, rate: 1000 });
  staging = await startSandbox({ port: 0, rate: 1000, host: '127.0.0.2' });
  dir = await mkdtemp(join(tmpdir(), 'cli-revert-other-account-'));
});
afterAll(async () => {
  await live.close();
  await staging.close();
});

const on = (sandbox: RunningSandbox) => [
  '--url',
  sandbox.baseUrl,
  '--user',
  sandbox.username,
  '--rate',
  '100/s',
];
const env = (sandbox: RunningSandbox) => ({ TRACKOPS_TOKEN: sandbox.token });
const notes = (sandbox: RunningSandbox) =>
  [1, 2].map((id) => sandbox.account().case_requests.find((request) => request.id === id)?.notes);

describe('revert connected to another account than its journal records', () => {
  it('is refused before any request, its dry run too; connected to the import account it puts the values back', async () => {
    const mapping = join(dir, 'upd.json');
    await writeFile(
      mapping,
      JSON.stringify({
        version: 1,
        mode: 'update',
        match: 'id',
        columns: [
          { column: 'id', target: 'id' },
          { column: 'Notes', target: 'notes' },
        ],
      }),
    );
    const source = join(dir, 'upd.csv');
    await writeFile(source, 'id,Notes\n1,new A\n2,new B\n');
    const before = notes(live);
    // Set-up, run by the import command's own code in this process (the same requests and journal as
    // spawned; an update import as spawned is test/cli/results-generations.test.ts's "update: a colleague's correction…"). Every revert is spawned.
    const imported = await cliInProcess(
      ['import', source, '--mapping', mapping, '--results', join(dir, 'r.csv'), ...on(live)],
      env(live),
    );
    expect(imported.code, imported.stderr).toBe(0);
    const staged = notes(staging);
    const journal = join(dir, 'r.journal.jsonl');
    const recorded = (JSON.parse((await readFile(journal, 'utf8')).split('\n')[0]!) as { account: string })
      .account;
    const files = (await readdir(dir)).sort();

    for (const dryRun of [['--dry-run'], []]) {
      const refused = await runCli(['revert', '--journal', journal, ...dryRun, ...on(staging)], env(staging));
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain(
        `journal ${journal} is of a run into another account (${recorded}), not ${staging.baseUrl}: reverting would look its requests up there`,
      );
      expect(refused.stderr).toContain('Revert it connected to that account');
      expect(refused.stdout).not.toContain('already as before');
    }
    // Nothing written in either account, and no revert journal left to make the right revert a --resume.
    expect(notes(staging)).toEqual(staged);
    expect(notes(live)).toEqual(['new A', 'new B']);
    expect((await readdir(dir)).sort()).toEqual(files);

    const undone = await runCli(['revert', '--journal', journal, ...on(live)], env(live));
    expect(undone.code, undone.stderr).toBe(0);
    expect(undone.stdout).toContain('2 put back');
    expect(notes(live)).toEqual(before);
    const revertHeader = JSON.parse(
      (await readFile(join(dir, 'r.journal.revert.jsonl'), 'utf8')).split('\n')[0]!,
    ) as { account: string };
    expect(revertHeader.account).toBe(recorded);
  });
});
