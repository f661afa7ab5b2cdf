/**
 * A create answered 503 with a Retry-After longer than the tool waits stops the run at once: it is
 * not looked for and sent again, as a lost answer would be (the run was stopping anyway, and "nothing
 * more was sent" must hold). The row stays in doubt, and a resume looks for it before sending it once.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WaitTooLongError } from '../../core/index.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { importInProcess, makeRows, storedByReference, templateMapping } from './helpers.ts';
import { startUnavailableCreateProxy } from './proxies.ts';

describe('a create answered 503 with a wait of an hour', () => {
  it('stops the run with its first send; a resume sends every row once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'long-wait-'));
    const file = join(dir, 'rows.csv');
    makeRows(file, 3, 'LWC');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const proxy = await startUnavailableCreateProxy(sandbox.baseUrl, 3600);
    const run = {
      file,
      mapping: await templateMapping(),
      mode: 'create' as const,
      sandbox,
      journal: join(dir, 'j.jsonl'),
      concurrency: 1,
    };
    try {
      await expect(importInProcess({ ...run, baseUrl: proxy.baseUrl })).rejects.toBeInstanceOf(
        WaitTooLongError,
      );
      expect(proxy.creates).toBe(1);
      expect(storedByReference(sandbox.account(), 'LWC').size).toBe(0);
      await importInProcess({ ...run, resume: true });
      const stored = storedByReference(sandbox.account(), 'LWC');
      expect(stored.size).toBe(3);
      for (const requests of stored.values()) expect(requests).toHaveLength(1);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
