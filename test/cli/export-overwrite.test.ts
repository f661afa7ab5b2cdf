/**
 * `export --out FILE` over a round-trip file whose cells show edits (report 4, item 8: running the
 * README's export line again from the shell's history replaced the clerk's edited file without a word):
 * refused, exit 2, naming the file and the edited rows, the file left as it was, and no request made;
 * `--overwrite` replaces it; a round-trip file without edits is replaced as before. A file the tool did
 * not write (the carrier's referral workbook or CSV typed as --out, explored: replaced, exit 0) is refused
 * the same way; an earlier report export, and an empty file, are replaced.
 * Real files: the CLI's own export, edited with ExcelJS; the samples a carrier sent; the CLI against the
 * sandbox over HTTP.
 */
import { copyFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

let sandbox: RunningSandbox;
let dir: string;
const requests: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => requests.push(entry.url) });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const exportArgs = (out: string, more: string[], columns = 'round-trip') => [
  'export',
  '--out',
  out,
  '--columns',
  columns,
  ...more,
  '--url',
  sandbox.baseUrl,
  '--user',
  sandbox.username,
  '--rate',
  '100/s',
];
const exportTo = (out: string, ...more: string[]) =>
  runCli(exportArgs(out, more), { TRACKOPS_TOKEN: sandbox.token });
/**
 * The first export, the file the test then exports over: set-up, run by the export command's own code
 * in this process (the same requests and file as spawned; spawned, a round-trip export is
 * test/cli/export.test.ts's "resolves --case-region by name and writes a round-trip CSV…"). Every export
 * over it, what this test is about, is spawned.
 */
const firstExport = (out: string) => cliInProcess(exportArgs(out, []), { TRACKOPS_TOKEN: sandbox.token });

async function editNotes(path: string, ids: number[]): Promise<void> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const sheet = book.getWorksheet('Case Requests')!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  sheet.eachRow((row) => {
    if (ids.map(String).includes(String(row.getCell(headers.indexOf('id')).value)))
      row.getCell(headers.indexOf('notes')).value = 'CLERK EDIT, not imported yet';
  });
  await book.xlsx.writeFile(path);
}

describe('export --out over an edited round-trip file', () => {
  it('is refused, naming the file and its edited rows, unless --overwrite', async () => {
    const out = join(dir, 'edit-me.xlsx');
    expect((await firstExport(out)).code).toBe(0);
    // A round-trip file nobody edited is replaced as before.
    const again = await exportTo(out);
    expect(again.code, again.stderr).toBe(0);

    await editNotes(out, [3, 5]);
    const edited = await readFile(out);
    requests.length = 0;
    const refused = await exportTo(out);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`--out '${out}' is a round-trip export`);
    expect(refused.stderr).toContain('2 rows differ from what was exported');
    expect(refused.stderr).toContain('--overwrite');
    expect(refused.stderr).toContain(`--out ${join(dir, 'edit-me-2.xlsx')}`);
    expect(requests, 'refused before connecting').toEqual([]);
    expect(Buffer.compare(await readFile(out), edited)).toBe(0);

    const replaced = await exportTo(out, '--overwrite');
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(Buffer.compare(await readFile(out), edited)).not.toBe(0);
    // The new file is the export as written: nothing edited, so a later export replaces it.
    expect((await exportTo(out)).code).toBe(0);
    // Five exports of the whole account in one test: ≈ 6 s alone, 30 s (the default limit) under a load
    // of 13 in a full run beside other work.
  }, 90_000);

  it('lists --overwrite in its help', async () => {
    const help = await runCli(['export', '--help']);
    expect(help.stdout + help.stderr).toContain('--overwrite');
  });
});

const samples = new URL('../../samples/', import.meta.url).pathname;

describe('export --out over a file it did not write', () => {
  it.each([
    [
      "the carrier's workbook",
      'referrals-messy.xlsx',
      'a workbook without the "Export info" sheet every export writes; its sheets: "Referrals"',
    ],
    [
      "the carrier's CSV",
      'referrals-clean.csv',
      'its first line is not an export\'s header: "Claim #,Policy No,',
    ],
  ])(
    '%s is refused before connecting, left as it was, and replaced with --overwrite',
    async (_, sample, why) => {
      const out = join(dir, `mine-${sample}`);
      await copyFile(join(samples, sample), out);
      const before = await readFile(out);
      requests.length = 0;
      const refused = await runCli(exportArgs(out, [], 'report'), { TRACKOPS_TOKEN: sandbox.token });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(
        `--out '${out}' already exists and is not an export trackops-bulk wrote (${why}`,
      );
      expect(refused.stderr).toContain(`--out ${out.replace(/(\.\w+)$/, '-2$1')}`);
      expect(refused.stderr).toContain('add --overwrite to replace it');
      expect(requests, 'refused before connecting').toEqual([]);
      expect(Buffer.compare(await readFile(out), before)).toBe(0);

      const replaced = await cliInProcess(exportArgs(out, ['--overwrite'], 'report'), {
        TRACKOPS_TOKEN: sandbox.token,
      });
      expect(replaced.code, replaced.stderr).toBe(0);
      expect(Buffer.compare(await readFile(out), before)).not.toBe(0);
    },
    60_000,
  );

  it(
    'refuses a file named .xlsx that is no workbook (text, a workbook cut short), left as it was',
    { timeout: 60_000 },
    async () => {
      const book = await readFile(join(samples, 'referrals-messy.xlsx'));
      for (const [name, bytes] of [
        ['text.xlsx', Buffer.from('Claim #,Policy No\n0046001,AMP-1\n')],
        ['cut.xlsx', book.subarray(0, Math.floor(book.length / 2))],
      ] as const) {
        const out = join(dir, name);
        await writeFile(out, bytes);
        requests.length = 0;
        const refused = await runCli(exportArgs(out, [], 'report'), { TRACKOPS_TOKEN: sandbox.token });
        expect(refused.code).toBe(2);
        expect(refused.stderr).toContain(
          `--out '${out}' already exists and is not an export trackops-bulk wrote (it is not a workbook this tool can read)`,
        );
        expect(requests).toEqual([]);
        expect(Buffer.compare(await readFile(out), bytes)).toBe(0);
      }
    },
  );

  it('replaces an earlier report export (CSV with and without its byte-order mark, XLSX) and an empty file', async () => {
    // In this process: what is checked is the exit code and the file, not the command's words.
    const report = (out: string, ...more: string[]) =>
      cliInProcess(exportArgs(out, more, 'report'), { TRACKOPS_TOKEN: sandbox.token });
    for (const [name, more] of [
      ['report.csv', []],
      ['no-bom.csv', ['--no-bom']],
      ['report.xlsx', []],
    ] as const) {
      const out = join(dir, name);
      expect((await report(out, ...more)).code).toBe(0);
      const again = await report(out, ...more);
      expect(again.code, again.stderr).toBe(0);
    }
    const empty = join(dir, 'empty.csv');
    await writeFile(empty, '');
    expect((await report(empty)).code).toBe(0);
    expect((await readFile(empty, 'utf8')).length).toBeGreaterThan(0);
  }, 60_000);
});
