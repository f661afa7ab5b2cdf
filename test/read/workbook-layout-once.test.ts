/**
 * A workbook held in memory is laid out once (issue 13): the app asks whether a file is a round-trip
 * export and then opens its sheet, and laying the workbook out inflates and checks its whole package
 * each time. A file on disk is laid out afresh on every pass (it may have changed since).
 */
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bytesSource, fileSource } from '../../core/index.ts';
import { readWorkbookLayout } from '../../core/read/workbook-layout.ts';
import { DEFAULT_INFLATE_LIMITS } from '../../core/read/zip-inflate.ts';
import { fixture } from './helpers.ts';

let folder: string | null = null;
afterEach(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
  folder = null;
});

describe('a workbook laid out once per source in memory', () => {
  it('gives the same layout to every pass over one in-memory source', async () => {
    const source = bytesSource('referrals.xlsx', await readFile(fixture('libreoffice-referrals.xlsx')));
    const first = await readWorkbookLayout(source);
    const second = await readWorkbookLayout(source);
    expect(second).toBe(first);
    expect(first.sheets.map((sheet) => sheet.name)).toContain('Lookups');
  });

  it('lays out another source of the same bytes afresh, and any source given limits or a signal', async () => {
    const bytes = await readFile(fixture('libreoffice-referrals.xlsx'));
    const source = bytesSource('referrals.xlsx', bytes);
    const kept = await readWorkbookLayout(source);
    expect(await readWorkbookLayout(bytesSource('referrals.xlsx', bytes))).not.toBe(kept);
    expect(await readWorkbookLayout(source, undefined, new AbortController().signal)).not.toBe(kept);
    expect(await readWorkbookLayout(source, DEFAULT_INFLATE_LIMITS)).not.toBe(kept);
  });

  it('reads a file on disk afresh on each pass: another workbook copied over it is read as it now is', async () => {
    folder = await mkdtemp(join(tmpdir(), 'layout-once-'));
    const path = join(folder, 'referrals.xlsx');
    await copyFile(fixture('libreoffice-referrals.xlsx'), path);
    const source = fileSource(path);
    const before = await readWorkbookLayout(source);
    await copyFile(fixture('dates-1904.xlsx'), path);
    const after = await readWorkbookLayout(source);
    expect(before.date1904).toBe(false);
    expect(after.date1904).toBe(true);
  });

  it('keeps no refusal: a workbook refused is refused again, with the same message', async () => {
    const source = bytesSource('truncated.xlsx', await readFile(fixture('truncated.xlsx')));
    const first = await readWorkbookLayout(source).catch((error: Error) => error.message);
    const second = await readWorkbookLayout(source).catch((error: Error) => error.message);
    expect(typeof first).toBe('string');
    expect(second).toBe(first);
  });
});
