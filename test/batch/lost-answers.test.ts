/**
 * Answers that do not settle a write, over real HTTP with proxies in front of the sandbox:
 * - a create whose answer was lost is looked for twice before it is ever sent again: a slow server
 *   that stores it after the client gave up, lists that lag writes (a read replica). After a timeout
 *   the second look waits at least as long as the request was given, and a create still not found
 *   then stays in doubt for --resume; after a 5xx it is sent again, with a note;
 * - a 2xx that is not the API's (a sign-in gateway's login page, 200 text/html): the row stays in
 *   doubt, the run stops, a search answered so is a failure, and --resume settles the row first;
 * - an update answered with another request: the request it was sent to is the one recorded.
 * Requests are counted at the proxies and the sandbox; stored data, results and journal are checked.
 * The waits are options, so the tests wait tenths of a second where a real run waits seconds.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ResultsJson } from '../../core/index.ts';
import { startSandbox, type RequestLogEntry, type RunningSandbox } from '../../sandbox/index.ts';
import {
  importInProcess,
  makeRows,
  seededAccountFile,
  storedByReference,
  templateMapping,
} from './helpers.ts';
import {
  startFailFirstCreateProxy,
  startLaggingListProxy,
  startLoginPageProxy,
  startOtherRecordProxy,
  startSlowCreateProxy,
} from './proxies.ts';
import { revertInProcess } from './revert-helpers.ts';

interface Line {
  type: string;
  row?: number;
  op?: string;
  status?: string;
  id?: number;
  note?: { code: string; message: string };
  updated_at?: string;
  updated_at_from?: string;
}

async function journalLines(path: string): Promise<Line[]> {
  return (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Line);
}

async function resultsOf(path: string): Promise<ResultsJson['rows']> {
  return (JSON.parse(await readFile(path, 'utf8')) as ResultsJson).rows;
}

function requestsTo(log: RequestLogEntry[], method: string): number {
  return log.filter((entry) => entry.method === method).length;
}

/** Every reference of `prefix` stored exactly once; returns reference → id. */
function storedOnce(sandbox: RunningSandbox, prefix: string, count: number): Map<string, number> {
  const stored = storedByReference(sandbox.account(), prefix);
  expect(stored.size).toBe(count);
  const ids = new Map<string, number>();
  for (const [reference, requests] of stored) {
    expect(requests, `${reference} is stored once`).toHaveLength(1);
    ids.set(reference, requests[0]!.id);
  }
  return ids;
}

async function workspace(name: string) {
  const dir = await mkdtemp(join(tmpdir(), `lost-${name}-`));
  return { dir, file: join(dir, 'rows.csv'), journal: join(dir, 'j.jsonl'), results: join(dir, 'r.json') };
}

describe('a create whose answer was lost is looked for twice before it is sent again', () => {
  it('a slow server stores it after the client timed out: found by the second look, which waits as long as the request was given; sent once', async () => {
    const { file, journal, results } = await workspace('slow');
    makeRows(file, 2, 'SLW');
    const log: RequestLogEntry[] = [];
    const sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => log.push(entry) });
    // Stored 500 ms after it arrives; the client gives up after 300 ms, looks 20 ms later (nothing
    // yet), then waits the 300 ms the request was given (not the 50 ms of a plain second look).
    const proxy = await startSlowCreateProxy(sandbox.baseUrl, 500);
    try {
      const summary = await importInProcess({
        file,
        mapping: await templateMapping(),
        mode: 'create',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal,
        results,
        concurrency: 1,
        timeoutMs: 300,
        lostCreateWaits: { firstMs: 20, againMs: 50 },
      });
      await proxy.idle();
      expect(summary).toMatchObject({ created: 2, failed: 0, resent: 0, inDoubt: 0 });
      expect(proxy.received, 'no create was sent again').toBe(2);
      expect(requestsTo(log, 'POST')).toBe(2);
      const ids = storedOnce(sandbox, 'SLW-', 2);
      const rows = await resultsOf(results);
      expect(rows.map((row) => [row.status, row.id])).toEqual([
        ['created', ids.get('SLW-0000')],
        ['created', ids.get('SLW-0001')],
      ]);
      const lines = await journalLines(journal);
      expect(lines.filter((line) => line.type === 'intent')).toHaveLength(2);
      expect(lines.filter((line) => line.type === 'outcome').map((line) => line.id)).toEqual([
        ids.get('SLW-0000'),
        ids.get('SLW-0001'),
      ]);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });

  it('still not listed after waiting as long again: the row stays in doubt, the run stops, and --resume finds it instead of sending it again', async () => {
    const { file, journal, results } = await workspace('slower');
    makeRows(file, 3, 'SLX');
    const log: RequestLogEntry[] = [];
    const sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => log.push(entry) });
    // Stored 1.2 s after it arrives: after both looks (about 0.3 s and 0.6 s after the timeout).
    const proxy = await startSlowCreateProxy(sandbox.baseUrl, 1200);
    const mapping = await templateMapping();
    try {
      const during = importInProcess({
        file,
        mapping,
        mode: 'create',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal,
        results,
        concurrency: 1,
        timeoutMs: 300,
        lostCreateWaits: { firstMs: 20, againMs: 50 },
      });
      await expect(during).rejects.toThrow(
        /row 2: Trackops did not answer its create in time \(POST case\/requests timed out.*\), and did not list it 0 s or 0\.3 s later either: it may still be storing it\. It stays in doubt; nothing more was sent/,
      );
      expect(proxy.received, 'not sent again').toBe(1);
      const rows = await resultsOf(results);
      expect(rows.map((row) => [row.status, row.errors[0]?.code])).toEqual([
        ['skipped', 'in_doubt'],
        ['skipped', 'not_sent'],
        ['skipped', 'not_sent'],
      ]);
      expect(rows[1]!.errors[0]!.message).toBe(
        'not sent: a create Trackops was slow to answer is still in doubt; run again with --resume to send it',
      );
      expect((await journalLines(journal)).at(-1)).toMatchObject({ type: 'intent', row: 2, op: 'create' });

      // The slow server stores it at last; the resume's search finds it and sends only the other two.
      await proxy.idle();
      expect(proxy.stored).toBe(1);
      const resumed = await importInProcess({
        file,
        mapping,
        mode: 'create',
        sandbox,
        journal,
        results,
        resume: true,
        concurrency: 1,
      });
      expect(resumed).toMatchObject({ created: 3, failed: 0, inDoubt: 0, resent: 0 });
      expect(requestsTo(log, 'POST')).toBe(3);
      const ids = storedOnce(sandbox, 'SLX-', 3);
      expect((await resultsOf(results))[0]).toMatchObject({ status: 'created', id: ids.get('SLX-0000') });
      // The search read the record: its updated_at is kept as an answered create's is, so the revert
      // can tell it was not changed since (explore 26 item 5: "not known (the journal kept no updated_at)").
      const held = sandbox.account().case_requests.find((request) => request.id === ids.get('SLX-0000'))!;
      expect(
        (await journalLines(journal)).find((line) => line.type === 'outcome' && line.row === 2),
      ).toMatchObject({
        status: 'created',
        updated_at: String(held.updated_at),
        updated_at_from: 'read',
      });
      const listed = await revertInProcess({
        sandbox,
        journal,
        revertJournal: join(dirname(journal), 'revert.jsonl'),
        dryRun: true,
      });
      expect(listed.rows.find((row) => row.row === 2)?.message).toMatch(
        /^created by the import, with no change seen since/,
      );
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });

  it('lists lag writes and the answer was dropped after the create was stored: the second look finds it; sent once', async () => {
    const { file, journal, results } = await workspace('lag');
    makeRows(file, 2, 'LAG');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    // A request shows in lists 800 ms after it was stored: after a look 500 ms on (as before this
    // fix, which then sent it again), before the second look.
    const proxy = await startLaggingListProxy(sandbox.baseUrl, { lagMs: 800, dropCreates: 1 });
    try {
      const summary = await importInProcess({
        file,
        mapping: await templateMapping(),
        mode: 'create',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal,
        results,
        concurrency: 1,
        lostCreateWaits: { firstMs: 500, againMs: 900 },
      });
      expect(summary).toMatchObject({ created: 2, failed: 0, resent: 0 });
      expect(proxy.received, 'no create was sent again').toBe(2);
      const ids = storedOnce(sandbox, 'LAG-', 2);
      const rows = await resultsOf(results);
      expect(rows[0]).toMatchObject({ status: 'created', id: ids.get('LAG-0000'), errors: [] });
      const outcomes = (await journalLines(journal)).filter((line) => line.type === 'outcome');
      expect(outcomes.map((line) => line.id)).toEqual([ids.get('LAG-0000'), ids.get('LAG-0001')]);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });

  it('a 5xx that stored nothing: not found by either look, sent again, and its row says so', async () => {
    const { file, journal, results } = await workspace('resend');
    makeRows(file, 1, 'RSN');
    const log: RequestLogEntry[] = [];
    const sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => log.push(entry) });
    const proxy = await startFailFirstCreateProxy(sandbox.baseUrl);
    try {
      const summary = await importInProcess({
        file,
        mapping: await templateMapping(),
        mode: 'create',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal,
        results,
        lostCreateWaits: { firstMs: 20, againMs: 50 },
      });
      expect(summary).toMatchObject({ created: 1, failed: 0, resent: 1 });
      expect(requestsTo(log, 'POST')).toBe(1);
      const ids = storedOnce(sandbox, 'RSN-', 1);
      const [row] = await resultsOf(results);
      expect(row).toMatchObject({ status: 'created', id: ids.get('RSN-0000') });
      expect(row!.errors[0]).toMatchObject({ code: 'resent_after_lost_answer' });
      expect(row!.errors[0]!.message).toMatch(
        /^its first send was answered with a server error \(500\) and may or may not have been stored \(POST case\/requests: server error 500: Internal Server Error\); Trackops did not list it 0 s or 0\.1 s later, so it was sent again/,
      );
      const lines = await journalLines(journal);
      expect(lines.filter((line) => line.type === 'intent')).toHaveLength(2);
      expect(lines.at(-1)).toMatchObject({
        type: 'outcome',
        status: 'created',
        note: { code: 'resent_after_lost_answer' },
      });
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});

const PAGE_STOP =
  /Trackops answered with a web page, not the API: a login page\? POST case\/requests got 200 text\/html, "Sign in - Acme SSO"\. .*Row 5's create may or may not have reached Trackops: it stays in doubt, and nothing more was sent/;

describe("a 2xx that is a web page (a sign-in gateway's login page), not the API", () => {
  it.each([
    { forwardFirst: false, what: 'the create never reached Trackops: --resume sends it, once' },
    {
      forwardFirst: true,
      what: 'the page replaced the answer of a stored create: --resume finds it, not sent again',
    },
  ])('create: in doubt, the run stops; $what', async ({ forwardFirst }) => {
    const { file, journal, results } = await workspace('page');
    makeRows(file, 5, 'PAG');
    const log: RequestLogEntry[] = [];
    const sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => log.push(entry) });
    const proxy = await startLoginPageProxy(sandbox.baseUrl, { writesThrough: 3, forwardFirst });
    const mapping = await templateMapping();
    const run = { file, mapping, mode: 'create' as const, sandbox, baseUrl: proxy.baseUrl, journal, results };
    try {
      await expect(importInProcess({ ...run, concurrency: 1 })).rejects.toThrow(PAGE_STOP);
      expect(requestsTo(log, 'POST')).toBe(forwardFirst ? 4 : 3);
      const rows = await resultsOf(results);
      expect(rows.map((row) => row.status)).toEqual(['created', 'created', 'created', 'skipped', 'skipped']);
      expect(rows[3]!.errors[0]).toMatchObject({ code: 'in_doubt' });
      expect(rows[4]!.errors[0]!.message).toBe(
        'not sent: Trackops answered with a web page, not the API; run again with --resume to send it',
      );
      expect((await journalLines(journal)).at(-1)).toMatchObject({ type: 'intent', row: 5, op: 'create' });

      // Still signed out for the requests (the reference lists answer): the resume's search gets the
      // page too, which is a failure, never "not found".
      proxy.pagesFor = /\/case\/requests/;
      const writes = proxy.writes;
      await expect(importInProcess({ ...run, resume: true })).rejects.toThrow(
        /could not be searched .*Trackops answered with a web page, not the API: a login page\? GET case\/requests/,
      );
      expect(proxy.writes, 'nothing sent while the gateway answers').toBe(writes);

      proxy.signIn();
      const resumed = await importInProcess({ ...run, resume: true, concurrency: 1 });
      expect(resumed).toMatchObject({ created: 5, failed: 0, inDoubt: 0, fromJournal: 3 });
      expect(requestsTo(log, 'POST'), 'each row reached Trackops once').toBe(5);
      const ids = storedOnce(sandbox, 'PAG-', 5);
      expect((await resultsOf(results))[3]).toMatchObject({ status: 'created', id: ids.get('PAG-0003') });
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });

  it.each([
    { forwardFirst: false, what: 'not applied: --resume sends it' },
    { forwardFirst: true, what: 'applied behind the page: --resume reads it back and sends nothing' },
  ])(
    'update: in doubt, the run stops; $what',
    async ({ forwardFirst }) => {
      const { dir, journal, results } = await workspace('page-put');
      const original = join(dir, 'original.csv');
      const changed = join(dir, 'changed.csv');
      makeRows(original, 4, 'PGU');
      makeRows(changed, 4, 'PGU', [], 'Boulder', 'Updated');
      const mapping = await templateMapping();
      const dataFile = await seededAccountFile(dir, original, mapping);
      const log: RequestLogEntry[] = [];
      const sandbox = await startSandbox({
        port: 0,
        rate: 1000,
        dataFile,
        onRequest: (entry) => log.push(entry),
      });
      const proxy = await startLoginPageProxy(sandbox.baseUrl, { writesThrough: 1, forwardFirst });
      const run = {
        file: changed,
        mapping: { ...mapping, match: 'reference_value_1' as const },
        mode: 'update' as const,
        sandbox,
        baseUrl: proxy.baseUrl,
        journal,
        results,
      };
      try {
        await expect(importInProcess({ ...run, concurrency: 1 })).rejects.toThrow(
          /Trackops answered with a web page, not the API: a login page\? PUT case\/requests\/\d+ got 200 text\/html.*Row 3's update may or may not have reached Trackops: it stays in doubt.*it reads the request back and compares it with the row before sending it again/,
        );
        const rows = await resultsOf(results);
        expect(rows.map((row) => row.status)).toEqual(['updated', 'skipped', 'skipped', 'skipped']);
        expect(rows[1]!.errors[0]!.message).toMatch(
          /^may have been updated: its answer was lost or cut short, so whether it was is not known/,
        );
        const notes = () => [...storedByReference(sandbox.account(), 'PGU-').values()].map(([r]) => r!.notes);
        expect(notes()).toEqual([
          'Updated 0',
          forwardFirst ? 'Updated 1' : 'Check gym visits 1',
          'Check gym visits 2',
          'Check gym visits 3',
        ]);

        proxy.signIn();
        const resumed = await importInProcess({ ...run, resume: true, concurrency: 1 });
        expect(resumed).toMatchObject({ updated: 4, failed: 0, inDoubt: 0 });
        expect(requestsTo(log, 'PUT'), 'each update reached Trackops once').toBe(4);
        expect(notes()).toEqual(['Updated 0', 'Updated 1', 'Updated 2', 'Updated 3']);
        const intents = (await journalLines(journal)).filter(
          (line) => line.type === 'intent' && line.row === 3,
        );
        expect(intents, 'row 3 sent again only when it had not landed').toHaveLength(forwardFirst ? 1 : 2);
      } finally {
        await proxy.close();
        await sandbox.close();
      }
    },
    30_000,
  );
});

describe('an update answered with another request', () => {
  it('keeps the id it was sent to, says so, and revert undoes the requests really changed', async () => {
    const { dir, journal, results } = await workspace('other');
    const original = join(dir, 'original.csv');
    const changed = join(dir, 'changed.csv');
    makeRows(original, 2, 'OTR');
    makeRows(changed, 2, 'OTR', [], 'Boulder', 'Updated');
    const mapping = await templateMapping();
    const dataFile = await seededAccountFile(dir, original, mapping);
    const sandbox = await startSandbox({ port: 0, rate: 1000, dataFile });
    const first = sandbox.account().case_requests[0]!;
    const proxy = await startOtherRecordProxy(sandbox.baseUrl, first.id);
    try {
      const summary = await importInProcess({
        file: changed,
        mapping: { ...mapping, match: 'reference_value_1' },
        mode: 'update',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal,
        results,
      });
      expect(summary).toMatchObject({ updated: 2, failed: 0 });
      const ids = storedOnce(sandbox, 'OTR-', 2);
      const stored = storedByReference(sandbox.account(), 'OTR-');
      const rows = await resultsOf(results);
      for (const [index, row] of rows.entries()) {
        const reference = `OTR-000${index}`;
        const request = stored.get(reference)![0]!;
        expect(row).toMatchObject({ status: 'updated', id: ids.get(reference) });
        expect(row.case_request_number).toBe(request.case_request_number);
        expect(row.errors[0]).toMatchObject({ code: 'answer_other_request' });
        expect(row.errors[0]!.message).toBe(
          `this update was sent to ${request.case_request_number}, but Trackops answered with ${first.case_request_number} (id ${first.id}). ` +
            `The row counts as an update of ${request.case_request_number} (the request it was sent to); ` +
            `check ${request.case_request_number} in Trackops, and that ${first.case_request_number} was not changed.`,
        );
        expect(request.notes).toBe(`Updated ${index}`);
      }
      const outcomes = (await journalLines(journal)).filter((line) => line.type === 'outcome');
      expect(outcomes.map((line) => [line.id, line.updated_at_from])).toEqual([
        [ids.get('OTR-0000'), 'read'],
        [ids.get('OTR-0001'), 'read'],
      ]);
      expect(sandbox.account().case_requests[0]).toEqual(first);

      const reverted = await revertInProcess({ sandbox, journal, revertJournal: join(dir, 'revert.jsonl') });
      expect(reverted.summary).toMatchObject({ updates: 2, reverted: 2, conflict: 0, failed: 0 });
      expect([...storedByReference(sandbox.account(), 'OTR-').values()].map(([r]) => r!.notes)).toEqual([
        'Check gym visits 0',
        'Check gym visits 1',
      ]);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});
