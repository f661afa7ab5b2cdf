/**
 * A revert's preview (--dry-run) stopped while it checks the requests (the credentials refused to the
 * check's count, Ctrl-C) starts no revert, so there is nothing to finish: it said "finish the revert
 * with: … --resume", which is refused ("no revert of … was started"). It says to run the preview again.
 * Spawned CLI against the sandbox over HTTP, through a proxy that refuses the check's listing with 401.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { startAnsweringProxy } from '../batch/answering-proxy.ts';
import { importInProcess, makeRows, templateMapping } from '../batch/helpers.ts';
import { runCli } from './import-helpers.ts';

it('a preview whose check is refused says to run the preview again, never to finish a revert with --resume', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-revert-preview-stop-'));
  const sandbox = await startSandbox({ port: 0, rate: 1000 });
  const proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method, path }) =>
    method === 'GET' && /\/case\/requests(\?|$)/.test(path)
      ? { status: 401, headers: { 'content-type': 'application/json' }, body: '{"message":"Token expired"}' }
      : 'forward',
  );
  try {
    makeRows(join(dir, 'original.csv'), 2, 'RDP');
    await importInProcess({
      file: join(dir, 'original.csv'),
      mapping: await templateMapping(),
      mode: 'create',
      sandbox,
      journal: join(dir, 'create.journal.jsonl'),
    });
    makeRows(join(dir, 'changed.csv'), 2, 'RDP', [], 'Aurora', 'Changed');
    await importInProcess({
      file: join(dir, 'changed.csv'),
      mapping: { ...(await templateMapping()), match: 'reference_value_1' },
      mode: 'update',
      sandbox,
      journal: join(dir, 'update.journal.jsonl'),
    });
    const env = {
      ...process.env,
      TRACKOPS_URL: proxy.baseUrl,
      TRACKOPS_USER: sandbox.username,
      TRACKOPS_TOKEN: sandbox.token,
    };
    const preview = await runCli(
      'revert',
      ['--journal', 'update.journal.jsonl', '--rate', '100/s', '--dry-run'],
      dir,
      env,
    );
    expect(preview.code, preview.stderr).toBe(3);
    expect(preview.stderr).toContain('Trackops refused GET case/requests');
    expect(preview.stderr).toContain(
      'Nothing was sent; when Trackops answers, run the revert again: trackops-bulk revert --journal update.journal.jsonl --rate 100/s --dry-run\n',
    );
    expect(preview.stderr).not.toContain('--resume');
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}, 60_000);
