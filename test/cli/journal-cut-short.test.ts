/**
 * A journal write the disk takes only in part (explore 52 item 1). A file system that runs out of room
 * in the middle of a write takes the bytes that fit and returns a short count; the journal took that for
 * done, sent the row whose intent was half on disk, and a later import of the file from another folder
 * (what the stop message advises) created that row a second time. Spawned CLI runs under a file size
 * limit (`ulimit -f`: the kernel writes what fits, then refuses, as a disk filling mid-write does)
 * against a sandbox over HTTP; rows written by Python's csv module, without claim numbers, so the
 * account's duplicate check cannot save them. Each test names the rule:
 * - a journal write cut short stops the run before the batch's requests leave, and the journal ends at
 *   its last whole line: every request in the account has its intent whole on disk; the same file
 *   imported from another folder then creates each row once;
 * - a journal that does end with an intent cut short (an older version sent its request) is read as a
 *   send in doubt, looked for before the row is sent: never as "not sent"; validate's dry run says so of
 *   that row (it was "would create"), asking Trackops nothing more.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { BIN, TEMPLATE, connectionEnv, secretSandbox, type SandboxWithLog } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The CLI with its files limited to `kilobytes` (bash's ulimit -f counts 1024-byte blocks), or not. */
function cli(kilobytes: number | null, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const command =
    kilobytes === null
      ? [process.execPath, BIN, ...args]
      : ['/bin/bash', '-c', 'ulimit -f "$0" && exec "$@"', String(kilobytes), process.execPath, BIN, ...args];
  return new Promise((resolve) => {
    execFile(command[0]!, command.slice(1), { cwd, env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr });
    });
  });
}

let running: SandboxWithLog;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  running = await secretSandbox({ rate: 1000 });
  // The account's list of journals (how an import in another folder finds this one's) kept apart.
  const data = await mkdtemp(join(tmpdir(), 'cut-short-data-'));
  env = { ...connectionEnv(running.sandbox), XDG_DATA_HOME: data };
  // The bin compiles the CLI into its cache on a first run: done here, with no limit on its files.
  await cli(null, ['--version'], tmpdir(), env);
});
afterAll(() => running.sandbox.close());

/** How many requests the account holds of each row of `note` (make-rows.py: notes "NOTE i"). */
function storedByNote(note: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of running.sandbox.account().case_requests) {
    if (!request.notes?.startsWith(`${note} `)) continue;
    counts.set(request.notes, (counts.get(request.notes) ?? 0) + 1);
  }
  return counts;
}

const ROWS = 40;
const EVERY_ROW = Array.from({ length: ROWS }, (_, index) => index);

describe('a journal write the disk takes only in part', () => {
  // Several limits: each cuts the journal at another place in a line (an intent, an outcome).
  it.each([6, 7, 9])(
    'at %i KB the run stops before the cut batch leaves, the journal ends whole, and another folder creates each row once',
    async (kilobytes) => {
      const dir = await mkdtemp(join(tmpdir(), 'cut-short-'));
      const note = `Cut short at ${kilobytes}`;
      makeRows(join(dir, 'rows.csv'), ROWS, 'CUT', EVERY_ROW, 'Boulder', note, 'Claim #');
      const args = ['import', 'rows.csv', '--mapping', TEMPLATE, '--rate', '200/s'];
      const stopped = await cli(kilobytes, [...args, '--json'], dir, env);
      expect(stopped.code, stopped.stderr).toBe(130);
      expect(stopped.stderr).toContain('(EFBIG: file too large)');

      const journal = await readFile(join(dir, 'rows.journal.jsonl'), 'utf8');
      expect(journal.endsWith('\n'), 'the journal ends with a whole line').toBe(true);
      const lines = journal.trimEnd().split('\n');
      for (const line of lines) expect(line).toMatch(/,"sum":"[0-9a-f]{16}"\}$/);
      // Every request that reached Trackops left after its intent was whole on disk.
      const intents = new Set(
        lines
          .map((line) => JSON.parse(line) as { type: string; op?: string; row?: number })
          .filter((line) => line.type === 'intent' && line.op === 'create')
          .map((line) => line.row),
      );
      const stored = storedByNote(note);
      expect(stored.size).toBeGreaterThan(0);
      expect(stored.size).toBeLessThanOrEqual(intents.size);

      // What the stop message advises: the same file from another folder.
      const other = join(dir, 'other');
      await mkdir(other);
      await copyFile(join(dir, 'rows.csv'), join(other, 'rows.csv'));
      // A row the cut left in doubt (its outcome lost) is looked for at once, not minutes after its send.
      const again = await cli(null, [...args, '--json'], other, { ...env, TRACKOPS_TEST_SETTLE_MS: '0' });
      expect(again.code, again.stderr).toBe(0);
      const after = storedByNote(note);
      expect(after.size).toBe(ROWS);
      for (const [row, count] of after) expect(count, row).toBe(1);
    },
    60_000,
  );

  it('an intent cut short whose request had left (an older version) is looked for, not sent again, by an import from another folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cut-short-old-'));
    const note = 'Torn intent';
    makeRows(join(dir, 'rows.csv'), 5, 'OLD', [0, 1, 2, 3, 4], 'Golden', note, 'Claim #');
    const args = ['import', 'rows.csv', '--mapping', TEMPLATE, '--rate', '200/s', '--concurrency', '1'];
    // The import whose journal is then torn is set-up, run by the import command's own code in this
    // process (the same requests and journal as spawned; a create import as spawned is the runs of the
    // test above and test/cli/import.test.ts's). The dry run and the import from another folder stay spawned.
    const first = await commandInProcess('import', [...args.slice(1), '--json'], dir, env);
    expect(first.code, first.stderr).toBe(0);
    expect(storedByNote(note).size).toBe(5);

    // The journal as the older version left it: the last row's request sent, its intent only in part.
    const path = join(dir, 'rows.journal.jsonl');
    const lines = (await readFile(path, 'utf8')).trimEnd().split('\n');
    const [intent, outcome] = lines.slice(-2);
    expect(JSON.parse(intent!)).toMatchObject({ type: 'intent', row: 6, op: 'create' });
    expect(JSON.parse(outcome!)).toMatchObject({ type: 'outcome', row: 6, status: 'created' });
    await writeFile(path, [...lines.slice(0, -2), intent!.slice(0, 90)].join('\n'));

    const other = join(dir, 'other');
    await mkdir(other);
    await copyFile(join(dir, 'rows.csv'), join(other, 'rows.csv'));
    // The dry run says what the import will do: look for row 6 first (its send may have been made), not
    // create it; and it asks no more of Trackops for that than a dry run of the file does anyway.
    const requestsBefore = running.log.length;
    const validated = await cli(
      null,
      ['validate', 'rows.csv', '--mapping', TEMPLATE, '--report', 'dry.csv', '--rate', '200/s'],
      other,
      env,
    );
    expect(validated.code, validated.stderr).toBe(0);
    expect(validated.stdout).toMatch(
      /row 6: an earlier import of rows\.csv sent this row's very content \(its row 6, sent [^)]+\) and got no answer, as its journal \S+ records: the import searches Trackops for it first/,
    );
    expect(
      running.log.slice(requestsBefore).filter((request) => request.url.includes('/case/requests')),
    ).toEqual([]);
    const again = await cli(null, [...args, '--results', 'again.json', '--json'], other, {
      ...env,
      TRACKOPS_TEST_SETTLE_MS: '0',
    });
    expect(again.code, again.stderr).toBe(0);
    const stored = storedByNote(note);
    expect(stored.size).toBe(5);
    for (const [row, count] of stored) expect(count, row).toBe(1);
    const results = JSON.parse(await readFile(join(other, 'again.json'), 'utf8')) as {
      rows: { row: number; status: string; errors?: { message: string }[] }[];
    };
    const row6 = results.rows.find((row) => row.row === 6)!;
    expect(row6.status).toBe('skipped');
    expect(row6.errors?.[0]?.message).toContain('row 6');
  }, 60_000);
});
