/**
 * The app's dry run of a file sent, then fixed on every row (the claimants' phones went in with the
 * wrong area code) and opened again under its name: no row is an earlier send whole, and without
 * claim numbers every row would have been sent a second time. The rows themselves show the earlier
 * send run again (core's fixed-column.ts), so the dry run refuses each, naming its request and the
 * phone, as the CLI's validate and import do. Through the app's HTTP bridge against its built-in
 * sandbox; rows written by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DryRunPage, ImportStatus, SourceView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { makeRows } from '../batch/helpers.ts';
import { editRows } from '../cli/edit-rows.ts';
import { callVerb } from './http-bridge.ts';

const template = new URL('../../samples/referrals-template.json', import.meta.url);
let app: RunningWebApp;
let dir = '';

const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);

async function dryRun(file: string): Promise<DryRunPage> {
  const source = await call<SourceView>('openSource', {
    name: 'referrals.csv',
    bytesBase64: (await readFile(file)).toString('base64'),
  });
  await call('previewSheet', { sourceId: source.sourceId });
  const mapping = JSON.parse(await readFile(template, 'utf8'));
  const { runId } = await call<{ runId: string }>('startDryRun', {
    sourceId: source.sourceId,
    profileId: 'sandbox',
    mapping,
  });
  for (;;) {
    const page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 10, onlyErrors: false });
    if (page.summary.state === 'done') return page;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function send(runId: string): Promise<ImportStatus> {
  await call('startImport', { runId, profileId: 'sandbox' });
  for (;;) {
    const status = await call<ImportStatus>('importStatus', { runId });
    if (status.state === 'done') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'app-fixed-column-'));
  // Journals of its own: every browser-mode sandbox is "the app's built-in sandbox" to them.
  app = await startWebApp({ staticDir: '/nonexistent', log: () => {}, runLocksDir: join(dir, 'run-locks') });
});
afterAll(() => app.close());

it(
  'rule: a file fixed on every row is refused row by row in the dry run, naming each request',
  { timeout: 60_000 },
  async () => {
    const file = join(dir, 'referrals.csv');
    makeRows(file, 4, 'AFC', [0, 1, 2, 3], 'Denver', 'App column', 'Claim #');
    const first = await dryRun(file);
    expect(await send(first.summary.runId)).toMatchObject({ created: 4 });

    editRows(file, (rows) => {
      const phone = rows[0]!.indexOf('Claimant Phone');
      for (const row of rows.slice(1)) row[phone] = row[phone]!.replace('(720)', '(303)');
    });
    const page = await dryRun(file);
    expect(page.summary).toMatchObject({ rows: 4, valid: 0, invalid: 4 });
    const numbers = new Map(
      app.sandbox.account().case_requests.map((request) => [request.notes, request.case_request_number]),
    );
    for (const row of page.rows) {
      const words = row.problems.map((problem) => problem.message).join(' ');
      expect(words).toContain(
        `this row differs only in Claimant 1's Phone ("(303) 555-0101" here) from row ${row.row} of referrals.csv, which an earlier import created as ${numbers.get(`App column ${row.row - 2}`)}`,
      );
      expect(words).toContain('which Trackops still holds');
    }
    expect(
      app.sandbox.account().case_requests.filter((request) => request.notes?.startsWith('App column')),
    ).toHaveLength(4);
  },
);
