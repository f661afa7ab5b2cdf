/**
 * One file sent to two Trackops accounts (a firm's two offices, each its own host): a clerk sends the
 * file to account A, switches the profile to account B and sends the same file with the same mapping.
 * Exploratory round: the app named a send's journal by the file and the mapping only, so B's dry run
 * called A's rows "already sent earlier" and B's send refused, or skipped, rows B never received; and
 * choosing the file while connected to B offered to finish A's unfinished send. Now each account has
 * its own sends: B's is a send of its own (every row, once), A's unfinished send is offered only when
 * connected to A, and a journal an earlier version named by file and mapping only is still found and
 * finished when connected to the account its header records.
 *
 * Two sandboxes stand for the two accounts, on two hosts (127.0.0.1 and 127.0.0.2: Linux answers all
 * of 127/8 on loopback), over real HTTP; the app in browser mode, driven as the page drives it.
 */
import { mkdtemp, readdir, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bindImport, sha256 } from '../../core/index.ts';
import type { DryRunPage, ImportStatus, ProfilesView, SourceView } from '../../main/bridge/contract.ts';
import { withoutRowNumbers } from '../../main/session/row-numbers.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { failingProxy, type FailingProxy } from '../helpers/failing-proxy.ts';
import { callVerb } from './http-bridge.ts';

const template = new URL('../../samples/referrals-template.json', import.meta.url);

describe('one file sent to two accounts from the app', { timeout: 90_000 }, () => {
  let app: RunningWebApp;
  let officeA: RunningSandbox;
  let officeB: RunningSandbox;
  let dir = '';
  let dataDir = '';
  let file = '';
  /** A's address through a proxy on another port (same host): A's profile edited, not another account. */
  let proxyA: FailingProxy;
  type Profile = 'A' | 'B' | 'A through a proxy';
  const profiles: Record<Profile, string> = { A: '', B: '', 'A through a proxy': '' };
  const call = <T>(verb: string, payload: unknown) => callVerb<T>(app, verb, payload);

  const use = (office: Profile) => call<ProfilesView>('selectProfile', { id: profiles[office] });
  /** The file chosen, under its own name, as the page sends it. */
  const open = async () =>
    call<SourceView>('openSource', {
      name: basename(file),
      bytesBase64: (await readFile(file)).toString('base64'),
    });
  const dryRun = async (office: Profile): Promise<{ runId: string; page: DryRunPage }> => {
    const source = await open();
    await call('previewSheet', { sourceId: source.sourceId });
    const mapping = JSON.parse(await readFile(template, 'utf8'));
    const { runId } = await call<{ runId: string }>('startDryRun', {
      sourceId: source.sourceId,
      profileId: profiles[office],
      mapping,
    });
    for (;;) {
      const page = await call<DryRunPage>('dryRunPage', { runId, offset: 0, limit: 100, onlyErrors: false });
      if (page.summary.state === 'done') return { runId, page };
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const send = async (office: Profile, runId: string, limitRows?: number): Promise<ImportStatus> => {
    await call('startImport', { runId, profileId: profiles[office], ...(limitRows ? { limitRows } : {}) });
    for (let tries = 0; tries < 1200; tries++) {
      const status = await call<ImportStatus>('importStatus', { runId });
      if (status.state === 'done') return status;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the send never finished');
  };
  /** Every row of the file in the office's account, each once. */
  const holdsEachOnce = (office: RunningSandbox, prefix: string, rows: number) => {
    const stored = storedByReference(office.account(), prefix);
    expect(stored.size).toBe(rows);
    for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'app-two-accounts-'));
    dataDir = join(dir, 'data');
    officeA = await startSandbox({ host: '127.0.0.1', rate: 1000 });
    officeB = await startSandbox({ host: '127.0.0.2', rate: 1000 });
    app = await startWebApp({
      staticDir: '/nonexistent',
      log: () => {},
      dataDir,
      runLocksDir: join(dir, 'locks'),
    });
    proxyA = await failingProxy(officeA.baseUrl, () => false, { status: 500, times: 0 });
    for (const [office, sandbox, baseUrl] of [
      ['A', officeA, officeA.baseUrl],
      ['B', officeB, officeB.baseUrl],
      ['A through a proxy', officeA, proxyA.baseUrl],
    ] as const) {
      const view = await call<ProfilesView>('saveProfile', {
        name: `Office ${office}`,
        baseUrl,
        user: sandbox.username,
        token: sandbox.token,
        settings: { require_client_address: false, require_client_phone: false },
        pace: { ratePerSecond: 50, concurrency: 1 },
      });
      profiles[office] = view.activeId;
    }
    expect(new URL(officeB.baseUrl).hostname).toBe('127.0.0.2');
  });
  afterAll(async () => {
    await app?.close();
    await proxyA?.close();
    await officeA?.close();
    await officeB?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("B's send is its own, and A's unfinished send is offered only connected to A", async () => {
    file = join(dir, 'referrals.csv');
    makeRows(file, 5, 'TWO');
    await use('A');
    const trial = await send('A', (await dryRun('A')).runId, 2);
    expect(trial).toMatchObject({ created: 2 });
    expect((await open()).unfinishedSend).toMatchObject({ file: 'referrals.csv', written: 2 });

    await use('B');
    // A's unfinished send is not B's to finish.
    expect((await open()).unfinishedSend).toBeUndefined();
    const inB = await dryRun('B');
    expect(inB.page.summary).toMatchObject({ rows: 5, valid: 5, invalid: 0 });
    expect(inB.page.summary.sentEarlier ?? 0).toBe(0);
    expect(inB.page.rows.filter((row) => row.sentEarlier)).toEqual([]);
    const sentB = await send('B', inB.runId);
    expect(sentB).toMatchObject({ state: 'done', created: 5, failed: 0 });
    expect(sentB.earlier).toBeUndefined();
    holdsEachOnce(officeB, 'TWO-', 5);
    expect((await open()).unfinishedSend).toBeUndefined();

    // Back to A: its trial is still there to finish, and finishing it sends only the rest.
    await use('A');
    expect((await open()).unfinishedSend).toMatchObject({ file: 'referrals.csv', written: 2 });
    const inA = await dryRun('A');
    expect(inA.page.summary).toMatchObject({ rows: 5, sentEarlier: 2 });
    const rest = await send('A', inA.runId);
    expect(rest).toMatchObject({ created: 5, earlier: { created: 2, updated: 0 } });
    holdsEachOnce(officeA, 'TWO-', 5);
    expect((await open()).unfinishedSend).toBeUndefined();
    holdsEachOnce(officeB, 'TWO-', 5);
  });

  it("a journal an earlier version named by file and mapping is finished connected to its account, and is not B's", async () => {
    file = join(dir, 'older.csv');
    // Other cities and notes than the first file's: not taken for edits of its rows.
    makeRows(file, 4, 'OLD', [], 'Boulder', 'Older file');
    await use('A');
    expect(await send('A', (await dryRun('A')).runId, 1)).toMatchObject({ created: 1 });

    // As an earlier version left it: the journal (and what finishes it) under the file + mapping name.
    const journals = join(dataDir, 'journals');
    const mapping = JSON.parse(await readFile(template, 'utf8'));
    const { journalName } = bindImport({
      file: 'older.csv',
      fileHash: sha256(await readFile(file)),
      mapping: withoutRowNumbers(mapping),
      mode: 'create',
    });
    const fingerprint = journalName.slice(0, 16);
    const own = (await readdir(journals)).filter(
      (name) => name.startsWith(fingerprint) && name.endsWith('.journal.jsonl'),
    );
    expect(own).toHaveLength(1);
    if (own[0] !== journalName) {
      await rename(join(journals, own[0]!), join(journals, journalName));
      await rename(join(journals, `${own[0]}.send.json`), join(journals, `${journalName}.send.json`));
    }
    const header = JSON.parse((await readFile(join(journals, journalName), 'utf8')).split('\n')[0]!);
    expect(header.account).toBe(officeA.baseUrl.replace('127.0.0.1', 'localhost'));

    await use('B');
    expect((await open()).unfinishedSend).toBeUndefined();
    const inB = await dryRun('B');
    expect(inB.page.summary).toMatchObject({ rows: 4, valid: 4, invalid: 0 });
    expect(inB.page.summary.sentEarlier ?? 0).toBe(0);
    expect(await send('B', inB.runId)).toMatchObject({ created: 4, failed: 0 });
    holdsEachOnce(officeB, 'OLD-', 4);

    await use('A');
    expect((await open()).unfinishedSend).toMatchObject({ file: 'older.csv', written: 1 });
    const inA = await dryRun('A');
    expect(inA.page.summary).toMatchObject({ rows: 4, sentEarlier: 1 });
    expect(await send('A', inA.runId)).toMatchObject({ created: 4, earlier: { created: 1, updated: 0 } });
    holdsEachOnce(officeA, 'OLD-', 4);
    // Finished in the journal the earlier version wrote: no second journal of A's send beside it.
    const after = (await readdir(journals)).filter(
      (name) => name.startsWith(fingerprint) && name.endsWith('.journal.jsonl'),
    );
    expect(after).toHaveLength(2);
    expect(after).toContain(journalName);
  });

  it("A's profile moved to another port of A's host (a proxy put in front) finishes A's send, creating nothing twice", async () => {
    file = join(dir, 'moved.csv');
    makeRows(file, 5, 'MOV', [], 'Denver', 'Moved profile');
    await use('A');
    expect(await send('A', (await dryRun('A')).runId, 2)).toMatchObject({ created: 2 });

    // A resume accepts a journal of the same host on another port (core's journalAccountIdentity): the
    // send is found, offered and finished there, as before the account was put into the journal's name.
    await use('A through a proxy');
    expect(new URL(proxyA.baseUrl).port).not.toBe(new URL(officeA.baseUrl).port);
    expect((await open()).unfinishedSend).toMatchObject({ file: 'moved.csv', written: 2 });
    const throughProxy = await dryRun('A through a proxy');
    expect(throughProxy.page.summary).toMatchObject({ rows: 5, sentEarlier: 2 });
    const rest = await send('A through a proxy', throughProxy.runId);
    expect(rest).toMatchObject({ created: 5, failed: 0, earlier: { created: 2, updated: 0 } });
    holdsEachOnce(officeA, 'MOV-', 5);
    expect(storedByReference(officeB.account(), 'MOV-').size).toBe(0);
  });
});
