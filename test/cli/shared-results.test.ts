/**
 * Two imports given one `--results` name (explore 52 item 4): the second, of another file with its own
 * journal, truncated the running import's `OUT.unfinished.csv` and renamed it away; the first run's
 * rows became NUL bytes and it ended "unexpected error (a bug)". Spawned CLI runs against a sandbox over
 * HTTP; rows written by Python's csv module. Each test names the rule:
 * - a results file a running import writes refuses another import before it sends anything, naming
 *   that import; the running one finishes with every row in its results;
 * - the `OUT.unfinished.csv` a run killed outright left is kept aside by the next run, not truncated.
 */
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import {
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
  type SandboxWithLog,
} from './import-helpers.ts';

let running: SandboxWithLog;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  running = await secretSandbox({ rate: 1000 });
  env = connectionEnv(running.sandbox);
});
afterAll(() => running.sandbox.close());

describe('two imports and one results file', () => {
  it('a results file a running import writes refuses the second import, naming the first; the first keeps every row', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shared-results-'));
    makeRows(join(dir, 'a.csv'), 12, 'SRA', [], 'Lakewood', 'First file');
    makeRows(join(dir, 'b.csv'), 3, 'SRB', [], 'Arvada', 'Second file');
    const first = spawnImport(
      // 4 s of sending: the second import must start while it runs, on a loaded machine too (at 6/s
      // it had finished before the second's start under a load of 14).
      ['a.csv', '--mapping', TEMPLATE, '--rate', '3/s', '--results', 'results.csv'],
      dir,
      env,
    );
    let firstErr = '';
    first.stderr!.on('data', (chunk: Buffer) => (firstErr += chunk.toString()));
    const firstExit = exited(first);
    await waitForOutcomes(join(dir, 'results.journal.jsonl'), 2);

    const second = await importCli(
      ['b.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'results.csv', '--journal', 'b.jsonl'],
      dir,
      env,
    );
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      /results\.csv is being written by the import of a\.csv \(process \d+ on .+, since .+\): two imports writing one results file would lose the first one's rows\. Give this run another --results/,
    );
    expect(second.stderr).toContain('nothing was sent');
    const { code } = await firstExit;
    expect(code, firstErr).toBe(0);

    const results = await readFile(join(dir, 'results.csv'));
    expect(results.includes(0)).toBe(false);
    const text = results.toString('utf8');
    for (let row = 0; row < 12; row++) expect(text).toContain(`SRA-${String(row).padStart(4, '0')}`);
    expect(text).not.toContain('SRB-');
    expect(
      [...running.sandbox.account().case_requests].filter((r) => r.reference_value_1?.startsWith('SRB-')),
    ).toEqual([]);
    expect((await readdir(dir)).filter((name) => name.endsWith('.lock'))).toEqual([]);
  }, 60_000);

  it("a killed run's unfinished results are kept aside by the next run given the same --results", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'shared-unfinished-'));
    makeRows(join(dir, 'c.csv'), 2, 'SRC', [], 'Littleton', 'Killed before');
    // What a run killed outright leaves: its unfinished results, no live process holding them (a row
    // it created would refuse this run while no journal records it: journal-deleted.test.ts).
    const left =
      '\uFEFFClaim #,_status,_id,_case_request_number,_error\r\nOLD-1,failed,,,Trackops did not answer\r\n';
    await writeFile(join(dir, 'res.unfinished.csv'), left);
    const run = await importCli(
      ['c.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'res.csv'],
      dir,
      env,
    );
    expect(run.code, run.stderr).toBe(0);
    const keptAs = (await readdir(dir)).filter((name) => /^res\.unfinished\..+\.csv$/.test(name));
    expect(keptAs).toHaveLength(1);
    expect(run.stderr).toContain(
      `res.unfinished.csv held the rows a stopped import had settled; it was kept as ${keptAs[0]}`,
    );
    expect(await readFile(join(dir, keptAs[0]!), 'utf8')).toBe(left);
  }, 60_000);
});
