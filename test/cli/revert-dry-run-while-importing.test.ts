/**
 * A colleague's `revert --dry-run` while the import is still sending (explore 63 item 5): it showed a
 * finished-looking undo of the part sent so far, an update in flight counted "already as before", and
 * never said the import was running; the revert itself was refused ("in use by another import"). The
 * dry run is refused the same way now, naming the process, without taking the lock (a read-only folder
 * must not stop a dry run); once the import has finished it shows every row. Spawned CLI over real HTTP.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHeldUpdateProxy } from '../batch/proxies.ts';
import {
  connectionEnv,
  exited,
  runCli,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
  type SandboxWithLog,
} from './import-helpers.ts';

let running: SandboxWithLog;
beforeAll(async () => {
  running = await secretSandbox({ rate: 1000 });
});
afterAll(async () => {
  await running?.sandbox.close();
});

it('revert --dry-run while the import still sends is refused naming that run; after it, every row is shown', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'revert-dry-during-'));
  await writeFile(join(dir, 'upd.csv'), 'id,Notes\n1,W1\n2,W2\n3,W3\n4,W4\n5,W5\n6,W6\n');
  await writeFile(
    join(dir, 'upd.json'),
    JSON.stringify({
      version: 1,
      mode: 'update',
      match: 'id',
      columns: [
        { column: 'id', target: 'id' },
        { column: 'Notes', target: 'notes' },
      ],
    }),
  );
  // The second update is held until the dry run has answered: the import is still sending when it
  // asks, however loaded the machine (a slow --rate alone let a busy one finish first).
  const proxy = await startHeldUpdateProxy(running.sandbox.baseUrl, 2);
  const env = { ...connectionEnv(running.sandbox), TRACKOPS_URL: proxy.baseUrl };
  const child = spawnImport(
    ['upd.csv', '--mapping', 'upd.json', '--results', 'r.csv', '--rate', '100/s'],
    dir,
    env,
  );
  const done = exited(child);
  await waitForOutcomes(join(dir, 'r.journal.jsonl'), 1);
  await proxy.holding;
  const during = await runCli(
    'revert',
    ['--journal', 'r.journal.jsonl', '--dry-run', '--rate', '100/s'],
    dir,
    env,
  ).finally(() => proxy.release());
  expect(during.code, during.stdout + during.stderr).toBe(2);
  expect(during.stderr).toMatch(
    new RegExp(
      `journal .*r\\.journal\\.jsonl is in use by another import \\(process ${child.pid} on [^,]+, since [^)]+\\): .*Wait for that run to finish`,
    ),
  );
  expect(during.stdout).not.toMatch(/would be put back/);

  expect((await done).code).toBe(0);
  const after = await runCli(
    'revert',
    ['--journal', 'r.journal.jsonl', '--dry-run', '--rate', '100/s'],
    dir,
    env,
  );
  expect(after.code, after.stderr).toBe(0);
  expect(after.stdout).toMatch(/^6 updates of the import: 6 would be put back/m);
  await proxy.close();
}, 120_000);
