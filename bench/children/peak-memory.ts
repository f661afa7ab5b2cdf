/**
 * Run in a child process so that its peak RSS is the job's own: `validate FILE`, `report FILE OUT.xlsx`
 * (validate with an Excel report) or `export N PATH`.
 * Prints one JSON line: {"rows", "seconds", "maxRssMB"}.
 */
import { exportRequests, validateFile, validateWithReport } from '../pipelines.ts';

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
// maxRSS is in kilobytes.
const maxRssMB = process.resourceUsage().maxRSS / 1024;
process.stdout.write(JSON.stringify({ rows, seconds, maxRssMB }) + '\n');
