/**
 * Journals written by format version 1 (before sequence numbers and checksums): read as version 1 read
 * them, so that a run interrupted before an upgrade can still be finished (STYLE: on-disk formats carry a
 * version; migrations live in core). journal.ts then rewrites the file as the current version.
 *
 * Why convert rather than refuse: refusing would strand a clerk mid-run with rows in doubt. Version 1 lines
 * carry nothing to check them by, so a damaged version-1 journal cannot be detected; that is made safe
 * elsewhere: a resumed run looks in Trackops, before sending, for every create its journal does not
 * account for (resume-sweep.ts), so a lost line costs a lookup, never a duplicate.
 */
import { InputError } from '../errors.ts';
import type { IntentLine, JournalHeader, OutcomeLine } from './journal-types.ts';

export function readVersion1(
  path: string,
  text: string,
): { header: JournalHeader; lines: (IntentLine | OutcomeLine)[] } {
  const [first = '', ...rest] = text.split('\n');
  const header = parse(first) as JournalHeader | null;
  if (!header || header.type !== 'header' || header.version !== 1) {
    throw new InputError(
      'journal_unreadable',
      `journal ${path} does not start with a trackops-bulk journal header`,
    );
  }
  const lines: (IntentLine | OutcomeLine)[] = [];
  for (const line of rest) {
    // Version 1 tolerated torn lines (a killed write, then a line break added on resume): skip them.
    const value = parse(line) as IntentLine | OutcomeLine | null;
    if (value && (value.type === 'intent' || value.type === 'outcome')) lines.push(value);
  }
  return { header, lines };
}

function parse(text: string): unknown {
  if (!text.trim()) return null;
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? value : null;
  } catch {
    return null;
  }
}
