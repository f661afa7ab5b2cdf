/**
 * Run in a child process so that its peak RSS is the job's own: `validate FILE`, `report FILE OUT.xlsx`
 * (validate with an Excel report) or `export N PATH`.
 * Prints one JSON line: {"rows", "seconds", "maxRssMB"}.
 */
import { readFileSync } from 'node:fs';
import { exportRequests, validateFile, validateWithReport } from '../pipelines.ts';

/**
 * This process's peak resident memory since it started, in MB: Linux's VmHWM of the address space exec
 * gave it. Not getrusage's maxRSS, which on Linux keeps the high-water mark of the address space exec
 * replaced, i.e. the copy of the benchmark's parent that spawn forked: validating 200 rows reported
 * 411 MB from a parent holding 400 MB (test/bench/peak-memory-child.test.ts). Without /proc, maxRSS.
 */
function peakRssMB(): number {
  try {
    const kilobytes = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kilobytes !== undefined) return Number(kilobytes) / 1024;
  } catch {
    // No /proc: not Linux.
  }
  // maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS / 1024;
}

const [job, first, second] = process.argv.slice(2);
const started = process.hrtime.bigint();
const rows =
  job === 'validate'
    ? await validateFile(first!)
    : job === 'report'
      ? await validateWithReport(first!, second!)
      : job === 'export'
        ? await exportRequests(Number(first), 'xlsx', second!)
        : Number.NaN;
if (Number.isNaN(rows))
  throw new Error(`peak-memory: unknown job '${job}' (validate FILE | report FILE OUT.xlsx | export N PATH)`);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const maxRssMB = peakRssMB();
process.stdout.write(JSON.stringify({ rows, seconds, maxRssMB }) + '\n');
