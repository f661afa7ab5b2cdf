/**
 * `"blank": "clear"` in an update, through the CLI over real HTTP, with a proxy logging every write:
 * - the dry run and the send agree: a clear a field's type cannot take (YESNO, NUMBER, DATE, SELECT…:
 *   API-NOTES, only text and YESNONA take "") is refused by the dry run, naming the column, and no PUT
 *   is sent for it; where the dry run could not see the field's type (the account's field list missing),
 *   Trackops' refusal says the mapping's clear sent it, not "fix it in the file";
 * - a clear of a field the matched request's case type does not enable (it holds nothing) is left out of
 *   the PUT, as the preview leaves it out, so the row's real change is sent; where the field holds a
 *   value, the clear is sent.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startWriteLogProxy, type WriteLogProxy } from '../batch/proxies.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
});
afterAll(async () => {
  await sandbox.close();
});

async function csv(name: string, rows: string[][]): Promise<string> {
  const path = join(dir, name);
  // Written by Python's csv module, as a clerk's export would be.
  const script =
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))';
  runPython(script, [path, JSON.stringify(rows)]);
  return path;
}

async function mappingFile(name: string, columns: Record<string, unknown>[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(
    path,
    JSON.stringify({
      version: 1,
      mode: 'update',
      match: 'reference_value_1',
      columns: [{ column: 'Claim', target: 'reference_value_1' }, ...columns],
    }),
  );
  return path;
}

const through = (proxy: WriteLogProxy, command: string, args: string[]) =>
  runCli([command, ...args, '--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

interface ReportRow {
  row: number;
  status: string;
  changes?: { target: string; old: string; new: string }[];
}

describe('"blank": "clear" in an update: what the dry run says is what is sent', () => {
  it('a clear of a YESNO field is refused by the dry run, naming the column, and nothing is sent', async () => {
    const proxy = await startWriteLogProxy(sandbox.baseUrl);
    try {
      const rows = await csv('rush.csv', [
        ['Claim', 'Rush', 'Notes'],
        ['CLM-2026-010400', '', 'Called adjuster'],
      ]);
      const mapping = await mappingFile('rush.json', [
        { column: 'Rush', target: 'custom_fields.11', blank: 'clear' },
        { column: 'Notes', target: 'admin_notes' },
      ]);
      const dry = await through(proxy, 'validate', [rows, '--mapping', mapping]);
      expect(dry.code).toBe(1);
      expect(dry.stdout).toContain('0 valid, 1 invalid');
      expect(dry.stdout).toContain(
        'Rush is blank and the mapping says "blank": "clear", but Rush (field 11) is a YESNO field, which Trackops\' API has no documented way to empty',
      );
      expect(dry.stdout).toContain('Remove "blank": "clear" from the column \'Rush\' in the mapping');
      const run = await through(proxy, 'import', [
        rows,
        '--mapping',
        mapping,
        '--results',
        join(dir, 'rush-results.csv'),
      ]);
      expect(run.stdout).toContain('0 valid, 1 invalid');
      expect(proxy.writes).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it('a clear the dry run could not check (no field list) is refused by Trackops with advice about the mapping, not the file', async () => {
    const proxy = await startWriteLogProxy(sandbox.baseUrl, { missing: /\/fields$/ });
    try {
      const rows = await csv('rush-unchecked.csv', [
        ['Claim', 'Rush'],
        ['CLM-2026-010400', ''],
      ]);
      const mapping = await mappingFile('rush-unchecked.json', [
        { column: 'Rush', target: 'custom_fields.11', blank: 'clear' },
      ]);
      const run = await through(proxy, 'import', [
        rows,
        '--mapping',
        mapping,
        '--results',
        join(dir, 'unchecked.csv'),
      ]);
      expect(run.stdout).toContain('failed 1');
      expect(run.stdout).toContain('Trackops refused this row: Rush:');
      expect(run.stdout).toContain(
        'The cell is blank and the mapping\'s "blank": "clear" sent the field empty: remove "blank": "clear" from the column \'Rush\' in the mapping',
      );
      expect(run.stdout).not.toContain('Fix it in the file');
    } finally {
      await proxy.close();
    }
  });

  it('a clear of a field the case type does not enable is left out of the PUT, as the preview leaves it out; where the field holds a value it is sent', async () => {
    const proxy = await startWriteLogProxy(sandbox.baseUrl);
    try {
      // CLM-2026-010474 is an Activity Check (no Injury Description); CLM-2026-010548 a Recorded
      // Statement, whose Injury Description holds a text.
      const rows = await csv('mixed.csv', [
        ['Claim', 'Injury', 'Notes'],
        ['CLM-2026-010474', '', 'Called adjuster 12/1'],
        ['CLM-2026-010548', '', 'Called adjuster 12/2'],
      ]);
      const mapping = await mappingFile('mixed.json', [
        { column: 'Injury', target: 'custom_fields.14', blank: 'clear' },
        { column: 'Notes', target: 'admin_notes' },
      ]);
      const report = join(dir, 'mixed-preview.json');
      const dry = await through(proxy, 'validate', [rows, '--mapping', mapping, '--report', report]);
      expect(dry.code).toBe(0);
      const preview = (JSON.parse(await readFile(report, 'utf8')) as { rows: ReportRow[] }).rows;
      expect(preview[0]!.changes!.map((change) => change.target)).toEqual(['admin_notes']);
      expect(preview[1]!.changes!.map((change) => [change.target, change.new])).toEqual([
        ['admin_notes', 'Called adjuster 12/2'],
        ['custom_fields.14', ''],
      ]);

      const run = await through(proxy, 'import', [
        rows,
        '--mapping',
        mapping,
        '--results',
        join(dir, 'mixed-results.csv'),
      ]);
      expect(run.stdout).toContain('updated 2, failed 0');
      const puts = proxy.writes.filter((write) => write.method === 'PUT');
      expect(puts).toHaveLength(2);
      const sent = puts.map(
        (write) => (write.body as { casefile_request: Record<string, unknown> }).casefile_request,
      );
      expect(sent[0]).toEqual({ reference_value_1: 'CLM-2026-010474', admin_notes: 'Called adjuster 12/1' });
      expect(sent[1]).toEqual({
        reference_value_1: 'CLM-2026-010548',
        admin_notes: 'Called adjuster 12/2',
        custom_fields: [{ id: 14, value: '' }],
      });
    } finally {
      await proxy.close();
    }
  });
});
