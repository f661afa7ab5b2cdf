/**
 * The app's "Undo this import" that fails before it recorded a single request (credentials Trackops
 * refuses, found by the check) leaves no revert journal behind, as the CLI's revert: a header-only
 * journal beside the import's would refuse a later `trackops-bulk revert` of that journal as "already
 * started". So is one whose connection names another account than the import's journal records, as
 * the CLI's revert refuses it (explore63 #4). The same undo with the right credentials then puts every
 * request back, its journal recording the account as the CLI's does. While an undo runs, its count of
 * requests put back reaches the page at the app's pace (core paces it to APP_PROGRESS_EVERY_MS: it was
 * told at every request, each a redraw), its end exact. The sandbox over real HTTP; the imports by
 * core's runner. The pace itself is checked on a clock a test drives (test/batch/progress-pace.test.ts,
 * revert-progress-pace.test.ts): here, that the page hears far fewer counts than requests.
 */
import { access, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountKey, createPacer, createTrackopsApi, readAccountReference } from '../../../core/index.ts';
import type { RevertView } from '../../../main/bridge/contract.ts';
import { ProgressHub } from '../../../main/session/progress-hub.ts';
import { RevertRuns, type RevertAccount } from '../../../main/session/revert-runs.ts';
import { AccountRates } from '../../../main/session/account-rates.ts';
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
  it('refused before any request (a connection naming another account, a wrong token): no revert journal left; with the right token it runs, its journal recording the account', async () => {
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
      account: accountKey(sandbox.baseUrl)!,
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
    const account = (token: string, key = accountKey(sandbox.baseUrl)!): RevertAccount => ({
      settings: { ...settings, token },
      account: key,
      pace: { ratePerSecond: 100, concurrency: 1 },
      reference,
    });
    const hub = new ProgressHub();
    const reverts = new RevertRuns(hub, () => {}, new AccountRates());
    const revertJournal = join(dir, 'update.journal.revert.jsonl');

    // A connection edited since to name another account: refused before any request, nothing written.
    const requests = sandbox.stats().requests;
    for (const step of ['preview', 'start'] as const)
      await expect(
        reverts[step]('run-0', journal, account(sandbox.token, 'https://acme-staging.trackops.com/api/v1')),
      ).rejects.toMatchObject({
        code: 'other_account',
        message: expect.stringContaining(
          `This import was sent to another account (${accountKey(sandbox.baseUrl)}) than its connection names now (https://acme-staging.trackops.com/api/v1)`,
        ),
      });
    expect(sandbox.stats().requests).toBe(requests);
    expect(await exists(revertJournal)).toBe(false);

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
    // The undo's journal records the account, as the CLI's revert does: finishing it elsewhere is refused.
    const header = JSON.parse((await readFile(revertJournal, 'utf8')).split('\n')[0]!) as {
      account?: string;
    };
    expect(header.account).toBe(accountKey(sandbox.baseUrl));
  }, 60_000);

  it('says the count put back at the app pace while it runs, not at each request, and its end with every request counted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'app-revert-paced-'));
    const rows = 40;
    makeRows(join(dir, 'rows.csv'), rows, 'APR');
    await importInProcess({
      file: join(dir, 'rows.csv'),
      mapping: await templateMapping(),
      mode: 'create',
      sandbox,
      journal: join(dir, 'create.journal.jsonl'),
    });
    makeRows(join(dir, 'changed.csv'), rows, 'APR', [], 'Aurora', 'Changed');
    const journal = join(dir, 'update.journal.jsonl');
    await importInProcess({
      file: join(dir, 'changed.csv'),
      mapping: { ...(await templateMapping()), match: 'reference_value_1' },
      mode: 'update',
      sandbox,
      journal,
      account: accountKey(sandbox.baseUrl)!,
    });
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
    const hub = new ProgressHub();
    const heard: RevertView[] = [];
    hub.subscribe((event) => {
      if (event.kind === 'revert' && event.view.runId === 'paced') heard.push(event.view);
    });
    const end = ended(hub, 'paced');
    await new RevertRuns(hub, () => {}, new AccountRates()).start('paced', journal, {
      settings,
      account: accountKey(sandbox.baseUrl)!,
      // 20 a second: the undo's 40 put-backs take 2 s or more, whatever the machine: at most one count
      // in APP_PROGRESS_EVERY_MS of them, about 8, where every put-back was one.
      pace: { ratePerSecond: 20, concurrency: 4 },
      reference,
    });
    const last = await end;
    expect(last).toMatchObject({ state: 'done', done: rows, total: rows, summary: { reverted: rows } });
    // The start, then counts that never go back, far fewer than the put-backs (one per 50 ms at most
    // would be one per request; the app's pace allows one per APP_PROGRESS_EVERY_MS).
    const running = heard.filter((view) => view.state === 'running');
    expect(running.length).toBeGreaterThanOrEqual(2);
    expect(running.length).toBeLessThan(rows / 2);
    for (let at = 1; at < running.length; at++)
      expect(running[at]!.done).toBeGreaterThanOrEqual(running[at - 1]!.done);
    expect(heard.at(-1)).toBe(last);
  }, 60_000);
});
