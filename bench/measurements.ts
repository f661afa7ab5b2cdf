/** The five measurements of issue 8, each returning its entries for results.json. */
import { execFile, spawn } from 'node:child_process';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startSandbox } from '../sandbox/index.ts';
import { MAPPING } from './layout.ts';
import { round, ratio, summarise, type Measurement } from './measure.ts';
import {
  exceljsRows,
  exceljsWrite,
  exportRequests,
  exportedGrid,
  papaparseRows,
  papaparseWrite,
  validBodies,
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
  /**
   * The benchmark's own resident memory when it started the child, recorded so that figures taken
   * with getrusage's maxRSS can be judged: at most this much of the parent was counted in them (its
   * anonymous part: 425 MB of a parent's 528 MB; children/peak-memory.ts).
   */
  parentRssMB: number;
}

/**
 * Starts a peak-memory child now; the promise settles when it ends. The child is compiled by esbuild,
 * as the CLI users run is (compiledChild): through tsx, the TypeScript compiler and the source it
 * loads took 50 MB of RSS before the first row (88 MB for an empty script, against 39 MB for Node
 * alone) and 35 MB more at the report child's peak, memory no user's command holds.
 */
export async function peakMemory(args: string[]): Promise<PeakMemory> {
  const child = await compiledChild('peak-memory');
  const parentRssMB = process.memoryUsage().rss / 2 ** 20;
  return new Promise((resolve, reject) => {
    const running = spawn(process.execPath, ['--enable-source-maps', child, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    running.stdout.on('data', (chunk) => (out += chunk));
    running.stderr.on('data', (chunk) => (err += chunk));
    running.on('error', reject);
    running.on('close', (code) => {
      if (code !== 0) reject(new Error(`peak-memory ${args.join(' ')} exited ${code}: ${err.trim()}`));
      else resolve({ ...(JSON.parse(out.trim()) as Omit<PeakMemory, 'parentRssMB'>), parentRssMB });
    });
  });
}

/**
 * The entry of a peak-memory child that read `rows` rows (or exported as many requests). A child that
 * saw another count measured another job than its name says, so the run stops rather than record it.
 */
export function memoryEntry(name: string, rows: number, result: PeakMemory): Measurement {
  if (result.rows !== rows)
    throw new Error(`peak-memory child for '${name}' read ${result.rows} rows, not ${rows}`);
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
    detail: `peak RSS of a child process; ${result.rows} rows in ${round(result.seconds, 1)} s; the benchmark held ${round(result.parentRssMB, 1)} MB as it started it (not counted)`,
  };
}

type ChildName = 'import' | 'http-floor' | 'peak-memory';

// Each child is built once per run: the two peak-memory children start together and share one build.
const builds = new Map<ChildName, Promise<string>>();

/**
 * A bench child compiled by esbuild, as the CLI users run is (bin/compiled-cli.mjs), not through tsx:
 * tsx compiled the modules the run loads late and mapped stacks through its hooks, ≈ 0.5 ms of CPU per
 * row that no user pays (the same import child: 2.82 ms through tsx, 2.35 ms compiled). Written under
 * node_modules/.cache so that its packages resolve as the CLI's do.
 */
function compiledChild(name: ChildName): Promise<string> {
  const known = builds.get(name);
  if (known) return known;
  const building = buildChild(name);
  builds.set(name, building);
  return building;
}

async function buildChild(name: ChildName): Promise<string> {
  const { build } = await import('esbuild');
  const outfile = join(here, `../node_modules/.cache/trackops-bulk-bench/${name}-child.mjs`);
  const { outputFiles } = await build({
    entryPoints: [join(here, `children/${name}.ts`)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    write: false,
  });
  // Each file renamed into place whole, the map first: two test files that start this child at the
  // same time (test/bench) build it both, and one's child must never run the other's half-written file.
  await mkdir(dirname(outfile), { recursive: true });
  const mapsFirst = [...outputFiles].sort(
    (a, b) => Number(b.path.endsWith('.map')) - Number(a.path.endsWith('.map')),
  );
  for (const file of mapsFirst) {
    const temporary = `${file.path}.${process.pid}.tmp`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
  }
  return outfile;
}

/** Concurrency of the import, as the CLI is told (`--concurrency`), and of the floor's senders. */
const IMPORT_CONCURRENCY = 8;

interface ImportRun {
  requests: number;
  throttled: number;
  created: number;
  wallSeconds: number;
  cpuSeconds: number;
}

/** One `trackops-bulk import` of the file, in a child, into a fresh sandbox limited to `limit`/s. */
async function importOnce(
  dir: string,
  child: string,
  csv: string,
  mapping: string,
  limit: number,
): Promise<ImportRun> {
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
      String(IMPORT_CONCURRENCY),
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
      env: {
        ...process.env,
        TRACKOPS_TOKEN: sandbox.token,
        // A data folder of its own for each run (its journal lists, run locks and zone memory): in the
        // machine's, an earlier run's sandbox that had this port is the same account to the CLI
        // (account-key.ts keeps a loopback port), and the benchmark's file the same content, so each
        // row's earlier create was looked up (found gone) before it was sent: one request more per row,
        // seen once as 3,931 requests for 1,960 rows.
        TRACKOPS_RUN_LOCKS: join(dir, `data-${Date.now()}`, 'run-locks'),
      },
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    const result = JSON.parse(stdout.trim()) as {
      wallSeconds: number;
      cpuSeconds: number;
      summary: { created: number };
    };
    const stats = sandbox.stats();
    return {
      requests: stats.requests,
      throttled: stats.throttled,
      created: result.summary.created,
      wallSeconds: result.wallSeconds,
      cpuSeconds: result.cpuSeconds,
    };
  } finally {
    await sandbox.close();
  }
}

/** The floor (children/http-floor.ts): the same creates by bare node:http, at the same pace. */
async function floorOnce(
  dir: string,
  child: string,
  bodies: string,
  limit: number,
): Promise<{ requests: number; cpuSeconds: number }> {
  const sandbox = await startSandbox({ port: 0, rate: limit });
  try {
    const args = [
      child,
      bodies,
      sandbox.baseUrl,
      sandbox.username,
      String(limit),
      String(IMPORT_CONCURRENCY),
      join(dir, `floor-${Date.now()}.jsonl`),
    ];
    const { stdout } = await promisify(execFile)(process.execPath, args, {
      env: { ...process.env, TRACKOPS_TOKEN: sandbox.token },
      encoding: 'utf8',
    });
    return JSON.parse(stdout.trim()) as { requests: number; cpuSeconds: number };
  } finally {
    await sandbox.close();
  }
}

/**
 * Import `rows` rows into a sandbox limited to `limit` requests/s, with the CLI's --rate at the limit,
 * `runs` times, each followed by the floor's run on the same bodies (alternating, so that a machine
 * getting busier or quieter weighs on both alike). Figures are medians over the runs.
 */
export async function importRate(
  dir: string,
  csv: string,
  rows: number,
  limit: number,
  runs: number,
): Promise<Measurement[]> {
  const mapping = join(dir, 'mapping.json');
  await writeFile(mapping, JSON.stringify(MAPPING));
  const bodies = join(dir, 'import-bodies.json');
  await writeFile(bodies, JSON.stringify(await validBodies(csv)));
  const [child, floorChild] = [await compiledChild('import'), await compiledChild('http-floor')];
  const ours: ImportRun[] = [];
  const floor: { requests: number; cpuSeconds: number }[] = [];
  for (let run = 0; run < runs; run++) {
    ours.push(await importOnce(dir, child, csv, mapping, limit));
    floor.push(await floorOnce(dir, floorChild, bodies, limit));
  }
  const shares = summarise(ours.map((run) => (run.requests / run.wallSeconds / limit) * 100));
  const achieved = summarise(ours.map((run) => run.requests / run.wallSeconds));
  const perRow = summarise(ours.map((run) => (run.cpuSeconds * 1000) / rows));
  const floorPerRow = summarise(floor.map((run) => (run.cpuSeconds * 1000) / rows));
  const throttled = Math.max(...ours.map((run) => run.throttled));
  // Every run sends the same file: its counts are the same in each.
  const first = ours[0]!;
  const floorRequests = floor[0]!.requests;
  return [
    {
      name: `import ${rows} rows into the sandbox limited to ${limit}/s: achieved rate`,
      value: round(shares.median, 1),
      unit: '% of limit',
      target: '≥ 90',
      met: shares.median >= 90,
      median: round(achieved.median, 1),
      min: round(achieved.min, 1),
      max: round(achieved.max, 1),
      baseline: limit,
      detail: `${first.requests} requests (${first.created} creates) a run, ${runs} runs; median wall ${round(summarise(ours.map((run) => run.wallSeconds)).median, 2)} s`,
    },
    {
      name: `import ${rows} rows: 429 answers`,
      value: throttled,
      unit: 'answers',
      target: '= 0',
      met: throttled === 0,
      median: throttled,
      min: Math.min(...ours.map((run) => run.throttled)),
      max: throttled,
      baseline: null,
      detail: `most in any of ${runs} runs`,
    },
    {
      name: `import ${rows} rows: the engine's CPU time per row`,
      value: round(perRow.median, 3),
      unit: 'ms/row',
      target: `≤ ${CPU_PER_ROW_LIMIT_MS}`,
      met: perRow.median <= CPU_PER_ROW_LIMIT_MS,
      median: round(perRow.median, 3),
      min: round(perRow.min, 3),
      max: round(perRow.max, 3),
      baseline: round(floorPerRow.median, 3),
      detail:
        `CPU of the importing process (reading, validation, pacing, HTTP, journal), sandbox excluded, median of ${runs} runs. ` +
        `Baseline: Node's floor, the same ${floorRequests} creates sent by bare node:http at the same pace with the same O_DSYNC journal lines (bench/children/http-floor.ts), ` +
        `${round(floorPerRow.min, 3)}–${round(floorPerRow.max, 3)} ms/row`,
    },
  ];
}
