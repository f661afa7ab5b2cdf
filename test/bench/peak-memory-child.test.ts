/**
 * The benchmark's peak-memory figure is the child's own peak, as a user's command would have it.
 * Linux carries a forked process's resident memory into its getrusage maxRSS across exec, so a child
 * started by a parent holding 400 MB reported at least that much whatever its job took (the parent's
 * copy-on-write pages counted as its own before exec replaced them).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { writeCsv } from '../../bench/generate.ts';
import { peakMemory } from '../../bench/measurements.ts';

const dir = await mkdtemp(join(tmpdir(), 'bench-peak-memory-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const BALLAST_MB = 400;

it(
  "a peak-memory child's figure is its own, not the memory of the process that started it",
  { timeout: 120_000 },
  async () => {
    const csv = join(dir, 'referrals.csv');
    await writeCsv(csv, 200);
    // Filled, so that every page is resident in this process when the child is forked.
    const ballast = Array.from({ length: BALLAST_MB }, () => Buffer.alloc(1 << 20, 1));
    expect(process.memoryUsage().rss / 2 ** 20).toBeGreaterThan(BALLAST_MB);
    const result = await peakMemory(['validate', csv]);
    expect(ballast).toHaveLength(BALLAST_MB);
    expect(result.rows).toBe(200);
    // Validating 200 rows takes Node's ~40 MB and the engine's modules: far below the parent's 400 MB.
    expect(result.maxRssMB).toBeGreaterThan(40);
    expect(result.maxRssMB).toBeLessThan(BALLAST_MB / 2);
  },
);
