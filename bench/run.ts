/**
 * `npm run bench` (issue 8): speed and memory against the libraries' own limits, as ratios to a baseline
 * measured in the same run on the same data (these machines are shared and noisy). Prints a table,
 * writes bench/results.json and, for a full run, the results section of docs/benchmarks.md.
 *
 *   npm run bench                   100k-row ratios, 1M-row memory, 2,000-row import, CLI starts, the
 *                                   app in Chromium (≈ 15 minutes on a busy 2-core machine)
 *   npm run bench -- --quick        the same measurements on small data (≈ a minute)
 *   npm run bench -- --smoke        every measurement once, on the least data that still exercises it
 *                                   (its figures mean nothing; the test suite runs it)
 *   npm run bench -- --out FILE     results elsewhere (the quick test writes to a temp folder)
 *   npm run bench -- --requests     only the requests per row (issue 13), with their docs section
 *   npm run bench -- --app          only the app's waits in Chromium (issue 13), printed, not written
 *   npm run bench -- --generate N --format csv|xlsx --to FILE   only write a referral file
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeCsv, writeXlsx } from './generate.ts';
import { machine, type Measurement } from './measure.ts';
import { exportRatios, importRate, memoryEntry, peakMemory, readingRatios } from './measurements.ts';
import { table, withResults } from './report.ts';
import { requestsPerRow } from './requests-per-row.ts';
import { REQUESTS_SECTION, requestSizes, withRequestResults } from './requests-report.ts';
import { cliStartup } from './cli-startup.ts';
import { appWaits } from './app-waits.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    smoke: { type: 'boolean' },
    out: { type: 'string' },
    'no-docs': { type: 'boolean' },
    generate: { type: 'string' },
    format: { type: 'string' },
    to: { type: 'string' },
    requests: { type: 'boolean' },
    app: { type: 'boolean' },
  },
});

if (values.generate) {
  const count = Number(values.generate.replace(/k$/i, '000').replace(/m$/i, '000000'));
  if (!values.to || !Number.isInteger(count) || count < 1) {
    throw new Error('bench --generate N (e.g. 10k, 100k, 1m) --format csv|xlsx --to FILE');
  }
  await (values.format === 'xlsx' ? writeXlsx : writeCsv)(values.to, count);
  process.stdout.write(`wrote ${count} rows to ${values.to}\n`);
  process.exit(0);
}

// --smoke is --quick on still less data, one run of each: test/bench/quick.test.ts checks that every
// measurement runs and is written, which the sizes do not change, and --quick's data took that test
// 127 s of a loaded CI run (most of it CPU the other test files waited for).
const smoke = values.smoke === true;
const quick = smoke || values.quick === true;
const size = smoke
  ? { rows: 300, exportRows: 200, memoryRows: 2_000, importRows: 60, importRuns: 1, runs: 1 }
  : quick
    ? { rows: 3_000, exportRows: 2_000, memoryRows: 20_000, importRows: 300, importRuns: 1, runs: 3 }
    : {
        rows: 100_000,
        exportRows: 100_000,
        memoryRows: 1_000_000,
        importRows: 2_000,
        importRuns: 3,
        runs: 3,
      };
// Issue 13: the app's waits (median of 5 in a full run) and each CLI command's start.
const app = smoke
  ? { rows: 50, scrollRows: 200, runs: 1, cliRuns: 1 }
  : quick
    ? { rows: 300, scrollRows: 2_000, runs: 1, cliRuns: 1 }
    : { rows: 5_000, scrollRows: 100_000, runs: 5, cliRuns: 5 };
const IMPORT_LIMIT = 200;
const began = Date.now();
const log = (text: string) =>
  process.stderr.write(`[${((Date.now() - began) / 1000).toFixed(0)} s] ${text}\n`);

const dir = await mkdtemp(join(tmpdir(), 'trackops-bench-'));
if (values.app) {
  // Issue 13 point 3 alone (--quick: under a minute): a table, nothing written.
  try {
    const waits = await appWaits(dir, app.rows, app.scrollRows, app.runs);
    process.stdout.write(`${table(waits)}\n`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  process.exit(0);
}
if (values.requests) {
  // Issue 13: requests per row only; results.json holds just these, and their own docs section.
  try {
    const sizes = requestSizes(quick);
    log(`requests per row on accounts of ${sizes.smallAccount} and ${sizes.largeAccount} requests`);
    const measurements = await requestsPerRow(dir, sizes);
    const results = {
      machine: { ...machine(), quick, seconds: Math.round((Date.now() - began) / 1000) },
      measurements,
    };
    const out = values.out ?? new URL('results.json', import.meta.url).pathname;
    await writeFile(out, JSON.stringify(results, null, 2) + '\n');
    process.stdout.write(`${table(measurements)}\n\nresults written to ${out}\n`);
    if (!quick && !values['no-docs']) await withRequestResults(measurements, results.machine);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  process.exit(0);
}
try {
  log(`generating referral files in ${dir}`);
  const csv = join(dir, 'referrals.csv');
  const xlsx = join(dir, 'referrals.xlsx');
  const bigCsv = join(dir, 'referrals-big.csv');
  const importCsv = join(dir, 'import.csv');
  await writeCsv(csv, size.rows);
  await writeXlsx(xlsx, size.rows);
  await writeCsv(bigCsv, size.memoryRows);
  await writeCsv(importCsv, size.importRows);

  const measurements: Measurement[] = [];
  log(`reading ratios on ${size.rows} rows, ${size.runs} runs each`);
  measurements.push(...(await readingRatios(csv, xlsx, size.rows, size.runs)));
  log(`export ratios on ${size.exportRows} requests, ${size.runs} runs each`);
  measurements.push(...(await exportRatios(dir, size.exportRows, size.runs)));
  log(
    `import of ${size.importRows} rows into the sandbox at ${IMPORT_LIMIT}/s, ${size.importRuns} runs, each with Node's floor`,
  );
  measurements.push(...(await importRate(dir, importCsv, size.importRows, IMPORT_LIMIT, size.importRuns)));
  const requestSize = requestSizes(quick);
  log(
    `${REQUESTS_SECTION}: accounts of ${requestSize.smallAccount} and ${requestSize.largeAccount} requests`,
  );
  const requests = await requestsPerRow(dir, requestSize);
  measurements.push(...requests);
  log(`CLI start to first output, ${app.cliRuns} runs per command`);
  measurements.push(...(await cliStartup(app.cliRuns)));
  log(`the app in Chromium: a ${app.rows}-row XLSX and a ${app.scrollRows}-row grid, ${app.runs} runs`);
  measurements.push(...(await appWaits(dir, app.rows, app.scrollRows, app.runs)));
  // The two peak-memory children run together, after everything timed: only their peak RSS is judged,
  // which sharing the CPU does not change. Run beside the timed work they skewed the ratios (a child
  // starting or ending mid-run, 3× on the CSV ratio) and halved the import rate; run one after the
  // other they took the full run past 10 minutes on 2 cores.
  log(
    `peak-memory children started: validate ${size.memoryRows} CSV rows, export ${size.memoryRows} requests to XLSX`,
  );
  const validateMemory = peakMemory(['validate', bigCsv]);
  const exportMemory = peakMemory(['export', String(size.memoryRows), join(dir, 'memory-export.xlsx')]);
  validateMemory.catch(() => {});
  exportMemory.catch(() => {});

  log('waiting for the peak-memory children');
  measurements.push(
    memoryEntry(
      `peak memory: validate ${size.memoryRows} rows of CSV`,
      size.memoryRows,
      await validateMemory,
    ),
  );
  measurements.push(
    memoryEntry(
      `peak memory: export ${size.memoryRows} requests to XLSX`,
      size.memoryRows,
      await exportMemory,
    ),
  );
  // Explore 61 item 2: an Excel report of an Excel source held the whole workbook (2.9 GB for 20,000
  // rows × 120 columns); past its copy limit it is streamed. Started after the two above finish, so
  // three children never share the 2 cores at once.
  log(`peak-memory child: validate ${size.rows} XLSX rows with an XLSX report`);
  measurements.push(
    memoryEntry(
      `peak memory: validate ${size.rows} rows of XLSX with an XLSX report`,
      size.rows,
      await peakMemory(['report', xlsx, join(dir, 'memory-report.xlsx')]),
    ),
  );

  const results = {
    machine: { ...machine(), quick, smoke, seconds: Math.round((Date.now() - began) / 1000) },
    measurements,
  };
  const out = values.out ?? new URL('results.json', import.meta.url).pathname;
  await writeFile(out, JSON.stringify(results, null, 2) + '\n');
  const rendered = table(measurements);
  process.stdout.write(`${rendered}\n\nresults written to ${out} (${results.machine.seconds} s)\n`);
  if (!quick && !values['no-docs']) {
    const docsPath = new URL('../docs/benchmarks.md', import.meta.url).pathname;
    const doc = await readFile(docsPath, 'utf8').catch(() => '# Benchmarks\n');
    const m = results.machine;
    const section = `Last full run: ${m.date}, Node ${m.node}, ${m.cpus} × ${m.cpuModel}, ${m.memoryGB} GB, load ${String(m.loadAverage)}; ${m.seconds} s.\n\n${rendered}`;
    const next = withResults(doc, section);
    if (next !== doc) await writeFile(docsPath, next);
    await withRequestResults(requests, results.machine);
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
