/**
 * A send goes on when the window that started it is closed (browser mode): a window opened again is
 * told of it, with what it needs to show its progress and control it, and a second send of the same
 * file is refused as this app's own send, not "another program" (exploratory round 3, defect 3).
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DryRunPage, ImportStatus, RunningSends, SourceView } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { makeRows } from '../batch/helpers.ts';
import { callVerb, post } from './http-bridge.ts';

const template = new URL('../../samples/referrals-template.json', import.meta.url);

describe('a send still running when the window is opened again', { timeout: 60_000 }, () => {
  let app: RunningWebApp;
  let file = '';
  const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);
  const dryRun = async (): Promise<string> => {
    const source = await call<{ sourceId: string }>('openSource', {
      name: 'rows.csv',
      bytesBase64: (await readFile(file)).toString('base64'),
    });
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

  beforeAll(async () => {
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
    file = join(await mkdtemp(join(tmpdir(), 'app-running-')), 'rows.csv');
    makeRows(file, 12, 'RUNS');
  });
  afterAll(() => app.close());

  it('is listed with its dry run, refuses a second send as its own, and can be cancelled', async () => {
    expect(await call<RunningSends>('runningSends', {})).toEqual({ sends: [] });
    const runId = await dryRun();
    await call('startImport', { runId, profileId: 'sandbox', ratePerSecond: 2 });

    // The window is gone; a new one asks what this app is sending.
    const { sends } = await call<RunningSends>('runningSends', {});
    expect(sends).toHaveLength(1);
    expect(sends[0]).toMatchObject({
      profileId: 'sandbox',
      summary: { runId, fileName: 'rows.csv', valid: 12 },
      status: { runId, state: 'running' },
    });

    // Choosing the file again while it is sending: not offered as a send that did not finish.
    const opened = await call<SourceView>('openSource', {
      name: 'rows.csv',
      bytesBase64: (await readFile(file)).toString('base64'),
    });
    expect(opened.unfinishedSend).toBeUndefined();

    const second = await post(app, 'startImport', { runId: await dryRun(), profileId: 'sandbox' });
    expect(second.json.ok).toBe(false);
    expect(second.json.error?.message).toMatch(/^This app is already sending this file \(started/);

    await call('cancelImport', { runId });
    for (let tries = 0; ; tries++) {
      const status = await call<ImportStatus>('importStatus', { runId });
      if (status.state === 'cancelled') break;
      if (tries > 600) throw new Error(`the send never stopped: ${JSON.stringify(status)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await call<RunningSends>('runningSends', {})).toEqual({ sends: [] });
  });
});
