/** Repeated timing and the shape of bench/results.json (issue 8). */
import os from 'node:os';

export interface Measurement {
  name: string;
  /** The figure judged against the target (a ratio, megabytes, a share of the limit…). */
  value: number;
  unit: string;
  /** Human-readable target, e.g. "≤ 3". */
  target: string;
  /** null where the issue asks for a figure without a target (CPU time per row). */
  met: boolean | null;
  /** Of our own runs (seconds, or the measured unit for single-run figures). */
  median: number;
  min: number;
  max: number;
  /** The baseline's median in the same run on the same data (null when the target is absolute). */
  baseline: number | null;
  /** Anything a reader needs to interpret the figure. */
  detail?: string;
}

export interface Timing {
  median: number;
  min: number;
  max: number;
  runs: number[];
}

/** Runs `job` `runs` times (after one untimed warm-up when asked) and returns seconds. */
export async function time(job: () => Promise<unknown>, runs: number, warmUp = false): Promise<Timing> {
  if (warmUp) await job();
  const seconds: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    await job();
    seconds.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  return summarise(seconds);
}

export function summarise(values: number[]): Timing {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: values };
}

/**
 * A ratio of our time to the baseline's. Runs alternate ours/baseline so that a noisy neighbour
 * slows both alike; the judged value is the ratio of medians.
 */
export async function ratio(
  name: string,
  ours: () => Promise<unknown>,
  baseline: () => Promise<unknown>,
  runs: number,
  limit: number,
  detail?: string,
): Promise<Measurement> {
  // No warm-up pass: at these sizes the first run's JIT cost is small, and the full run must fit in 10 min.
  const mine: number[] = [];
  const theirs: number[] = [];
  for (let run = 0; run < runs; run++) {
    mine.push((await time(ours, 1)).median);
    theirs.push((await time(baseline, 1)).median);
  }
  const a = summarise(mine);
  const b = summarise(theirs);
  const value = round(a.median / b.median, 2);
  return {
    name,
    value,
    unit: 'ratio',
    target: `≤ ${limit}`,
    met: value <= limit,
    median: round(a.median, 3),
    min: round(a.min, 3),
    max: round(a.max, 3),
    baseline: round(b.median, 3),
    ...(detail ? { detail } : {}),
  };
}

export interface Machine {
  node: string;
  platform: string;
  arch: string;
  cpus: number;
  cpuModel: string;
  memoryGB: number;
  loadAverage: number[];
  date: string;
}

export function machine(): Machine {
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGB: round(os.totalmem() / 2 ** 30, 1),
    loadAverage: os.loadavg().map((load) => round(load, 2)),
    date: new Date().toISOString(),
  };
}

export function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
