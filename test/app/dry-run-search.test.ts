/**
 * A connected dry run says what checking its rows against the account costs, in the CLI's words, and
 * how far it has got (explored: on a large account at 1/s the app showed one unchanging sentence for
 * minutes, where the CLI said "checking 20 rows against 25,000 requests: 20 look-ups, about 21 s at
 * 1/s"). Over browser mode's HTTP bridge, against the built-in sandbox paging by 25.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DryRunPage, DryRunSearch } from '../../main/bridge/contract.ts';
import { startWebApp, type RunningWebApp } from '../../main/web/web-app.ts';
import { makeRows } from '../batch/helpers.ts';
import { callVerb, openFile } from './http-bridge.ts';

const template = new URL('../../samples/referrals-template.json', import.meta.url);

describe('the dry run checking rows against the account', { timeout: 60_000 }, () => {
  let app: RunningWebApp;
  beforeAll(async () => {
    app = await startWebApp({ staticDir: '/nonexistent', log: () => {}, sandbox: { dialects: 'cap-25' } });
  });
  afterAll(() => app.close());

  it('says its cost, each page read of the total, and at the end what was checked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dry-run-search-'));
    makeRows(join(dir, 'rows.csv'), 5, 'SRCH');
    const source = await openFile(app, join(dir, 'rows.csv'));
    await callVerb(app, 'previewSheet', { sourceId: source.sourceId });
    const { runId } = await callVerb<{ runId: string }>(app, 'startDryRun', {
      sourceId: source.sourceId,
      profileId: 'sandbox',
      mapping: JSON.parse(await readFile(template, 'utf8')),
    });
    const seen: DryRunSearch[] = [];
    let page: DryRunPage;
    for (;;) {
      page = await callVerb<DryRunPage>(app, 'dryRunPage', { runId, offset: 0, limit: 1, onlyErrors: false });
      if (page.summary.search) seen.push(page.summary.search);
      if (page.summary.state !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(page.summary.state).toBe('done');
    // 36 requests in pages of 25: five keys cost one listing of two pages, and one page of what was
    // entered since its bound (list-all.ts pins it), not five look-ups.
    const search = page.summary.search!;
    expect(search).toMatchObject({ unit: 'page', done: 3, total: 3 });
    expect(search.cost).toMatch(
      /^checking 5 rows against 36 requests: a listing of the account in 2 pages, and 1 page of what came since the count, about \d+ s at [\d,]+\/(s|min)$/,
    );
    expect(search.result).toBe(
      '5 rows were checked against 36 requests with a listing of the account in 2 pages, and 1 page of what came since the count',
    );
    // Whatever was seen on the way counted up, never past the total.
    for (const [index, step] of seen.entries()) {
      expect(step.total).toBe(3);
      expect(step.done).toBeGreaterThanOrEqual(index === 0 ? 0 : seen[index - 1]!.done);
    }
  });
});
