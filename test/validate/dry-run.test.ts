/**
 * The dry run both hosts run (issue 14 point 2): rows checked with the account's reference data when
 * connected, each valid row planned against the account (read-only), counted and written to the
 * report; offline the account's checks are skipped and nothing is asked. Rows written by Python's csv
 * module (test/batch/make-rows.py), the sandbox over real HTTP, counted by the sandbox.
 */
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  dryRunChecks,
  dryRunRowBatches,
  dryRunRows,
  fileSource,
  openAccount,
  openSheet,
  openValidationReport,
  tallyDryRun,
  type CheckCost,
  type OpenAccount,
  type RowOutcome,
} from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows, templateMapping } from '../batch/helpers.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

let sandbox: RunningSandbox;
let account: OpenAccount;
let dir: string;
let file: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  account = await openAccount(
    { words: CLI_CONNECTION_WORDS, baseUrl: sandbox.baseUrl, user: sandbox.username, token: sandbox.token },
    { pace: { ratePerSecond: 1000, concurrency: 1 } },
  );
  dir = await mkdtemp(join(tmpdir(), 'dry-run-'));
  file = join(dir, 'rows.csv');
  makeRows(file, 6, 'DRY', [2, 4]);
});
afterAll(() => sandbox.close());

describe('the dry run', () => {
  it('offline: checks what needs no account, asks nothing, and counts rows and problems', async () => {
    const mapping = await templateMapping();
    expect(dryRunChecks(null)).toEqual({});
    const before = sandbox.stats().requests;
    const checked: number[] = [];
    const tally = await tallyDryRun(
      dryRunRows(await openSheet(fileSource(file)), mapping, null, {
        waysOut: CLI_WAYS_OUT,
        onChecked: (rows) => checked.push(rows),
      }),
      { keepProblems: 1 },
    );
    expect(tally.summary).toMatchObject({ rows: 6, valid: 4, invalid: 2 });
    expect(tally.shown).toHaveLength(1);
    expect(tally.shown[0]!.value).toBe('not-an-email');
    expect(tally.actions).toEqual({});
    expect(checked).toEqual([6]);
    expect(sandbox.stats().requests).toBe(before);
  });

  it('in batches (as the CLI takes them): the same outcomes, in the same order, and the same tally, offline and connected', async () => {
    const mapping = await templateMapping();
    const many = join(dir, 'many.csv');
    makeRows(many, 1300, 'BATCH', [3, 700, 1299]);
    for (const connected of [null, account]) {
      const perRow: RowOutcome[] = [];
      for await (const outcome of dryRunRows(await openSheet(fileSource(many)), mapping, connected, {
        waysOut: CLI_WAYS_OUT,
      }))
        perRow.push(outcome);
      const batched: RowOutcome[] = [];
      const checked: number[] = [];
      for await (const batch of dryRunRowBatches(await openSheet(fileSource(many)), mapping, connected, {
        waysOut: CLI_WAYS_OUT,
        onChecked: (rows) => checked.push(rows),
      })) {
        expect(batch.length).toBeGreaterThan(0);
        batched.push(...batch);
      }
      expect(batched).toEqual(perRow);
      expect(perRow).toHaveLength(1300);
      expect(checked.at(-1)).toBe(1300);
      const fromBatches = await tallyDryRun(
        dryRunRowBatches(await openSheet(fileSource(many)), mapping, connected, { waysOut: CLI_WAYS_OUT }),
        {
          keepProblems: 5,
        },
      );
      const fromRows = await tallyDryRun(
        dryRunRows(await openSheet(fileSource(many)), mapping, connected, { waysOut: CLI_WAYS_OUT }),
        {
          keepProblems: 5,
        },
      );
      expect(fromBatches).toEqual(fromRows);
      expect(fromBatches.summary).toMatchObject({ rows: 1300, invalid: 3 });
    }
  });

  it('connected: every valid row says what the import would do, at the cost said first, and the report is written', async () => {
    const mapping = await templateMapping();
    const costs: CheckCost[] = [];
    const reportPath = join(dir, 'report.json');
    const report = await openValidationReport(reportPath, {
      file: 'rows.csv',
      sheet: null,
      mode: 'create',
      headers: (await openSheet(fileSource(file))).headers,
      headerRow: 1,
      live: true,
    });
    const before = sandbox.stats().requests;
    const tally = await tallyDryRun(
      dryRunRows(await openSheet(fileSource(file)), mapping, account, {
        waysOut: CLI_WAYS_OUT,
        onCost: (cost) => costs.push(cost),
      }),
      { report },
    );
    expect(tally.summary).toMatchObject({ rows: 6, valid: 4, invalid: 2 });
    expect(tally.actions).toEqual({ create: 4 });
    expect(costs).toHaveLength(1);
    // Only reads: the plan looks for the rows' keys, nothing is written.
    expect(sandbox.stats().requests - before).toBeGreaterThan(0);
    expect(sandbox.account().case_requests.filter((r) => r.reference_value_1?.startsWith('DRY'))).toEqual([]);
    const written = JSON.parse(await readFile(reportPath, 'utf8'));
    expect(written.summary).toMatchObject({ rows: 6, valid: 4, invalid: 2 });
  });

  it('a run that fails leaves no report behind', async () => {
    const reportPath = join(dir, 'failed.json');
    const report = await openValidationReport(reportPath, {
      file: 'rows.csv',
      sheet: null,
      mode: 'create',
      headers: [],
      headerRow: 1,
    });
    async function* failing(): AsyncIterable<RowOutcome> {
      yield* [];
      throw new Error('the account stopped answering');
    }
    await expect(tallyDryRun(failing(), { report })).rejects.toThrow('stopped answering');
    await expect(stat(reportPath)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('rule: "an import would" counts only what an import would do: an invalid row is not sent', async () => {
    // Report 11: two invalid round-trip rows (each with its update target) printed "An import would: 2 update."
    const invalid = (row: number): RowOutcome => ({
      row,
      status: 'invalid',
      problems: [],
      cells: [],
      action: 'update',
      targetId: row,
    });
    const valid: RowOutcome = {
      row: 4,
      status: 'valid',
      problems: [],
      cells: [],
      action: 'update',
      targetId: 4,
    };
    expect((await tallyDryRun([invalid(2), invalid(3)])).actions).toEqual({});
    expect((await tallyDryRun([invalid(2), valid])).actions).toEqual({ update: 1 });
  });
});
