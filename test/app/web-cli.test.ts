/**
 * `npm run web`: prints exactly one line with the link to open (secret included), serves the app at
 * it, refuses a bad port with a usage error, and stops cleanly on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildRenderer, RENDERER_TEST_DIR } from './browser-harness.ts';

const CLI = fileURLToPath(new URL('../../main/web/cli.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
// Node itself with tsx's loader, as `npm run web` starts it: the tsx binary runs the app in a child
// and, on SIGTERM, kills that child outright if it has not answered within 30 ms (exit 143 on a
// loaded machine), so the app's own clean stop would not be what is tested.
const start = (args: string[]) =>
  spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: REPO,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

describe('npm run web', { timeout: 60_000 }, () => {
  beforeAll(() => buildRenderer(), 60_000);

  it('prints one line with the loopback link and the secret, serves the app, exits 0 on SIGTERM', async () => {
    const child = start(['--port', '0', '--static-dir', RENDERER_TEST_DIR]);
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const firstLine = new Promise<void>((resolve, reject) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        stdout += chunk;
        if (stdout.includes('\n')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`exited ${code} before printing the link: ${stderr}`)));
    });
    await firstLine;
    const link = /open (http:\/\/127\.0\.0\.1:\d+\/#secret=[0-9a-f]{64})$/.exec(stdout.trim())?.[1];
    expect(link).toBeDefined();
    const page = await fetch(new URL('/', link!));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
  });

  it('refuses a port that is not a number, with the usage, exit 2', async () => {
    const child = start(['--port', 'eighty']);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const [code] = await once(child, 'exit');
    expect(code).toBe(2);
    expect(stderr).toContain("--port 'eighty' is not a port number");
  });
});
