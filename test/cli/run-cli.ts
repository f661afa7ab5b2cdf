/**
 * `trackops-bulk` as a user runs it: a child process through bin/, with no connection in the
 * environment unless the test gives one (a developer's own TRACKOPS_* must not leak into a test).
 */
import { execFile } from 'node:child_process';

const bin = new URL('../../bin/trackops-bulk.mjs', import.meta.url).pathname;

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    const clean = { ...process.env, TRACKOPS_URL: '', TRACKOPS_USER: '', TRACKOPS_TOKEN: '', ...env };
    execFile(process.execPath, [bin, ...args], { env: clean }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr });
    });
  });
}

/** A sandbox (or a proxy in front of one) as the CLI reaches it: its address, user and token. */
export interface CliTarget {
  baseUrl: string;
  username: string;
  token: string;
}

/** One command against `target`, paced at 100 requests a second (the token given as the environment's). */
export function runCliOn(target: CliTarget, command: string, args: string[]): Promise<CliRun> {
  return runCli([command, ...args, '--url', target.baseUrl, '--user', target.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: target.token,
  });
}
