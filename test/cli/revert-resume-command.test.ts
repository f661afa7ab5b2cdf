/**
 * The command a stopped revert prints to finish it is the revert as it was started (explore 30 item 5):
 * it named only --journal (and --revert-journal), so run as printed it went to whatever account the
 * environment named, or none, without the --timeout or pace the revert was given. Now it carries the
 * connection (--url, --user, --timeout, --profile, …), --results, --rate and --concurrency, never the
 * token; run as printed, with only the token in the environment, it finishes the revert. Spawned CLI
 * against a sandbox over HTTP; rows written by Python.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { loadDemoAccount, startSandbox } from '../../sandbox/index.ts';
import { importInProcess, makeRows, templateMapping } from '../batch/helpers.ts';
import { BIN, SECRET_TOKEN, exited, secretSandbox, waitForOutcomes } from './import-helpers.ts';

const ROWS = 30;
const execFileAsync = promisify(execFile);

it('a revert stopped part-way prints the command that finishes it as it was started, and that command does', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-revert-command-'));
  // An account holding ROWS requests, then an import that updated each of them.
  const seed = await startSandbox({ port: 0, rate: 1000, account: await loadDemoAccount() });
  makeRows(join(dir, 'original.csv'), ROWS, 'RRC');
  await importInProcess({
    file: join(dir, 'original.csv'),
    mapping: await templateMapping(),
    mode: 'create',
    sandbox: seed,
    journal: join(dir, 'create.journal.jsonl'),
  });
  const account = seed.account();
  await seed.close();
  account.credentials = [{ username: 'importer', token: SECRET_TOKEN }];
  const { sandbox } = await secretSandbox({ account, rate: 1000, faults: 'latency=20-60ms,seed=3' });
  try {
    makeRows(join(dir, 'changed.csv'), ROWS, 'RRC', [], 'Aurora', 'Changed');
    await importInProcess({
      file: join(dir, 'changed.csv'),
      mapping: { ...(await templateMapping()), match: 'reference_value_1' },
      mode: 'update',
      sandbox,
      journal: join(dir, 'update.journal.jsonl'),
    });
    // Only the token in the environment: the account is named on the command line, as a clerk would.
    const env: NodeJS.ProcessEnv = { ...process.env, TRACKOPS_TOKEN: SECRET_TOKEN };
    delete env.TRACKOPS_URL;
    delete env.TRACKOPS_USER;
    const args = [
      '--journal',
      'update.journal.jsonl',
      '--url',
      `${sandbox.baseUrl}/`,
      '--user',
      'importer',
      '--timeout',
      '45',
      '--rate',
      '8/s',
      '--results',
      'undo.csv',
    ];
    const child = spawn(process.execPath, [BIN, 'revert', ...args], {
      cwd: dir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitForOutcomes(join(dir, 'update.journal.revert.jsonl'), 5);
    child.kill('SIGTERM');
    expect((await exited(child)).code).toBe(130);
    const printed = /To finish (?:it|the revert): (trackops-bulk revert .*)$/m.exec(stderr)?.[1];
    expect(printed, stderr).toBe(
      `trackops-bulk revert --journal update.journal.jsonl --results undo.csv --rate 8/s --resume --url ${sandbox.baseUrl}/ --user importer --timeout 45`,
    );
    expect(stderr).not.toContain(SECRET_TOKEN);

    // Run as printed (the shell's words, split on spaces: nothing in it needs quoting here).
    const words = printed!.split(' ').slice(2);
    const { stdout } = await execFileAsync(process.execPath, [BIN, 'revert', ...words, '--json'], {
      cwd: dir,
      env,
    });
    expect(JSON.parse(stdout)).toMatchObject({ updates: ROWS, reverted: ROWS, conflict: 0, failed: 0 });
  } finally {
    await sandbox.close();
  }
}, 120_000);
