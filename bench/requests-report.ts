/**
 * The requests-per-row figures (issue 13) in docs/benchmarks.md: their own section between their own
 * markers, so a run of only these (`npm run bench -- --requests`) leaves the speed figures as they were.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { Machine, Measurement } from './measure.ts';
import type { RequestSizes } from './requests-per-row.ts';
import { table } from './report.ts';

export const REQUESTS_SECTION = 'requests per row';

const START = '<!-- bench:requests:start -->';
const END = '<!-- bench:requests:end -->';

/** The full run: the 50 and 50,000 requests; the quick run a large account of 5,000 (it says so). */
export function requestSizes(quick: boolean): RequestSizes {
  return quick
    ? { smallAccount: 50, largeAccount: 5_000, largeRows: 100 }
    : { smallAccount: 50, largeAccount: 50_000, largeRows: 200 };
}

export async function withRequestResults(measurements: Measurement[], machine: Machine): Promise<void> {
  const docsPath = new URL('../docs/benchmarks.md', import.meta.url).pathname;
  const doc = await readFile(docsPath, 'utf8');
  const section = `Last run: ${machine.date}, Node ${machine.node}; counted by the sandbox.\n\n${table(measurements)}`;
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  const next =
    start < 0 || end < start
      ? `${doc.trimEnd()}\n\n${START}\n${section}\n${END}\n`
      : `${doc.slice(0, start + START.length)}\n${section}\n${doc.slice(end)}`;
  if (next !== doc) await writeFile(docsPath, next);
}
