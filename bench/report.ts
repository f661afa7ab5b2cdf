/** The results table, for the terminal and for docs/benchmarks.md. */
import type { Measurement } from './measure.ts';

export function table(measurements: readonly Measurement[]): string {
  const header = ['measurement', 'value', 'target', 'met', 'ours (median, min–max)', 'baseline'];
  const rows = measurements.map((entry) => [
    entry.name,
    `${entry.value} ${entry.unit}`,
    entry.target,
    entry.met === null ? '—' : entry.met ? 'yes' : 'NO',
    entry.unit === 'ratio' ? `${entry.median} s (${entry.min}–${entry.max})` : `${entry.median}`,
    entry.baseline === null ? '—' : entry.unit === 'ratio' ? `${entry.baseline} s` : `${entry.baseline}`,
  ]);
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`);
  return lines.join('\n');
}

const START = '<!-- bench:results:start -->';
const END = '<!-- bench:results:end -->';

/** docs/benchmarks.md with its results section replaced (the prose around it is kept). */
export function withResults(doc: string, section: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) return `${doc.trimEnd()}\n\n${START}\n${section}\n${END}\n`;
  return `${doc.slice(0, start + START.length)}\n${section}\n${doc.slice(end)}`;
}
