/**
 * A results file fed back into the app (its `_status` / `_id` columns from an earlier import): the dry
 * run shows the rows an earlier run wrote as the CLI's validate does, `already_done` (not errors, not
 * among the rows to send; the Status column says "Already done" and why), and the send sends only the
 * rest, so the counts the send step shows add up. Before, those rows were "ready to send" and counted
 * in "Send N rows", while core's runner skipped them. A fix of such a row is refused: it is not sent.
 * Real files: the CLI's own results .csv of a trial (--limit, run by the import command's own code in
 * this process), against the app's sandbox over HTTP.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DryRunPage } from '../../main/bridge/contract.ts';
import type { CellFixed } from '../../main/bridge/answers.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { alreadyDoneText, statusText } from '../../renderer/src/import/row-status.ts';
import { sendCounts } from '../../renderer/src/import/send-counts.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { TEMPLATE, connectionEnv } from '../cli/import-helpers.ts';
import { commandInProcess } from '../cli/command-in-process.ts';
import { callVerb, finishedDryRun, finishedImport, post } from './http-bridge.ts';

describe('a results file in the app', { timeout: 120_000 }, () => {
  let app: RunningWebApp;
  beforeAll(async () => {
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
  });
  afterAll(() => app.close());

  it('shows the rows an earlier run wrote as already done, and sends only the rest', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'app-results-file-'));
    makeRows(join(dir, 'rows.csv'), 5, 'RFD');
    // The trial is set-up, run by the import command's own code in this process (the same requests and
    // results file as spawned; a --limit trial as spawned is the --json trial of
    // test/cli/import-stop-signals.test.ts). What is tested is the app's dry run.
    const trial = await commandInProcess(
      'import',
      ['rows.csv', '--mapping', TEMPLATE, '--limit', '3', '--results', 'run1.csv', '--rate', '50/s'],
      dir,
      connectionEnv(app.sandbox),
    );
    expect(trial.code, trial.stderr).toBe(0);
    expect(storedByReference(app.sandbox.account(), 'RFD-').size).toBe(3);

    const source = await callVerb<{ sourceId: string }>(app, 'openSource', {
      name: 'run1.csv',
      bytesBase64: (await readFile(join(dir, 'run1.csv'))).toString('base64'),
    });
    const { runId } = await callVerb<{ runId: string }>(app, 'startDryRun', {
      sourceId: source.sourceId,
      profileId: 'sandbox',
      mapping: JSON.parse(await readFile(TEMPLATE, 'utf8')),
    });
    const page = await finishedDryRun(app, runId);
    expect(page.summary).toMatchObject({ rows: 5, valid: 2, invalid: 0, alreadyDone: 3 });
    // The trial's results: which rows it wrote is what their _status says.
    const statusColumn = page.summary.headers.indexOf('_status');
    const written = page.rows.filter((row) => row.cells[statusColumn] === 'created');
    const notSent = page.rows.filter((row) => row.cells[statusColumn] === 'skipped');
    expect([written.length, notSent.length]).toEqual([3, 2]);
    const first = written[0];
    expect(first).toMatchObject({ status: 'valid', action: 'already_done', problems: [] });
    for (const row of written) expect(statusText(row)).toBe('Already done');
    expect(statusText(first!)).toBe('Already done');
    expect(alreadyDoneText(first!)).toMatch(
      /^Already done: not sent: its _status column says it was created \((REQ-\S+|id \d+)\) by the earlier run whose results this file holds; an import of this file does not send it again\.$/,
    );
    for (const row of notSent) expect([row.action, statusText(row)]).toEqual(['create', 'Create']);
    // Not among the rows with errors to fix.
    const errors = await callVerb<DryRunPage>(app, 'dryRunPage', {
      runId,
      offset: 0,
      limit: 10,
      onlyErrors: true,
    });
    expect(errors.total).toBe(0);
    const fix = await post(app, 'fixCell', {
      runId,
      row: first!.row,
      column: page.summary.headers[0]!,
      value: 'x',
    });
    expect(fix.json.ok).toBe(false);
    expect(fix.json.error?.message).toMatch(
      new RegExp(`^Row ${first!.row} is already done: not sent: its _status column says`),
    );

    await callVerb(app, 'startImport', { runId, profileId: 'sandbox', ratePerSecond: 50 });
    const status = await finishedImport(app, runId);
    expect(status).toMatchObject({ state: 'done', created: 2, failed: 0, skipped: 3 });
    expect(sendCounts(page.summary, status)).toEqual({
      created: 2,
      answeredExisting: 0,
      updated: 0,
      earlier: 0,
      written: 2,
      remaining: 0,
    });
    const stored = storedByReference(app.sandbox.account(), 'RFD-');
    expect(stored.size).toBe(5);
    for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
  });

  it('upsert: a row whose claim number was changed is refused, and fixing it back re-checks it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'app-results-rekeyed-'));
    // Referrals of its own (city, instructions): the app's account holds the first test's, and rows
    // differing from them only in claim number would be that import run again with its claim numbers
    // fixed on every row, held back (docs/import.md).
    makeRows(join(dir, 'rows.csv'), 2, 'RKY', [], 'Arvada', 'Rekeyed');
    // Set-up in this process, as the trial above (a create import as spawned is test/cli/import.test.ts's).
    const first = await commandInProcess(
      'import',
      ['rows.csv', '--mapping', TEMPLATE, '--results', 'run1.csv', '--rate', '50/s'],
      dir,
      connectionEnv(app.sandbox),
    );
    expect(first.code, first.stderr).toBe(0);
    const stored = storedByReference(app.sandbox.account(), 'RKY-');
    expect(stored.size).toBe(2);
    const results = await readFile(join(dir, 'run1.csv'), 'utf8');
    const original = [...stored.keys()].sort()[0]!;
    const rekeyed = results.replace(new RegExp(`^${original},`, 'm'), `${original}X,`);
    expect(rekeyed).not.toBe(results);

    const source = await callVerb<{ sourceId: string }>(app, 'openSource', {
      name: 'run1.csv',
      bytesBase64: Buffer.from(rekeyed).toString('base64'),
    });
    const mapping = { ...JSON.parse(await readFile(TEMPLATE, 'utf8')), mode: 'upsert' };
    const { runId } = await callVerb<{ runId: string }>(app, 'startDryRun', {
      sourceId: source.sourceId,
      profileId: 'sandbox',
      mapping,
    });
    const page = await finishedDryRun(app, runId, { onlyErrors: true });
    expect(page.summary).toMatchObject({ rows: 2, invalid: 1 });
    const refused = page.rows[0]!;
    const request = stored.get(original)![0]!;
    expect(refused.problems.map((problem) => problem.message).join(' ')).toContain(
      `an earlier run wrote this row to ${request.case_request_number} (_id ${request.id}), but Claim Number '${original}X' finds no request now: the upsert would create a second request for this row`,
    );
    // Another key the account does not hold is refused again; the key the request holds is an update.
    const fix = (value: string) =>
      callVerb<CellFixed>(app, 'fixCell', { runId, row: refused.row, column: 'Claim #', value });
    const other = await fix(`${original}Y`);
    expect(other.row).toMatchObject({ status: 'invalid' });
    const back = await fix(original);
    expect(back.row).toMatchObject({ status: 'valid', targetId: request.id });
  });
});
