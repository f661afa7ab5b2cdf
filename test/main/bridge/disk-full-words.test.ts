/**
 * A full disk in the app (explore 10 item 2): core's DiskFullError says "then run the command again"
 * and names the app's own temp file, so the app says it in its own words. The error is a real one:
 * Linux's /dev/full refuses every write with ENOSPC.
 */
import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { asDiskFull, DiskFullError } from '../../../core/index.ts';
import { toBridgeError } from '../../../main/bridge/failure.ts';

describe('the app on a full disk', () => {
  it('says the disk refused the write, without the CLI\'s "run the command again" or a path', async () => {
    const refused = await writeFile('/dev/full', 'x').then(
      () => null,
      (error: unknown) => error,
    );
    expect((refused as NodeJS.ErrnoException).code).toBe('ENOSPC');
    const error = asDiskFull(refused, '/tmp/app-exports/1234.xlsx');
    expect(error).toBeInstanceOf(DiskFullError);
    expect((error as DiskFullError).message).toBe(
      'the disk is full writing /tmp/app-exports/1234.xlsx (ENOSPC: no space left on device): free some space or write to another folder, then run the command again',
    );
    const logged: unknown[] = [];
    const said = toBridgeError(error, (e) => logged.push(e));
    expect(said.code).toBe('disk_full');
    expect(said.message).toContain("The computer's disk refused to write the file");
    expect(said.message).not.toMatch(/command|\/tmp/);
    expect(logged).toEqual([]);
  });
});
