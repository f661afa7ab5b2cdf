/**
 * `check --profile` into a folder that does not exist is a usage error before any probe (report 5 item 9):
 * before, every probe ran and then the save crashed with exit 70, "a bug". Every output flag is checked
 * up front (cli/paths.ts); this one now is too.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
});
afterAll(async () => {
  await sandbox.close();
});

describe('check --profile FILE', () => {
  it('rule: a path in a missing folder exits 2 with one line naming it, and no request is sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-check-profile-'));
    const profile = join(dir, 'no-such-folder', 'acme.json');
    const run = await runCli(['check', '--rate', '50/s', '--profile', profile], {
      TRACKOPS_URL: sandbox.baseUrl,
      TRACKOPS_USER: sandbox.username,
      TRACKOPS_TOKEN: sandbox.token,
    });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(
      `trackops-bulk: check: --profile '${profile}': the folder ${join(dir, 'no-such-folder')} does not exist`,
    );
    expect(sandbox.stats().requests).toBe(0);
  });
});
