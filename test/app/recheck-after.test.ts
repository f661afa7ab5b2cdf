/**
 * The CLI's --recheck-after in the app (a connection profile's "Look again for a lost send after"):
 * through browser mode's HTTP bridge as the renderer calls it, against the sandbox behind a proxy that
 * answers the first create 500 without passing it on. The row's result names the two looks, so the
 * wait the import used is read from what core says, not from a clock.
 */
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  DryRunPage,
  ImportStatus,
  MappingDraft,
  ProfilesView,
  SavedFile,
  SheetPreview,
  SourceView,
} from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { startFailFirstCreateProxy } from '../batch/proxies.ts';
import { callVerb, openFile, post } from './http-bridge.ts';

const CLEAN = fileURLToPath(new URL('../../samples/referrals-clean.csv', import.meta.url));

let app: RunningWebApp;
let proxy: Awaited<ReturnType<typeof startFailFirstCreateProxy>>;
const call = <T>(verb: string, payload: unknown): Promise<T> => callVerb<T>(app, verb, payload);

beforeAll(async () => {
  app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
  proxy = await startFailFirstCreateProxy(app.sandbox.baseUrl);
});
afterAll(async () => {
  await proxy.close();
  await app.close();
});

const profile = (extra: object) =>
  call<ProfilesView>('saveProfile', {
    name: 'Behind a proxy',
    baseUrl: proxy.baseUrl,
    user: app.sandbox.username,
    token: app.sandbox.token,
    settings: { require_client_address: false, require_client_phone: false },
    pace: { ratePerSecond: 50, concurrency: 1 },
    ...extra,
  });

describe('the wait before the second look for a lost create', { timeout: 60_000 }, () => {
  it("is core's 10 s on a profile that sets none; a number of seconds from 0 to 3600 otherwise", async () => {
    const plain = (await profile({})).profiles.find((view) => view.name === 'Behind a proxy')!;
    expect(plain.recheckAfterSeconds).toBe(10);
    const refused = await post(app, 'saveProfile', {
      id: plain.id,
      name: plain.name,
      baseUrl: plain.baseUrl,
      user: plain.user,
      settings: plain.settings,
      recheckAfterSeconds: -1,
    });
    expect(refused.json.error?.message).toMatch(/At least 0 seconds/);
  });

  it("rule: the profile's setting reaches the import as --recheck-after does", async () => {
    const views = await profile({ recheckAfterSeconds: 0.25 });
    const saved = views.profiles.find(
      (view) => view.name === 'Behind a proxy' && view.recheckAfterSeconds === 0.25,
    );
    expect(saved).toBeDefined();
    const profileId = saved!.id;
    const source = await openFile(app, CLEAN);
    await call<SheetPreview>('previewSheet', { sourceId: (source as SourceView).sourceId });
    const draft = await call<MappingDraft>('draftMapping', { sourceId: source.sourceId, profileId });
    const { runId } = await call<{ runId: string }>('startDryRun', {
      sourceId: source.sourceId,
      profileId,
      mapping: draft.mapping,
    });
    let page: DryRunPage;
    do page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 10, onlyErrors: false });
    while (page.summary.state === 'running');
    expect(page.summary.valid).toBeGreaterThan(0);

    await call('startImport', { runId, profileId });
    let status: ImportStatus;
    do status = await call<ImportStatus>('importStatus', { runId });
    while (status.state === 'running');
    expect(status).toMatchObject({ state: 'done', created: page.summary.valid, failed: 0 });

    const file = await call<SavedFile>('saveResults', { runId, format: 'json' });
    if (file.kind !== 'download') throw new Error('browser mode downloads');
    const results = JSON.parse(Buffer.from(file.bytesBase64, 'base64').toString('utf8')) as {
      rows: { row: number; errors: { code: string; message: string }[] }[];
    };
    const resent = results.rows
      .flatMap((row) => row.errors)
      .filter((error) => error.code === 'resent_after_lost_answer');
    // Looked for 0.5 s after the lost answer (core's first look), then 0.25 s after that: 0.8 s in all.
    expect(resent).toHaveLength(1);
    expect(resent[0]!.message).toMatch(
      /Trackops did not list it 0\.5 s or 0\.8 s later, so it was sent again/,
    );
  });
});
