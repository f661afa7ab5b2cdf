/**
 * The Python that edits workbooks the way a clerk's other programs do (openpyxl). `python3` on the PATH
 * may be a version manager's, without Debian's packages; Debian's own `/usr/bin/python3` has
 * python3-openpyxl once `.ci/run` installed it. Missing in both: tests say what to install, instead of
 * failing on a Python traceback. Tests run their scripts with run-python.ts, in one of these started
 * once per test process.
 */
import { execFileSync } from 'node:child_process';
import { runPython } from './run-python.ts';

let onPath: string | null = null;

/**
 * `python3` on the PATH, as the interpreter it starts: a version manager's `python3` is a shim (pyenv's
 * is a shell script that asks pyenv which Python to run) costing ≈ 0.16 s of CPU a start, where the
 * interpreter itself takes ≈ 0.02 s. The same interpreter either way; the shim is asked once per process.
 */
export function python3(): string {
  onPath ??=
    execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim() ||
    'python3';
  return onPath;
}

let found: string | null = null;

export function pythonWithOpenpyxl(): string {
  if (found) return found;
  for (const candidate of [python3(), '/usr/bin/python3']) {
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

/** A CSV written by Python's csv module (as a clerk's other programs write one), in UTF-8: its path. */
export function writeCsvByPython(path: string, rows: string[][]): string {
  const script =
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="",encoding="utf-8")).writerows(json.loads(sys.argv[2]))';
  runPython(script, [path, JSON.stringify(rows)]);
  return path;
}
