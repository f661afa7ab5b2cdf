/**
 * Rows imported from elsewhere between the app's dry run and its send (explore 11 item 1): the send
 * checks the dry run's duplicate search again before its first row and sends none of them. Before, the
 * app trusted the dry run however old it was: a CLI import of the same file in between (which the app's
 * own run-lock message tells the clerk to let finish) and then "Send" created every row a second time.
 * A row whose key was corrected in the grid after the dry run is checked with the rest.
 * Real files: rows written by Python's csv module; the CLI and the app's sandbox over HTTP.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CellFixed } from '../../main/bridge/answers.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { sendCounts } from '../../renderer/src/import/send-counts.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { TEMPLATE, connectionEnv } from '../cli/import-helpers.ts';
import { commandInProcess } from '../cli/command-in-process.ts';
import { callVerb, finishedDryRun, finishedImport } from './http-bridge.ts';

describe('a send after the same rows were imported elsewhere', { timeout: 120_000 }, () => {
  let app: RunningWebApp;
  beforeAll(async () => {
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
  });
  afterAll(() => app.close());

  it('sends none of the rows Trackops holds since the dry run, and says which', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'app-added-since-'));
    makeRows(join(dir, 'rows.csv'), 6, 'ADS');
    const source = await callVerb<{ sourceId: string }>(app, 'openSource', {
      name: 'rows.csv',
      bytesBase64: (await readFile(join(dir, 'rows.csv'))).toString('base64'),
    });
    const { runId } = await callVerb<{ runId: string }>(app, 'startDryRun', {
      sourceId: source.sourceId,
      profileId: 'sandbox',
      mapping: JSON.parse(await readFile(TEMPLATE, 'utf8')),
    });
    const page = await finishedDryRun(app, runId);
    expect(page.summary).toMatchObject({ rows: 6, valid: 6, invalid: 0 });

    // The last row's claim number is corrected in the grid: looked up on its own, found nowhere.
    const fixed = await callVerb<CellFixed>(app, 'fixCell', {
      runId,
      row: 7,
      column: 'Claim #',
      value: 'ADX-0000',
    });
    expect(fixed.row).toMatchObject({ status: 'valid', action: 'create' });

    // Meanwhile four of the rows, and the corrected claim, are imported from the command line: set-up,
    // run by the import command's own code in this process (the same requests and journal; a create
    // import as spawned is test/cli/import.test.ts's "--rate …/s against 3/s"). The app's send is the test.
    makeRows(join(dir, 'first-four.csv'), 4, 'ADS');
    makeRows(join(dir, 'corrected.csv'), 1, 'ADX');
    for (const file of ['first-four.csv', 'corrected.csv']) {
      const cli = await commandInProcess(
        'import',
        [file, '--mapping', TEMPLATE, '--rate', '50/s'],
        dir,
        connectionEnv(app.sandbox),
      );
      expect(cli.code, cli.stderr).toBe(0);
    }

    await callVerb(app, 'startImport', { runId, profileId: 'sandbox', ratePerSecond: 50 });
    const status = await finishedImport(app, runId);
    expect(status).toMatchObject({ state: 'done', created: 1, failed: 0 });
    expect(status.addedSince?.map((row) => row.row)).toEqual([2, 3, 4, 5, 7]);
    expect(status.addedSince?.[0]?.message).toMatch(
      /^not sent: Trackops now holds REQ-\d+ with .+ 'ADS-0000', added after this file's rows were checked against the account/,
    );
    // Nothing is left to send: those rows are settled.
    expect(sendCounts(page.summary, status)).toMatchObject({ created: 1, written: 1, remaining: 0 });
    const stored = storedByReference(app.sandbox.account(), 'ADS-');
    expect(stored.size).toBe(5);
    for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    expect(storedByReference(app.sandbox.account(), 'ADX-').get('ADX-0000')).toHaveLength(1);
  });
});
