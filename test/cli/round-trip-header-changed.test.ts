/**
 * A round-trip export whose header row was changed (a clerk renamed the `id` column): import and
 * validate say so before any request. Before, they read the account's reference lists first (about 8
 * requests, 8 s at the default rate) and only then found no sheet with the round-trip header. Real
 * files: the CLI's own export, its header edited and saved by Python's openpyxl; the CLI against the
 * sandbox over HTTP.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';

let sandbox: RunningSandbox;
let dir: string;
const requests: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => requests.push(entry.url) });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const connection = () => ['--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'];
const env = () => ({ TRACKOPS_TOKEN: sandbox.token });

/** Renames the `id` header of the workbook's first sheet, as a clerk would in a spreadsheet program. */
function renameIdHeader(path: string, to: string): void {
  const script = [
    'import openpyxl, sys',
    'book = openpyxl.load_workbook(sys.argv[1])',
    'sheet = book.worksheets[0]',
    'cell = next(c for c in sheet[1] if c.value == "id")',
    'cell.value = sys.argv[2]',
    'book.save(sys.argv[1])',
  ].join('\n');
  execFileSync('python3', ['-c', script, path, to]);
}

describe('a round-trip export whose header row was changed', () => {
  it('is refused by import and validate before any request, saying what is wrong', async () => {
    const file = join(dir, 'round-trip.xlsx');
    const exported = await runCli(
      ['export', '--out', file, '--columns', 'round-trip', ...connection()],
      env(),
    );
    expect(exported.code, exported.stderr).toBe(0);
    renameIdHeader(file, 'Request ID');

    requests.length = 0;
    for (const command of ['import', 'validate'] as const) {
      const run = await runCli([command, file, ...connection()], env());
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(
        `${file}: no sheet has the round-trip header (columns "id" and "updated_at"); was the header row changed?`,
      );
    }
    expect(requests).toEqual([]);
  });
});
