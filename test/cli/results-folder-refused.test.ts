/**
 * A results folder that stops taking writes once the rows are sent (explore 52 item 6: a folder a sync
 * program holds, permissions changed, the folder removed): the last step, putting the results in
 * place, was "unexpected error (a bug)", exit 70, no counts, no way on. Rule: said as a full disk is,
 * after the counts (exit 2): the file and the system's reason in words, the journal, and the resume that
 * writes the results again elsewhere; that resume sends nothing and writes every row's result.
 * The same folder removed before the first row: said before any request leaves, nothing sent, exit 2,
 * and the command given starts the run again.
 * Spawned CLI against a sandbox over HTTP, rows written by Python; the folder is removed while the run
 * sends, or as the account first answers (no root needed), the journal kept elsewhere (--journal).
 */
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { MAINTENANCE_PAGE, startLoginPageProxy } from '../batch/proxies.ts';
import {
  BIN,
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
  type SandboxWithLog,
} from './import-helpers.ts';

let running: SandboxWithLog;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  running = await secretSandbox({ rate: 1000 });
  env = connectionEnv(running.sandbox);
});
afterAll(() => running.sandbox.close());

/** The command line a message gives, run as the user would paste it (a POSIX shell). */
function shell(command: string, cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      '/bin/sh',
      ['-c', command.replace(/^trackops-bulk /, `"${process.execPath}" "${BIN}" `)],
      { cwd, env },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
    );
  });
}

describe('a results folder that refuses the last step', () => {
  it('removed during the run: the counts, the file and the reason, exit 2; the resume it gives writes every row again, sending nothing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-results-refused-'));
    await mkdir(join(dir, 'out'));
    // The last row invalid: the summary's advice to write results with --results is not given, --results was.
    makeRows(join(dir, 'rows.csv'), 7, 'RFR', [6], 'Arvada', 'Folder refused');
    const child = spawnImport(
      [
        'rows.csv',
        '--mapping',
        TEMPLATE,
        '--rate',
        '2/s',
        '--results',
        'out/res.csv',
        '--journal',
        'run.journal.jsonl',
      ],
      dir,
      env,
    );
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitForOutcomes(join(dir, 'run.journal.jsonl'), 1);
    await rm(join(dir, 'out'), { recursive: true });
    const { code } = await exited(child);
    expect(stderr).not.toMatch(/a bug|node:internal/);
    expect(code, stderr).toBe(2);
    expect(stdout).toContain('7 rows: 6 valid, 1 invalid. Created 6');
    expect(stdout).not.toContain('Results written');
    expect(stdout).not.toContain('with --results OUT.csv');
    expect(stderr).toContain(
      `trackops-bulk: import: the results file was not written: the folder of ${join(dir, 'out', 'res.csv')}, or the file being written there, is gone (ENOENT: no such file or directory). ` +
        `The rows were sent as counted above; the journal ${join(dir, 'run.journal.jsonl')} holds every row's fate.`,
    );
    const again = /to write the results again \(nothing is sent again\): (.+)$/m.exec(stderr)?.[1];
    expect(again).toBe(
      `trackops-bulk import rows.csv --mapping ${TEMPLATE} --results res.csv --rate 2/s --resume --journal run.journal.jsonl`,
    );
    expect(storedByReference(running.sandbox.account(), 'RFR-').size).toBe(6);

    const posts = running.log.filter((entry) => entry.method === 'POST').length;
    const resumed = await shell(again!, dir);
    // Exit 1: the invalid row is still in the file (CONTRACTS: rows invalid or failed).
    expect(resumed.code, resumed.stderr).toBe(1);
    expect(running.log.filter((entry) => entry.method === 'POST').length).toBe(posts);
    const results = (await readFile(join(dir, 'res.csv'), 'utf8')).trim().split('\n').slice(1);
    expect(results).toHaveLength(7);
    expect(results.filter((line) => line.includes(',created,'))).toHaveLength(6);
    for (const [reference, requests] of storedByReference(running.sandbox.account(), 'RFR-'))
      expect(requests, reference).toHaveLength(1);
  });
});

describe('a results folder that refuses the file before the first row', () => {
  it('removed once the run has begun: stopped before any request leaves, the file and the reason named, exit 2, no journal kept; the command it gives imports every row once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-results-refused-first-'));
    const out = join(dir, 'out');
    await mkdir(out);
    makeRows(join(dir, 'rows.csv'), 3, 'RFF', [], 'Arvada', 'Folder refused first');
    // The folder goes as the account's first answer is given: after the run checked --results and took
    // its lock there, before it has read what it needs to send anything.
    const requests: { method: string; url: string }[] = [];
    const sandbox = await startSandbox({
      port: 0,
      rate: 1000,
      onRequest: (entry) => {
        if (requests.length === 0) rmSync(out, { recursive: true, force: true });
        requests.push({ method: entry.method, url: entry.url });
      },
    });
    try {
      const env = connectionEnv(sandbox);
      const args = [
        'rows.csv',
        '--mapping',
        TEMPLATE,
        '--results',
        'out/res.csv',
        '--journal',
        'run.journal.jsonl',
        '--rate',
        '100/s',
      ];
      const run = await importCli(args, dir, env);
      expect(run.stderr).not.toMatch(/a bug|node:internal/);
      expect(run.code, run.stderr).toBe(2);
      expect(requests.filter((request) => request.method !== 'GET')).toEqual([]);
      expect(run.stdout).toContain('3 rows: 3 valid, 0 invalid. Created 0');
      expect(run.stderr).toContain(
        `trackops-bulk: import: stopped before anything was sent: the folder of ${join(out, 'res.unfinished.csv')}, or the file being written there, is gone (ENOENT: no such file or directory). ` +
          'Nothing was sent to Trackops, and no journal was kept.',
      );
      // Nothing to resume: the run as given, without --resume.
      const again = /then start the import again: (.+)$/m.exec(run.stderr)?.[1];
      expect(again).toBe(
        `trackops-bulk import rows.csv --mapping ${TEMPLATE} --results out/res.csv --rate 100/s --journal run.journal.jsonl`,
      );
      expect(await readdir(dir)).not.toContain('run.journal.jsonl');

      await mkdir(out);
      const rerun = await importCli(args, dir, env);
      expect(rerun.code, rerun.stderr).toBe(0);
      const stored = storedByReference(sandbox.account(), 'RFF-');
      expect(stored.size).toBe(3);
      for (const [reference, found] of stored) expect(found, reference).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  });
});

describe('a results folder that refuses the last step of a stopped run', () => {
  it('stopped by a maintenance page after every row was reported: the counts, then the file and the reason, and the stop said as always (exit 3)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-results-refused-stop-'));
    const out = join(dir, 'out');
    await mkdir(out);
    makeRows(join(dir, 'rows.csv'), 4, 'RFS', [], 'Arvada', 'Folder refused at a stop');
    // The folder goes once the first create is stored; the gateway answers its maintenance page to the
    // second write, which stops the run with every row reported.
    const sandbox = await startSandbox({
      port: 0,
      rate: 1000,
      onRequest: (entry) => {
        if (entry.method === 'POST') rmSync(out, { recursive: true, force: true });
      },
    });
    const proxy = await startLoginPageProxy(sandbox.baseUrl, { writesThrough: 1, page: MAINTENANCE_PAGE });
    try {
      const run = await importCli(
        [
          'rows.csv',
          '--mapping',
          TEMPLATE,
          '--results',
          'out/res.csv',
          '--journal',
          'run.journal.jsonl',
          '--rate',
          '100/s',
        ],
        dir,
        { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl },
      );
      expect(run.stderr).not.toMatch(/a bug|node:internal/);
      expect(run.code, run.stderr).toBe(3);
      expect(run.stdout).toMatch(
        /^4 rows: 4 valid, 0 invalid\. Created 1, .*not sent 3 \(the run was stopped\)/,
      );
      expect(run.stderr).toContain(
        `trackops-bulk: import: the results file was not written: the folder of ${join(out, 'res.csv')}, or the file being written there, is gone (ENOENT: no such file or directory). ` +
          `The rows were sent as counted above; the journal ${join(dir, 'run.journal.jsonl')} holds every row's fate.`,
      );
      expect(run.stderr).toMatch(
        /to write the results again \(nothing is sent again\): trackops-bulk import rows\.csv .*--results res\.csv .*--resume --journal run\.journal\.jsonl/,
      );
      // The stop itself is said after, with the way to finish the run.
      expect(run.stderr).toMatch(/maintenance/i);
      expect(storedByReference(sandbox.account(), 'RFS-').size).toBe(1);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});
