/**
 * revert's summary counts in words a clerk reads as written: "1 update of the import", not "1 updates"
 * (explore 31, minor). Spawned CLI against a sandbox over HTTP; rows written by Python.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { importInProcess, makeRows, templateMapping } from '../batch/helpers.ts';
import { connectionEnv, runCli, secretSandbox } from './import-helpers.ts';

it('one update: "1 update of the import", in the preview and the revert alike', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-revert-one-'));
  const { sandbox } = await secretSandbox({ rate: 1000 });
  try {
    makeRows(join(dir, 'original.csv'), 1, 'ROU');
    await importInProcess({
      file: join(dir, 'original.csv'),
      mapping: await templateMapping(),
      mode: 'create',
      sandbox,
      journal: join(dir, 'create.journal.jsonl'),
    });
    makeRows(join(dir, 'changed.csv'), 1, 'ROU', [], 'Aurora', 'Changed');
    await importInProcess({
      file: join(dir, 'changed.csv'),
      mapping: { ...(await templateMapping()), match: 'reference_value_1' },
      mode: 'update',
      sandbox,
      journal: join(dir, 'update.journal.jsonl'),
    });
    const env = connectionEnv(sandbox);
    const args = ['--journal', 'update.journal.jsonl', '--rate', '50/s'];
    const preview = await runCli('revert', [...args, '--dry-run'], dir, env);
    expect(preview.stdout).toContain('1 update of the import: 1 would be put back');
    const reverted = await runCli('revert', args, dir, env);
    expect(reverted.code, reverted.stderr).toBe(0);
    expect(reverted.stdout).toContain('1 update of the import: 1 put back');
  } finally {
    await sandbox.close();
  }
}, 60_000);
