/**
 * A round-trip file is applied only to the account it was exported from (report 4, item 2: exported
 * from account A, imported into account B, request 5's edit went to B's request 5, another claim):
 * - import and validate into another account are refused before anything is sent (exit 2), naming both
 *   accounts, and the other account's request is as it was;
 * - another user of the same account imports it (the round trip's normal use: one exports, another
 *   edits and imports back).
 * Real files: the CLI's own export, edited with ExcelJS; the CLI against two sandboxes over HTTP.
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountKey } from '../../core/index.ts';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

let accountA: RunningSandbox;
let accountB: RunningSandbox;
let dir: string;
const methodsB: string[] = [];

beforeAll(async () => {
  const demo = await loadDemoAccount();
  accountA = await startSandbox({
    port: 0,
    rate: 1000,
    account: {
      ...demo,
      credentials: [...demo.credentials, { username: 'colleague', token: 'colleague-token' }],
    },
  });
  accountB = await startSandbox({
    port: 0,
    rate: 1000,
    account: {
      ...demo,
      case_requests: demo.case_requests.map((request) =>
        request.id === 5 ? { ...request, notes: 'Account B: another claim' } : request,
      ),
    },
    onRequest: (entry) => methodsB.push(entry.method),
  });
  dir = await tempDir();
});
afterAll(async () => {
  await accountA.close();
  await accountB.close();
});

const on = (
  sandbox: RunningSandbox,
  command: string,
  args: string[],
  user = sandbox.username,
  token = sandbox.token,
) =>
  runCli([command, ...args, '--url', sandbox.baseUrl, '--user', user, '--rate', '100/s'], {
    TRACKOPS_TOKEN: token,
  });

// The round-trip export this file's tests edit is set-up: made by the export command's own code in this
// process (the same requests and file as spawned; spawned, the round-trip export is
// test/cli/export.test.ts's). Every command run on the edited file stays spawned.
const exportHere = (sandbox: RunningSandbox, args: string[]) =>
  cliInProcess(['export', ...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

async function editNotes(exported: string, id: number, notes: string, out: string): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(exported);
  const sheet = book.getWorksheet('Case Requests')!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  sheet.eachRow((row) => {
    if (String(row.getCell(headers.indexOf('id')).value) === String(id))
      row.getCell(headers.indexOf('notes')).value = notes;
  });
  await book.xlsx.writeFile(out);
}

const notesOf = (sandbox: RunningSandbox, id: number) =>
  sandbox.account().case_requests.find((request) => request.id === id)!.notes;

describe('a round trip into another account', () => {
  it('is refused before anything is sent, naming both accounts; another user of the same account imports it', async () => {
    const exported = join(dir, 'from-a.xlsx');
    expect((await exportHere(accountA, ['--out', exported, '--columns', 'round-trip'])).code).toBe(0);
    const edited = join(dir, 'from-a-edited.xlsx');
    await editNotes(exported, 5, 'CLERK: call adjuster first', edited);

    methodsB.length = 0;
    const into = await on(accountB, 'import', [edited, '--results', join(dir, 'b.csv')]);
    expect(into.code, into.stderr).toBe(2);
    expect(into.stderr).toContain(
      `from-a-edited.xlsx was exported from ${accountA.baseUrl}, not from ${accountB.baseUrl}`,
    );
    expect(into.stderr).toContain('nothing was sent');
    expect(methodsB, 'not a single request, let alone a write').toEqual([]);
    expect(notesOf(accountB, 5)).toBe('Account B: another claim');

    const preview = await on(accountB, 'validate', [edited]);
    expect(preview.code, preview.stderr).toBe(2);
    expect(preview.stderr).toContain(`not from ${accountB.baseUrl}`);

    // The same account, as another user: the round trip's normal use.
    const colleague = await on(
      accountA,
      'import',
      [edited, '--results', join(dir, 'a.csv')],
      'colleague',
      'colleague-token',
    );
    expect(colleague.code, colleague.stderr).toBe(0);
    expect(notesOf(accountA, 5)).toBe('CLERK: call adjuster first');
  });

  it('compares accounts by their API base URL, normalised; a loopback port is part of it', () => {
    expect(accountKey('https://Acme.ViewCases.com:443/api/v1/ as jane')).toBe(
      accountKey('https://acme.viewcases.com/api/v1 as bob'),
    );
    expect(accountKey('https://acme.viewcases.com/api/v1?x=… as jane')).toBe(
      'https://acme.viewcases.com/api/v1',
    );
    expect(accountKey('https://acme.viewcases.com/api/v1 as jane')).not.toBe(
      accountKey('https://acme-staging.viewcases.com/api/v1 as jane'),
    );
    expect(accountKey('http://127.0.0.1:4631/api/v1 as demo')).not.toBe(
      accountKey('http://127.0.0.1:4632/api/v1 as demo'),
    );
    // The built-in sandbox is one practice account, whatever port it was given this time.
    expect(accountKey('built-in sandbox at http://127.0.0.1:4100/api/v1')).toBe(
      accountKey('built-in sandbox at http://127.0.0.1:5200/api/v1'),
    );
    expect(accountKey('')).toBeNull();
  });
});
