// `npm run demo` is the README's first command: it must run the whole job on the built-in sandbox
// and leave every file it announces, with the results samples/README.md promises.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = new URL('../../bin/trackops-bulk.mjs', import.meta.url).pathname;

describe('trackops-bulk demo', () => {
  it('dry-runs, imports and exports the samples on the built-in sandbox', { timeout: 90_000 }, async () => {
    const cwd = await mkdtemp(join(tmpdir(), 'demo-'));
    const { stdout } = await run(process.execPath, [bin, 'demo'], {
      cwd,
      env: { ...process.env, TRACKOPS_TOKEN: '' },
    });
    const outDir = join(cwd, 'demo-output');
    for (const name of [
      'dry-run-report.xlsx',
      'dry-run-report.json',
      'import-results.xlsx',
      'requests-since-october.xlsx',
      'requests-since-october.csv',
      'round-trip.xlsx',
    ]) {
      expect((await stat(join(outDir, name))).size, name).toBeGreaterThan(0);
      expect(stdout).toContain(join('demo-output', name));
    }
    const report = JSON.parse(await readFile(join(outDir, 'dry-run-report.json'), 'utf8'));
    expect(report.summary).toMatchObject({ rows: 30, valid: 19, invalid: 11 });
    expect(stdout).toMatch(/Created 19, updated 0, failed 0/);
    // The sandbox's demo token is printed only by `trackops-bulk sandbox`, never by the demo's steps.
    expect(stdout).not.toContain('demo-token');
  });
});
