/**
 * A record of earlier sends that does not start with a journal header: core's words ask for "another
 * --journal path", a flag the app has none of, and name the app's own file; the app says it in its own
 * words. The error is core's own, from a real file on disk.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournalFile } from '../../../core/index.ts';
import { toBridgeError } from '../../../main/bridge/failure.ts';

describe("the app's record of earlier sends, unreadable", () => {
  it('is said without a CLI flag or a path, and nothing is logged as a bug', async () => {
    const path = join(await mkdtemp(join(tmpdir(), 'app-journal-')), 'send.jsonl');
    await writeFile(path, 'Claim,Name\nCLM-1,Jane\n');
    const error = await readJournalFile(path).then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect((error as Error).message).toMatch(/^journal .*send\.jsonl .*--journal/);
    const logged: unknown[] = [];
    const said = toBridgeError(error, (e) => logged.push(e));
    expect(said.code).toBe('journal_unreadable');
    expect(said.message).toMatch(/^The app's record of this file's earlier sends cannot be read/);
    expect(said.message).not.toMatch(/--|\.jsonl|journal/);
    expect(logged).toEqual([]);
  });
});
