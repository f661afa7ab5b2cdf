/**
 * The test process's one Python (run-python.ts) runs a script as a separate `python -c` would: the
 * files it writes are byte for byte the same (a CSV by the csv module, a workbook by openpyxl), it sees
 * the same sys.argv, working folder, environment and stdin, each script starts from a fresh __main__,
 * and a failing, crashing or endless script comes back as an error instead of hanging the test. The
 * interpreter ends with the test process that started it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { pythonForScripts, runPython, runPythonAsync, runPythonFile } from './run-python.ts';

const dir = mkdtempSync(join(tmpdir(), 'run-python-'));

/** The same script both ways: a separate process, and this process's one Python. */
function bothWays(script: string, name: string, args: string[] = []): { separate: Buffer; shared: Buffer } {
  const separate = join(dir, `separate-${name}`);
  const shared = join(dir, `shared-${name}`);
  execFileSync(pythonForScripts(), ['-c', script, separate, ...args]);
  runPython(script, [shared, ...args]);
  return { separate: readFileSync(separate), shared: readFileSync(shared) };
}

const ROWS = [
  ['Claim #', 'Notes', 'Amount'],
  ['CL-1', 'said "no", twice', '1,200.50'],
  ['CL-2', 'two\nlines', ''],
  ['CL-3', 'Müller ✓ 東京', ' 7 '],
];

describe("one Python for the test process's scripts", () => {
  it('writes the same CSV bytes as a separate python3 -c with the csv module', () => {
    const script =
      'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="",encoding="utf-8")).writerows(json.loads(sys.argv[2]))';
    const { separate, shared } = bothWays(script, 'rows.csv', [JSON.stringify(ROWS)]);
    expect(separate.length).toBeGreaterThan(0);
    expect(shared.equals(separate)).toBe(true);
  });

  it('writes the same workbook parts as a separate python3 -c with openpyxl', async () => {
    // The zip's own entry times are the second each was written; the parts inside are what openpyxl
    // made. The document's created/modified times are fixed so that core.xml compares too.
    const script = `import datetime, json, sys
from openpyxl import Workbook
from openpyxl.styles import Font
book = Workbook()
sheet = book.active
sheet.title = "Referrals"
for row in json.loads(sys.argv[2]):
    sheet.append(row)
sheet["D2"] = datetime.date(2026, 4, 5)
sheet["D2"].number_format = "yyyy-mm-dd"
sheet["E2"] = 1200.5
sheet["A1"].font = Font(bold=True)
other = book.create_sheet("Second")
other["A1"] = "=SUM(Referrals!E2:E3)"
when = datetime.datetime(2026, 1, 2, 3, 4, 5)
book.properties.created = when
book.properties.modified = when
book.save(sys.argv[1])
`;
    const { separate, shared } = bothWays(script, 'book.xlsx', [JSON.stringify(ROWS)]);
    const parts = async (bytes: Buffer) => {
      const zip = await JSZip.loadAsync(bytes);
      const names = Object.keys(zip.files).sort();
      return Object.fromEntries(
        await Promise.all(names.map(async (name) => [name, await zip.files[name]!.async('base64')] as const)),
      );
    };
    const separateParts = await parts(separate);
    expect(Object.keys(separateParts)).toContain('xl/worksheets/sheet1.xml');
    expect(await parts(shared)).toEqual(separateParts);
  });

  it('gives the script the argv, working folder, environment and stdin a separate process has', () => {
    const script =
      'import os,sys\nprint(sys.argv, os.getcwd(), os.environ.get("RUN_PYTHON_PROBE"), sys.stdin.read())';
    const options = { cwd: dir, env: { ...process.env, RUN_PYTHON_PROBE: 'Zoë' }, input: 'from stdin' };
    const args = ['a b', 'ü', ''];
    const separate = execFileSync(pythonForScripts(), ['-c', script, ...args], options);
    const shared = runPython(script, args, options);
    expect(Buffer.isBuffer(shared)).toBe(true);
    expect(shared.toString('utf8')).toBe(separate.toString('utf8'));
    expect(runPython(script, args, { ...options, encoding: 'utf8' })).toBe(separate.toString('utf8'));
  });

  it('runs a script file with its own argv[0] and __file__, as python FILE would', () => {
    const file = join(dir, 'probe.py');
    execFileSync(pythonForScripts(), [
      '-c',
      'import sys\nopen(sys.argv[1], "w").write("import sys\\nprint(sys.argv, __file__)\\n")',
      file,
    ]);
    const separate = execFileSync(pythonForScripts(), [file, 'x'], { encoding: 'utf8' });
    expect(runPythonFile(file, ['x'], { encoding: 'utf8' })).toBe(separate);
  });

  it('starts each script from a fresh __main__ and restores the folder and environment after it', () => {
    runPython('import os\nleft_behind = 1\nos.chdir("/")\nos.environ["RUN_PYTHON_LEAK"] = "1"', [], {
      cwd: dir,
    });
    // sys.modules['__main__'] is the script's own module, as dataclasses, pickle and typing expect.
    const seen = runPython(
      'import os, sys\nprint("left_behind" in globals(), os.getcwd(), os.environ.get("RUN_PYTHON_LEAK"), sys.modules["__main__"].__dict__ is globals())',
      [],
      { cwd: dir, encoding: 'utf8' },
    );
    expect(seen).toBe(`False ${dir} None True\n`);
  });

  it('finds the temporary folder from TMPDIR afresh for each script, as a new process does', () => {
    // openpyxl writes each sheet through a temporary file; the tests' setup gives each file its own
    // TMPDIR, deleted after it, so a folder remembered from an earlier file no longer exists.
    const script = 'import tempfile\nprint(tempfile.gettempdir())';
    const first = mkdtempSync(join(dir, 'tmp-a-'));
    const second = mkdtempSync(join(dir, 'tmp-b-'));
    const asked = (tmp: string) =>
      runPython(script, [], { env: { ...process.env, TMPDIR: tmp }, encoding: 'utf8' });
    expect(asked(first)).toBe(`${first}\n`);
    expect(asked(second)).toBe(`${second}\n`);
  });

  it('has a file the script left open written whole when the call returns', () => {
    const file = join(dir, 'left-open.txt');
    runPython('import sys\nf = open(sys.argv[1], "w")\nf.write("x" * 100000)', [file]);
    expect(readFileSync(file, 'utf8')).toBe('x'.repeat(100000));
  });

  it("throws a failing script's traceback and exit status, as execFileSync does", () => {
    const script = 'def fail():\n    raise ValueError("no such sheet")\nfail()';
    let separate: { status?: number; stderr?: Buffer } = {};
    try {
      execFileSync(pythonForScripts(), ['-c', script], { stdio: 'pipe' });
    } catch (error) {
      separate = error as typeof separate;
    }
    expect(() => runPython(script)).toThrow(separate.stderr!.toString('utf8'));
    expect(() => runPython(script)).toThrow(expect.objectContaining({ status: separate.status }));
    expect(() => runPython('import sys; sys.exit(3)')).toThrow(expect.objectContaining({ status: 3 }));
    expect(() => runPython('import sys; sys.exit("cannot read it")')).toThrow(/cannot read it/);
    expect(runPython('import sys; print("ok"); sys.exit(0)', [], { encoding: 'utf8' })).toBe('ok\n');
  });

  it('comes back with an error when Python itself dies or runs over its timeout, and the next script runs', () => {
    expect(() => runPython('import os; os._exit(9)')).toThrow(
      /ended while running the script \(exit status 9\)/,
    );
    expect(() => runPython('while True: pass', [], { timeout: 300 })).toThrow(/ran over its 300 ms/);
    expect(runPython('print("still here")', [], { encoding: 'utf8' })).toBe('still here\n');
  });

  it('answers the async form as promisified execFile does: stdout and stderr as text', async () => {
    const answer = await runPythonAsync('import sys\nprint(sys.argv[1])\nprint("note", file=sys.stderr)', [
      'é',
    ]);
    expect(answer).toEqual({ stdout: 'é\n', stderr: 'note\n' });
    await expect(runPythonAsync('raise SystemExit(2)')).rejects.toThrow(
      expect.objectContaining({ status: 2 }),
    );
  });

  it('ends its Python when the test process ends', async () => {
    // A process of its own that runs a script (which says its Python's pid) and ends.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { runPython } from ${JSON.stringify(new URL('./run-python.ts', import.meta.url).pathname)};
process.stdout.write(runPython('import os; print(os.getpid())', [], { encoding: 'utf8' }));`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const pid = Number(out.trim());
    expect(pid).toBeGreaterThan(0);
    // Python reads the end of its pipe and exits: wait for that (the test's timeout bounds the wait).
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    while (alive()) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(alive()).toBe(false);
  });
});
