/**
 * The CLI's side of the journal rules (issues 16 and 17), as a user runs it: a spawned CLI against a
 * sandbox over HTTP.
 * - Two processes on one --journal: the second is refused (exit 2) naming the run and the first's
 *   pid; every row is stored once.
 * - --resume never starts over silently: it finds the first run's journal whatever --results says, or
 *   one written elsewhere for this file and mapping; with none it is refused with the exact command.
 * - The interrupt message names the exact command that finishes the run, and that command does.
 * - What the dry run calls a duplicate is not sent: it is reported `duplicate` and counted.
 * - Every path is checked before work starts: one line, exit 2, no stack trace.
 */
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeCrashLog } from '../../cli/crash-log.ts';
import { rememberSecret } from '../../cli/secrets.ts';
import { makeRows, storedByReference, templateMapping } from '../batch/helpers.ts';
import { runCli } from './run-cli.ts';
import {
  SECRET_TOKEN,
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
} from './import-helpers.ts';
import { sandboxWithSlowCreates } from './slow-create-proxy.ts';
import { commandInProcess } from './command-in-process.ts';

/**
 * An import that is a test's set-up (the first run a resume or a second import is about), run by the
 * import command's own code in this process: the same requests, journal and results as spawned. A
 * create import as spawned, --limit and --json among its flags, is the --json trial of test/cli/import-stop-signals.test.ts ("import --json stopped by Ctrl-C");
 * what each test here proves stays spawned.
 */
const setUpImport = (args: string[], cwd: string, env: NodeJS.ProcessEnv) =>
  commandInProcess('import', args, cwd, env);

describe('import: one run per journal', () => {
  it('a second process on the same --journal is refused (exit 2, names the journal and the pid); stored once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-lock-'));
    makeRows(join(dir, 'rows.csv'), 20, 'LCK');
    // Each create held 150 ms by a proxy (3 s for the file), so that the first run is still sending at
    // its second row; the reads of the account pass at once (at the 5/s this run once took, 2 s of each run).
    const { sandbox, slow, env, close } = await sandboxWithSlowCreates(150);
    const args = [
      'rows.csv',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--journal',
      'shared.jsonl',
      '--json',
    ];
    try {
      const first = spawnImport(args, dir, env);
      await waitForOutcomes(join(dir, 'shared.jsonl'), 2);
      // Held still while the others try, so that it cannot finish first however slow the machine is.
      first.kill('SIGSTOP');
      const second = await importCli(args, dir, env);
      const resume = await importCli([...args, '--resume'], dir, env);
      first.kill('SIGCONT');
      expect(second.code).toBe(2);
      expect(second.stderr.trim().split('\n')).toHaveLength(1);
      // The run's own lock (same file, mapping and account) is met first; the journal's lock is behind it
      // for a run of another file or mapping on this journal (test/batch/journal-integrity.test.ts).
      expect(second.stderr).toContain(
        `rows.csv is being imported into ${slow.baseUrl} as importer by another import (process ${first.pid} on`,
      );
      // A resume while it runs is refused too: the first run's journal is not read under it.
      expect(resume.code).toBe(2);
      expect((await exited(first)).code).toBe(0);
      const stored = storedByReference(sandbox.account(), 'LCK-');
      expect(stored.size).toBe(20);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await close();
    }
  }, 90_000);
});

describe('import: --resume never starts over silently', () => {
  it('with no journal anywhere: exit 2, nothing sent, and the exact command to start', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-resume-none-'));
    makeRows(join(dir, 'rows.csv'), 3, 'NON');
    const { sandbox, log } = await secretSandbox({ rate: 1000 });
    try {
      const run = await importCli(
        ['rows.csv', '--mapping', TEMPLATE, '--results', 'out.csv', '--resume'],
        dir,
        connectionEnv(sandbox),
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(
        `there is no journal to resume at the default place, ${join(dir, 'out.journal.jsonl')}`,
      );
      expect(run.stderr).toContain(
        `  trackops-bulk import rows.csv --mapping ${TEMPLATE} --results out.csv\n`,
      );
      expect(log).toHaveLength(0);
    } finally {
      await sandbox.close();
    }
  }, 30_000);

  it("finds the first run's journal whatever --results the resume gives, and one written elsewhere", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-resume-find-'));
    makeRows(join(dir, 'rows.csv'), 12, 'FND');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'];
    try {
      const trial = await setUpImport([...base, '--limit', '4', '--results', 'first.csv'], dir, env);
      expect(JSON.parse(trial.stdout)).toMatchObject({ created: 4, skipped: 8 });
      // Another --results than the first run's: the first run's journal (beside first.csv) is found by
      // what it is bound to, and the resume says where.
      const rest = await importCli([...base, '--resume', '--results', 'second.json'], dir, env);
      expect(rest.code).toBe(0);
      expect(rest.stderr).toContain(`found at ${join(dir, 'first.journal.jsonl')}`);
      expect(JSON.parse(rest.stdout)).toMatchObject({ created: 12, skipped: 0 });
      expect(storedByReference(sandbox.account(), 'FND-').size).toBe(12);

      // A journal given with --journal on the first run is found by its binding when --journal is left out.
      // Other referrals than rows.csv's (city, instructions), not its rows with other claim numbers:
      // those are its import run again with the claim numbers fixed, held back (docs/import.md).
      makeRows(join(dir, 'more.csv'), 6, 'FNE', [], 'Golden', 'Elsewhere');
      const more = ['more.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'];
      await setUpImport([...more, '--limit', '2', '--journal', 'elsewhere.jsonl'], dir, env);
      await writeFile(join(dir, 'decoy.jsonl'), '{"type":"header","fileHash":"other"}\n');
      const found = await importCli([...more, '--resume'], dir, env);
      expect(found.stderr).toContain(
        `resuming the journal of this file and mapping found at ${join(dir, 'elsewhere.jsonl')}`,
      );
      expect(JSON.parse(found.stdout)).toMatchObject({ created: 6 });
      const stored = storedByReference(sandbox.account(), 'FNE-');
      expect(stored.size).toBe(6);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('Ctrl-C names the exact command that finishes the run, and running it does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-resume-cmd-'));
    makeRows(join(dir, 'rows.csv'), 30, 'CMD');
    await mkdir(join(dir, 'runs'));
    // Each create held 150 ms by a proxy, so that the run is still sending at its third row; the reads
    // of the account pass at once (at the 10/s this run once took, a second of each run); the resume
    // goes at its --rate.
    const { sandbox, slow, env, close } = await sandboxWithSlowCreates(150);
    const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--journal', 'runs/j.jsonl'];
    try {
      const child = spawnImport(args, dir, env);
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      await waitForOutcomes(join(dir, 'runs', 'j.jsonl'), 3);
      child.kill('SIGINT');
      expect((await exited(child)).code).toBe(130);
      slow.ms = 0;
      const command = `trackops-bulk import rows.csv --mapping ${TEMPLATE} --rate 100/s --resume --journal runs/j.jsonl`;
      expect(stderr).toContain(`To finish the run: ${command}\n`);
      const again = await importCli([...command.split(' ').slice(2), '--json'], dir, env);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout)).toMatchObject({ created: 30, failed: 0, skipped: 0 });
      const stored = storedByReference(sandbox.account(), 'CMD-');
      expect(stored.size).toBe(30);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await close();
    }
  }, 60_000);
});

describe('import: the account duplicate check', () => {
  it('rows whose key the account holds at the request an earlier import created from them: already sent, as validate says', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-dupes-earlier-'));
    makeRows(join(dir, 'first.csv'), 5, 'DHE');
    makeRows(join(dir, 'all.csv'), 8, 'DHE');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    try {
      await setUpImport(['first.csv', '--mapping', TEMPLATE, '--rate', '100/s'], dir, env);
      const check = await runCli(
        ['validate', join(dir, 'all.csv'), '--mapping', TEMPLATE, '--rate', '100/s', '--json'],
        env,
      );
      expect(JSON.parse(check.stdout).actions).toMatchObject({ already_sent: 5, create: 3 });
      const run = await importCli(
        ['all.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'r.json', '--json'],
        dir,
        env,
      );
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({ rows: 8, created: 3, duplicate: 0, already_sent: 5 });
      const results = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'));
      const sent = results.rows.filter((row: { status: string }) => row.status === 'skipped');
      expect(sent.map((row: { row: number }) => row.row)).toEqual([2, 3, 4, 5, 6]);
      expect(sent[0].errors[0].code).toBe('created_by_earlier_import');
      const stored = storedByReference(sandbox.account(), 'DHE-');
      expect(stored.size).toBe(8);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('what validate calls a duplicate is not created: reported `duplicate`, counted in --json', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-dupes-'));
    // The same claim numbers, other referrals (another city): duplicates by key, not an earlier import's rows.
    makeRows(join(dir, 'first.csv'), 5, 'DUP', [], 'Boulder');
    makeRows(join(dir, 'all.csv'), 8, 'DUP');
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const env = connectionEnv(sandbox);
    try {
      await setUpImport(['first.csv', '--mapping', TEMPLATE, '--rate', '100/s'], dir, env);
      const check = await runCli(
        ['validate', join(dir, 'all.csv'), '--mapping', TEMPLATE, '--rate', '100/s', '--json'],
        env,
      );
      expect(JSON.parse(check.stdout).actions).toMatchObject({ duplicate: 5, create: 3 });
      const run = await importCli(
        ['all.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'r.json', '--json'],
        dir,
        env,
      );
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        rows: 8,
        valid: 8,
        created: 3,
        duplicate: 5,
        failed: 0,
      });
      const results = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8'));
      const duplicates = results.rows.filter((row: { status: string }) => row.status === 'duplicate');
      expect(duplicates.map((row: { row: number }) => row.row)).toEqual([2, 3, 4, 5, 6]);
      expect(duplicates[0].errors[0].code).toBe('duplicate_in_account');
      const stored = storedByReference(sandbox.account(), 'DUP-');
      expect(stored.size).toBe(8);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);

      // The mapping can say otherwise: "duplicates": "create" sends them (validate agrees).
      const mapping = { ...(await templateMapping()), duplicates: 'create' };
      await writeFile(join(dir, 'create-anyway.json'), JSON.stringify(mapping));
      const anyway = await importCli(
        ['first.csv', '--mapping', 'create-anyway.json', '--rate', '100/s', '--json'],
        dir,
        env,
      );
      expect(JSON.parse(anyway.stdout)).toMatchObject({ created: 5, duplicate: 0 });
      expect(storedByReference(sandbox.account(), 'DUP-0000').get('DUP-0000')).toHaveLength(2);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});

describe('paths are checked before any work (exit 2, one line, no stack trace)', () => {
  it.each([
    [
      'import',
      ['rows.csv', '--mapping', TEMPLATE, '--sandbox', '--results', 'missing/out.csv'],
      /--results '.*missing\/out\.csv': the folder .*missing does not exist/,
    ],
    [
      'import',
      ['rows.csv', '--mapping', TEMPLATE, '--sandbox', '--journal', '/etc'],
      /--journal '\/etc' is a folder; give a file name inside it/,
    ],
    [
      'import',
      ['rows.csv', '--mapping', 'nope.json', '--sandbox'],
      /--mapping '.*nope\.json' does not exist/,
    ],
    [
      'validate',
      ['rows.csv', '--mapping', TEMPLATE, '--report', 'folder.json'],
      /--report '.*folder\.json' is a folder/,
    ],
    [
      'export',
      ['--out', 'missing/x.xlsx', '--sandbox'],
      /--out '.*missing\/x\.xlsx': the folder .*missing does not exist/,
    ],
    [
      'map',
      ['rows.csv', '--out', 'missing/m.json'],
      /--out '.*missing\/m\.json': the folder .*missing does not exist/,
    ],
  ])(
    '%s %j',
    async (command, args, message) => {
      const dir = await mkdtemp(join(tmpdir(), 'cli-paths-'));
      makeRows(join(dir, 'rows.csv'), 1, 'PTH');
      await mkdir(join(dir, 'folder.json'));
      const env = { ...process.env, TRACKOPS_URL: '', TRACKOPS_USER: '', TRACKOPS_TOKEN: '' };
      const { execFile } = await import('node:child_process');
      const { BIN } = await import('./import-helpers.ts');
      const result = await new Promise<{ code: number; stderr: string }>((resolve) => {
        execFile(process.execPath, [BIN, command, ...args], { cwd: dir, env }, (error, _stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code) : 0, stderr }),
        );
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
    30_000,
  );

  it('an unexpected error is logged to a temp file, token-free; the user sees one line', async () => {
    rememberSecret({ user: 'importer', token: SECRET_TOKEN });
    const bug = new TypeError(`cannot read 'x' of undefined while holding ${SECRET_TOKEN}`);
    const log = await writeCrashLog(bug, ['import', 'f.csv', '--token', SECRET_TOKEN], {});
    expect(log).toMatch(new RegExp(`^${tmpdir()}`));
    const text = await readFile(log!, 'utf8');
    expect(text).toContain('TypeError');
    expect(text).toContain('--token [redacted]');
    expect(text).not.toContain(SECRET_TOKEN);
  });
});
