/**
 * A laptop's lid closed mid-create (explore 63 item 8): the import was held still (SIGSTOP) for longer
 * than its timer allows, then went on (SIGCONT). It said "Trackops has not answered row 4's create for
 * 40 s", though Trackops had answered meanwhile and only this computer had not run. Now the pause is
 * said as that, the create is still looked for before anything is sent again, and every row is created
 * once. The CLI spawned against the sandbox over HTTP, its creates slowed (by a proxy; its reads of the
 * account pass at once) so that a create is in flight when the process is stopped; only the words are
 * asserted, never a time.
 */
import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { PAUSED_AFTER_MS } from '../../core/batch/trackops-waits.ts';
import { TEMPLATE, connectionEnv, exited, secretSandbox, spawnImport } from './import-helpers.ts';
import { startSlowCreateProxy } from './slow-create-proxy.ts';

/** Resolves once the journal shows a row sent and not yet settled (more intents than outcomes). */
async function rowInFlight(path: string): Promise<void> {
  for (;;) {
    const text = await readFile(path, 'utf8').catch(() => '');
    const intents = (text.match(/"type":"intent"/g) ?? []).length;
    const outcomes = (text.match(/"type":"outcome"/g) ?? []).length;
    if (outcomes >= 1 && intents > outcomes) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('import: this computer paused or asleep mid-create', () => {
  it('says the pause, not Trackops silent; the create is looked for and every row is created once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cli-paused-'));
    const { sandbox } = await secretSandbox({ rate: 1000 });
    const slow = await startSlowCreateProxy(sandbox.baseUrl, 1_750);
    try {
      makeRows(join(dir, 'rows.csv'), 3, 'LID');
      const args = [
        'rows.csv',
        '--mapping',
        TEMPLATE,
        '--rate',
        '100/s',
        '--results',
        'r.csv',
        '--timeout',
        '5',
      ];
      const child = spawnImport(args, dir, { ...connectionEnv(sandbox), TRACKOPS_URL: slow.baseUrl });
      let stderr = '';
      child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      const end = exited(child);
      await rowInFlight(join(dir, 'r.journal.jsonl'));
      // The intent is written as the row waits for its turn to go; its create is on the wire a moment
      // later, and answers no sooner than the proxy's 1.75 s.
      await new Promise((resolve) => setTimeout(resolve, 400));
      child.kill('SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, PAUSED_AFTER_MS + 3_000));
      child.kill('SIGCONT');
      expect((await end).code).toBe(0);
      expect(stderr).toMatch(
        /This computer was paused or asleep for about \d+ s; row \d+'s create is looked for in Trackops before anything is sent again/,
      );
      expect(stderr).not.toMatch(/Trackops has not answered row \d+'s create/);
      const stored = storedByReference(sandbox.account(), 'LID-');
      expect(stored.size).toBe(3);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await slow.close();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 90_000);
});
