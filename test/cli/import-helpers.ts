/**
 * Running `trackops-bulk import` as a user does: a spawned CLI process against a sandbox over real HTTP
 * (in the test's process, so the test can read its account and request log), files written by Python.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import {
  loadDemoAccount,
  startSandbox,
  type RunningSandbox,
  type SandboxOptions,
} from '../../sandbox/index.ts';

export const BIN = new URL('../../bin/trackops-bulk.mjs', import.meta.url).pathname;
export const TEMPLATE = new URL('../../samples/referrals-template.json', import.meta.url).pathname;
/** A token no test output may contain (the grep test looks for it everywhere). */
export const SECRET_TOKEN = 'tok-S3CRET-4f9a7c21';

const execFileAsync = promisify(execFile);

export interface SandboxWithLog {
  sandbox: RunningSandbox;
  log: { at: number; method: string; url: string; status: number | 'dropped' }[];
}

export async function secretSandbox(options: SandboxOptions = {}): Promise<SandboxWithLog> {
  const account = await loadDemoAccount();
  account.credentials = [{ username: 'importer', token: SECRET_TOKEN }];
  const log: SandboxWithLog['log'] = [];
  const sandbox = await startSandbox({
    port: 0,
    account,
    ...options,
    onRequest: (entry) =>
      log.push({ at: Date.now(), method: entry.method, url: entry.url, status: entry.status }),
  });
  return { sandbox, log };
}

export function connectionEnv(sandbox: RunningSandbox): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TRACKOPS_URL: sandbox.baseUrl,
    TRACKOPS_USER: sandbox.username,
    TRACKOPS_TOKEN: sandbox.token,
  };
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function importCli(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return runCli('import', args, cwd, env);
}

/** A command of the CLI run to its end, its exit code and output whatever the code. */
export async function runCli(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, [BIN, command, ...args], { cwd, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

export function spawnImport(args: string[], cwd: string, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, [BIN, 'import', ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves once `path` holds at least `count` outcome lines. */
export function waitForOutcomes(path: string, count: number, timeoutMs = 60_000): Promise<void> {
  return waitForLines(path, 'outcome', count, timeoutMs);
}

/** Resolves once `path` holds at least `count` intent lines: that many writes have left (or wait for their slot). */
export function waitForIntents(path: string, count: number, timeoutMs = 30_000): Promise<void> {
  return waitForLines(path, 'intent', count, timeoutMs);
}

async function waitForLines(path: string, type: string, count: number, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    if ((text.match(new RegExp(`"type":"${type}"`, 'g')) ?? []).length >= count) return;
    if (Date.now() > until) throw new Error(`journal ${path} did not reach ${count} ${type}s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}
