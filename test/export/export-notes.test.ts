/**
 * An export says what its file could not show: a list whose records carry no custom fields at all, on
 * an account that defines some, gives empty custom-field columns that read as "no value". Real HTTP:
 * the sandbox, behind a proxy that leaves `custom_fields` out of every listed record (a list that
 * returns them only one request at a time); the CLI's own export against the same proxy.
 */
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCaseRequests } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startStrippingListProxy, type RunningProxy } from '../batch/proxies.ts';
import { sandboxApi } from './sandbox-api.ts';

const BIN = new URL('../../bin/trackops-bulk.mjs', import.meta.url).pathname;

let sandbox: RunningSandbox;
let proxy: RunningProxy;
let dir: string;

beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  proxy = await startStrippingListProxy(sandbox.baseUrl, 'custom_fields');
  dir = await mkdtemp(join(tmpdir(), 'export-notes-'));
});
afterEach(async () => {
  await proxy.close();
  await sandbox.close();
});

async function exportThrough(baseUrl: string, preset: 'report' | 'round-trip') {
  const api = sandboxApi({ baseUrl, username: sandbox.username, token: sandbox.token });
  return exportCaseRequests({
    api,
    filters: {},
    format: 'xlsx',
    preset,
    out: join(dir, `${preset}-${Math.random().toString(36).slice(2)}.xlsx`),
    reference: await api.getReference(),
    accountLabel: 'sandbox',
  });
}

describe('an export whose list carries no custom fields', () => {
  it('says so, and warns a round trip off the empty columns; the plain list says nothing', async () => {
    const defined = sandbox.account().fields.filter((field) => field.use === 'case').length;
    const roundTrip = await exportThrough(proxy.baseUrl, 'round-trip');
    const columns = roundTrip.columns.filter((header) => header.startsWith('custom_fields.')).length;
    expect(columns).toBeGreaterThan(0);
    expect(roundTrip.notes).toEqual([
      `None of the 36 requests Trackops listed carried custom fields, though the account defines ${defined}: ` +
        `their ${columns} columns are empty. This account's list may leave them out; check a request in Trackops before relying on those columns. ` +
        'Do not type into those columns: a value there would be sent over one this file could not show.',
    ]);
    const report = await exportThrough(proxy.baseUrl, 'report');
    expect(report.notes).toHaveLength(1);
    expect(report.notes[0]).not.toContain('Do not type');
    expect((await exportThrough(sandbox.baseUrl, 'round-trip')).notes).toEqual([]);
  });

  it('the CLI prints the note beside its summary', async () => {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      [
        BIN,
        'export',
        '--out',
        'out.csv',
        '--url',
        proxy.baseUrl,
        '--user',
        sandbox.username,
        '--rate',
        '500/s',
      ],
      { cwd: dir, env: { ...process.env, TRACKOPS_TOKEN: sandbox.token } },
    );
    expect(stdout).toBe(`Exported 36 case requests to ${join(dir, 'out.csv')}\n`);
    expect(stderr).toMatch(
      /^export: note: None of the 36 requests Trackops listed carried custom fields, though the account defines \d+: /m,
    );
  });
});
