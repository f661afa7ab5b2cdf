/**
 * Sending through the bridge as the renderer does, with the pace slowed so the controls can act
 * mid-run: pause holds the run, resume continues it, cancel stops it with requests in flight finished;
 * sending again resumes the journal and stores every valid row exactly once. Two sends of one dry run
 * at once (issue 17: both started, 20 rows became 40 records): one is refused, 20 rows make 20 records.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportStatus } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { post } from './http-bridge.ts';

const sample = new URL('../../samples/referrals-messy.xlsx', import.meta.url);
const template = new URL('../../samples/referrals-template.json', import.meta.url);

describe('import controls over the bridge', { timeout: 60_000 }, () => {
  let app: RunningWebApp;
  let runId = '';
  let valid = 0;
  let before = 0;
  const call = async <T>(verb: string, payload: unknown): Promise<T> => {
    const answer = await post(app, verb, payload);
    if (!answer.json.ok) throw new Error(`${verb}: ${answer.json.error?.message}`);
    return answer.json.value as T;
  };
  const status = () => call<ImportStatus>('importStatus', { runId });
  const until = async (check: (current: ImportStatus) => boolean) => {
    for (let tries = 0; tries < 300; tries++) {
      const current = await status();
      if (check(current)) return current;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`import never reached the expected state: ${JSON.stringify(await status())}`);
  };

  beforeAll(async () => {
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
    before = app.sandbox.account().case_requests.length;
    const source = await call<{ sourceId: string }>('openSource', {
      name: 'referrals-messy.xlsx',
      bytesBase64: (await readFile(sample)).toString('base64'),
    });
    await call('previewSheet', { sourceId: source.sourceId });
    const mapping = JSON.parse(await readFile(template, 'utf8'));
    ({ runId } = await call<{ runId: string }>('startDryRun', {
      sourceId: source.sourceId,
      profileId: 'sandbox',
      mapping,
    }));
    for (;;) {
      const page = await call<{ summary: { state: string; valid: number } }>('dryRunPage', {
        runId,
        offset: 0,
        limit: 1,
        onlyErrors: false,
      });
      if (page.summary.state === 'done') {
        valid = page.summary.valid;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  afterAll(() => app.close());

  it('pause holds the run, resume continues, cancel stops it part-way', async () => {
    await call('startImport', { runId, profileId: 'sandbox', ratePerSecond: 4 });
    // Enough rows for a rate (core/batch/send-rate.ts: none is said before the third).
    await until((current) => current.done >= 4);
    const paused = await call<ImportStatus>('pauseImport', { runId });
    expect(paused.state).toBe('paused');
    const heldAt = (await until((current) => current.state === 'paused')).done;
    // Longer than the progress tick (1 s): what is read next was published while paused, not just before.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    // At most the request that was already in flight settles while paused.
    const during = await status();
    expect(during.done).toBeLessThanOrEqual(heldAt + 1);
    expect(during.etaSeconds).not.toBeNull();
    // A pause is not slowness: after the run's progress ticks again (every second), the rate and the
    // time left are as they were (explored: 0.8 rows/s fell to 0.4 and "about 13 s left" grew to 29).
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const later = await status();
    expect(later.done).toBe(during.done);
    expect([later.rowsPerSecond, later.etaSeconds]).toEqual([during.rowsPerSecond, during.etaSeconds]);
    expect((await call<ImportStatus>('resumeImport', { runId })).state).toBe('running');
    await until((current) => current.done >= heldAt + 2);
    expect((await call<ImportStatus>('cancelImport', { runId })).state).toBe('cancelling');
    const cancelled = await until((current) => current.state === 'cancelled');
    expect(cancelled.created).toBeLessThan(valid);
    expect(app.sandbox.account().case_requests.length).toBe(before + cancelled.created);
  });

  it('sending again finishes the file without sending any row twice', async () => {
    await call('startImport', { runId, profileId: 'sandbox' });
    const done = await until((current) => current.state === 'done');
    expect(done.created).toBe(valid);
    expect(app.sandbox.account().case_requests.length).toBe(before + valid);
    const references = app.sandbox
      .account()
      .case_requests.slice(before)
      .map((request) => (request as { reference_value_1?: string }).reference_value_1);
    expect(new Set(references).size).toBe(valid);
  });

  it('a new live dry run of the same file finds every row already sent by the earlier send', async () => {
    const source = await call<{ sourceId: string }>('openSource', {
      name: 'referrals-messy.xlsx',
      bytesBase64: (await readFile(sample)).toString('base64'),
    });
    const mapping = JSON.parse(await readFile(template, 'utf8'));
    const again = await call<{ runId: string }>('startDryRun', {
      sourceId: source.sourceId,
      profileId: 'sandbox',
      mapping,
    });
    let page: {
      summary: { state: string; valid: number; sentEarlier?: number };
      rows: { problems: { code: string }[]; sentEarlier?: unknown }[];
    };
    do {
      await new Promise((resolve) => setTimeout(resolve, 50));
      page = await call('dryRunPage', { runId: again.runId, offset: 0, limit: 1000, onlyErrors: false });
    } while (page.summary.state === 'running');
    expect(page.summary.valid).toBe(0);
    // The account holds them (the duplicate check says so), and the journal says this file's send made
    // them: already sent, not errors to fix (exploratory round 3, defect 1).
    const duplicates = page.rows.filter(
      (row) => row.sentEarlier && row.problems.some((problem) => problem.code === 'duplicate_in_account'),
    );
    expect(duplicates).toHaveLength(valid);
    expect(page.summary.sentEarlier).toBe(valid);
  });

  it('refuses to send a dry run made against another connection', async () => {
    const answer = await post(app, 'startImport', { runId, profileId: 'some-other-profile' });
    expect(answer.json).toMatchObject({ ok: false, error: { code: 'stale' } });
  });
});

describe('two sends of one dry run at once', { timeout: 60_000 }, () => {
  it('one is refused as already running; 20 rows become 20 records', async () => {
    const app = await startWebApp({ staticDir: '/nonexistent', log: () => {} });
    const call = async <T>(verb: string, payload: unknown): Promise<T> => {
      const answer = await post(app, verb, payload);
      if (!answer.json.ok) throw new Error(`${verb}: ${answer.json.error?.message}`);
      return answer.json.value as T;
    };
    try {
      const dir = await mkdtemp(join(tmpdir(), 'app-twice-'));
      makeRows(join(dir, 'rows.csv'), 20, 'APP2');
      const source = await call<{ sourceId: string }>('openSource', {
        name: 'rows.csv',
        bytesBase64: (await readFile(join(dir, 'rows.csv'))).toString('base64'),
      });
      await call('previewSheet', { sourceId: source.sourceId });
      const mapping = JSON.parse(await readFile(template, 'utf8'));
      const { runId } = await call<{ runId: string }>('startDryRun', {
        sourceId: source.sourceId,
        profileId: 'sandbox',
        mapping,
      });
      for (;;) {
        const page = await call<{ summary: { state: string; valid: number } }>('dryRunPage', {
          runId,
          offset: 0,
          limit: 1,
          onlyErrors: false,
        });
        if (page.summary.state === 'done') {
          expect(page.summary.valid).toBe(20);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      // Both requests are in flight before either answers, as a double click sends them.
      const answers = await Promise.all([
        post(app, 'startImport', { runId, profileId: 'sandbox' }),
        post(app, 'startImport', { runId, profileId: 'sandbox' }),
      ]);
      const refused = answers.filter((answer) => !answer.json.ok);
      expect(refused).toHaveLength(1);
      expect(refused[0]!.json.error).toMatchObject({
        code: 'busy',
        message: 'This import is already running.',
      });
      for (let tries = 0; ; tries++) {
        const status = await call<ImportStatus>('importStatus', { runId });
        if (status.state === 'done') {
          expect(status.created).toBe(20);
          break;
        }
        if (tries > 600) throw new Error(`import never finished: ${JSON.stringify(status)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const stored = storedByReference(app.sandbox.account(), 'APP2-');
      expect(stored.size).toBe(20);
      for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});
