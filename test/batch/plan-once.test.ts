/**
 * Issue 13.1: an update or upsert import plans once, like the dry run. Every row's request comes from
 * one search of the account (here: one count and one page), the record found is the read a whole-object
 * (client) update merges into, a row whose values Trackops already holds sends nothing (`unchanged`,
 * `force` sends it), and a request changed in Trackops between the plan and the send is checked: a field
 * the row sets that moved is a conflict, never overwritten; anything else changed is kept. Real HTTP
 * against the sandbox, rows written by Python's csv module, counted by the sandbox.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import { openJournal, sha256 } from '../../core/batch/journal.ts';
import { runImport, type ImportRunOptions } from '../../core/batch/runner.ts';
import type { StoredRequests } from '../../core/batch/stored-requests.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import {
  fileSource,
  openResultsWriter,
  openSheet,
  planImport,
  validateRows,
  type ImportMode,
  type Mapping,
  type ResultsJson,
} from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { thisProcess } from '../../cli/journal-owner.ts';
import { makeRows, seededAccountFile, storedByReference, templateMapping } from './helpers.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

const CITY_AND_NOTES: Mapping = {
  version: 1,
  mode: 'update',
  match: 'reference_value_1',
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Carrier City', target: 'client.city' },
    { column: 'Instructions', target: 'notes' },
  ],
} as Mapping;

interface Run {
  sandbox: RunningSandbox;
  file: string;
  mapping: Mapping;
  mode: ImportMode;
  dir: string;
  /** Plan with planImport first (as the CLI and the app do); else the runner searches on its own. */
  plan?: boolean;
  /** Runs after the plan, before the first send: a colleague's edit in Trackops. */
  betweenPlanAndSend?: () => Promise<void>;
  journal?: string;
  resume?: boolean;
  runner?: Partial<ImportRunOptions>;
}

/** One import; returns its summary, its results and the requests the sandbox served for it. */
async function importRows(run: Run) {
  const pacer = createPacer({ ratePerSecond: 1000, concurrency: 2 });
  const api = createTrackopsApi(
    {
      words: CLI_CONNECTION_WORDS,
      baseUrl: run.sandbox.baseUrl,
      user: run.sandbox.username,
      token: run.sandbox.token,
    },
    { pacer },
  );
  const reference = await api.getReference();
  const before = run.sandbox.stats().requests;
  const mapping = { ...run.mapping, mode: run.mode };
  const sheet = await openSheet(fileSource(run.file));
  const journalPath = run.journal ?? join(run.dir, `j-${Math.random().toString(36).slice(2)}.jsonl`);
  const journal = await openJournal(
    journalPath,
    {
      file: 'rows.csv',
      fileHash: sha256(await readFile(run.file)),
      mappingHash: sha256(JSON.stringify(mapping)),
      mode: run.mode,
    },
    { resume: run.resume === true, owner: thisProcess() },
  );
  const resultsPath = join(run.dir, `results-${Math.random().toString(36).slice(2)}.json`);
  const results = await openResultsWriter(resultsPath, {
    file: 'rows.csv',
    sheet: null,
    mode: run.mode,
    headers: sheet.headers,
  });
  let stored: StoredRequests | undefined;
  const validated = validateRows(sheet, mapping, { reference, settings: run.sandbox.settings });
  const planned = run.plan
    ? planImport(validated, api, mapping, {
        waysOut: CLI_WAYS_OUT,
        reference,
        onStored: (found) => (stored = found),
      })
    : validated;
  async function* outcomes() {
    let first = true;
    for await (const outcome of planned) {
      if (first) await run.betweenPlanAndSend?.();
      first = false;
      yield outcome;
    }
  }
  try {
    const summary = await runImport({
      waysOut: CLI_WAYS_OUT,
      outcomes: outcomes(),
      mode: run.mode,
      match: mapping.match ?? null,
      api,
      pacer,
      journal,
      results,
      headers: sheet.headers,
      columns: mapping.columns,
      ...(mapping.constants ? { constants: mapping.constants } : {}),
      stored: () => stored,
      reference,
      ...run.runner,
    });
    const { interrupted: _interrupted, searchNotes: _searchNotes, ...counters } = summary;
    await results.close(counters);
    const json = JSON.parse(await readFile(resultsPath, 'utf8')) as ResultsJson;
    return { summary, rows: json.rows, requests: run.sandbox.stats().requests - before, stored };
  } finally {
    await journal.close();
  }
}

async function seeded(prefix: string, count: number) {
  const dir = await mkdtemp(join(tmpdir(), 'plan-once-'));
  const original = join(dir, 'original.csv');
  makeRows(original, count, prefix);
  const dataFile = await seededAccountFile(dir, original, await templateMapping());
  const sandbox = await startSandbox({ port: 0, rate: 1000, dataFile });
  return { dir, original, sandbox };
}

describe('an update import plans once', () => {
  it('one count and one page find every row; rows Trackops already holds send nothing; --force sends them', async () => {
    const { dir, original, sandbox } = await seeded('PO', 10);
    try {
      const changed = join(dir, 'changed.csv');
      makeRows(changed, 10, 'PO', [], 'Aurora', 'Follow up');
      const base = { sandbox, mapping: CITY_AND_NOTES, mode: 'update' as const, dir };

      // The file as it was imported: every value already held. Two requests in all (the count and the
      // page: a list one page holds needs no pin, list-all.ts), none per row.
      const same = await importRows({ ...base, file: original });
      expect(same.summary).toMatchObject({ valid: 10, unchanged: 10, updated: 0, failed: 0 });
      expect(same.requests).toBe(2);
      expect(same.rows[0]).toMatchObject({ status: 'unchanged', id: expect.any(Number) });
      expect(same.rows[0]!.errors[0]).toMatchObject({ code: 'unchanged' });

      // Edited rows: the same two, then one PUT each; the client is merged into the record listed
      // (no read before each whole-object update).
      const edited = await importRows({ ...base, file: changed, plan: true });
      expect(edited.summary).toMatchObject({ updated: 10, unchanged: 0, failed: 0 });
      expect(edited.requests).toBe(2 + 10);
      for (const [reference, [request]] of storedByReference(sandbox.account(), 'PO-')) {
        const index = Number(reference.slice(3));
        expect(request!.client.city).toBe(`Aurora ${index}`);
        expect(request!.client.name).toBe('Acme Mutual Insurance');
        expect(request!.notes).toBe(`Follow up ${index}`);
      }

      const again = await importRows({ ...base, file: changed });
      expect(again.summary).toMatchObject({ updated: 0, unchanged: 10 });
      expect(again.requests).toBe(2);
      const forced = await importRows({ ...base, file: changed, runner: { force: true } });
      expect(forced.summary).toMatchObject({ updated: 10, unchanged: 0 });
      expect(forced.requests).toBe(2 + 10);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('a request changed since the plan: a field the row sets is a conflict, not overwritten; other changes are kept', async () => {
    const { dir, sandbox } = await seeded('CF', 4);
    try {
      const changed = join(dir, 'changed.csv');
      makeRows(changed, 4, 'CF', [], 'Aurora', 'Follow up');
      const api = createTrackopsApi(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer: createPacer({ ratePerSecond: 1000 }) },
      );
      const byReference = (reference: string) =>
        storedByReference(sandbox.account(), 'CF-').get(reference)![0]!;
      const result = await importRows({
        sandbox,
        file: changed,
        mapping: CITY_AND_NOTES,
        mode: 'update',
        dir,
        plan: true,
        // The dry run was looked at for a while: checked before the first send.
        runner: { freshSeconds: 0 },
        betweenPlanAndSend: async () => {
          // A colleague edits three of the four requests in Trackops after the dry run.
          await api.updateCaseRequest(byReference('CF-0000').id, { notes: 'colleague note' });
          const renamed = byReference('CF-0001');
          await api.updateCaseRequest(renamed.id, {
            client: { ...renamed.client, name: 'Renamed Mutual' },
          });
          await api.updateCaseRequest(byReference('CF-0002').id, { notes: 'Follow up 2' });
        },
      });
      expect(result.summary).toMatchObject({ updated: 3, failed: 1, unchanged: 0 });
      expect(result.stored!.checks).toBe(1);
      const conflict = result.rows.find((row) => row.status === 'failed')!;
      expect(conflict).toMatchObject({ row: 2, id: byReference('CF-0000').id });
      expect(conflict.errors[0]).toMatchObject({ code: 'conflict', column: 'Instructions', target: 'notes' });
      expect(conflict.errors[0]!.message).toMatch(
        /^REQ-\d+ was changed in Trackops since this import read it \(Notes is now 'colleague note', this row sets 'Follow up 0'\); not sent/,
      );
      // Not overwritten.
      expect(byReference('CF-0000').notes).toBe('colleague note');
      // The colleague's new client name is kept: the city merged into the client as it is now.
      expect(byReference('CF-0001').client).toMatchObject({ name: 'Renamed Mutual', city: 'Aurora 1' });
      expect(byReference('CF-0002')).toMatchObject({ notes: 'Follow up 2', client: { city: 'Aurora 2' } });
      expect(byReference('CF-0003').client.city).toBe('Aurora 3');
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('upsert: a request created with a row\'s key after the plan said "create" is a conflict, never a second request', async () => {
    const { dir, sandbox } = await seeded('NK', 2);
    try {
      const all = join(dir, 'all.csv');
      makeRows(all, 3, 'NK', [], 'Golden');
      const template = await templateMapping();
      const result = await importRows({
        sandbox,
        file: all,
        mapping: template,
        mode: 'upsert',
        dir,
        plan: true,
        runner: { freshSeconds: 0 },
        betweenPlanAndSend: async () => {
          // Someone else creates NK-0002 in Trackops after the dry run said the row would create it.
          const seededRow = storedByReference(sandbox.account(), 'NK-').get('NK-0000')![0]!;
          const api = createTrackopsApi(
            {
              words: CLI_CONNECTION_WORDS,
              baseUrl: sandbox.baseUrl,
              user: sandbox.username,
              token: sandbox.token,
            },
            { pacer: createPacer({ ratePerSecond: 1000 }) },
          );
          await api.createCaseRequest({
            case_type_id: seededRow.case_type_id,
            case_region_id: seededRow.case_region_id,
            created_on: seededRow.created_on,
            reference_value_1: 'NK-0002',
            client: seededRow.client,
            contact: seededRow.contact,
          });
        },
      });
      expect(result.summary).toMatchObject({ updated: 2, created: 0, failed: 1 });
      const conflict = result.rows.find((row) => row.status === 'failed')!;
      expect(conflict.errors[0]).toMatchObject({ code: 'conflict' });
      expect(conflict.errors[0]!.message).toMatch(
        /^the case requests with reference_value_1 'NK-0002' changed in Trackops since this import looked \(then: none; now: REQ-\d+\)/,
      );
      expect(storedByReference(sandbox.account(), 'NK-').get('NK-0002')).toHaveLength(1);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('while sending, the requests left are checked again as often as asked', async () => {
    const { dir, sandbox } = await seeded('RF', 5);
    try {
      const changed = join(dir, 'changed.csv');
      makeRows(changed, 5, 'RF', [], 'Aurora');
      const result = await importRows({
        sandbox,
        file: changed,
        mapping: CITY_AND_NOTES,
        mode: 'update',
        dir,
        plan: true,
        runner: { freshSeconds: 0, refreshSeconds: 0 },
      });
      expect(result.summary).toMatchObject({ updated: 5, failed: 0 });
      // Before each row's send (concurrent rows share a check).
      expect(result.stored!.checks).toBeGreaterThanOrEqual(3);
      expect(result.stored!.checks).toBeLessThanOrEqual(5);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('upsert: existing rows updated from the listing, new rows created, unchanged rows not sent', async () => {
    const { dir, sandbox } = await seeded('UP', 6);
    try {
      // Rows 0-5 exist as imported (unchanged), rows 6-9 are new.
      const all = join(dir, 'all.csv');
      makeRows(all, 10, 'UP');
      const result = await importRows({
        sandbox,
        file: all,
        mapping: await templateMapping(),
        mode: 'upsert',
        dir,
        plan: true,
      });
      expect(result.summary).toMatchObject({ created: 4, unchanged: 6, updated: 0, failed: 0 });
      // The plan (a count and a page) and one POST per new row.
      expect(result.requests).toBe(2 + 4);
      expect(storedByReference(sandbox.account(), 'UP-').size).toBe(10);
    } finally {
      await sandbox.close();
    }
  }, 60_000);

  it('an update whose answer was lost, found already applied on resume, is `updated`, not sent again', async () => {
    const { dir, sandbox } = await seeded('LD', 2);
    try {
      const changed = join(dir, 'changed.csv');
      makeRows(changed, 2, 'LD', [], 'Aurora', 'Follow up');
      const mapping = { ...CITY_AND_NOTES };
      const journalPath = join(dir, 'lost.jsonl');
      const target = storedByReference(sandbox.account(), 'LD-').get('LD-0000')![0]!;
      // An earlier run wrote its intent, the PUT landed, the answer was lost (a crash).
      const journal = await openJournal(
        journalPath,
        {
          file: 'rows.csv',
          fileHash: sha256(await readFile(changed)),
          mappingHash: sha256(JSON.stringify({ ...mapping, mode: 'update' })),
          mode: 'update',
        },
        { resume: false, owner: thisProcess() },
      );
      await journal.intent({ row: 2, op: 'update', id: target.id, at: new Date().toISOString() });
      await journal.close();
      const api = createTrackopsApi(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer: createPacer({ ratePerSecond: 1000 }) },
      );
      await api.updateCaseRequest(target.id, {
        notes: 'Follow up 0',
        client: { ...target.client, city: 'Aurora 0' },
      });
      const result = await importRows({
        sandbox,
        file: changed,
        mapping,
        mode: 'update',
        dir,
        journal: journalPath,
        resume: true,
      });
      expect(result.summary).toMatchObject({ updated: 2, unchanged: 0 });
      expect(result.requests).toBe(2 + 1);
      expect(result.rows.find((row) => row.row === 2)).toMatchObject({ status: 'updated', id: target.id });
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});

describe('a create import whose plan is older than the freshness age', () => {
  it('does not create a row whose key a request added since the plan holds; a fresh plan asks nothing more', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'plan-once-create-'));
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    try {
      const file = join(dir, 'rows.csv');
      makeRows(file, 4, 'AS');
      const mapping = await templateMapping();
      const api = createTrackopsApi(
        {
          words: CLI_CONNECTION_WORDS,
          baseUrl: sandbox.baseUrl,
          user: sandbox.username,
          token: sandbox.token,
        },
        { pacer: createPacer({ ratePerSecond: 1000 }) },
      );
      const base = { sandbox, file, mapping, mode: 'create' as const, dir, plan: true };
      const result = await importRows({
        ...base,
        // The dry run was looked at for a while: checked before the first send.
        runner: { freshSeconds: 0 },
        betweenPlanAndSend: async () => {
          // The same claim typed into Trackops (or imported from elsewhere) after the dry run.
          await api.createCaseRequest({
            case_type_id: 1,
            case_region_id: 1,
            reference_value_1: 'AS-0001',
            client: { name: 'Acme', country: 'US' },
            contact: { first_name: 'Pat', last_name: 'Lee', email: 'pat@example.com' },
            created_on: '2026-11-20',
          } as never);
        },
      });
      expect(result.summary).toMatchObject({ created: 3, duplicate: 1, failed: 0 });
      const added = storedByReference(sandbox.account(), 'AS-').get('AS-0001')!;
      expect(added).toHaveLength(1);
      const row = result.rows.find((line) => line.status === 'duplicate')!;
      expect(row.errors[0]).toMatchObject({ code: 'added_since_checked' });
      expect(row.errors[0]!.message).toBe(
        `not sent: Trackops now holds ${added[0]!.case_request_number} with Claim Number 'AS-0001', added after this file's rows were checked against the account ` +
          '(imported from elsewhere, or typed in meanwhile); sent, the row would be a second request for it. ' +
          'If it is another claim, give this row its own key and send it again',
      );
      for (const [reference, requests] of storedByReference(sandbox.account(), 'AS-'))
        expect(requests, reference).toHaveLength(1);
      // The plan (one count, one page), the colleague's create, the check (one count, one page: the
      // request added), 3 creates.
      expect(result.requests).toBe(2 + 1 + 2 + 3);

      // Planned just before sending (the CLI): no check, 1 request per create.
      const fresh = join(dir, 'fresh.csv');
      makeRows(fresh, 3, 'FR');
      const quick = await importRows({ ...base, file: fresh });
      expect(quick.summary).toMatchObject({ created: 3, duplicate: 0 });
      expect(quick.requests).toBe(2 + 3);
    } finally {
      await sandbox.close();
    }
  }, 60_000);
});
