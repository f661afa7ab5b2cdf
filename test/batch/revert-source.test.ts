/**
 * What a revert reads from an import's journal (issue 18): updates with their kept values, updates of
 * journals written before values were kept (listed as not revertible, never guessed), updates whose
 * fate the import never learnt (decided by the values alone), refused updates (nothing to undo) and
 * creates (listed). The journal is written line by line as the import writes it (journal-lines.ts).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sha256 } from '../../core/batch/journal.ts';
import { encodeJournalLine } from '../../core/batch/journal-lines.ts';
import { decideRevert } from '../../core/batch/revert-decide.ts';
import { readRevertSource } from '../../core/batch/revert-source.ts';
import { revertBody } from '../../core/batch/revert-values.ts';

const AT = '2026-12-01T10:00:00.000Z';

async function journalOf(lines: object[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'revert-source-'));
  const path = join(dir, 'run.journal.jsonl');
  const header = {
    type: 'header',
    version: 2,
    file: 'rows.csv',
    fileHash: 'f',
    mappingHash: 'm',
    mode: 'upsert',
    startedAt: AT,
  };
  await writeFile(path, [header, ...lines].map((line, seq) => encodeJournalLine(line, seq) + '\n').join(''));
  return path;
}

describe('revert source', () => {
  it('sorts an upsert journal into updates, old updates without values, updates in doubt, refusals and creates', async () => {
    const kept = { stored: { notes: 'before' }, sent: { notes: 'after' } };
    const path = await journalOf([
      { type: 'intent', row: 2, op: 'update', id: 11, at: AT, ...kept },
      {
        type: 'outcome',
        row: 2,
        status: 'updated',
        id: 11,
        case_request_number: 'REQ-11',
        updated_at: '2026-12-01 10:00:01',
        updated_at_from: 'answer',
      },
      { type: 'intent', row: 3, op: 'update', id: 12, at: AT }, // written before values were kept
      { type: 'outcome', row: 3, status: 'updated', id: 12 },
      { type: 'intent', row: 4, op: 'update', id: 13, at: AT, ...kept }, // killed: no outcome
      { type: 'intent', row: 5, op: 'update', id: 14, at: AT, ...kept },
      { type: 'outcome', row: 5, status: 'failed', error: { code: 'api_refused', message: 'no' } },
      { type: 'intent', row: 6, op: 'create', at: AT, fingerprint: 'x' },
      { type: 'outcome', row: 6, status: 'created', id: 15, case_request_number: 'REQ-15' },
    ]);
    const source = await readRevertSource(path, sha256);
    expect(
      source.entries.map((entry) => [entry.row, entry.importEnded, entry.updatedAtFrom ?? null]),
    ).toEqual([
      [2, 'updated', 'answer'],
      [3, 'updated', null],
      [4, 'in_doubt', null],
    ]);
    expect(source.creates).toEqual([
      { row: 6, id: 15, case_request_number: 'REQ-15', at: expect.any(String) },
    ]);
    const record = (notes: string, updatedAt: string) => ({ id: 11, notes, updated_at: updatedAt }) as never;
    const [done, old, doubt] = source.entries as [never, never, never];
    expect(decideRevert(done, record('after', '2026-12-01 10:00:01')).kind).toBe('revert');
    expect(decideRevert(done, record('after', '2026-12-01 10:05:00'))).toMatchObject({
      kind: 'conflict',
      updatedAt: { recorded: '2026-12-01 10:00:01', now: '2026-12-01 10:05:00' },
    });
    expect(decideRevert(old, record('after', 'x'))).toMatchObject({ kind: 'not_revertible' });
    // In doubt: holds what the import sent → it landed → put back; holds the old value → it never landed.
    expect(decideRevert(doubt, record('after', 'y')).kind).toBe('revert');
    expect(decideRevert(doubt, record('before', 'y')).kind).toBe('unchanged');
    expect(decideRevert(doubt, record('someone else', 'y')).kind).toBe('conflict');
    expect(decideRevert(done, null).kind).toBe('gone');
  });

  it('refuses the journal of a revert', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'revert-source-'));
    const path = join(dir, 'x.revert.jsonl');
    const header = {
      type: 'header',
      version: 2,
      file: 'a',
      fileHash: 'f',
      mappingHash: 'revert',
      mode: 'update',
      kind: 'revert',
      startedAt: AT,
    };
    await writeFile(path, encodeJournalLine(header, 0) + '\n');
    await expect(readRevertSource(path, sha256)).rejects.toThrow(/journal of a revert, not of an import/);
  });

  it('puts back what it can and names what it cannot: a field the record did not carry, a client it did not have', () => {
    const { body, lost } = revertBody(
      { client: null, custom_fields: [{ id: 7, value: null }] },
      {
        notes: 'new',
        client: { name: 'Acme' },
        custom_fields: [
          { id: 7, value: 'High' },
          { id: 8, value: 'x' },
        ],
      },
    );
    expect(body).toEqual({
      custom_fields: [
        { id: 7, value: '' },
        { id: 8, value: '' },
      ],
    });
    expect(lost.map((item) => item.target)).toEqual(['notes', 'client']);
  });

  it('a row sent again after a lost answer keeps the values from before its first write, and every field either write set', async () => {
    const path = await journalOf([
      {
        type: 'intent',
        row: 2,
        op: 'update',
        id: 11,
        at: AT,
        stored: { due_on: '2026-07-11', notes: 'original', custom_fields: [{ id: 7, value: 'a' }] },
        sent: { due_on: '2027-04-15', notes: 'clerk', custom_fields: [{ id: 7, value: 'b' }] },
      },
      // The resume's read came after the first write landed in part: what it "stored" for notes is
      // a later value, never the one to put back.
      {
        type: 'intent',
        row: 2,
        op: 'update',
        id: 11,
        at: AT,
        stored: { notes: 'colleague', custom_fields: [{ id: 7, value: 'b' }] },
        sent: { notes: 'clerk', custom_fields: [{ id: 7, value: 'c' }] },
      },
      { type: 'outcome', row: 2, status: 'updated', id: 11 },
      // A first write that kept nothing (no read before it): what it overwrote is not known.
      { type: 'intent', row: 3, op: 'update', id: 12, at: AT },
      { type: 'intent', row: 3, op: 'update', id: 12, at: AT, stored: { notes: 'x' }, sent: { notes: 'y' } },
      { type: 'outcome', row: 3, status: 'updated', id: 12 },
      // A resume that refused to send again (changed in Trackops since): the first PUT may have landed.
      { type: 'intent', row: 4, op: 'update', id: 13, at: AT, stored: { notes: 'o' }, sent: { notes: 'n' } },
      { type: 'outcome', row: 4, status: 'failed', id: 13, error: { code: 'conflict', message: 'changed' } },
    ]);
    const source = await readRevertSource(path, sha256);
    expect(source.entries.find((entry) => entry.row === 2)).toMatchObject({
      stored: { due_on: '2026-07-11', notes: 'original', custom_fields: [{ id: 7, value: 'a' }] },
      sent: { due_on: '2027-04-15', notes: 'clerk', custom_fields: [{ id: 7, value: 'c' }] },
      importEnded: 'updated',
    });
    const row3 = source.entries.find((entry) => entry.row === 3)!;
    expect(row3.stored).toBeUndefined();
    expect(decideRevert(row3, null).kind).toBe('not_revertible');
    expect(source.entries.find((entry) => entry.row === 4)).toMatchObject({
      importEnded: 'in_doubt',
      stored: { notes: 'o' },
    });
  });
});
