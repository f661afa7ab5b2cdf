/**
 * `trackops-bulk check` (issue 12, CONTRACTS section 1): a read-only probe that never writes, says what
 * the account answered beside what the tool assumes, names in plain words what would make an import
 * unsafe, and saves findings that later runs use (--profile FILE): a list the account does not serve
 * is not asked for again and its checks are said to be off; pages are asked at the size it gives.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { command as checkCommand } from '../../cli/commands/check.ts';
import { command as exportCommand } from '../../cli/commands/export.ts';
import type { CliIo } from '../../cli/command.ts';
import {
  accountProfileOf,
  checkAccount,
  createPacer,
  parseAccountProfile,
  type AccountCheck,
} from '../../core/index.ts';
import { loadDemoAccount, startSandbox, type RequestLogEntry } from '../../sandbox/index.ts';
import { startLooseFilterProxy } from '../batch/proxies.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

const fast = () => createPacer({ ratePerSecond: 1000, concurrency: 1 });

function verdicts(check: AccountCheck): Record<string, string> {
  return Object.fromEntries(check.findings.map((finding) => [finding.topic, finding.verdict]));
}

describe('check: a read-only probe of an account', () => {
  it('the plain sandbox answers as assumed, nothing unsafe; only GETs, nothing written', async () => {
    const log: RequestLogEntry[] = [];
    const sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => log.push(entry) });
    try {
      const check = await checkAccount(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer: fast() },
      );
      expect(check.unsafe).toEqual([]);
      expect(check.caseRequestCount).toBe(36);
      const seen = verdicts(check);
      for (const topic of ['List of case requests', 'Count (mode=count)', 'Dates (created_on)', 'Filter id'])
        expect(seen[topic], topic).toBe('as-assumed');
      // Report 5 item 6: what was probed is said, and what was not; never "matches exactly" alone.
      const filter = check.findings.find((finding) => finding.topic === 'Filter reference_value_1');
      expect(filter?.found).toMatch(
        /^matches exactly as far as tested: asked for one whole value \("[^"]+"\) got only that request, and a part of it in other letter case \("[^"]+"\) found none; a match that ignores only letter case, or only takes a part, was not tested$/,
      );
      expect(log.every((entry) => entry.method === 'GET')).toBe(true);
      expect(log).toHaveLength(check.requests);
      expect(check.requests).toBeLessThanOrEqual(17);
      expect(sandbox.stats().writesCommitted).toBe(0);
      // The findings survive being saved and read back as a versioned profile.
      const saved = JSON.parse(JSON.stringify(accountProfileOf(check)));
      expect(parseAccountProfile(saved, 'profile.json', CLI_CONNECTION_WORDS).check).toEqual(check);
    } finally {
      await sandbox.close();
    }
  });

  it('other dialects: differences found and handled, the page size and missing lists recorded for later runs', async () => {
    const sandbox = await startSandbox({
      port: 0,
      rate: 1000,
      dialects: 'cakephp,cap-25,missing-reference,iso-dates,fields-variant,count-partial,fuzzy-filters',
    });
    try {
      const check = await checkAccount(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer: fast() },
      );
      expect(check.unsafe).toEqual([]);
      expect(check.use.pageSize).toBe(25);
      expect(check.use.referencePaths).toMatchObject({
        referral_sources: null,
        company_locations: null,
        case_regions: 'case/regions',
      });
      const found = Object.fromEntries(check.findings.map((finding) => [finding.topic, finding.found]));
      expect(found['Case request records']).toBe('under "CasefileRequest"');
      expect(found['Count (mode=count)']).toBe('36 requests, without page_count (derived)');
      expect(found['Timestamps (created_at)']).toMatch(/^ISO 8601 with an offset/);
      expect(found['Field definitions: type tag']).toBe('under "type", "field_type"');
      expect(found['Reference list referral_sources (referral/sources)']).toMatch(/^missing \(404\)/);
      // A case-insensitive substring filter, found by asking for a part of a value in other letter case.
      expect(found['Filter reference_value_1']).toMatch(
        /^matches loosely: a part of it in other letter case \("[^"]+"\) also found requests; the tool checks every match itself/,
      );
      expect(verdicts(check)['Filter reference_value_1']).toBe('handled');
    } finally {
      await sandbox.close();
    }
  });

  it('says in plain words what would make an import unsafe: no count, dates it cannot compare', async () => {
    const server = await oddServer();
    try {
      const { port } = server.address() as AddressInfo;
      const check = await checkAccount(
        { words: CLI_CONNECTION_WORDS, baseUrl: `http://127.0.0.1:${port}/api/v1`, user: 'u', token: 't' },
        { pacer: fast() },
      );
      expect(check.unsafe).toEqual([
        'The account does not answer mode=count with a count, so no listing can be checked for completeness: exports, duplicate checks and the search for lost creates will refuse to run.',
        expect.stringMatching(
          /^Dates \(created_on\): not a format the tool reads \(e\.g\. "01\/02\/2024"\): .*would be sent again/,
        ),
      ]);
      expect(Object.values(check.use.referencePaths).every((path) => path === null)).toBe(true);
    } finally {
      server.close();
    }
  });
});

describe('check against a server without mode=count', () => {
  it('rule: says what it could not tell, never an account size or a composite shape it did not observe', async () => {
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    // The proxy drops `mode`: the server answers mode=count with the list itself (explore 14 item 5).
    const proxy = await startLooseFilterProxy(sandbox.baseUrl, 'mode');
    try {
      const check = await checkAccount(
        { words: CLI_CONNECTION_WORDS, baseUrl: proxy.baseUrl, user: sandbox.username, token: sandbox.token },
        { pacer: fast() },
      );
      const found = (topic: string) => check.findings.find((finding) => finding.topic === topic)!;
      expect(found('Largest page')).toMatchObject({
        verdict: 'unknown',
        found:
          'cannot tell: page 1 asked with per_page=100 held 36 records, and without a count (mode=count not served) ' +
          'a cap cannot be told from the end of the list',
      });
      expect(found('Composite values (NAME, ADDRESS)')).toMatchObject({ found: 'objects of parts' });
      expect(check.findings.map((finding) => finding.found).join('\n')).not.toMatch(/fewer than two/);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});

describe('check against an account of one request', () => {
  it('rule: composite values read without expand_field_values are "not tested", not a finding', async () => {
    const account = await loadDemoAccount();
    account.case_requests = account.case_requests.slice(0, 1);
    const sandbox = await startSandbox({ port: 0, rate: 1000, account });
    try {
      const check = await checkAccount(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer: fast() },
      );
      const found = (topic: string) => check.findings.find((finding) => finding.topic === topic)!;
      expect(found('Largest page').found).toBe('cannot tell: the account holds one case request');
      expect(found('Composite values (NAME, ADDRESS)')).toMatchObject({
        verdict: 'unknown',
        found: 'not tested: no list was read with expand_field_values=1 (the largest page was not asked)',
      });
    } finally {
      await sandbox.close();
    }
  });
});

describe('the check command and --profile', () => {
  it('saves the findings; a later export uses them (a missing list is not asked for, and is said to be off)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'check-cli-'));
    const log: RequestLogEntry[] = [];
    const sandbox = await startSandbox({
      port: 0,
      rate: 1000,
      dialects: 'missing-reference',
      onRequest: (entry) => log.push(entry),
    });
    try {
      const connection = [
        '--url',
        sandbox.baseUrl,
        '--user',
        sandbox.username,
        '--token',
        sandbox.token,
        '--rate',
        '500/s',
      ];
      const checked = await run(checkCommand, [...connection, '--profile', 'acme.json'], dir);
      expect(checked.code).toBe(0);
      expect(checked.stdout).toContain(
        '[differs, handled] Reference list referral_sources (referral/sources)',
      );
      expect(checked.stdout).toContain('Nothing found that would make an import unsafe.');
      const profile = JSON.parse(await readFile(join(dir, 'acme.json'), 'utf8'));
      expect(profile).toMatchObject({ version: 1, kind: 'trackops-bulk account profile' });
      expect(JSON.stringify(profile)).not.toContain(sandbox.token);

      log.length = 0;
      const exported = await run(
        exportCommand,
        [...connection, '--profile', 'acme.json', '--out', 'all.csv'],
        dir,
      );
      expect(exported.code).toBe(0);
      expect(log.some((entry) => entry.url.startsWith('/api/v1/referral/sources'))).toBe(false);
      expect(exported.stderr).toContain(
        "export: note: The account's referral sources could not be read (this account does not serve it (recorded by trackops-bulk check))",
      );

      // A profile of another account is refused rather than applied.
      const other = { ...profile, check: { ...profile.check, baseUrl: 'https://acme.viewcases.com/api/v1' } };
      await writeFile(join(dir, 'other.json'), JSON.stringify(other));
      await expect(
        run(exportCommand, [...connection, '--profile', 'other.json', '--out', 'x.csv'], dir),
      ).rejects.toThrow(/was made for https:\/\/acme\.viewcases\.com\/api\/v1/);
      await expect(
        run(exportCommand, [...connection, '--reference-path', 'regions', '--out', 'x.csv'], dir),
      ).rejects.toThrow(/--reference-path 'regions' must be LIST=PATH/);
    } finally {
      await sandbox.close();
    }
  });
});

async function run(
  command: { run(argv: string[], io: CliIo): Promise<number> },
  argv: string[],
  cwd: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: string[] = [];
  const err: string[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk.toString()));
  stderr.on('data', (chunk: Buffer) => err.push(chunk.toString()));
  const io: CliIo = {
    stdout,
    stderr,
    env: {},
    signal: new AbortController().signal,
    hardSignal: new AbortController().signal,
    cwd,
  };
  const code = await command.run(argv, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** A server that lists requests with US-style dates, lacks mode=count and serves no reference list. */
async function oddServer(): Promise<Server> {
  const records = [1, 2, 3].map((id) => ({
    id,
    created_on: '01/02/2024',
    created_at: '2024-01-02 10:00:00',
  }));
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (url.pathname !== '/api/v1/case/requests') return json(404, { message: 'Not found' });
    if (url.searchParams.has('created_from_system')) return json(200, []);
    const perPage = Number(url.searchParams.get('per_page') ?? 25);
    const id = url.searchParams.get('id');
    return json(200, (id ? records.filter((record) => String(record.id) === id) : records).slice(0, perPage));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
