/** The five measurements of issue 8, each returning its entries for results.json. */
import { execFile, spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startSandbox } from '../sandbox/index.ts';
import { MAPPING } from './layout.ts';
import { round, ratio, type Measurement } from './measure.ts';
import {
  exceljsRows,
  exceljsWrite,
  exportRequests,
  exportedGrid,
  papaparseRows,
  papaparseWrite,
  validateFile,
} from './pipelines.ts';

const here = new URL('.', import.meta.url).pathname;
/** Issue 13: ≤ 300 MB (issue 8 had asked < 400). */
const MEMORY_LIMIT_MB = 300;
/** Issue 13: the import engine's own CPU per row. */
const CPU_PER_ROW_LIMIT_MS = 1;

export async function readingRatios(
  csv: string,
  xlsx: string,
  rows: number,
  runs: number,
): Promise<Measurement[]> {
  return [
    await ratio(
      `read + map + validate ${rows} rows of CSV vs papaparse alone`,
      () => validateFile(csv),
      () => papaparseRows(csv),
      runs,
      2,
    ),
    await ratio(
      `read + map + validate ${rows} rows of XLSX vs exceljs's streaming reader alone`,
      () => validateFile(xlsx),
      () => exceljsRows(xlsx),
      runs,
      0.6,
    ),
  ];
}

export async function exportRatios(dir: string, rows: number, runs: number): Promise<Measurement[]> {
  const csv = join(dir, 'export.csv');
  await exportRequests(rows, 'csv', csv);
  const grid = await exportedGrid(csv);
  const columns = grid[0]?.length ?? 0;
  const detail = `${columns} columns (report preset), requests from an in-memory API`;
  const xlsx = await ratio(
    `export ${rows} requests to XLSX vs exceljs's streaming writer alone (same grid)`,
    () => exportRequests(rows, 'xlsx', join(dir, 'ours.xlsx')),
    () => exceljsWrite(grid, join(dir, 'baseline.xlsx')),
    runs,
    1.5,
    detail,
  );
  const csvRatio = await ratio(
    `export ${rows} requests to CSV vs papaparse's unparse (same grid)`,
    () => exportRequests(rows, 'csv', join(dir, 'ours.csv')),
    () => papaparseWrite(grid, join(dir, 'baseline.csv')),
    runs,
    1.5,
    detail,
  );
  return [xlsx, csvRatio];
}

interface PeakMemory {
  rows: number;
  seconds: number;
  maxRssMB: number;
}

/** Starts a peak-memory child now; the promise settles when it ends. */
export function peakMemory(args: string[]): Promise<PeakMemory> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'children/peak-memory.ts'), ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.stderr.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`peak-memory ${args.join(' ')} exited ${code}: ${err.trim()}`));
      else resolve(JSON.parse(out.trim()) as PeakMemory);
    });
  });
}

export function memoryEntry(name: string, result: PeakMemory): Measurement {
  const value = round(result.maxRssMB, 1);
  return {
    name,
    value,
    unit: 'MB',
    target: `≤ ${MEMORY_LIMIT_MB}`,
    met: value <= MEMORY_LIMIT_MB,
    median: value,
    min: value,
    max: value,
    baseline: null,
    detail: `peak RSS of a child process; ${result.rows} rows in ${round(result.seconds, 1)} s`,
  };
}

/**
 * The import child compiled by esbuild, as the CLI users run is (bin/compiled-cli.mjs), not through tsx:
 * tsx compiled the modules the run loads late and mapped stacks through its hooks, ≈ 0.5 ms of CPU per
 * row that no user pays (the same child: 2.82 ms through tsx, 2.35 ms compiled). Written under
 * node_modules/.cache so that its packages resolve as the CLI's do.
 */
async function compiledImportChild(): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(here, '../node_modules/.cache/trackops-bulk-bench/import-child.mjs');
  await build({
    entryPoints: [join(here, 'children/import.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  });
  return outfile;
}

/** Import `rows` rows into a sandbox limited to `limit` requests/s, with the CLI's --rate at the limit. */
export async function importRate(
  dir: string,
  csv: string,
  rows: number,
  limit: number,
): Promise<Measurement[]> {
  const mapping = join(dir, 'mapping.json');
  await writeFile(mapping, JSON.stringify(MAPPING));
  const child = await compiledImportChild();
  const sandbox = await startSandbox({ port: 0, rate: limit });
  try {
    // TRACKOPS_BENCH_PROFILE=DIR writes the child's CPU profile there (docs/benchmarks.md, "Profiles").
    const profile = process.env.TRACKOPS_BENCH_PROFILE;
    const args = [
      '--enable-source-maps',
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      child,
      csv,
      '--mapping',
      mapping,
      '--rate',
      `${limit}/s`,
      '--concurrency',
      '8',
      '--json',
      '--url',
      sandbox.baseUrl,
      '--user',
      sandbox.username,
      '--journal',
      join(dir, `import-${Date.now()}.journal.jsonl`),
    ];
    // Asynchronously: the sandbox answers from this process's event loop.
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      env: { ...process.env, TRACKOPS_TOKEN: sandbox.token },
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    const result = JSON.parse(stdout.trim()) as {
      wallSeconds: number;
      cpuSeconds: number;
      summary: { created: number; requests: number };
    };
    const stats = sandbox.stats();
    const achieved = stats.requests / result.wallSeconds;
    const share = round((achieved / limit) * 100, 1);
    const perRowMs = round((result.cpuSeconds * 1000) / rows, 3);
    const detail = `${stats.requests} requests (${result.summary.created} creates) in ${round(result.wallSeconds, 2)} s`;
    return [
      {
        name: `import ${rows} rows into the sandbox limited to ${limit}/s: achieved rate`,
        value: share,
        unit: '% of limit',
        target: '≥ 90',
        met: share >= 90,
        median: round(achieved, 1),
        min: round(achieved, 1),
        max: round(achieved, 1),
        baseline: limit,
        detail,
      },
      {
        name: `import ${rows} rows: 429 answers`,
        value: stats.throttled,
        unit: 'answers',
        target: '= 0',
        met: stats.throttled === 0,
        median: stats.throttled,
        min: stats.throttled,
        max: stats.throttled,
        baseline: null,
      },
      {
        name: `import ${rows} rows: the engine's CPU time per row`,
        value: perRowMs,
        unit: 'ms/row',
        target: `≤ ${CPU_PER_ROW_LIMIT_MS}`,
        met: perRowMs <= CPU_PER_ROW_LIMIT_MS,
        median: perRowMs,
        min: perRowMs,
        max: perRowMs,
        baseline: null,
        detail: `${round(result.cpuSeconds, 2)} CPU s in the importing process (reading, validation, pacing, HTTP, journal), sandbox excluded`,
      },
    ];
  } finally {
    await sandbox.close();
  }
}
