/**
 * A send and an export running at once on one account keep the account's rate together. Exploratory
 * round: the app gave each send (and undo) a pacer of its own, apart from the profile's client that
 * dry runs and exports read through, so a send and an export each at the profile's 2/s went at 4/s
 * together, and a 429 one of them met held only that one. Now every job on the account takes its slots
 * from one rate (main/session/account-rates.ts, core's RateBucket).
 *
 * Observed here as a server sees it: a proxy in front of the sandbox answers the export's first request
 * with 429 and Retry-After while the send is going, and notes when each create arrives. The send must
 * wait that pause out too. Only a lower bound on a wait is relied on (the account's pause is never cut
 * short, however busy the machine), never how fast anything ran. The app in browser mode, driven over
 * its HTTP bridge as the page drives it, both sandbox and proxy over real HTTP on 127.0.0.1.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DryRunPage,
  ExportStatus,
  ImportStatus,
  ProfilesView,
  SourceView,
} from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { failingProxy, type FailingProxy } from '../helpers/failing-proxy.ts';
import { callVerb } from './http-bridge.ts';

const template = new URL('../../samples/referrals-template.json', import.meta.url);
const RETRY_AFTER_SECONDS = 4;
const ROWS = 24;

/**
 * What the proxy saw: once armed, the export's first count answered 429 (when), and when each create
 * reached it. Its `fails` pick is asked of every request, so it notes the creates too.
 */
const seen = { armed: false, throttledAt: 0, createsAt: [] as number[] };
function picked(method: string, path: string): boolean {
  if (method === 'POST' && /\/case\/requests$/.test(path)) seen.createsAt.push(Date.now());
  // The export's count: the send's own checks count what changed since it began (updated_from).
  const exportCount =
    method === 'GET' && /\/case\/requests\?.*mode=count/.test(path) && !path.includes('updated_from');
  if (!seen.armed || seen.throttledAt || !exportCount) return false;
  seen.throttledAt = Date.now();
  return true;
}

describe('a send and an export at once on one account', { timeout: 90_000 }, () => {
  let app: RunningWebApp;
  let sandbox: RunningSandbox;
  let proxy: FailingProxy;
  let dir = '';
  let profileId = '';
  const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);
  const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> => {
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'app-one-rate-'));
    sandbox = await startSandbox({ rate: 1000 });
    proxy = await failingProxy(sandbox.baseUrl, picked, {
      status: 429,
      times: 1,
      headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
    });
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {}, runLocksDir: join(dir, 'locks') });
    const view = await call<ProfilesView>('saveProfile', {
      name: 'Acme',
      baseUrl: proxy.baseUrl,
      user: sandbox.username,
      token: sandbox.token,
      settings: { require_client_address: false, require_client_phone: false },
      pace: { ratePerSecond: 4, concurrency: 1 },
    });
    profileId = view.activeId;
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("a 429 the export meets holds the send for its Retry-After: they share the account's rate", async () => {
    const file = join(dir, 'referrals.csv');
    makeRows(file, ROWS, 'RATE');
    const source = await call<SourceView>('openSource', {
      name: basename(file),
      bytesBase64: (await readFile(file)).toString('base64'),
    });
    await call('previewSheet', { sourceId: source.sourceId });
    const mapping = JSON.parse(await readFile(template, 'utf8'));
    const { runId } = await call<{ runId: string }>('startDryRun', {
      sourceId: source.sourceId,
      profileId,
      mapping,
    });
    await until(
      () => call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 10, onlyErrors: false }),
      (page) => page.summary.state === 'done',
    );

    await call('startImport', { runId, profileId });
    // The send is under way: then the export starts, and its count is answered 429.
    await until(
      async () => seen.createsAt.length,
      (creates) => creates >= 2,
    );
    seen.armed = true;
    const started = await call<ExportStatus>('startExport', {
      profileId,
      filters: {},
      columns: 'report',
      format: 'csv',
    });
    const exported = await until(
      () => call<ExportStatus>('exportStatus', { jobId: started.jobId }),
      (status) => status.state !== 'running',
    );
    expect(exported.state).toBe('done');
    const sent = await until(
      () => call<ImportStatus>('importStatus', { runId }),
      (status) => status.state === 'done',
    );
    expect(sent).toMatchObject({ created: ROWS, failed: 0 });
    const stored = storedByReference(sandbox.account(), 'RATE-');
    expect(stored.size).toBe(ROWS);

    // Creates that reached the server during the account's pause: at most those already on their way when
    // the 429 was answered (one at a time, and one more should the answer have been read late). Paced
    // apart, the send went on at 4/s through the pause: about 16 creates.
    const { throttledAt, createsAt } = seen;
    expect(throttledAt).toBeGreaterThan(0);
    const duringPause = createsAt.filter(
      (at) => at >= throttledAt && at < throttledAt + RETRY_AFTER_SECONDS * 1000,
    );
    expect(duringPause.length).toBeLessThanOrEqual(2);
    expect(createsAt.filter((at) => at >= throttledAt + RETRY_AFTER_SECONDS * 1000).length).toBeGreaterThan(
      0,
    );
  });
});
