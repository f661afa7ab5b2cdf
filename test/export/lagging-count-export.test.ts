/**
 * An export of everything (no filter: no start date of its own) on a server whose count lags its list
 * (explore 12 item 2): the count of the pinned part (requests entered up to the pin's bound) says 0
 * while the list holds a request there. Its one request against a count of 0 was taken for a server
 * that caps its pages at 1, and what came since the pin was then read one request a page. Real HTTP:
 * the sandbox, behind a proxy that answers those counts 0 (the sandbox's own count never lags), the
 * requests counted by the proxy.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, describe, expect, it } from 'vitest';
import { exportCaseRequests } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { recentAccount } from '../helpers/sandbox-api.ts';
import { laggingCountProxy, type LaggingCountProxy } from '../helpers/lagging-count-proxy.ts';
import { sandboxApi } from './sandbox-api.ts';

let sandbox: RunningSandbox | undefined;
let proxy: LaggingCountProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  await sandbox?.close();
  proxy = sandbox = undefined;
});

/**
 * 151 requests: id 1 entered an hour ago (before the pin's bound, 5 minutes back: the pinned part),
 * 2-151 one a second in the last three minutes (what came since). An export of them all, through a
 * proxy whose counts of the pinned part (`created_to_system`) say 0 when `lagging`.
 */
async function exportAll(lagging: boolean, { count = 151, old = 1, lags = 'created_to_system' } = {}) {
  sandbox = await startSandbox({ port: 0, rate: 1000, account: await recentAccount(count, old) });
  proxy = await laggingCountProxy(sandbox.baseUrl, (query) => lagging && query.has(lags));
  const reference = await sandboxApi(sandbox).getReference();
  const api = sandboxApi({ ...sandbox, baseUrl: proxy.baseUrl });
  const out = join(await mkdtemp(join(tmpdir(), 'export-lagging-')), 'out.xlsx');
  const before = proxy.requests();
  const result = await exportCaseRequests({
    api,
    filters: {},
    format: 'xlsx',
    preset: 'round-trip',
    out,
    reference,
    accountLabel: 'lagging count',
  });
  const requests = proxy.requests() - before;
  const book = XLSX.read(await readFile(out), { raw: true });
  const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(book.Sheets[book.SheetNames[0]!]!);
  return {
    result,
    requests,
    ids: rows.map((row) => Number(row.id)).sort((a, b) => a - b),
    lagged: proxy.lagged(),
  };
}

const everyId = Array.from({ length: 151 }, (_, index) => index + 1);

describe('an export of everything on a server whose count of the pinned part lags to 0', () => {
  it('on a server whose count keeps up: every request, in 6 requests', async () => {
    const { ids, requests, lagged } = await exportAll(false);
    expect(ids).toEqual(everyId);
    expect(lagged).toBe(0);
    // The count (151, two pages: pinned); the pinned part's count (1) and its page; what came since:
    // its first page (ids 2-101), the part before that page's last second (one page) and the rest.
    expect(requests).toBe(6);
  });

  it('lists every request, the pinned part read on past its count of 0, what came since a page of 100 at a time', async () => {
    const { ids, requests, lagged, result } = await exportAll(true);
    expect(ids).toEqual(everyId);
    expect(lagged).toBeGreaterThan(0);
    // As above, and the pinned part's one request against its count of 0: one page more (at the size
    // the first gave, in case it was a cap: empty) and the count asked again (0 again: said). 8 requests.
    expect(requests).toBe(8);
    // The count that did not keep up is said, in plain words.
    expect(result.notes.join(' ')).toMatch(/counted 0 case requests, but its list held 1/);
  });
});

describe('an export of everything on a server whose count of what came since the pin lags to 0', () => {
  /** 50 requests entered an hour ago (the pinned part, one short page) and 60 in the last two minutes. */
  const since = { count: 110, old: 50, lags: 'created_from_system' };
  const everyOne = Array.from({ length: 110 }, (_, index) => index + 1);

  it('on a server whose count keeps up: every request, in 5 requests', async () => {
    const { ids, requests } = await exportAll(false, since);
    expect(ids).toEqual(everyOne);
    // The count (110: pinned); the pinned part's count (50) and its page; what came since: its page
    // (60, shorter than asked but longer than any page given) and its count (60), which says it was whole.
    expect(requests).toBe(5);
  });

  it('lists every request, the 60 of what came since not taken for a cap of 60 by a count of 0', async () => {
    const { ids, requests, lagged, result } = await exportAll(true, since);
    expect(ids).toEqual(everyOne);
    expect(lagged).toBeGreaterThan(0);
    // As above, and one page more of what came since at its first page's size (empty: no cap there)
    // instead of that size taken for a cap and the part read in windows of it (7 before).
    expect(requests).toBe(6);
    // The count that did not keep up is said, in plain words.
    expect(result.notes.join(' ')).toMatch(
      /counted 0 requests entered from .* \(UTC\) on, but its list gave 60 there; all were read/,
    );
  });
});
