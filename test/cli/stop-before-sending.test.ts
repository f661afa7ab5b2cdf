/**
 * A stop at any moment is a stop (explore 31 item 1; CONTRACTS section 1: 130 interrupted). Ctrl-C or
 * SIGTERM in an import's first seconds, while it read the account's reference data or checked its rows
 * (nothing sent yet), said "unexpected error (a bug …) please send it to support", wrote a crash log
 * and exited 70; at a slow --rate the first Ctrl-C was not heard at all while the reference data was
 * read. Now each exits 130 at once, saying it was interrupted, that nothing was sent, and the command
 * that starts the run again; it leaves no journal, results file or lock. validate and revert stopped
 * while reading the reference data say so too (validate said nothing).
 *
 * The CLI is spawned against a sandbox through a real HTTP hop that holds one chosen request
 * unanswered: the stop comes while the command waits on exactly that request (no timing guess).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { holdingProxy } from '../helpers/holding-proxy.ts';
import { makeRows } from '../batch/helpers.ts';
import { BIN, TEMPLATE, exited, secretSandbox } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

/** The account's reference lists (the first requests of every connected command). */
const reference = (method: string, path: string) => method === 'GET' && !path.includes('/case/requests');
/** The check's look at the account's requests, made after the reference data, before any send. */
const listing = (method: string, path: string) => method === 'GET' && path.includes('/case/requests');

async function stoppedWhileHeld(
  command: string[],
  dir: string,
  holds: (method: string, path: string) => boolean,
  signal: NodeJS.Signals,
  seed?: (env: NodeJS.ProcessEnv) => Promise<void>,
) {
  const { sandbox, log } = await secretSandbox({ rate: 1000 });
  const proxy = await holdingProxy(sandbox.baseUrl, holds);
  const env = {
    ...process.env,
    TRACKOPS_URL: proxy.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
  };
  try {
    // Straight to the sandbox: only the command under test goes through the proxy.
    await seed?.({ ...env, TRACKOPS_URL: sandbox.baseUrl });
    const child = spawn(process.execPath, [BIN, ...command], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = exited(child);
    // A command that ends before asking for the held request fails here, with what it said.
    const first = await Promise.race([proxy.held, ended.then(() => null)]);
    if (first === null) throw new Error(`ended before the held request: ${stderr}`);
    const writesBefore = log.filter((entry) => entry.method !== 'GET').length;
    child.kill(signal);
    const { code } = await ended;
    const writes = log.filter((entry) => entry.method !== 'GET').length - writesBefore;
    return { code, stdout, stderr, writes, files: await readdir(dir) };
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}

it('import: Ctrl-C while the reference data is read (at 1/min) stops at once: 130, nothing sent, the command to start again', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-stop-reference-'));
  makeRows(join(dir, 'rows.csv'), 5, 'SBR');
  const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '1/min', '--results', 'out.csv'];
  const run = await stoppedWhileHeld(['import', ...args], dir, reference, 'SIGINT');
  expect(run.code).toBe(130);
  expect(run.stderr).not.toContain('unexpected error');
  expect(run.stderr).toContain(
    "trackops-bulk: import: interrupted while reading the account's reference data, before anything was sent: nothing was sent to Trackops",
  );
  expect(run.stderr).toContain(
    `To start the import again: trackops-bulk import rows.csv --mapping ${TEMPLATE} --results out.csv --rate 1/min\n`,
  );
  expect(run.writes).toBe(0);
  // No journal, results or lock left: the same command simply runs again.
  expect(run.files.sort()).toEqual(['rows.csv']);
}, 60_000);

it('import: SIGTERM while the rows are checked stops at once: 130, no results file begun left behind, --json says interrupted', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-stop-check-'));
  // Rows 2 and 4 invalid: their results are written while the rest are checked.
  makeRows(join(dir, 'rows.csv'), 6, 'SBC', [2, 4]);
  const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '50/s', '--results', 'out.csv', '--limit', '3'];
  const run = await stoppedWhileHeld(['import', ...args, '--json'], dir, listing, 'SIGTERM');
  expect(run.code).toBe(130);
  expect(run.stderr).not.toContain('unexpected error');
  expect(run.stderr).toContain(
    'trackops-bulk: import: interrupted while checking the rows, before anything was sent: nothing was sent to Trackops, and no journal or results file was kept.',
  );
  // The run as given, --limit too, without --resume (there is nothing to resume).
  expect(run.stderr).toContain(
    `To start the import again: trackops-bulk import rows.csv --mapping ${TEMPLATE} --results out.csv --rate 50/s --limit 3\n`,
  );
  expect(JSON.parse(run.stdout)).toMatchObject({ interrupted: true, stopped: 'before anything was sent' });
  expect(run.writes).toBe(0);
  expect(run.files.sort()).toEqual(['rows.csv']);
}, 60_000);

it('validate: Ctrl-C while the reference data is read says it was interrupted (it said nothing)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-stop-validate-'));
  makeRows(join(dir, 'rows.csv'), 3, 'SBV');
  const run = await stoppedWhileHeld(
    ['validate', 'rows.csv', '--mapping', TEMPLATE, '--rate', '1/min', '--report', 'report.json'],
    dir,
    reference,
    'SIGINT',
  );
  expect(run.code).toBe(130);
  expect(run.stderr).toContain(
    'trackops-bulk: validate interrupted; no row was checked and no report was written',
  );
  expect(run.files).not.toContain('report.json');
}, 60_000);

it('revert: Ctrl-C while the reference data is read (at 1/min) stops at once and names the command to run it again', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-stop-revert-'));
  makeRows(join(dir, 'rows.csv'), 2, 'SBX');
  const run = await stoppedWhileHeld(
    ['revert', '--journal', 'rows.journal.jsonl', '--rate', '1/min'],
    dir,
    reference,
    'SIGINT',
    async (env) => {
      // Set-up, run by the import command's own code in this process (spawned, an import is the tests'
      // above); the revert stopped is spawned.
      const imported = await commandInProcess(
        'import',
        ['rows.csv', '--mapping', TEMPLATE, '--rate', '50/s'],
        dir,
        env,
      );
      expect(imported.code).toBe(0);
    },
  );
  expect(run.code).toBe(130);
  expect(run.stderr).toContain(
    "trackops-bulk: revert: interrupted while reading the account's reference data, before anything was sent. To run it again: trackops-bulk revert --journal rows.journal.jsonl --rate 1/min",
  );
  expect(run.writes).toBe(0);
  expect(run.files.filter((name) => name.includes('revert'))).toEqual([]);
}, 60_000);
