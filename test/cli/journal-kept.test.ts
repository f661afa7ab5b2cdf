/**
 * An import without --resume never replaces a journal that recorded sends (explore, 2026-12-05): an
 * import killed mid-way and run again with the same command replaced its journal and created every
 * row without a claim number a second time. The same run is refused with the command that finishes
 * it; another run's journal at the same place (a results file's journal is where the next import of
 * that file puts its own) is kept beside, and a later --resume of that run still finds it. Spawned
 * CLI runs against a sandbox over HTTP; rows written by Python's csv module, with no claim number, so
 * the account's duplicate check cannot save them.
 *
 * The first run a test starts from (a --limit trial, or the whole file) is set-up, run by the import
 * command's own code in this process (firstRun below: the same requests and journal as spawned; a
 * --limit trial as spawned is the --json trial of test/cli/import-stop-signals.test.ts, a whole create
 * import test/cli/import.test.ts's). Every run after it, refused or not, is spawned.
 */
import { appendFile, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

const ALL = Array.from({ length: 10 }, (_, index) => index);

/** The run a test starts from: `import …args` in `dir` with `env`, in this process. */
const firstRun = (args: string[], dir: string, env: NodeJS.ProcessEnv) =>
  commandInProcess('import', args, dir, env);

/** Requests whose notes say they came from `note` rows, counted per note (make-rows.py: "NOTE i"). */
function storedByNote(requests: { notes?: string | null }[], note: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) {
    if (!request.notes?.startsWith(`${note} `)) continue;
    counts.set(request.notes, (counts.get(request.notes) ?? 0) + 1);
  }
  return counts;
}

describe('an import without --resume and a journal that recorded sends', () => {
  it('the same run is refused with the command that finishes it; nothing is sent twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-journal-same-'));
    makeRows(join(dir, 'rows.csv'), 10, 'NOK', ALL, 'Denver', 'Unkeyed', 'Claim #');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'];
    try {
      const first = await firstRun([...base, '--limit', '4'], dir, env);
      expect(JSON.parse(first.stdout)).toMatchObject({ created: 4, skipped: 6 });
      const journal = join(dir, 'rows.journal.jsonl');
      const before = await readFile(journal);
      const posts = () => log.filter((entry) => entry.method === 'POST').length;
      const postsBefore = posts();

      const again = await importCli(base, dir, env);
      expect(again.code).toBe(2);
      expect(again.stderr).toContain(
        `journal ${journal} holds an earlier run of this import (4 rows written); a run without --resume never replaces it: it is the only record of what that run wrote. ` +
          `Finish that run with: trackops-bulk import rows.csv --mapping ${TEMPLATE} --rate 100/s --resume (nothing it wrote is sent again; the rows it did not reach, and those a refusal or a failure another try may pass left unsent, are sent; rows invalid in the file are listed again, not sent). ` +
          'Another --journal would not send the rows it wrote again: an import knows, by content and key, what earlier imports created in this account. ' +
          'To create every row again as new requests (a second copy of each), the mapping must say "duplicates": "create"',
      );
      expect(posts()).toBe(postsBefore);
      expect(await readFile(journal)).toEqual(before);

      const resumed = await importCli([...base, '--resume'], dir, env);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ created: 10 });

      // The file changed since (a row added): its resume says the file changed, not that there is no
      // journal, and that the rows the run sent are still there (explore 26 item 4).
      await appendFile(
        join(dir, 'rows.csv'),
        (await readFile(join(dir, 'rows.csv'), 'utf8')).split('\r\n')[1]!,
      );
      const changed = await importCli([...base, '--resume'], dir, env);
      expect(changed.code).toBe(2);
      expect(changed.stderr).toContain(
        `rows.csv changed since this run began: its bytes are not those its journal (${journal}) was written for, while the mapping and mode are the same`,
      );
      expect(changed.stderr).toContain(
        'The rows the run sent are the same: each of the 10 is in the file now with the very values it sent',
      );
      const stored = storedByNote(sandbox.account().case_requests, 'Unkeyed');
      expect(stored.size).toBe(10);
      for (const [note, count] of stored) expect(count, note).toBe(1);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('what the refusal says of the ways on is true: another --journal sends nothing again, "duplicates": "create" does', async () => {
    // Explore 31 item 4: it said "to send every row again as new requests, give another --journal",
    // and that sent nothing. Rows without a claim number: only their content tells them apart.
    const dir = await mkdtemp(join(tmpdir(), 'cli-journal-advice-'));
    makeRows(join(dir, 'rows.csv'), 4, 'NOA', [0, 1, 2, 3], 'Denver', 'Advice', 'Claim #');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const posts = () => log.filter((entry) => entry.method === 'POST').length;
    const base = ['rows.csv', '--rate', '100/s', '--json'];
    try {
      expect(JSON.parse((await firstRun([...base, '--mapping', TEMPLATE], dir, env)).stdout)).toMatchObject({
        created: 4,
      });
      // Every row written: the same command again has nothing left to send, and says so (explore 59
      // item 7); a run that left rows is refused with the ways on (the test above).
      const again = await importCli([...base, '--mapping', TEMPLATE], dir, env);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ created_now: 0, nothing_left_to_send: true });
      expect(again.stderr).toContain('Nothing left to send');
      expect(posts()).toBe(4);

      const other = await importCli([...base, '--mapping', TEMPLATE, '--journal', 'other.jsonl'], dir, env);
      expect(JSON.parse(other.stdout)).toMatchObject({ created: 0, already_sent: 4 });
      expect(posts()).toBe(4);

      const mapping = JSON.parse(await readFile(TEMPLATE, 'utf8'));
      await writeFile(join(dir, 'again.json'), JSON.stringify({ ...mapping, duplicates: 'create' }));
      const copies = await importCli([...base, '--mapping', 'again.json'], dir, env);
      expect(JSON.parse(copies.stdout)).toMatchObject({ created: 4 });
      expect(posts()).toBe(8);
      for (const [note, count] of storedByNote(sandbox.account().case_requests, 'Advice'))
        expect(count, note).toBe(2);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it("another run's journal at the same place is kept beside, said, and found by that run's --resume", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-journal-other-'));
    makeRows(join(dir, 'rows.csv'), 10, 'NOL', ALL, 'Denver', 'First file', 'Claim #');
    makeRows(join(dir, 'other.csv'), 2, 'NOM', [0, 1], 'Boulder', 'Second file', 'Claim #');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const first = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'r.csv', '--json'];
    try {
      expect(JSON.parse((await firstRun([...first, '--limit', '3'], dir, env)).stdout)).toMatchObject({
        created: 3,
      });
      const journal = join(dir, 'r.journal.jsonl');
      const firstJournal = await readFile(journal);

      // Another file with the same --results: its journal's default place is the first run's journal.
      const other = await importCli(
        ['other.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'r.csv', '--json'],
        dir,
        env,
      );
      expect(JSON.parse(other.stdout)).toMatchObject({ created: 2 });
      const kept = (await readdir(dir)).filter((name) =>
        /^r\.journal\.\d{4}-\d\d-\d\dT[\d-]+Z\.jsonl$/.test(name),
      );
      expect(kept).toHaveLength(1);
      const aside = join(dir, kept[0]!);
      expect(await readFile(aside)).toEqual(firstJournal);
      expect(other.stderr).toContain(
        `journal ${journal} held an earlier import of rows.csv (3 rows written); it was kept as ${aside} (what resumes or reverts that run), and this run's journal starts afresh`,
      );

      // The first run, resumed as it was started: its journal is found where it was kept.
      const resumed = await importCli([...first, '--resume'], dir, env);
      expect(resumed.stderr).toContain(`resuming the journal of this file and mapping found at ${aside}`);
      expect(JSON.parse(resumed.stdout)).toMatchObject({ created: 10 });
      const stored = storedByNote(sandbox.account().case_requests, 'First file');
      expect(stored.size).toBe(10);
      for (const [note, count] of stored) expect(count, note).toBe(1);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
