/**
 * The Python that edits workbooks the way a clerk's other programs do (openpyxl). `python3` on the PATH
 * may be a version manager's, without Debian's packages; Debian's own `/usr/bin/python3` has
 * python3-openpyxl once `.ci/run` installed it. Missing in both: tests say what to install, instead of
 * failing on a Python traceback.
 */
import { execFileSync } from 'node:child_process';

let found: string | null = null;

export function pythonWithOpenpyxl(): string {
  if (found) return found;
  for (const candidate of ['python3', '/usr/bin/python3']) {
    try {
      execFileSync(candidate, ['-c', 'import openpyxl'], { stdio: 'ignore' });
      found = candidate;
      return candidate;
    } catch {
      // Not this one: try the next.
    }
  }
  throw new Error(
    'These tests edit workbooks with openpyxl, which no python3 here has: apt-get install python3-openpyxl (.ci/run installs it)',
  );
}
