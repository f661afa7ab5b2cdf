/**
 * Browser mode's built-in sandbox is one account per start unless --data-dir keeps it (explore 30 item
 * 2): each start's fresh in-memory sandbox was recorded in the journal lists the CLI and the app share as
 * one "built-in sandbox (the app)", so another start read what an earlier one sent as its own account's
 * rows ("already sent" for rows its sandbox never held). Now a start without --data-dir is an account of
 * its own whose sends are not put in the shared lists; with --data-dir the practice account is kept there
 * beside the journals that speak of it, as the desktop app keeps it. The app through its HTTP bridge;
 * rows written by Python's csv module.
 */
import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DryRunPage, ImportStatus, SourceView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp, type WebAppOptions } from '../../main/web/web-app.ts';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE } from '../cli/import-helpers.ts';
import { callVerb } from './http-bridge.ts';

async function dryRun(app: RunningWebApp, file: string): Promise<DryRunPage> {
  const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);
  const source = await call<SourceView>('openSource', {
    name: 'rows.csv',
    bytesBase64: (await readFile(file)).toString('base64'),
  });
  await call('previewSheet', { sourceId: source.sourceId });
  const { runId } = await call<{ runId: string }>('startDryRun', {
    sourceId: source.sourceId,
    profileId: 'sandbox',
    mapping: JSON.parse(await readFile(TEMPLATE, 'utf8')),
  });
  for (;;) {
    const page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 10, onlyErrors: false });
    if (page.summary.state === 'done') return page;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function send(app: RunningWebApp, runId: string): Promise<ImportStatus> {
  await callVerb(app, 'startImport', { runId, profileId: 'sandbox' });
  for (;;) {
    const status = await callVerb<ImportStatus>(app, 'importStatus', { runId });
    if (status.state === 'done') return status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const held = (app: RunningWebApp, note: string) =>
  app.sandbox.account().case_requests.filter((request) => request.notes?.startsWith(`${note} `)).length;

describe("browser mode's practice account", { timeout: 60_000 }, () => {
  it('without --data-dir, another start is another account: what one sent is not "already sent" in the other', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'web-practice-'));
    const runLocksDir = join(dir, 'run-locks');
    const file = join(dir, 'rows.csv');
    // No claim numbers: only the journals can tell these rows were sent.
    makeRows(file, 3, 'WPA', [0, 1, 2], 'Denver', 'Practice start', 'Claim #');
    const options: WebAppOptions = {
      staticDir: '/nonexistent',
      log: () => {},
      runLocksDir,
      sandbox: { rate: 1000 },
    };
    const first = await startWebApp(options);
    const second = await startWebApp(options);
    try {
      expect(await send(first, (await dryRun(first, file)).summary.runId)).toMatchObject({ created: 3 });
      // Nothing of a start that keeps nothing is put where later runs look.
      expect(await readdir(join(dir, 'journal-lists')).catch(() => [])).toEqual([]);

      const page = await dryRun(second, file);
      expect(page.summary).toMatchObject({ rows: 3, valid: 3 });
      expect(page.summary.sentEarlier ?? 0).toBe(0);
      expect(await send(second, page.summary.runId)).toMatchObject({ created: 3 });
      expect(held(second, 'Practice start')).toBe(3);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('with --data-dir, the practice account is kept with the journals: a later start holds what its journals say was sent', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'web-practice-kept-'));
    const dataDir = join(dir, 'data');
    const file = join(dir, 'rows.csv');
    makeRows(file, 3, 'WPK', [0, 1, 2], 'Denver', 'Practice kept', 'Claim #');
    const options: WebAppOptions = {
      dataDir,
      staticDir: '/nonexistent',
      log: () => {},
      runLocksDir: join(dir, 'run-locks'),
      sandbox: { rate: 1000 },
    };
    const first = await startWebApp(options);
    try {
      expect(await send(first, (await dryRun(first, file)).summary.runId)).toMatchObject({ created: 3 });
    } finally {
      await first.close();
    }
    expect(await readdir(dataDir)).toContain('sandbox-account.json');

    const later = await startWebApp(options);
    try {
      expect(held(later, 'Practice kept')).toBe(3);
      const page = await dryRun(later, file);
      // The journal kept in --data-dir speaks of requests this account holds: settled from it, none sent.
      expect(await send(later, page.summary.runId)).toMatchObject({ earlier: { created: 3 } });
      expect(held(later, 'Practice kept')).toBe(3);
    } finally {
      await later.close();
    }
  });
});
