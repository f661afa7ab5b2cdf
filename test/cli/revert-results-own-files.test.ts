/**
 * `revert --results X` where X is a file of the import being undone (explore63 #3): its own results
 * (the clerk's list of rows to fix), the referral file it read, or its mapping. Each was replaced by the
 * revert's results without a word. Refused now (exit 2) before anything is sent, naming what the file
 * is and another name; the file is left byte for byte, and the account as the import left it. A
 * revert's own results (its dry run's, then the run's) are still written over, as before.
 */
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await mkdtemp(join(tmpdir(), 'cli-revert-own-files-'));
});
afterAll(() => sandbox.close());

const connection = () => ['--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'];
const env = () => ({ TRACKOPS_TOKEN: sandbox.token });
const notesOf = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)?.notes;

describe('revert --results naming a file of the import it undoes', () => {
  it('is refused for the import results, the referral file (by either name) and the mapping; a revert results file is replaced', async () => {
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
    const referrals = join(dir, 'referrals.csv');
    await writeFile(referrals, 'id,Notes\n1,new A\n2,new B\n');
    const results = join(dir, 'results.csv');
    // Set-up, run by the import command's own code in this process (the same requests, journal and
    // results as spawned; an update import as spawned is test/cli/results-generations.test.ts's "update: a colleague's correction…"). Every revert is spawned.
    const imported = await cliInProcess(
      ['import', referrals, '--mapping', mapping, '--results', results, ...connection()],
      env(),
    );
    expect(imported.code, imported.stderr).toBe(0);
    // A copy of the referral file under another name (a clerk's "referrals (final).csv").
    const copy = join(dir, 'referrals-final.csv');
    await copyFile(referrals, copy);
    const files = [results, referrals, copy, mapping];
    const before = await Promise.all(files.map((file) => readFile(file)));
    const journal = join(dir, 'results.journal.jsonl');
    const revert = (out: string, ...more: string[]) =>
      runCli(['revert', '--journal', journal, '--results', out, ...more, ...connection()], env());

    const words = [
      [results, 'is the results file of the import being reverted; writing it would destroy it'],
      [referrals, 'is the file the import being reverted read (referrals.csv); writing it would destroy it'],
      [copy, 'is the file the import being reverted read (referrals.csv), under another name'],
      [mapping, 'is a mapping'],
    ] as const;
    for (const [file, said] of words) {
      const refused = await revert(file);
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain(`--results '${file}' ${said}`);
      expect(refused.stderr).toContain(`e.g. --results ${join(dir, 'results-revert')}.`);
    }
    expect(await Promise.all(files.map((file) => readFile(file)))).toEqual(before);
    expect([1, 2].map(notesOf)).toEqual(['new A', 'new B']);

    // The revert's own results: its dry run's file is written over by the run, as the name suggested.
    const own = join(dir, 'results-revert.csv');
    const preview = await revert(own, '--dry-run');
    expect(preview.code, preview.stderr).toBe(0);
    const undone = await revert(own);
    expect(undone.code, undone.stderr).toBe(0);
    expect((await readFile(own, 'utf8')).split('\n')[0]).toContain('_row,_status,_id');
    expect([1, 2].map(notesOf)).not.toContain('new A');
    expect(await Promise.all(files.map((file) => readFile(file)))).toEqual(before);
  });
});
