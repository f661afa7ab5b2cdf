/**
 * What an unedited round trip says (explore 10 item 7), as a user runs it: the CLI's own export, fed
 * back to import against the sandbox over HTTP. Rules:
 * - the --json summary counts the file's rows without edits as rows, valid and unchanged, as the round
 *   trip's note on stderr does (it said rows 0, unchanged 0 beside "36 rows, … 36 unchanged");
 * - an export of no rows has its data sheet ("Case Requests") first, so its round trip's results name
 *   that sheet, not "Export info".
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCli } from './run-cli.ts';
import { commandInProcessOn } from './command-in-process.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await mkdtemp(join(tmpdir(), 'round-trip-counts-'));
});
afterAll(() => sandbox.close());

const cli = (...args: string[]) =>
  runCli([...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

describe('round trip of an unedited export', () => {
  it('--json counts its rows as rows, valid and unchanged, as its note on stderr does', async () => {
    const out = join(dir, 'all.xlsx');
    // Set-up, run by the export command's own code in this process (the same requests, file and --json
    // summary as spawned; a round-trip export as spawned is test/cli/export.test.ts's, and the next test's
    // export here). The imports, what this test proves, are spawned.
    const exported = await commandInProcessOn(sandbox, 'export', [
      '--out',
      out,
      '--columns',
      'round-trip',
      '--json',
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const rows = (JSON.parse(exported.stdout) as { rows: number }).rows;
    expect(rows).toBeGreaterThan(0);
    const imported = await cli('import', out, '--mode', 'update', '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows, valid: rows, unchanged: rows, updated: 0 });
    const words = await cli('import', out, '--mode', 'update');
    expect(words.stderr).toContain(`: ${rows} rows, 0 with edits, ${rows} unchanged`);
    expect(words.stdout).toContain(`${rows} rows: ${rows} valid, 0 invalid.`);
  });

  it('an export of no rows has "Case Requests" first; its round trip results name that sheet', async () => {
    const out = join(dir, 'none.xlsx');
    const exported = await cli(
      'export',
      '--out',
      out,
      '--columns',
      'round-trip',
      '--created-from',
      '2030-01-01',
    );
    expect(exported.code, exported.stderr).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    expect(book.worksheets[0]!.name).toBe('Case Requests');
    const results = join(dir, 'none-results.json');
    const imported = await cli('import', out, '--mode', 'update', '--results', results, '--json');
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 0, unchanged: 0 });
    expect(JSON.parse(await readFile(results, 'utf8'))).toMatchObject({ sheet: 'Case Requests', rows: [] });
  });
});
