/**
 * Where a revert keeps its journal, recorded beside the import's journal (revert-whereabouts.ts), and
 * how the import finds its undo through it (undone-import.ts): over real files. The record only says
 * where to look: the revert journal it names decides, so one deleted since counts for nothing.
 */
import { access, cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournalHeader, sha256 } from '../../core/batch/journal.ts';
import { encodeJournalLine } from '../../core/batch/journal-lines.ts';
import { recordRevertWhereabouts, revertWhereaboutsPath } from '../../core/batch/revert-whereabouts.ts';
import { importRunIdentity, revertOfImport, undoneImportWords } from '../../core/batch/undone-import.ts';

const AT = '2026-12-01T10:00:00.000Z';

async function writeJournal(path: string, lines: object[]): Promise<void> {
  await writeFile(path, lines.map((line, seq) => encodeJournalLine(line, seq) + '\n').join(''));
}

/**
 * An import journal, and a revert journal bound to it in another folder (as `--revert-journal` makes):
 * `PARENT/import/r.journal.jsonl` and `PARENT/revert/undo.jsonl`, so that PARENT can be moved whole.
 */
async function importAndRevertElsewhere(): Promise<{
  parent: string;
  importJournal: string;
  revertJournal: string;
}> {
  const parent = await mkdtemp(join(tmpdir(), 'whereabouts-'));
  const dir = join(parent, 'import');
  const other = join(parent, 'revert');
  await mkdir(dir);
  await mkdir(other);
  const importJournal = join(dir, 'r.journal.jsonl');
  const revertJournal = join(other, 'undo.jsonl');
  await writeJournal(importJournal, [
    {
      type: 'header',
      version: 2,
      file: 'rows.csv',
      fileHash: 'f',
      mappingHash: 'm',
      mode: 'update',
      startedAt: AT,
    },
  ]);
  const header = (await readJournalHeader(importJournal))!;
  await writeJournal(revertJournal, [
    {
      type: 'header',
      version: 2,
      file: importJournal,
      fileHash: sha256(importRunIdentity(header)),
      mappingHash: 'revert',
      mode: 'update',
      kind: 'revert',
      startedAt: '2026-12-01T11:00:00.000Z',
    },
    { type: 'intent', row: 2, op: 'update', id: 1, at: AT },
    { type: 'outcome', row: 2, status: 'updated', id: 1 },
  ]);
  return { parent, importJournal, revertJournal };
}

interface RecordOnDisk {
  revertJournals: string[];
  revertJournalsFromHere?: string[];
}

const recordOf = async (importJournal: string) =>
  JSON.parse(await readFile(revertWhereaboutsPath(importJournal), 'utf8')) as RecordOnDisk;

describe('a revert journal in another folder', () => {
  it('is found once recorded beside the import, and named by its whole path', async () => {
    const { importJournal, revertJournal } = await importAndRevertElsewhere();
    const header = (await readJournalHeader(importJournal))!;
    expect(await revertOfImport(importJournal, header)).toBeNull();

    await recordRevertWhereabouts(importJournal, revertJournal);
    const undone = await revertOfImport(importJournal, header);
    expect(undone).toEqual({
      journal: importJournal,
      revertJournal,
      undoneAt: '2026-12-01T11:00:00.000Z',
      putBack: 1,
    });
    expect(undoneImportWords(undone!, 'rows.csv', 2)).toContain(
      `a revert of it started on 2026-12-01 11:00 UTC (revert journal ${revertJournal}) and put back 1 request.`,
    );
  });

  it('is recorded once however often the revert starts; one beside the import is not recorded', async () => {
    const { importJournal, revertJournal } = await importAndRevertElsewhere();
    const path = revertWhereaboutsPath(importJournal);
    expect(await recordRevertWhereabouts(importJournal, revertJournal)).toBe(path);
    expect(await recordRevertWhereabouts(importJournal, revertJournal)).toBe(path);
    expect(await recordOf(importJournal)).toMatchObject({
      revertJournals: [revertJournal],
      revertJournalsFromHere: ['../revert/undo.jsonl'],
    });

    const beside = await importAndRevertElsewhere();
    expect(
      await recordRevertWhereabouts(
        beside.importJournal,
        beside.importJournal.replace(/\.jsonl$/, '.revert.jsonl'),
      ),
    ).toBeNull();
    await expect(access(revertWhereaboutsPath(beside.importJournal))).rejects.toThrow();
  });

  it('is found where it is after the folder holding it and the import was moved, or copied', async () => {
    const { parent, importJournal } = await importAndRevertElsewhere();
    const header = (await readJournalHeader(importJournal))!;
    await recordRevertWhereabouts(importJournal, join(parent, 'revert', 'undo.jsonl'));

    // Renamed: the record's absolute path points nowhere; its path from its own folder still holds.
    const moved = `${parent}-moved`;
    await rename(parent, moved);
    const movedImport = join(moved, 'import', 'r.journal.jsonl');
    expect(await revertOfImport(movedImport, header)).toMatchObject({
      journal: movedImport,
      revertJournal: join(moved, 'revert', 'undo.jsonl'),
      putBack: 1,
    });

    // Copied, the original left where it was: the copy names its own revert journal, not the original's.
    const copy = `${parent}-copy`;
    await cp(moved, copy, { recursive: true });
    const copiedImport = join(copy, 'import', 'r.journal.jsonl');
    expect(await revertOfImport(copiedImport, header)).toMatchObject({
      journal: copiedImport,
      revertJournal: join(copy, 'revert', 'undo.jsonl'),
    });
  });

  it('a record written before the relative path was kept still reads; its revert resumed adds that path', async () => {
    const { importJournal, revertJournal } = await importAndRevertElsewhere();
    const header = (await readJournalHeader(importJournal))!;
    const elsewhere = '/gone/undo.jsonl';
    const old = { version: 1, about: 'as written before', revertJournals: [elsewhere, revertJournal] };
    await writeFile(revertWhereaboutsPath(importJournal), JSON.stringify(old));
    expect(await revertOfImport(importJournal, header)).toMatchObject({ revertJournal, putBack: 1 });

    await recordRevertWhereabouts(importJournal, revertJournal);
    expect(await recordOf(importJournal)).toMatchObject({
      revertJournals: [elsewhere, revertJournal],
      revertJournalsFromHere: ['../revert/undo.jsonl'],
    });
    expect(await revertOfImport(importJournal, header)).toMatchObject({ revertJournal, putBack: 1 });
  });

  it('counts for nothing once that revert journal is gone (a revert that sent nothing is removed)', async () => {
    const { importJournal, revertJournal } = await importAndRevertElsewhere();
    await recordRevertWhereabouts(importJournal, revertJournal);
    await rm(revertJournal);
    expect(await revertOfImport(importJournal, (await readJournalHeader(importJournal))!)).toBeNull();
  });

  it('a record that cannot be read is said, never taken for "no revert elsewhere"; a new revert does not overwrite it', async () => {
    const { importJournal, revertJournal } = await importAndRevertElsewhere();
    const header = (await readJournalHeader(importJournal))!;
    const path = revertWhereaboutsPath(importJournal);
    for (const damaged of [
      '{"version":1,"revertJournals":["/x/undo.js',
      '{"version":1,"revertJournals":"/x"}',
      '{"version":1,"revertJournals":["/x/undo.jsonl"],"revertJournalsFromHere":"../x"}',
    ]) {
      await writeFile(path, damaged);
      // The import's --resume: refused, naming the record and what to do.
      const refused = revertOfImport(importJournal, header);
      await expect(refused).rejects.toMatchObject({ code: 'revert_record_unreadable' });
      await expect(refused).rejects.toThrow(path);
      await expect(refused).rejects.toThrow(/restore it from a copy/);
      // A revert: refused before it starts, the record left as it was.
      await expect(recordRevertWhereabouts(importJournal, revertJournal)).rejects.toMatchObject({
        code: 'revert_record_unreadable',
      });
      expect(await readFile(path, 'utf8')).toBe(damaged);
    }
  });
});
