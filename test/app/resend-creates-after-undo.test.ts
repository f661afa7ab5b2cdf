/**
 * Creates sent, undone ("Undo this import": the API has no delete, so the undo lists the requests for
 * a person to close or delete and leaves them in the account), then the same file and mapping sent
 * again. The send is refused naming the undo, and the clerk's way on, a new import, creates none of
 * them a second time: every row is settled from the earlier import's journal, said in the results,
 * and the account holds the same requests as before. Through the app's HTTP bridge against its built-in
 * sandbox; rows written by Python's csv module.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DryRunPage, ImportStatus, RevertView, SourceView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { makeRows } from '../batch/helpers.ts';
import { callVerb, post } from './http-bridge.ts';

const template = new URL('../../samples/referrals-template.json', import.meta.url);
let app: RunningWebApp;
let dir = '';

const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);

async function dryRun(bytes: Buffer): Promise<string> {
  const source = await call<SourceView>('openSource', {
    name: 'rows.csv',
    bytesBase64: bytes.toString('base64'),
  });
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
}

async function finished<T extends { state: string }>(read: () => Promise<T>, done: string[]): Promise<T> {
  for (let tries = 0; tries < 1200; tries++) {
    const status = await read();
    if (done.includes(status.state)) return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('never finished');
}

const sendEnded = (runId: string) =>
  finished(() => call<ImportStatus>('importStatus', { runId }), ['done', 'failed', 'cancelled']);

beforeAll(async () => {
  app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
  dir = await mkdtemp(join(tmpdir(), 'app-resend-creates-'));
});
afterAll(() => app.close());

it(
  'undone creates are still in the account: a new import of the file creates none of them again',
  { timeout: 90_000 },
  async () => {
    makeRows(join(dir, 'rows.csv'), 4, 'RCU');
    const bytes = await readFile(join(dir, 'rows.csv'));
    const first = await dryRun(bytes);
    await call('startImport', { runId: first, profileId: 'sandbox' });
    expect(await sendEnded(first)).toMatchObject({ state: 'done', created: 4 });
    const requests = app.sandbox.account().case_requests.length;

    await call<RevertView>('previewRevert', { runId: first });
    await call<RevertView>('startRevert', { runId: first });
    await finished(() => call<RevertView>('revertStatus', { runId: first }), ['done', 'failed']);
    expect(app.sandbox.account().case_requests).toHaveLength(requests);

    const again = await dryRun(bytes);
    const writes = app.sandbox.stats().writesCommitted;
    const refused = await post(app, 'startImport', { runId: again, profileId: 'sandbox' });
    expect(refused.json.error?.code).toBe('journal_undone');
    expect(refused.json.error?.message).toContain('choose “Send as a new import”');
    // The undo put nothing back: it left the 4 creates in the account, said so (not "0 requests put back").
    expect(refused.json.error?.message).toContain('that import was undone (“Undo this import”, started ');
    expect(refused.json.error?.message).toContain(
      ', which left in the account the 4 requests it created: an undo cannot delete them)',
    );
    expect(refused.json.error?.message).not.toContain('0 requests put back');

    await call('startImport', { runId: again, profileId: 'sandbox', newImport: true });
    const status = await sendEnded(again);
    expect(status).toMatchObject({ state: 'done', created: 0, failed: 0 });
    expect(app.sandbox.stats().writesCommitted).toBe(writes);
    expect(app.sandbox.account().case_requests).toHaveLength(requests);
  },
);
