/**
 * A send of a file an earlier send partly wrote counts the rows that send wrote in `created` (the
 * runner counts the file whole) and says them apart (`earlier`). Until the runner's first progress the
 * send's status said created 0 beside them, so a send paused at once showed "-1 created" beside "1 sent
 * earlier" (explored after a trial). The status a send starts with counts them as its progress will.
 * Browser mode's bridge over real HTTP against the app's own sandbox; rows written by Python's csv
 * module, the sample template as the mapping.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportStatus } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { makeRows } from '../batch/helpers.ts';
import { callVerb, finishedDryRun, finishedImport, openFile } from './http-bridge.ts';

const TEMPLATE = new URL('../../samples/referrals-template.json', import.meta.url);

let app: RunningWebApp;
beforeAll(async () => {
  app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
});
afterAll(() => app?.close());

describe('the status a send of the rest of a file starts with', { timeout: 60_000 }, () => {
  it('rule: it counts the rows an earlier send wrote as created, as its progress does, never fewer', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'app-send-start-')), 'six.csv');
    makeRows(file, 6, 'SSC');
    const source = await openFile(app, file);
    const mapping = JSON.parse(await readFile(TEMPLATE, 'utf8'));
    const { runId } = await callVerb<{ runId: string }>(app, 'startDryRun', {
      sourceId: source.sourceId,
      profileId: 'sandbox',
      mapping,
    });
    await finishedDryRun(app, runId);
    await callVerb<ImportStatus>(app, 'startImport', { runId, profileId: 'sandbox', limitRows: 2 });
    await expect(finishedImport(app, runId)).resolves.toMatchObject({ state: 'done', created: 2 });

    const rest = await callVerb<ImportStatus>(app, 'startImport', { runId, profileId: 'sandbox' });
    expect(rest.earlier).toEqual({ created: 2, updated: 0 });
    expect(rest.created).toBeGreaterThanOrEqual(2);
    await expect(finishedImport(app, runId)).resolves.toMatchObject({ state: 'done', created: 6 });
  });
});
