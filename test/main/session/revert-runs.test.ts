/**
 * The app's "Undo this import" that fails before it recorded a single request (credentials Trackops
 * refuses, found by the check) leaves no revert journal behind, as the CLI's revert: a header-only
 * journal beside the import's would refuse a later `trackops-bulk revert` of that journal as "already
 * started". The same undo with the right credentials then puts every request back. The sandbox over
 * real HTTP; the imports by core's runner.
 */
import { access, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPacer, createTrackopsApi, readAccountReference } from '../../../core/index.ts';
import type { RevertView } from '../../../main/bridge/contract.ts';
import { ProgressHub } from '../../../main/session/progress-hub.ts';
import { RevertRuns, type RevertAccount } from '../../../main/session/revert-runs.ts';
import { APP_CONNECTION_WORDS } from '../../../main/bridge/connection-words.ts';
import { startSandbox, type RunningSandbox } from '../../../sandbox/index.ts';
import { importInProcess, makeRows, templateMapping } from '../../batch/helpers.ts';

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

let sandbox: RunningSandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
});
afterAll(() => sandbox.close());

function ended(hub: ProgressHub, runId: string): Promise<RevertView> {
  return new Promise((resolve) => {
    const stop = hub.subscribe((event) => {
      if (event.kind !== 'revert' || event.view.runId !== runId || event.view.state === 'running') return;
      stop();
      resolve(event.view);
    });
  });
}

describe("the app's undo", () => {
  it('refused before any request: no revert journal left; with the right token it runs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'app-revert-refused-'));
    makeRows(join(dir, 'rows.csv'), 3, 'ARV');
    await importInProcess({
      file: join(dir, 'rows.csv'),
      mapping: await templateMapping(),
      mode: 'create',
      sandbox,
      journal: join(dir, 'create.journal.jsonl'),
    });
    makeRows(join(dir, 'changed.csv'), 3, 'ARV', [], 'Aurora', 'Changed');
    const journal = join(dir, 'update.journal.jsonl');
    const summary = await importInProcess({
      file: join(dir, 'changed.csv'),
      mapping: { ...(await templateMapping()), match: 'reference_value_1' },
      mode: 'update',
      sandbox,
      journal,
    });
    expect(summary).toMatchObject({ updated: 3, failed: 0 });

    const settings = {
      baseUrl: sandbox.baseUrl,
      user: sandbox.username,
      token: sandbox.token,
      words: APP_CONNECTION_WORDS,
    };
    const reference = await readAccountReference(
      createTrackopsApi(settings, { pacer: createPacer({ ratePerSecond: 1000 }) }),
      settings,
    );
    const account = (token: string): RevertAccount => ({
      settings: { ...settings, token },
      pace: { ratePerSecond: 100, concurrency: 1 },
      reference,
    });
    const hub = new ProgressHub();
    const reverts = new RevertRuns(hub, () => {});
    const revertJournal = join(dir, 'update.journal.revert.jsonl');

    const refused = ended(hub, 'run-1');
    await reverts.start('run-1', journal, account('tok-wrong'));
    const failed = await refused;
    expect(failed.state).toBe('failed');
    expect(failed.error?.message).toMatch(/^Trackops refused the sign-in \(401\)/);
    expect(await exists(revertJournal)).toBe(false);

    const put = ended(hub, 'run-2');
    await reverts.start('run-2', journal, account(sandbox.token));
    expect(await put).toMatchObject({ state: 'done' });
    expect(await exists(revertJournal)).toBe(true);
  }, 60_000);
});
