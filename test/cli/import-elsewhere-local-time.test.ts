/**
 * Two PCs importing the same file at once into an account whose server stamps local time west of UTC
 * (UTC−05:00, its reference saying UTC), the second PC never having seen the account's zone.
 *
 * The look for another import adding the file's rows (core/batch/keys-being-added.ts) tells "created in
 * the last minutes" by this computer's clock; the first PC's creates, seconds old, read 5 hours old on
 * the second, so the look never started and the second PC created the rows the first had not reached
 * yet: each of them twice. Now, while the zone is not known here, "recent" reaches back 12 hours, and
 * the second run stops before it sends anything, saying why it looked.
 *
 * Spawned CLI runs (each PC its own data folder: its own locks, journals and remembered zones) against
 * the sandbox behind a proxy that stamps and filters at UTC−05:00; rows written by Python's csv module.
 */
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { startLocalTimeProxy } from '../batch/proxies.ts';
import {
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
} from './import-helpers.ts';

const ROWS = 36;

it('the second PC, not knowing the zone, stops before sending anything: no claim number created twice', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-elsewhere-local-time-'));
  for (const pc of ['pcA', 'pcB']) {
    await mkdir(join(dir, pc, 'data'), { recursive: true });
    makeRows(join(dir, pc, 'rows.csv'), ROWS, 'LTZ', [], 'Denver', 'Two PCs');
  }
  const { sandbox } = await secretSandbox({ rate: 1000 });
  const proxy = await startLocalTimeProxy(sandbox.baseUrl, -300);
  const envOf = (pc: string) => ({
    ...connectionEnv(sandbox),
    TRACKOPS_URL: proxy.baseUrl,
    XDG_DATA_HOME: join(dir, pc, 'data'),
    TRACKOPS_RUN_LOCKS: join(dir, pc, 'data', 'run-locks'),
  });
  const command = (rate: string) => [
    'rows.csv',
    '--mapping',
    TEMPLATE,
    '--results',
    'out.csv',
    '--json',
    '--rate',
    rate,
  ];
  try {
    // Clerk A at 3 rows a second: about 12 s for the file.
    const first = spawnImport(command('3/s'), join(dir, 'pcA'), envOf('pcA'));
    const firstEnded = exited(first);
    await waitForOutcomes(join(dir, 'pcA', 'out.journal.jsonl'), 4);
    const second = await importCli(command('100/s'), join(dir, 'pcB'), envOf('pcB'));
    expect(second.code, second.stderr).toBe(2);
    expect(second.stderr).toMatch(
      /^import: waiting \d+ s before sending anything: \d+ of this file's Claim Numbers were created in Trackops in the last 12 hours as far as this computer can tell \(it has not seen yet whether Trackops stamps in UTC, as its reference says, or in a local time up to 12 hours behind\), not by an import on this computer, so Trackops is looked at again for another import of this file running now\n/m,
    );
    expect(second.stderr).toMatch(
      /another import of this file into this account seems to be running now .* created between \S+ \S+ and \S+ \S+ \(as Trackops stamped them, in a zone not known yet\) \(LTZ-\d+ \(REQ-\d+\), .*\), and \d+ more were added while this import looked again/,
    );
    expect(JSON.parse(second.stdout)).toMatchObject({ error: { exit: 2 } });
    expect((await firstEnded).code).toBe(0);
    const claims = sandbox
      .account()
      .case_requests.map((request) => request.reference_value_1)
      .filter((claim) => typeof claim === 'string' && claim.startsWith('LTZ-'));
    expect(claims).toHaveLength(ROWS);
    expect(new Set(claims).size).toBe(ROWS);
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}, 120_000);
