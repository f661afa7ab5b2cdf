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
