/**
 * `check` asks for a second page (explored: servers that ignore `page`, number pages from 0 or count
 * fewer requests than they list all got "Nothing found that would make an import unsafe"), with one
 * request: a page placed at the end of the list as the count says. And a reference list whose page 2
 * repeats page 1 is reported as not read whole, where it matters: check, validate's messages, the
 * warnings of every command. Real HTTP: the sandbox behind a paging proxy (test/batch/proxies.ts).
 */
import { execFile } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAccount, createPacer, type AccountCheck } from '../../core/index.ts';
import { startSandbox, type RequestLogEntry, type RunningSandbox } from '../../sandbox/index.ts';
import { startPagingProxy, type PagingQuirks, type RunningProxy } from '../batch/proxies.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

const BIN = new URL('../../bin/trackops-bulk.mjs', import.meta.url).pathname;
const TEMPLATE = new URL('../../samples/referrals-template.json', import.meta.url).pathname;
const SAMPLE = new URL('../../samples/referrals-clean.csv', import.meta.url).pathname;
const PAGING = 'Paging (page and per_page, against the count)';

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

async function checkThrough(quirks: PagingQuirks | null): Promise<AccountCheck> {
  if (quirks) proxy = await startPagingProxy(sandbox.baseUrl, quirks);
  return checkAccount(
    {
      words: CLI_CONNECTION_WORDS,
      baseUrl: proxy?.baseUrl ?? sandbox.baseUrl,
      user: sandbox.username,
      token: sandbox.token,
    },
    { pacer: createPacer({ ratePerSecond: 1000, concurrency: 1 }) },
  );
}

function paging(check: AccountCheck) {
  return check.findings.find((finding) => finding.topic === PAGING)!;
}

describe('check tests paging against the count with one request', () => {
  it('the plain sandbox: the page at the end holds what the count leaves, nothing unsafe', async () => {
    const check = await checkThrough(null);
    expect(paging(check)).toMatchObject({
      verdict: 'as-assumed',
      found: 'page 2 with per_page=35 held the last 1 of the 36 counted, as the count says',
    });
    expect(check.unsafe).toEqual([]);
    expect(log.filter((entry) => /[?&]page=2&per_page=35&/.test(entry.url))).toHaveLength(1);
  });

  it('a server that ignores `page`', async () => {
    const check = await checkThrough({ cap: 10, pages: 'ignored' });
    expect(paging(check)).toMatchObject({
      verdict: 'unsafe',
      found: 'page 4 with per_page=10 held the same requests as page 1',
    });
    expect(check.unsafe).toContain(
      'Trackops answers every page with the first one: it seems to ignore the page number, so no list longer than one ' +
        'page can be read (exports, duplicate checks and updates of a larger account would stop with an error).',
    );
  });

  it('a server that numbers pages from 0: told from requests check makes anyway', async () => {
    const check = await checkThrough({ cap: 10, pages: 'zero-based' });
    expect(paging(check)).toMatchObject({
      verdict: 'unsafe',
      found: 'page 1 with per_page=1 began with request 2, but with per_page=10 with request 11',
    });
    expect(check.unsafe.join('\n')).toContain('it seems to number its pages from 0');
    expect(check.requests).toBe(16);
  });

  it('a count lower than the list', async () => {
    const check = await checkThrough({ cap: 10, countDelta: -10 });
    expect(paging(check).found).toBe(
      'page 3 with per_page=10 held 10 requests where the count of 26 leaves 6: the list holds more than it counts',
    );
    expect(check.unsafe.join('\n')).toContain('Trackops counts fewer case requests than it lists');
  });

  it('a count higher than the list', async () => {
    const check = await checkThrough({ cap: 10, countDelta: 5 });
    expect(paging(check).found).toBe(
      'page 5 with per_page=10 held 0 requests where the count of 41 leaves 1: the list holds fewer than it counts',
    );
    expect(check.unsafe.join('\n')).toContain('Trackops counts more case requests than it lists');
  });
});

describe('a reference list whose page 2 repeats page 1 is not read whole, and is said so', () => {
  const IGNORED_ON_REFERENCE: PagingQuirks = { cap: 25, pages: 'ignored', lists: 'reference' };

  it('check reports the fields as not read whole (the shorter lists after it cost nothing and are whole)', async () => {
    const check = await checkThrough(IGNORED_ON_REFERENCE);
    const fields = check.findings.find((finding) => finding.topic === 'Reference list fields (fields)')!;
    expect(fields.verdict).toBe('unsafe');
    expect(fields.found).toBe(
      'not read whole: 25 items, a bare array; Trackops answered page 2 with items of page 1 again ' +
        '(it seems to ignore the page number), so items past the first 25 could not be read',
    );
    const regions = check.findings.find((finding) =>
      finding.topic.startsWith('Reference list case_regions'),
    )!;
    expect(regions.verdict).toBe('as-assumed');
    expect(check.unsafe[0]).toMatch(/^The account's fields could not be read whole/);
  });

  it('validate says a field was not among the 25 listed and that the list looked cut short, not "fix the mapping"', async () => {
    proxy = await startPagingProxy(sandbox.baseUrl, IGNORED_ON_REFERENCE);
    const run = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        [
          BIN,
          'validate',
          SAMPLE,
          '--mapping',
          TEMPLATE,
          '--url',
          proxy!.baseUrl,
          '--user',
          sandbox.username,
          '--rate',
          '500/s',
        ],
        { env: { ...process.env, TRACKOPS_TOKEN: sandbox.token, TRACKOPS_URL: '', TRACKOPS_USER: '' } },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }),
      ),
    );
    const said = run.stdout + run.stderr;
    expect(said).toContain(
      "Vehicle Color goes to Vehicle 1's field 206, which is not among the 25 fields Trackops listed, and that list looked cut short " +
        '(Trackops answered page 2 with items of page 1 again (it seems to ignore the page number), so items past the first 25 could not be read): ' +
        'the field may exist, and the mapping may be right.',
    );
    expect(said).toContain("The account's fields may be incomplete");
    expect(said).not.toContain('fix the mapping');
  }, 60_000);
});
