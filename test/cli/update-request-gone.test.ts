/**
 * A request gone between the plan and its update (explore 33 item 7), through the CLI over real HTTP: the
 * sandbox has no delete, so a proxy answers 404 for one request, as Trackops does for one deleted or
 * merged since the import listed the account. The row is `failed` (code `request_gone`), names the
 * request and the row's key under the sheet's column, says nothing was written and what to do, and is
 * not retried; a 404 to the PUT of a request a read still finds is said as that, not as "gone".
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startAnsweringProxy, type AnswerRule } from '../batch/answering-proxy.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const NOT_FOUND = {
  status: 404,
  headers: { 'content-type': 'application/json' },
  body: '{"message":"Case request not found"}',
};

async function files(name: string): Promise<{ sheet: string; mapping: string }> {
  const sheet = join(dir, `${name}.csv`);
  // Written by Python's csv module, as a carrier's status sheet saved as CSV would be.
  const rows = [
    ['Claim #', 'Instructions'],
    ['CLM-2026-010400', 'Surveillance done 12/3'],
    ['CLM-2026-010437', 'Report sent'],
  ];
  const script =
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))';
  runPython(script, [sheet, JSON.stringify(rows)]);
  const mapping = join(dir, `${name}.json`);
  await writeFile(
    mapping,
    JSON.stringify({
      version: 1,
      mode: 'update',
      match: 'reference_value_1',
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Instructions', target: 'notes' },
      ],
    }),
  );
  return { sheet, mapping };
}

async function importThrough(rule: AnswerRule, name: string) {
  const proxy = await startAnsweringProxy(sandbox.baseUrl, rule);
  try {
    const { sheet, mapping } = await files(name);
    const results = join(dir, `${name}-results.json`);
    const run = await runCli(
      [
        'import',
        sheet,
        '--mapping',
        mapping,
        '--results',
        results,
        '--url',
        proxy.baseUrl,
        '--user',
        sandbox.username,
        '--rate',
        '50/s',
      ],
      { TRACKOPS_TOKEN: sandbox.token },
    );
    const rows = (
      JSON.parse(await readFile(results, 'utf8')) as {
        rows: {
          row: number;
          status: string;
          id?: number;
          case_request_number?: string;
          errors: { code: string; message: string }[];
        }[];
      }
    ).rows;
    return { run, rows, puts: proxy.count('PUT'), reads: proxy.count('GET', /\/case\/requests\/1$/) };
  } finally {
    await proxy.close();
  }
}

describe('an update whose request is gone (404 to its PUT)', () => {
  it('names the request and its key, says nothing was written and what to do; not retried', async () => {
    // Request 1 deleted since the plan listed the account: its PUT and a read of it answer 404.
    const gone: AnswerRule = ({ method, path }) =>
      /\/case\/requests\/1$/.test(path) && method !== 'POST' ? NOT_FOUND : 'forward';
    const { run, rows, puts, reads } = await importThrough(gone, 'gone');
    expect(run.code).toBe(1);
    const failed = rows.find((row) => row.row === 2)!;
    expect(failed).toMatchObject({ status: 'failed', id: 1, case_request_number: 'REQ-00001' });
    expect(failed.errors[0]!.code).toBe('request_gone');
    expect(failed.errors[0]!.message).toBe(
      "REQ-00001 (Claim # 'CLM-2026-010400') is no longer in Trackops: the update was answered 404 (not found), and so was a read of it. " +
        'It was most likely deleted or merged into another request since this import listed the account; nothing was written. ' +
        'Check it in Trackops: if it was merged, give this row the Claim # of the request it became and import the row again',
    );
    expect(run.stdout).toContain(
      "row 2 (REQ-00001): REQ-00001 (Claim # 'CLM-2026-010400') is no longer in Trackops",
    );
    expect(run.stdout).not.toContain('--resume to retry');
    expect(rows.find((row) => row.row === 3)).toMatchObject({ status: 'updated', id: 2 });
    // One PUT per row (not retried), and the one read that tells "gone" from "refused".
    expect([puts, reads]).toEqual([2, 1]);
  });

  it('a 404 to the PUT of a request a read still finds is said as such, not as gone', async () => {
    const refused: AnswerRule = ({ method, path }) =>
      method === 'PUT' && /\/case\/requests\/1$/.test(path) ? NOT_FOUND : 'forward';
    const { run, rows } = await importThrough(refused, 'refused');
    expect(run.code).toBe(1);
    const failed = rows.find((row) => row.row === 2)!;
    expect(failed.errors[0]!.code).toBe('request_gone');
    expect(failed.errors[0]!.message).toMatch(
      /^Trackops answered 404 \(not found\) to the update of REQ-00001 \(Claim # 'CLM-2026-010400'\), yet a read of it finds it: nothing was written/,
    );
  });
});
