/**
 * Reference lists from a server that numbers its pages from 0 (explored: a list of one page came back
 * empty, a longer one without its first page, and validate then refused every region by name). Page 0
 * is asked only where that costs the normal path nothing (an empty page 1, a list read past its first
 * page), once per connection; the lists are then read from page 0 and that is said in plain words.
 * Real HTTP: the sandbox behind a paging proxy (test/batch/proxies.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAccount, connectAccount, createPacer, type AccountReference } from '../../core/index.ts';
import { referenceGaps } from '../../core/account/reference-gaps.ts';
import { startSandbox, type RequestLogEntry, type RunningSandbox } from '../../sandbox/index.ts';
import { startPagingProxy, type RunningProxy } from '../batch/proxies.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

let sandbox: RunningSandbox;
let proxy: RunningProxy | null = null;
const log: RequestLogEntry[] = [];

beforeEach(async () => {
  log.length = 0;
  sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => log.push(entry) });
});
afterEach(async () => {
  await proxy?.close();
  proxy = null;
  await sandbox.close();
});

function referenceAt(baseUrl: string): Promise<AccountReference> {
  const { api } = connectAccount(
    { words: CLI_CONNECTION_WORDS, baseUrl, user: sandbox.username, token: sandbox.token },
    { pace: { ratePerSecond: 1000, concurrency: 1 } },
  );
  return api.getReference();
}

const LISTS = [
  'case_types',
  'case_regions',
  'case_services',
  'case_flags',
  'referral_sources',
  'company_locations',
  'subject_types',
  'fields',
] as const;
const ids = (reference: AccountReference) =>
  Object.fromEntries(LISTS.map((kind) => [kind, reference[kind].map((item) => item.id)]));

describe('reference lists from a server that numbers its pages from 0', () => {
  it('rule: they are read whole from page 0, and that is said in plain words', async () => {
    const whole = ids(await referenceAt(sandbox.baseUrl));
    proxy = await startPagingProxy(sandbox.baseUrl, { cap: 25, pages: 'zero-based', lists: 'reference' });
    const reference = await referenceAt(proxy.baseUrl);
    // Before: each list of one page read as empty, and the fields without their first page.
    expect(ids(reference)).toEqual(whole);
    expect(reference.fields.length).toBeGreaterThan(25);
    expect(reference.incomplete).toBeUndefined();
    expect(Object.keys(reference.fromPageZero ?? {}).sort()).toEqual([...LISTS].sort());
    const gap = referenceGaps(reference).find((line) => line.includes('page 0'));
    expect(gap).toMatch(
      /^The account's fields, case types, .* were read from page 0: Trackops numbers its pages from 0 \(its page 1 is the second page/,
    );
  });

  it('check says so beside each list, and its verdict is "differs, handled"', async () => {
    proxy = await startPagingProxy(sandbox.baseUrl, { cap: 25, pages: 'zero-based', lists: 'reference' });
    const check = await checkAccount(
      { words: CLI_CONNECTION_WORDS, baseUrl: proxy.baseUrl, user: sandbox.username, token: sandbox.token },
      { pacer: createPacer({ ratePerSecond: 1000, concurrency: 1 }) },
    );
    const regions = check.findings.find((finding) =>
      finding.topic.startsWith('Reference list case_regions'),
    )!;
    expect(regions.verdict).toBe('handled');
    expect(regions.found).toContain('Trackops numbers its pages from 0');
  });

  it('a server numbering from 1 is asked no page 0 for lists of one page (the normal path costs nothing more)', async () => {
    await referenceAt(sandbox.baseUrl);
    const reads = log.filter((entry) => entry.method === 'GET');
    expect(reads.some((entry) => /[?&]page=0\b/.test(entry.url))).toBe(false);
    // One page per list, and the one page 2 the first list asks while the server's page size is unknown.
    expect(reads).toHaveLength(LISTS.length + 1);
  });

  it('a server numbering from 1 that caps its pages is asked page 0 once, then reads as before', async () => {
    proxy = await startPagingProxy(sandbox.baseUrl, { cap: 10, lists: 'reference' });
    const before = log.length;
    const reference = await referenceAt(proxy.baseUrl);
    expect(reference.fromPageZero).toBeUndefined();
    expect(reference.incomplete).toBeUndefined();
    expect(ids(reference)).toEqual(ids(await referenceAt(sandbox.baseUrl)));
    // Once per connection (fields, the one list longer than a page); the lists after it ask none.
    const zero = log.slice(before).filter((entry) => /[?&]page=0\b/.test(entry.url));
    expect(zero).toHaveLength(1);
  });
});
