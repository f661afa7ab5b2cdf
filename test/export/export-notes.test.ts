/**
 * An export says what its file could not show: a list whose records carry no custom fields at all, on
 * an account that defines some, gives empty custom-field columns that read as "no value". Real HTTP:
 * the sandbox, behind a proxy that leaves `custom_fields` out of every listed record (a list that
 * returns them only one request at a time); the CLI's own export against the same proxy.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportCaseRequests } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startOddRecordProxy, startStrippingListProxy, type RunningProxy } from '../batch/proxies.ts';
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

async function exportThrough(
  baseUrl: string,
  preset: 'report' | 'round-trip',
  format: 'xlsx' | 'csv' = 'xlsx',
) {
  const api = sandboxApi({ baseUrl, username: sandbox.username, token: sandbox.token });
  return exportCaseRequests({
    api,
    filters: {},
    format,
    preset,
    out: join(dir, `${preset}-${Math.random().toString(36).slice(2)}.${format}`),
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

describe('values of a type the export does not expect', () => {
  it('a budget written " 1 500 " is written as given, not blank, in CSV and XLSX, with one note per column', async () => {
    const odd = await startOddRecordProxy(sandbox.baseUrl, (record) => {
      if (record.budget_money !== null && record.budget_money !== undefined) record.budget_money = ' 1 500 ';
    });
    try {
      const budgets = sandbox
        .account()
        .case_requests.filter((request) => request.budget_money != null).length;
      expect(budgets).toBeGreaterThan(1);
      const note =
        `Budget: ${budgets} values Trackops gave could not be read as a number (such as " 1 500 "), ` +
        'so they are written as given, as text.';
      const csv = await exportThrough(odd.baseUrl, 'report', 'csv');
      expect(csv.notes).toEqual([note]);
      const text = await readFile(csv.path!, 'utf8');
      expect(text.split('\r\n').filter((line) => line.includes('" 1 500 "'))).toHaveLength(budgets);
      const xlsx = await exportThrough(odd.baseUrl, 'round-trip', 'xlsx');
      expect(xlsx.notes).toEqual([note.replace('Budget:', 'budget_money:')]);
      const sheet = XLSX.read(await readFile(xlsx.path!)).Sheets['Case Requests']!;
      const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet);
      expect(rows.filter((row) => row.budget_money === ' 1 500 ')).toHaveLength(budgets);
    } finally {
      await odd.close();
    }
  });

  it('"custom_fields": null and "subjects": null are read as absent: the export says it carried no custom fields', async () => {
    const odd = await startOddRecordProxy(sandbox.baseUrl, (record) => {
      record.custom_fields = null;
      record.subjects = null;
    });
    try {
      const report = await exportThrough(odd.baseUrl, 'report', 'csv');
      expect(report.notes).toHaveLength(1);
      expect(report.notes[0]).toMatch(/^None of the 36 requests Trackops listed carried custom fields/);
    } finally {
      await odd.close();
    }
  });
});
