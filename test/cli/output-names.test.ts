/**
 * Every name an output is written under fits a file name (255 bytes of UTF-8), checked before anything
 * is read or sent: the file's own, its temp file's (`.NAME.RANDOM.tmp`), a CSV results file's
 * `OUT.unfinished.csv`, and the default journal named after --results or the file (explore 10 item 1).
 * A name that fits has every name made from it fit as well: its lock beside it (an export's, a
 * journal's), the names a lock is made under, and a replaced journal kept aside.
 */
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import {
  connectionEnv,
  importCli,
  runCli as runCliIn,
  secretSandbox,
  TEMPLATE,
  type SandboxWithLog,
} from './import-helpers.ts';
import { runCli } from './run-cli.ts';

let running: SandboxWithLog | null = null;
afterEach(async () => {
  await running?.sandbox.close();
  running = null;
});

async function importSetup() {
  const dir = await mkdtemp(join(tmpdir(), 'cli-names-'));
  makeRows(join(dir, 'rows.csv'), 2, 'NAM');
  running = await secretSandbox({ rate: 1000 });
  return { dir, env: connectionEnv(running.sandbox), log: running.log };
}

describe('output names too long for the file system', () => {
  it('a legal 250-byte --results .csv whose unfinished copy would be 261 bytes: exit 2, no request sent', async () => {
    const { dir, env, log } = await importSetup();
    const results = `${'s'.repeat(246)}.csv`;
    const run = await importCli(
      ['rows.csv', '--mapping', TEMPLATE, '--results', results, '--journal', 'j.jsonl', '--rate', '100/s'],
      dir,
      env,
    );
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(`import: --results '${join(dir, results)}': the file name is too long:`);
    expect(run.stderr).toContain(
      `its unfinished copy, written while the run lasts ('${'s'.repeat(246)}.unfinished.csv') would be 261 bytes (as UTF-8)`,
    );
    // The temp name (.NAME.RANDOM.tmp, 14 bytes more) is the longest of them: that decides the room.
    expect(run.stderr).toContain('give a name of at most 241 bytes');
    expect(log).toEqual([]);
  });

  it('a --results name of exactly that room is imported', async () => {
    const { dir, env } = await importSetup();
    const run = await importCli(
      [
        'rows.csv',
        '--mapping',
        TEMPLATE,
        '--results',
        `${'s'.repeat(237)}.csv`,
        '--journal',
        'j.jsonl',
        '--rate',
        '100/s',
        '--json',
      ],
      dir,
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ created: 2 });
  });

  it('the default journal named after a long input is refused naming where its name comes from', async () => {
    const { dir, env, log } = await importSetup();
    const input = `${'i'.repeat(236)}.csv`;
    makeRows(join(dir, input), 1, 'NAL');
    const run = await importCli([input, '--mapping', TEMPLATE, '--rate', '100/s'], dir, env);
    expect(run.code, run.stderr).toBe(2);
    expect(run.stderr).toContain(
      `import: the journal (named after the file; --journal gives another) '${join(dir, 'i'.repeat(236))}.journal.jsonl': the file name is too long: the temporary file it is written through first`,
    );
    expect(log).toEqual([]);
  });

  it('export: a --out name of the room a name has (241 bytes) is exported; its lock, beside it, fits too and goes with the export', async () => {
    const { dir, env } = await importSetup();
    const out = `${'e'.repeat(236)}.xlsx`;
    const run = await runCliIn('export', ['--out', out, '--rate', '100/s'], dir, env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^Exported \d+ case requests to /);
    expect(run.stdout).toContain(join(dir, out));
    const names = await readdir(dir);
    expect(names).toContain(out);
    expect(names.filter((name) => name.endsWith('.lock') || name.endsWith('.new'))).toEqual([]);
  });

  it("import: a --journal name of the room a name has (241 bytes) is locked; another file's run given it keeps the first run's journal aside under a name that fits", async () => {
    const { dir, env } = await importSetup();
    makeRows(join(dir, 'other.csv'), 2, 'NAO', [], 'Boulder', 'Other referrals');
    const journal = `${'j'.repeat(235)}.jsonl`;
    const args = ['--mapping', TEMPLATE, '--journal', journal, '--rate', '100/s'];
    const first = await importCli(['rows.csv', ...args], dir, env);
    expect(first.code, first.stderr).toBe(0);
    const second = await importCli(['other.csv', ...args], dir, env);
    expect(second.code, second.stdout + second.stderr).toBe(0);
    const kept = /it was kept as (\S+) \(what resumes or reverts that run\)/.exec(second.stderr)?.[1];
    expect(kept, second.stderr).toMatch(/\.\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ\.jsonl$/);
    expect(Buffer.byteLength(basename(kept!))).toBeLessThanOrEqual(255);
    const names = await readdir(dir);
    expect(names).toContain(basename(kept!));
    expect(names).toContain(journal);
    expect(names.filter((name) => name.endsWith('.lock') || name.endsWith('.new'))).toEqual([]);
  });

  it('bytes, not characters: a 125-character report name of accented letters (246 bytes) is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-names-'));
    makeRows(join(dir, 'rows.csv'), 1, 'NAB');
    const report = `${'é'.repeat(121)}.csv`;
    const run = await runCli([
      'validate',
      join(dir, 'rows.csv'),
      '--mapping',
      TEMPLATE,
      '--report',
      join(dir, report),
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'would be 260 bytes (as UTF-8), over the 255 a file name may have; give a name of at most 241 bytes',
    );
  });
});
