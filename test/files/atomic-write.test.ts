/**
 * The one atomic-write helper (core/files/atomic-write.ts), whole and streamed, on real files: the
 * target holds the old content until the new one is complete, and nothing but the target is left.
 */
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openAtomicStream, writeFileAtomic } from '../../core/files/atomic-write.ts';

const folder = () => mkdtemp(join(tmpdir(), 'atomic-write-'));

describe('writeFileAtomic', () => {
  it('replaces the file whole and leaves no temp file', async () => {
    const dir = await folder();
    const path = join(dir, 'state.json');
    await writeFile(path, 'old');
    await writeFileAtomic(path, 'new content');
    expect(await readFile(path, 'utf8')).toBe('new content');
    expect(await readdir(dir)).toEqual(['state.json']);
  });

  it('makes the folder when asked, with the mode asked for', async () => {
    const dir = await folder();
    const path = join(dir, 'nested', 'deeper', 'token.json');
    await writeFileAtomic(path, '{}', { mode: 0o600, makeDirectory: true, syncDirectory: true });
    expect(await readFile(path, 'utf8')).toBe('{}');
    expect((await stat(path)).mode & 0o777).toBe(0o600);
  });

  it('fails on a missing folder without leaving anything', async () => {
    const dir = await folder();
    await expect(writeFileAtomic(join(dir, 'missing', 'x.json'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    });
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves the old file and no temp file when the rename fails (a folder of that name)', async () => {
    const dir = await folder();
    const path = join(dir, 'taken');
    await writeFileAtomic(join(path, 'inside.txt'), 'x', { makeDirectory: true });
    await expect(writeFileAtomic(path, 'y')).rejects.toBeInstanceOf(Error);
    expect(await readdir(dir)).toEqual(['taken']);
  });
});

describe('openAtomicStream', () => {
  it('shows the target only at commit, whole', async () => {
    const dir = await folder();
    const path = join(dir, 'report.csv');
    await writeFile(path, 'old');
    const target = await openAtomicStream(path);
    target.stream.write('a,b\r\n');
    expect(await readFile(path, 'utf8')).toBe('old');
    target.stream.end('1,2\r\n');
    await target.commit();
    expect(await readFile(path, 'utf8')).toBe('a,b\r\n1,2\r\n');
    expect(await readdir(dir)).toEqual(['report.csv']);
  });

  it('abandoned, leaves the old file as it was and no temp file', async () => {
    const dir = await folder();
    const path = join(dir, 'export.xlsx');
    await writeFile(path, 'old');
    const target = await openAtomicStream(path);
    target.stream.write('half');
    await target.abandon();
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['export.xlsx']);
  });

  it('refuses at once when the temp file cannot be made', async () => {
    const dir = await folder();
    await expect(openAtomicStream(join(dir, 'missing', 'out.csv'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
