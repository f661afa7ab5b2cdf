/**
 * Explore 40 item 5: while a resumed send waited out a row's earlier create before looking for it
 * again, the app said "Waiting 29 s (until 08:20:03)" for half a minute: the seconds were written into
 * the words once. The progress now also carries the words at each moment (`wordsNow`), re-told every
 * second, so a screen counts the wait down; `words` (the CLI prints them once) stay as first said.
 * A create timed out against a proxy that stores it late, then a resume, against the real sandbox.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { ImportProgress } from '../../core/index.ts';
import { startSandbox } from '../../sandbox/index.ts';
import { importInProcess, makeRows, templateMapping } from './helpers.ts';
import { startSlowCreateProxy } from './proxies.ts';

it("rule: a row's wait for its earlier create counts down in the progress, its first words kept", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'wait-countdown-'));
  const file = join(dir, 'rows.csv');
  const journal = join(dir, 'j.jsonl');
  makeRows(file, 3, 'WCD');
  const sandbox = await startSandbox({ port: 0, rate: 1000 });
  // The first create is stored 3 s after it arrives, within its 4 s settle window: the resume waits.
  const proxy = await startSlowCreateProxy(sandbox.baseUrl, 3000);
  const mapping = await templateMapping();
  const waits = { firstMs: 20, againMs: 50, settleMs: 4000 };
  try {
    await expect(
      importInProcess({
        file,
        mapping,
        mode: 'create',
        sandbox,
        baseUrl: proxy.baseUrl,
        journal,
        concurrency: 1,
        timeoutMs: 300,
        lostCreateWaits: waits,
      }),
    ).rejects.toThrow(/It stays in doubt/);

    const said: NonNullable<ImportProgress['lookingAgain']>[] = [];
    await importInProcess({
      file,
      mapping,
      mode: 'create',
      sandbox,
      journal,
      resume: true,
      lostCreateWaits: waits,
      onProgress: (progress) => progress.lookingAgain && said.push(progress.lookingAgain),
    });
    expect(said.length).toBeGreaterThan(1);
    // The log's words: one sentence for the whole wait.
    expect(new Set(said.map((wait) => wait.words)).size).toBe(1);
    expect(said[0]!.words).toMatch(
      /^waiting \d+ s \(until \d\d:\d\d:\d\d\) before looking for it in Trackops again: row 2's/,
    );
    // The screen's: the seconds left go down as the progress is re-told, the end time stays.
    const left = said.map((wait) => Number(/^waiting (\d+) s/.exec(wait.wordsNow ?? '')?.[1]));
    expect(left.every((seconds) => Number.isFinite(seconds))).toBe(true);
    expect(left).toEqual([...left].sort((a, b) => b - a));
    expect(new Set(left).size).toBeGreaterThan(1);
    const until = said.map((wait) => /\(until (\d\d:\d\d:\d\d)\)/.exec(wait.wordsNow ?? '')?.[1]);
    expect(new Set(until).size).toBe(1);
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}, 60_000);
