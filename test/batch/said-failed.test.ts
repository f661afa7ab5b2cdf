/**
 * What a write's 2xx answer says beyond "done". A body that says it failed (`{"success": false, "message": …}`): never sent again,
 * and never called done against the server's words without a look at the account. Real HTTP against the
 * sandbox's `write-said-failed` (a refusal answered 200, nothing stored) and `write-stored-said-failed`
 * (stored, answered as failed). An answer whose record lacks a value the row sent (a server that
 * ignores a parameter: a proxy takes it out of the body) gets a note, and so does a create answered
 * with a request that is not new (a server that de-duplicates on its own), at no extra request. Rows
 * written by Python's csv module; requests counted by the sandbox.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { failureSaid } from '../../core/api/write-failure.ts';
import type { ResultsJson } from '../../core/index.ts';
import { startSandbox, type RequestLogEntry } from '../../sandbox/index.ts';
import {
  importInProcess,
  makeRows,
  seededAccountFile,
  storedByReference,
  templateMapping,
} from './helpers.ts';
import { startExistingAnswerProxy, startIgnoringProxy } from './proxies.ts';
import { revertInProcess } from './revert-helpers.ts';

const SAID = 'The case request could not be saved. (client.name: Client name is required)';

describe('what a 2xx body that says "failed" says', () => {
  it('reads the common ways of saying it, with the server words and the first field they name', () => {
    expect(
      failureSaid({
        success: false,
        message: 'The case request could not be saved.',
        errors: { client: { name: ['Client name is required'] } },
      }),
    ).toEqual({ words: SAID, field: 'client.name' });
    expect(failureSaid({ success: 'false', error: 'Duplicate claim' })).toEqual({
      words: 'Duplicate claim',
      field: null,
    });
    expect(failureSaid({ status: 'Error', message: 'Locked' })).toEqual({ words: 'Locked', field: null });
    expect(failureSaid({ result: 'failed' })).toEqual({ words: '{"result":"failed"}', field: null });
    expect(failureSaid({ ok: false, errors: [{ field: 'notes', message: 'too long' }] })).toEqual({
      words: 'notes: too long',
      field: 'notes',
    });
  });

  it('an acknowledgement, an empty errors member or no body says nothing of failure', () => {
    for (const body of [
      { success: true },
      { success: true, message: 'Case request saved.' },
      { status: 'created', casefile: {} },
      { errors: [] },
      { error: null },
      undefined,
      'saved',
    ]) {
      expect(failureSaid(body), JSON.stringify(body)).toBeNull();
    }
  });
});

async function workspace() {
  return mkdtemp(join(tmpdir(), 'said-failed-'));
}

function writes(log: RequestLogEntry[]) {
  return log.filter((entry) => entry.method === 'POST' || entry.method === 'PUT').length;
}

async function resultsOf(path: string): Promise<ResultsJson['rows']> {
  return (JSON.parse(await readFile(path, 'utf8')) as ResultsJson).rows;
}

describe('a create answered 200 {"success": false}', () => {
  it('not stored: failed with the server words, sent once, and --resume does not send it again', async () => {
    const dir = await workspace();
    const file = join(dir, 'rows.csv');
    makeRows(file, 3, 'SF');
    const log: RequestLogEntry[] = [];
    const sandbox = await startSandbox({
      port: 0,
      rate: 1000,
      dialects: ['write-said-failed'],
      onRequest: (entry) => log.push(entry),
    });
    try {
      const mapping = await templateMapping();
      const journal = join(dir, 'j.jsonl');
      const results = join(dir, 'results.json');
      const run = { file, mapping, mode: 'create' as const, sandbox, journal };
      const first = await importInProcess({ ...run, results });
      expect(first).toMatchObject({ valid: 3, created: 0, failed: 3 });
      expect(writes(log)).toBe(3);
      const rows = await resultsOf(results);
      for (const row of rows) {
        expect(row.status).toBe('failed');
        // The field the server's errors name, as the row's column: the results name it and its value.
        expect(row.errors[0]).toMatchObject({
          code: 'write_said_failed',
          target: 'client.name',
          column: 'Carrier',
        });
        expect(row.errors[0]!.message).toBe(
          `Trackops answered 200 but said the create failed: ${SAID}. ` +
            "No request with this row's values was created since it was sent, so it was most likely not stored. " +
            'It was not sent again, because a 200 answer can mean it was: check Trackops for it, and if it is not there, fix the row and import it again.',
        );
      }
      expect(storedByReference(sandbox.account(), 'SF-').size).toBe(0);

      const again = await importInProcess({ ...run, resume: true });
      expect(again).toMatchObject({ created: 0, failed: 3 });
      expect(writes(log), 'a 2xx is never sent again').toBe(3);
    } finally {
      await sandbox.close();
    }
  });

  it('stored all the same: created, with its id and a note saying what the server said', async () => {
    const dir = await workspace();
    const file = join(dir, 'rows.csv');
    makeRows(file, 3, 'SS');
    const log: RequestLogEntry[] = [];
    const sandbox = await startSandbox({
      port: 0,
      rate: 1000,
      dialects: ['write-stored-said-failed'],
      onRequest: (entry) => log.push(entry),
    });
    try {
      const results = join(dir, 'results.json');
      const summary = await importInProcess({
        file,
        mapping: await templateMapping(),
        mode: 'create',
        sandbox,
        journal: join(dir, 'j.jsonl'),
        results,
      });
      expect(summary).toMatchObject({ valid: 3, created: 3, failed: 0 });
      expect(writes(log)).toBe(3);
      const stored = storedByReference(sandbox.account(), 'SS-');
      expect([...stored.values()].map((requests) => requests.length)).toEqual([1, 1, 1]);
      for (const row of await resultsOf(results)) {
        expect(row.status).toBe('created');
        const request = [...stored.values()].flat().find((one) => one.id === row.id);
        expect(request, `row ${row.row}: the id of a stored request`).toBeDefined();
        expect(row.errors[0]).toMatchObject({ code: 'done_though_said_failed' });
        expect(row.errors[0]!.message).toBe(
          'Trackops answered 200 but said the create failed: The case request could not be saved. ' +
            `Yet ${request!.case_request_number} was created then with this row's values, so it is counted as created; check it in Trackops.`,
        );
      }
    } finally {
      await sandbox.close();
    }
  });
});

describe('an update answered 200 {"success": false}', () => {
  async function seeded(prefix: string, dialect: string) {
    const dir = await workspace();
    const original = join(dir, 'original.csv');
    makeRows(original, 2, prefix);
    const dataFile = await seededAccountFile(dir, original, await templateMapping());
    const changed = join(dir, 'changed.csv');
    makeRows(changed, 2, prefix, [], 'Denver', 'Follow up');
    const log: RequestLogEntry[] = [];
    const sandbox = await startSandbox({
      port: 0,
      rate: 1000,
      dataFile,
      dialects: [dialect],
      onRequest: (entry) => log.push(entry),
    });
    const mapping = await templateMapping({ match: 'reference_value_1' });
    return { dir, changed, log, sandbox, mapping };
  }

  it('not applied: read back once, failed naming the field that did not change', async () => {
    const { dir, changed, log, sandbox, mapping } = await seeded('UF', 'write-said-failed');
    try {
      const results = join(dir, 'results.json');
      const summary = await importInProcess({
        file: changed,
        mapping,
        mode: 'update',
        sandbox,
        journal: join(dir, 'j.jsonl'),
        results,
      });
      expect(summary).toMatchObject({ valid: 2, updated: 0, failed: 2 });
      expect(writes(log)).toBe(2);
      const rows = await resultsOf(results);
      const stored = storedByReference(sandbox.account(), 'UF-');
      const first = stored.get('UF-0000')![0]!;
      expect(first.notes).toBe('Check gym visits 0');
      expect(rows[0]).toMatchObject({ status: 'failed', id: first.id });
      // The first field the request does not hold, where the row gives it.
      expect(rows[0]!.errors[0]).toMatchObject({
        target: 'notes',
        column: 'Instructions',
        value: 'Follow up 0',
      });
      expect(rows[0]!.errors[0]!.message).toBe(
        `Trackops answered 200 but said the update failed: ${SAID}. ` +
          `Read back, ${first.case_request_number} does not hold it (Notes is 'Check gym visits 0', this row sets 'Follow up 0'), so it was most likely not changed. ` +
          `It was not sent again, because a 200 answer can mean it was: check ${first.case_request_number} in Trackops, and if the values are not there, fix the row and import it again.`,
      );
    } finally {
      await sandbox.close();
    }
  });

  it('applied all the same: read back once, updated with a note', async () => {
    const { dir, changed, log, sandbox, mapping } = await seeded('US', 'write-stored-said-failed');
    try {
      const results = join(dir, 'results.json');
      const before = log.length;
      const summary = await importInProcess({
        file: changed,
        mapping,
        mode: 'update',
        sandbox,
        journal: join(dir, 'j.jsonl'),
        results,
      });
      expect(summary).toMatchObject({ valid: 2, updated: 2, failed: 0 });
      const stored = storedByReference(sandbox.account(), 'US-');
      expect(stored.get('US-0001')![0]!.notes).toBe('Follow up 1');
      const rows = await resultsOf(results);
      expect(rows[1]).toMatchObject({ status: 'updated', id: stored.get('US-0001')![0]!.id });
      expect(rows[1]!.errors[0]).toMatchObject({ code: 'done_though_said_failed' });
      // One read back per such answer, and nothing else: the plan's listing, the PUT, the read.
      const reads = log.slice(before).filter((entry) => /\/case\/requests\/\d+$/.test(entry.url));
      expect(reads.map((entry) => entry.method).sort()).toEqual(['GET', 'GET', 'PUT', 'PUT']);
    } finally {
      await sandbox.close();
    }
  });
});

describe('a revert answered 200 {"success": false}', () => {
  it('not applied: read back once, failed, the request left as the import made it', async () => {
    const dir = await workspace();
    const original = join(dir, 'original.csv');
    const changed = join(dir, 'changed.csv');
    makeRows(original, 2, 'RF');
    makeRows(changed, 2, 'RF', [], 'Denver', 'Follow up');
    const mapping = await templateMapping({ match: 'reference_value_1' });
    const dataFile = await seededAccountFile(dir, original, mapping);
    const journal = join(dir, 'update.journal.jsonl');
    const plain = await startSandbox({ port: 0, rate: 1000, dataFile });
    try {
      const summary = await importInProcess({
        file: changed,
        mapping,
        mode: 'update',
        sandbox: plain,
        journal,
      });
      expect(summary).toMatchObject({ updated: 2, failed: 0 });
    } finally {
      await plain.close();
    }
    const sandbox = await startSandbox({ port: 0, rate: 1000, dataFile, dialects: ['write-said-failed'] });
    try {
      const revert = await revertInProcess({ sandbox, journal, revertJournal: join(dir, 'revert.jsonl') });
      expect(revert.rows.map((row) => row.status)).toEqual(['failed', 'failed']);
      const first = storedByReference(sandbox.account(), 'RF-').get('RF-0000')![0]!;
      expect(first.notes).toBe('Follow up 0');
      expect(revert.rows[0]!.message).toBe(
        `Trackops answered 200 but said the update failed: ${SAID}. ` +
          `Read back, ${first.case_request_number} does not hold it (Notes is 'Follow up 0', the undo puts back 'Check gym visits 0'), so it was most likely not changed. ` +
          `It was not sent again, because a 200 answer can mean it was: check ${first.case_request_number} in Trackops, and if the values are not there, put its values back by hand.`,
      );
    } finally {
      await sandbox.close();
    }
  });
});

describe('an answer that lacks a value the row sent', () => {
  it('create and update: counted as done, with a note naming the value; no extra request', async () => {
    const dir = await workspace();
    const original = join(dir, 'original.csv');
    const changed = join(dir, 'changed.csv');
    makeRows(original, 2, 'IG');
    makeRows(changed, 2, 'IG', [], 'Denver', 'Follow up');
    const log: RequestLogEntry[] = [];
    const sandbox = await startSandbox({ port: 0, rate: 1000, onRequest: (entry) => log.push(entry) });
    // A server that ignores the notes of every write.
    const proxy = await startIgnoringProxy(sandbox.baseUrl, 'notes');
    try {
      const mapping = await templateMapping({ match: 'reference_value_1' });
      const base = { mapping, sandbox, baseUrl: proxy.baseUrl };
      const createdResults = join(dir, 'created.json');
      const created = await importInProcess({
        ...base,
        file: original,
        mode: 'create',
        journal: join(dir, 'c.jsonl'),
        results: createdResults,
      });
      expect(created).toMatchObject({ created: 2, failed: 0 });
      const stored = storedByReference(sandbox.account(), 'IG-').get('IG-0000')![0]!;
      expect(stored.notes ?? null).toBeNull();
      const [first] = await resultsOf(createdResults);
      expect(first).toMatchObject({ status: 'created', id: stored.id });
      expect(first!.errors[0]).toMatchObject({ code: 'answer_lacks_values' });
      expect(first!.errors[0]!.message).toBe(
        `Trackops answered with ${stored.case_request_number}, but it does not hold what this row sent (Notes is '', this row sets 'Check gym visits 0'): ` +
          'the server left that value out or changed it without a word. ' +
          `The row counts as created; check ${stored.case_request_number} in Trackops.`,
      );
      const writesBefore = writes(log);
      const requestsBefore = log.length;
      const updatedResults = join(dir, 'updated.json');
      const updated = await importInProcess({
        ...base,
        file: changed,
        mode: 'update',
        journal: join(dir, 'u.jsonl'),
        results: updatedResults,
      });
      expect(updated).toMatchObject({ updated: 2, failed: 0 });
      const rows = await resultsOf(updatedResults);
      expect(rows.map((row) => row.errors[0]?.code)).toEqual(['answer_lacks_values', 'answer_lacks_values']);
      expect(rows[1]!.errors[0]!.message).toContain("(Notes is '', this row sets 'Follow up 1')");
      // Two PUTs and the look-ups any update makes; the note read the answer, not the account.
      expect(writes(log) - writesBefore).toBe(2);
      expect(
        log
          .slice(requestsBefore)
          .filter((entry) => entry.method === 'GET' && /\/case\/requests\/\d+/.test(entry.url)),
      ).toEqual([]);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});

describe('a create answered with a request that is not new', () => {
  it('older than the send, or already claimed by another row: looked for, then counted as created, with a note', async () => {
    const dir = await workspace();
    const file = join(dir, 'rows.csv');
    makeRows(file, 2, 'EX');
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const existing = sandbox.account().case_requests[0]!;
    const proxy = await startExistingAnswerProxy(sandbox.baseUrl, existing.id);
    try {
      const results = join(dir, 'results.json');
      const summary = await importInProcess({
        file,
        mapping: await templateMapping(),
        mode: 'create',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal: join(dir, 'j.jsonl'),
        results,
        concurrency: 1,
      });
      expect(summary).toMatchObject({ created: 2, failed: 0 });
      expect(storedByReference(sandbox.account(), 'EX-').size).toBe(0);
      const [first, second] = await resultsOf(results);
      const name = existing.case_request_number;
      expect(first).toMatchObject({ status: 'created', id: existing.id });
      // Nothing new was stored: the look for the real create (two listings) finds none, and says so.
      expect(first!.errors[0]!.message).toMatch(
        new RegExp(
          `^Trackops answered this create with ${name}, which was created ${existing.created_at} \\(UTC\\), before this row was sent: ` +
            "not a request this row created\\. Trackops did not list a request with this row's values [\\d.]+ s or [\\d.]+ s after it was sent: " +
            `the server may have returned a request it already held instead of creating a new one\\. The row counts as created, recorded with ${name} as answered, ` +
            `but is not known to be created by this import: revert leaves ${name} alone; check ${name} in Trackops before updating from these results\\.$`,
        ),
      );
      expect(second!.errors[0]).toMatchObject({ code: 'answered_existing' });
      expect(second!.errors[0]!.message).toContain(
        `with ${name}, which another row of this run was already answered with: `,
      );
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});
