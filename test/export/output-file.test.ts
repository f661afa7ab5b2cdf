import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exportCaseRequests, InputError, type ExportOptions } from '../../core/index.ts';
import { demoAccount, recordsApi } from './helpers.ts';

async function options(out: string, extra: Partial<ExportOptions> = {}): Promise<ExportOptions> {
  const account = await demoAccount();
  return {
    api: recordsApi(account.case_requests),
    filters: {},
    format: 'xlsx',
    preset: 'report',
    out,
    reference: account,
    accountLabel: 'test',
    ...extra,
  };
}

describe('the output file', () => {
  it('fails before fetching anything when the folder does not exist, naming the path', async () => {
    const account = await demoAccount();
    const api = recordsApi(account.case_requests);
    const out = join(tmpdir(), 'no-such-folder-h6', 'out.xlsx');
    const attempt = exportCaseRequests({ ...(await options(out)), api });
    await expect(attempt).rejects.toBeInstanceOf(InputError);
    await expect(attempt).rejects.toThrow(`cannot write ${out} (ENOENT): check that the folder exists`);
    expect(api.calls).toEqual([]);
  });

  it('leaves no file and no partial file behind when cancelled mid-way', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'export-abort-'));
    const controller = new AbortController();
    const attempt = exportCaseRequests({
      ...(await options(join(dir, 'out.xlsx'))),
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'fetching') controller.abort(new Error('user cancelled'));
      },
    });
    await expect(attempt).rejects.toThrow('user cancelled');
    expect(await readdir(dir)).toEqual([]);
  });

  it('pages at 100 after a count, and writes to a caller-owned stream', async () => {
    const account = await demoAccount();
    const many = Array.from({ length: 250 }, (_, index) => ({
      ...account.case_requests[index % 36]!,
      id: index + 1,
    }));
    const api = recordsApi(many);
    const chunks: Buffer[] = [];
    const { PassThrough } = await import('node:stream');
    const stream = new PassThrough();
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    const result = await exportCaseRequests({ ...(await options('', { format: 'csv' })), api, out: stream });
    expect(api.calls).toEqual([
      'count per_page=100',
      'page=1 per_page=100',
      'page=2 per_page=100',
      'page=3 per_page=100',
    ]);
    expect(result).toMatchObject({ rows: 250, path: null });
    expect(Buffer.concat(chunks).toString('utf8').split('\r\n')).toHaveLength(252);
  });
});
