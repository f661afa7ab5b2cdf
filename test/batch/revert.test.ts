/**
 * Issue 18, point 2 (done-when, over real HTTP): an update run, then a revert, puts every record no one
 * touched since back byte for byte (only updated_at moves); a record changed in Trackops in between is
 * a conflict, reported with the import's value and the current one, and left exactly as it is; the
 * dry run sends nothing. The sandbox's clock moves a second per write, so that every write has its own
 * updated_at (API-NOTES: timestamps have whole seconds).
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalUndoneError } from '../../core/index.ts';
import { startSandbox, type StoredCaseRequest } from '../../sandbox/index.ts';
import { call } from '../sandbox/helpers.ts';
import { importInProcess, makeRows, seededAccountFile, templateMapping } from './helpers.ts';
import { revertInProcess } from './revert-helpers.ts';

const ROWS = 24;

function steppingClock(): () => Date {
  let at = Date.now();
  return () => new Date((at += 1000));
}

function withoutUpdatedAt(request: StoredCaseRequest): Omit<StoredCaseRequest, 'updated_at'> {
  const { updated_at: _updatedAt, ...rest } = request;
  return rest;
}

describe('revert', () => {
  it('puts every untouched record back byte for byte; a record changed since is a conflict, left alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'batch-revert-'));
    const original = join(dir, 'original.csv');
    const changed = join(dir, 'changed.csv');
    makeRows(original, ROWS, 'REV');
    makeRows(changed, ROWS, 'REV', [], 'Boulder', 'Updated');
    const mapping = await templateMapping();
    const dataFile = await seededAccountFile(dir, original, mapping);
    const puts: string[] = [];
    const sandbox = await startSandbox({
      port: 0,
      rate: 1000,
      dataFile,
      now: steppingClock(),
      onRequest: (entry) => {
        if (entry.method === 'PUT') puts.push(entry.url);
      },
    });
    try {
      const mine = () =>
        sandbox.account().case_requests.filter((r) => r.reference_value_1?.startsWith('REV-'));
      const before = structuredClone(mine());
      const journal = join(dir, 'update.journal.jsonl');
      const summary = await importInProcess({
        file: changed,
        mapping: { ...mapping, match: 'reference_value_1' },
        mode: 'update',
        sandbox,
        journal,
      });
      expect(summary).toMatchObject({ updated: ROWS, failed: 0 });
      // The journal kept, for every update, the values it overwrote and the updated_at of its answer.
      const lines = (await readFile(journal, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const intents = lines.filter((line) => line.type === 'intent');
      expect(intents).toHaveLength(ROWS);
      for (const intent of intents) {
        const stored = before.find((request) => request.id === intent.id)!;
        expect(intent.stored).toEqual({ client: stored.client, notes: stored.notes });
        expect(intent.sent.notes).toMatch(/^Updated \d+$/);
      }
      for (const outcome of lines.filter((line) => line.type === 'outcome'))
        expect(outcome).toMatchObject({
          status: 'updated',
          updated_at_from: 'answer',
          updated_at: expect.any(String),
        });

      // A clerk edits two requests in Trackops after the import: one in a field the import changed,
      // one elsewhere (only its updated_at tells).
      const [edited, touched] = [before[3]!, before[5]!];
      expect(
        (
          await call(sandbox, 'PUT', `/case/requests/${edited.id}`, {
            body: { casefile_request: { notes: 'Edited by a clerk' } },
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await call(sandbox, 'PUT', `/case/requests/${touched.id}`, {
            body: { casefile_request: { admin_notes: 'seen' } },
          })
        ).status,
      ).toBe(200);
      const afterEdits = structuredClone(mine());
      const putsBefore = puts.length;

      const preview = await revertInProcess({
        sandbox,
        journal,
        revertJournal: join(dir, 'revert.jsonl'),
        dryRun: true,
      });
      expect(puts.length).toBe(putsBefore); // the dry run sends nothing
      expect(preview.summary).toMatchObject({ updates: ROWS, toRevert: ROWS - 2, conflict: 2, reverted: 0 });
      // One count and one page of the requests updated since: fewer than a look-up per request.
      expect(preview.check.cost).toMatchObject({ strategy: 'listing', cost: 1 });
      expect(preview.check.requestsTaken).toBe(2);
      const row = (request: StoredCaseRequest) => Number(request.reference_value_1!.slice(4)) + 2;
      const first = preview.rows.find((r) => r.row === row(before[0]!))!;
      expect(first.changes).toEqual(
        expect.arrayContaining([
          { target: 'notes', label: expect.any(String), old: 'Updated 0', new: 'Check gym visits 0' },
          expect.objectContaining({ target: 'client.city', old: 'Boulder 0', new: 'Denver 0' }),
        ]),
      );
      const conflict = preview.rows.find((r) => r.row === row(edited))!;
      expect(conflict.status).toBe('conflict');
      expect(conflict.conflicts).toEqual([
        { target: 'notes', label: expect.any(String), ours: 'Updated 3', current: 'Edited by a clerk' },
      ]);
      const elsewhere = preview.rows.find((r) => r.row === row(touched))!;
      expect(elsewhere.status).toBe('conflict');
      expect(elsewhere.message).toMatch(/updated_at is now .*something else in the request was changed/);

      const result = await revertInProcess({ sandbox, journal, revertJournal: join(dir, 'revert.jsonl') });
      expect(result.summary).toMatchObject({ reverted: ROWS - 2, conflict: 2, failed: 0, notSent: 0 });
      expect(puts.length).toBe(putsBefore + ROWS - 2);
      const after = mine();
      for (const request of before) {
        const now = after.find((r) => r.id === request.id)!;
        if (request.id === edited.id || request.id === touched.id) {
          // Left exactly as the clerk left it.
          expect(JSON.stringify(now)).toBe(JSON.stringify(afterEdits.find((r) => r.id === request.id)));
          continue;
        }
        expect(JSON.stringify(withoutUpdatedAt(now))).toBe(JSON.stringify(withoutUpdatedAt(request)));
        expect(now.updated_at).not.toBe(request.updated_at);
      }
      // The last outcome lost (a kill after the PUT was answered, before its outcome reached the disk):
      // the resumed revert finds that request in doubt, sees it already holds the values put back, and
      // records it as put back without sending it again.
      const revertJournal = join(dir, 'revert.jsonl');
      const text = await readFile(revertJournal, 'utf8');
      const cut = text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1);
      expect(text.slice(cut.length)).toMatch(/"type":"outcome","row":\d+,"status":"updated"/);
      await writeFile(revertJournal, cut);
      const again = await revertInProcess({ sandbox, journal, revertJournal, resume: true });
      expect(again.summary).toMatchObject({
        reverted: ROWS - 2,
        fromJournal: ROWS - 3,
        conflict: 2,
        failed: 0,
      });
      expect(puts.length).toBe(putsBefore + ROWS - 2);
      expect((await readFile(revertJournal, 'utf8')).slice(cut.length)).toMatch(
        /"type":"outcome".*"status":"updated"/,
      );
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  it('an update answered 204 keeps updated_at as read (marked so): the revert decides by the values alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'batch-revert-204-'));
    const original = join(dir, 'original.csv');
    const changed = join(dir, 'changed.csv');
    makeRows(original, 6, 'R204');
    makeRows(changed, 6, 'R204', [], 'Boulder', 'Updated');
    const mapping = await templateMapping();
    const dataFile = await seededAccountFile(dir, original, mapping);
    const sandbox = await startSandbox({
      port: 0,
      rate: 1000,
      dataFile,
      now: steppingClock(),
      dialects: ['put-204'],
    });
    try {
      const mine = () =>
        sandbox.account().case_requests.filter((r) => r.reference_value_1?.startsWith('R204-'));
      const before = structuredClone(mine());
      const journal = join(dir, 'update.journal.jsonl');
      await importInProcess({
        file: changed,
        mapping: { ...mapping, match: 'reference_value_1' },
        mode: 'update',
        sandbox,
        journal,
      });
      const outcomes = (await readFile(journal, 'utf8'))
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line))
        .filter((line) => line.type === 'outcome');
      for (const outcome of outcomes)
        expect(outcome).toMatchObject({ status: 'updated', updated_at_from: 'read' });
      // Elsewhere in the request: by the values alone this is not seen (said in docs/import.md).
      const [edited, elsewhere] = [before[1]!, before[2]!];
      await call(sandbox, 'PUT', `/case/requests/${edited.id}`, {
        body: { casefile_request: { notes: 'Edited' } },
      });
      await call(sandbox, 'PUT', `/case/requests/${elsewhere.id}`, {
        body: { casefile_request: { admin_notes: 'seen' } },
      });
      const result = await revertInProcess({ sandbox, journal, revertJournal: join(dir, 'revert.jsonl') });
      expect(result.summary).toMatchObject({ reverted: 5, conflict: 1, failed: 0 });
      expect(result.rows.find((row) => row.id === edited.id)).toMatchObject({
        status: 'conflict',
        conflicts: [expect.objectContaining({ target: 'notes', ours: 'Updated 1', current: 'Edited' })],
      });
      const after = mine();
      expect(after.find((r) => r.id === elsewhere.id)!.admin_notes).toBe('seen');
      expect(after.find((r) => r.id === elsewhere.id)!.notes).toBe(elsewhere.notes);
    } finally {
      await sandbox.close();
    }
  }, 120_000);

  // Explore 63: a trial undone is not finished afterwards (it once was, and the rest of the undone file
  // went in); the revert run again finds nothing more to put back, and sends nothing twice.
  it('a trial undone: sending the rest is refused, the undo stands, the revert again puts nothing back twice', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'batch-revert-trial-'));
    const original = join(dir, 'original.csv');
    const changed = join(dir, 'changed.csv');
    makeRows(original, 6, 'RTR');
    makeRows(changed, 6, 'RTR', [], 'Boulder', 'Updated');
    const mapping = await templateMapping();
    const dataFile = await seededAccountFile(dir, original, mapping);
    const puts: string[] = [];
    const sandbox = await startSandbox({
      port: 0,
      rate: 1000,
      dataFile,
      now: steppingClock(),
      onRequest: (entry) => {
        if (entry.method === 'PUT') puts.push(entry.url);
      },
    });
    try {
      const mine = () =>
        sandbox.account().case_requests.filter((r) => r.reference_value_1?.startsWith('RTR-'));
      const before = structuredClone(mine());
      const journal = join(dir, 'update.journal.jsonl');
      const revertJournal = join(dir, 'revert.jsonl');
      const send = (more: object) =>
        importInProcess({
          file: changed,
          mapping: { ...mapping, match: 'reference_value_1' },
          mode: 'update',
          sandbox,
          journal,
          ...more,
        });
      await send({ limit: 2 });
      const first = await revertInProcess({ sandbox, journal, revertJournal });
      expect(first.summary).toMatchObject({ updates: 2, reverted: 2 });
      const fromRest = puts.length;
      await expect(send({ resume: true })).rejects.toThrow(JournalUndoneError);
      await expect(send({})).rejects.toThrow(/is of an import that was undone: a revert of it started on/);
      expect(puts.length).toBe(fromRest);
      const second = await revertInProcess({ sandbox, journal, revertJournal, resume: true });
      expect(second.summary).toMatchObject({ updates: 2, reverted: 2, fromJournal: 2, conflict: 0 });
      expect(puts.length).toBe(fromRest);
      for (const request of before) {
        const now = mine().find((r) => r.id === request.id)!;
        expect(JSON.stringify(withoutUpdatedAt(now))).toBe(JSON.stringify(withoutUpdatedAt(request)));
      }
    } finally {
      await sandbox.close();
    }
  }, 120_000);
});
