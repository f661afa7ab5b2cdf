/**
 * What a person waits for in the app (issue 13 point 3): runs bench/children/app.ts (Chromium driving
 * browser mode) on generated files and turns its timings into measurements. Medians of `runs`; the
 * grid's scroll frame times are reported as median and 95th percentile, with no target of their own.
 */
import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { writeCsv, writeXlsx } from './generate.ts';
import { MAPPING } from './layout.ts';
import { round, summarise, type Measurement } from './measure.ts';

const here = new URL('.', import.meta.url).pathname;

interface AppTimings {
  rows: number;
  scrollRows: number;
  load: number[];
  suggest: number[];
  dryRun: number[];
  fix: number[];
  scrollDryRun: number;
  fixLarge: number[];
  frames: number[];
}

function entry(
  name: string,
  values: number[],
  limit: number | null,
  detail: string,
  pick: 'median' | 'p95' = 'median',
): Measurement {
  const timing = summarise(values);
  const sorted = [...values].sort((a, b) => a - b);
  const figure =
    pick === 'median'
      ? timing.median
      : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!;
  const value = round(figure, 1);
  return {
    name,
    value,
    unit: 'ms',
    target: limit === null ? 'recorded' : `≤ ${limit}`,
    met: limit === null ? null : value <= limit,
    median: round(timing.median, 1),
    min: round(timing.min, 1),
    max: round(timing.max, 1),
    baseline: null,
    detail,
  };
}

export async function appWaits(
  dir: string,
  rows: number,
  scrollRows: number,
  runs: number,
): Promise<Measurement[]> {
  // A folder of its own: written in the benchmark's folder, its referrals.xlsx replaced the full run's
  // 100,000-row one, and the report's peak-memory child, run after, measured this 5,000-row file.
  const files = join(dir, 'app');
  await mkdir(files, { recursive: true });
  await writeXlsx(join(files, 'referrals.xlsx'), rows);
  await writeCsv(join(files, 'scroll.csv'), scrollRows);
  await writeFile(join(files, 'mapping.json'), JSON.stringify(MAPPING));
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', join(here, 'children/app.ts'), files, String(runs), String(rows), String(scrollRows)],
    { encoding: 'utf8', maxBuffer: 1 << 24, timeout: 15 * 60_000 },
  );
  const timings = JSON.parse(stdout.trim().split('\n').pop()!) as AppTimings;
  const how = `browser mode in Chromium, connected to the built-in sandbox; median of ${runs}, from the person's action to the painted frame`;
  const both = timings.load.map((load, index) => load + timings.suggest[index]!);
  return [
    entry(`app: ${rows}-row XLSX chosen → sheet preview on screen`, timings.load, null, how),
    entry(
      `app: "Next: match columns" → suggested mapping on screen (${rows}-row XLSX)`,
      timings.suggest,
      null,
      how,
    ),
    entry(
      `app: ${rows}-row XLSX chosen → suggested mapping on screen (both waits, the click between aside)`,
      both,
      500,
      how,
    ),
    entry(`app: dry run of ${rows} rows → grid on screen`, timings.dryRun, 1000, `${how}; a live dry run`),
    entry(`app: inline fix re-checked and shown (${rows}-row file)`, timings.fix, 50, how),
    entry(`app: inline fix re-checked and shown (${scrollRows}-row file)`, timings.fixLarge, 50, how),
    entry(
      `app: ${scrollRows}-row grid scrolled top to bottom: frame time, median`,
      timings.frames,
      null,
      `${timings.frames.length} frames (${runs} scrolls of 120 steps, one per frame); the dry run took ${round(timings.scrollDryRun / 1000, 1)} s`,
    ),
    entry(
      `app: ${scrollRows}-row grid scrolled top to bottom: frame time, 95th percentile`,
      timings.frames,
      null,
      `${timings.frames.length} frames; headless Chromium without GPU`,
      'p95',
    ),
  ];
}
