/**
 * A file sent part-way (a trial, a cancel, a closed window) and checked again (exploratory round 3,
 * defects 1 and 2): the rows its earlier send created are the account's duplicates, but the journal
 * says this file's own send made them. The dry run says so ("already sent earlier"), does not count them
 * as errors, and refuses to edit them (a new Claim # would create the row a second time); the send that
 * follows tells the rows earlier sends wrote apart from its own, so the counts add up to the file.
 * Choosing the file again while its send is unfinished says so, with the mapping to finish it with.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DryRunPage, ImportStatus, SourceView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { callVerb, post } from './http-bridge.ts';
import { sentEarlierText } from '../../renderer/src/import/row-status.ts';

const template = new URL('../../samples/referrals-template.json', import.meta.url);

describe('a file whose earlier send was cut short, checked and sent again', { timeout: 60_000 }, () => {
  let app: RunningWebApp;
  let file = '';
  const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);

  const open = async (name = 'rows.csv') =>
    call<SourceView>('openSource', { name, bytesBase64: (await readFile(file)).toString('base64') });
  const dryRun = async (): Promise<string> => {
    const source = await open();
    await call('previewSheet', { sourceId: source.sourceId });
    const mapping = JSON.parse(await readFile(template, 'utf8'));
    const { runId } = await call<{ runId: string }>('startDryRun', {
      sourceId: source.sourceId,
      profileId: 'sandbox',
      mapping,
    });
    for (;;) {
      const page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 1, onlyErrors: false });
      if (page.summary.state === 'done') return runId;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const send = async (runId: string, limitRows?: number): Promise<ImportStatus> => {
    await call('startImport', { runId, profileId: 'sandbox', ...(limitRows ? { limitRows } : {}) });
    for (let tries = 0; tries < 1200; tries++) {
      const status = await call<ImportStatus>('importStatus', { runId });
      if (status.state === 'done') return status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the send never finished');
  };

  beforeAll(async () => {
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
    const dir = await mkdtemp(join(tmpdir(), 'app-earlier-'));
    file = join(dir, 'rows.csv');
    makeRows(file, 12, 'EARL');
  });
  afterAll(() => app.close());

  it('the rows the earlier send created are "already sent earlier", not errors to fix', async () => {
    const first = await send(await dryRun(), 4);
    expect(first).toMatchObject({ created: 4 });
    expect(first.earlier).toBeUndefined();

    // Choosing the same file again (under another name too) says its send did not finish, with the
    // mapping to finish it with.
    const mapping = JSON.parse(await readFile(template, 'utf8'));
    const again = await open('rows (copy).csv');
    expect(again.unfinishedSend).toMatchObject({ file: 'rows.csv', written: 4 });
    expect(again.unfinishedSend!.mapping).toMatchObject({ match: mapping.match, columns: mapping.columns });

    const runId = await dryRun();
    const page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 100, onlyErrors: false });
    expect(page.summary).toMatchObject({ rows: 12, valid: 8, invalid: 0, sentEarlier: 4 });
    const sent = page.rows.filter((row) => row.sentEarlier);
    expect(sent.map((row) => row.row)).toEqual([2, 3, 4, 5]);
    const stored = storedByReference(app.sandbox.account(), 'EARL-');
    for (const row of sent) {
      expect(row.sentEarlier).toMatchObject({ file: 'rows.csv' });
      expect(row.sentEarlier!.at).toMatch(/^\d{4}-\d\d-\d\dT/);
      // The request it names is the one the account holds for the row's key.
      const key = row.cells[0]!;
      expect(stored.get(key)?.map((request) => request.case_request_number)).toEqual([
        row.sentEarlier!.caseRequestNumber,
      ]);
    }
    const errors = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 100, onlyErrors: true });
    expect(errors.total).toBe(0);

    // Changing its Claim # would make it valid and create it a second time: refused, and said why,
    // with the time the grid shows (the screen's zone and locale, not UTC: one formatter for both).
    const clock = { timeZone: 'America/Denver', locale: 'en-US' };
    const fix = await post(app, 'fixCell', { runId, row: 2, column: 'Claim #', value: 'EARL-NEW', clock });
    expect(fix.json.ok).toBe(false);
    const row2 = sent.find((row) => row.row === 2)!;
    const when = new Date(row2.sentEarlier!.at!).toLocaleString('en-US', {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: 'America/Denver',
    });
    expect(fix.json.error?.message).toBe(
      `Row 2 is already in Trackops: your earlier send of rows.csv on ${when} created it as ${row2.sentEarlier!.caseRequestNumber}. Leave it as it is; changing it would create the case request a second time.`,
    );
    expect(fix.json.error?.message).not.toContain('UTC');
    expect(sentEarlierText(row2, clock)).toContain(`your earlier send of rows.csv on ${when} created it`);
  });

  it('sending the rest counts what earlier sends wrote apart, and every row is there once', async () => {
    const runId = await dryRun();
    const trial = await send(runId, 3);
    // The file whole: 4 from the first send + 3 now; 5 still to send.
    expect(trial).toMatchObject({ created: 7, earlier: { created: 4, updated: 0 } });
    expect((await open()).unfinishedSend).toMatchObject({ written: 7 });
    const rest = await send(runId);
    expect(rest).toMatchObject({ created: 12, earlier: { created: 7, updated: 0 } });
    // Each row says who wrote it: the 7 earlier sends' rows are not this send's creates.
    const byWhom = rest.written!.map((row) => [row.row, row.status, row.earlier === true]);
    expect(byWhom).toEqual(Array.from({ length: 12 }, (_, index) => [index + 2, 'created', index < 7]));
    // Every row settled: nothing left to offer to finish.
    expect((await open()).unfinishedSend).toBeUndefined();
    const stored = storedByReference(app.sandbox.account(), 'EARL-');
    expect(stored.size).toBe(12);
    for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
  });
});
