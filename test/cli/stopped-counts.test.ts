/**
 * Every summary adds up to the rows read, each row in exactly one count, a stopped run's as a finished
 * one's (explore 36 item 3): a run stopped by a failure after every row was written said "5 rows: 5
 * valid … Created 0, updated 0, failed 0, skipped 0, not sent 3", the 2 rows Trackops already held
 * (duplicate) in no count; an update run's unchanged rows were left out the same way.
 *
 * Real HTTP: the sandbox, with requests a colleague made (an import from another computer), behind a
 * gateway that answers a web page from the second write on (the row in doubt stops the run); the CLI
 * spawned as a user runs it, on files written by Python.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningSandbox } from '../../sandbox/index.ts';
import { makeRows } from '../batch/helpers.ts';
import { MAINTENANCE_PAGE, startLoginPageProxy } from '../batch/proxies.ts';
import { connectionEnv, importCli, secretSandbox, TEMPLATE, type CliResult } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
beforeAll(async () => {
  ({ sandbox } = await secretSandbox({ rate: 1000 }));
});
afterAll(async () => {
  await sandbox.close();
});

function computer(dir: string, name: string, url = sandbox.baseUrl): NodeJS.ProcessEnv {
  return { ...connectionEnv(sandbox), TRACKOPS_URL: url, XDG_DATA_HOME: join(dir, name) };
}

/** A request with Claim # `key` made in Trackops by hand (no import's journal knows it). */
async function typedByHand(key: string): Promise<void> {
  const answer = await fetch(`${sandbox.baseUrl}/case/requests`, {
    method: 'POST',
    headers: {
      Authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
      'Content-Type': 'application/json',
    },
    body: JSON.stringify({
      casefile_request: {
        case_type_id: 1,
        case_region_id: 1,
        created_on: '2026-11-20',
        reference_value_1: key,
        client: {
          name: 'Acme Mutual',
          address_1: '1 Main St',
          city: 'Denver',
          state: 'CO',
          zip: '80202',
          country: 'US',
        },
        contact: { first_name: 'Pat', last_name: 'Hand', email: 'pat@example.com' },
      },
    }),
  });
  expect(answer.status).toBe(201);
}

/** `args` run through a gateway that lets one write through, then answers a maintenance page. */
async function stoppedImport(dir: string, args: string[]): Promise<CliResult> {
  const proxy = await startLoginPageProxy(sandbox.baseUrl, { writesThrough: 1, page: MAINTENANCE_PAGE });
  try {
    return await importCli(
      [...args, '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'out.csv'],
      dir,
      computer(dir, 'this-pc', proxy.baseUrl),
    );
  } finally {
    await proxy.close();
  }
}

/** The summary line's counts: "N rows: V valid, I invalid. Created …, not sent U (…)". */
function countsOf(line: string): { rows: number; invalid: number; counted: Record<string, number> } {
  const head = /^(\d+) rows?: (\d+) valid, (\d+) invalid\. (.*)$/.exec(line);
  if (!head) throw new Error(`not a summary line: ${line}`);
  const counted: Record<string, number> = {};
  for (const [, name, count] of head[4]!.matchAll(
    /\b(Created|updated|unchanged|duplicate|failed|skipped|not sent|held back) (\d+)/g,
  ))
    counted[name!] = Number(count);
  return { rows: Number(head[1]), invalid: Number(head[3]), counted };
}

function sum(counts: Record<string, number>): number {
  return Object.values(counts).reduce((total, count) => total + count, 0);
}

/** The results file's rows by `_status`, as Python's csv module reads them. */
function statuses(path: string): Record<string, number> {
  const script =
    'import csv, collections, json, sys\n' +
    "rows = csv.DictReader(open(sys.argv[1], encoding='utf-8-sig', newline=''))\n" +
    "print(json.dumps(collections.Counter(row['_status'] for row in rows)))";
  return JSON.parse(runPython(script, [path], { encoding: 'utf8' })) as Record<string, number>;
}

describe("a stopped run's counts add up to the rows read", () => {
  it('create: the rows Trackops already held are counted as duplicate, in text and in --json', async () => {
    for (const json of [false, true]) {
      const dir = await mkdtemp(join(tmpdir(), 'stopped-counts-'));
      const prefix = json ? 'SCJ' : 'SCT';
      // A colleague typed the first 2 referrals into Trackops by hand.
      for (const key of [`${prefix}-0000`, `${prefix}-0001`]) await typedByHand(key);
      // Instructions of their own: rows differing from another run's only in Claim # are held as edits.
      makeRows(join(dir, 'rows.csv'), 5, prefix, [], 'Denver', `Check gym visits (${prefix})`);
      const run = await stoppedImport(dir, ['rows.csv', ...(json ? ['--json'] : [])]);
      // Row 4 created, row 5 in doubt (the page), row 6 not reached: the run stopped.
      expect(run.code).toBe(3);
      expect(statuses(join(dir, 'out.csv'))).toEqual({ duplicate: 2, created: 1, skipped: 2 });
      if (json) {
        const summary = JSON.parse(run.stdout) as Record<string, number>;
        expect(summary).toMatchObject({ rows: 5, valid: 5, invalid: 0, created: 1, duplicate: 2 });
        expect(summary).toMatchObject({ skipped: 0, unsent: 2, interrupted: true });
        const { created, updated, unchanged, duplicate, failed, skipped, unsent, invalid } = summary;
        expect(created! + updated! + unchanged! + duplicate! + failed! + skipped! + unsent! + invalid!).toBe(
          5,
        );
      } else {
        const line = run.stdout.split('\n')[0]!;
        expect(line).toMatch(
          /^5 rows: 5 valid, 0 invalid\. Created 1, updated 0, duplicate 2 \(already in Trackops, not sent\), failed 0, skipped 0, not sent 2 \(the run was stopped\) \(/,
        );
        const { rows, invalid, counted } = countsOf(line);
        expect(sum(counted) + invalid).toBe(rows);
      }
    }
  }, 120_000);

  it('update: the rows that would change nothing are counted as unchanged', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'stopped-counts-'));
    makeRows(join(dir, 'first.csv'), 4, 'SCU', [], 'Denver', 'Check gym visits (SCU)');
    // The import whose requests the update meets is set-up, run by the import command's own code in
    // this process (the same requests and journal; a create import as spawned is test/cli/import.test.ts's
    // "--rate …/s against 3/s"). The stopped runs this file counts are spawned.
    const first = await commandInProcess(
      'import',
      ['first.csv', '--mapping', TEMPLATE, '--rate', '100/s'],
      dir,
      computer(dir, 'this-pc'),
    );
    expect(first.code).toBe(0);
    // The same 4 referrals, the last 2 with new instructions: rows 2-3 unchanged, 4-5 to update.
    makeRows(join(dir, 'edited.csv'), 4, 'SCU', [], 'Denver', 'Call the adjuster first');
    const kept = (await readFile(join(dir, 'first.csv'), 'utf8')).trimEnd().split(/\r?\n/);
    const edited = (await readFile(join(dir, 'edited.csv'), 'utf8')).trimEnd().split(/\r?\n/);
    await writeFile(join(dir, 'update.csv'), [...kept.slice(0, 3), ...edited.slice(3)].join('\r\n') + '\r\n');
    const run = await stoppedImport(dir, ['update.csv', '--mode', 'update']);
    expect(run.stdout.split('\n')[0]).toMatch(
      /^4 rows: 4 valid, 0 invalid\. Created 0, updated 1, unchanged 2 \(Trackops already holds their values, not sent\), failed 0, skipped 0, not sent 1 \(the run was stopped\) \(/,
    );
    const { rows, invalid, counted } = countsOf(run.stdout.split('\n')[0]!);
    expect(sum(counted) + invalid).toBe(rows);
  }, 120_000);
});
