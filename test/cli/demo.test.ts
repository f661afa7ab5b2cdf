// `npm run demo` is the README's first command: it must run the whole job on the built-in sandbox
// and leave every file it announces, with the results samples/README.md promises.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../helpers/run-python.ts';

const run = promisify(execFile);
const bin = new URL('../../bin/trackops-bulk.mjs', import.meta.url).pathname;

// No connection in the environment: the demo needs none (a developer's own TRACKOPS_* must not leak in).
const env = { ...process.env, TRACKOPS_URL: '', TRACKOPS_USER: '', TRACKOPS_TOKEN: '' };
const demoIn = (cwd: string) =>
  run(process.execPath, [bin, 'demo'], { cwd, env }).then(
    (done) => ({ code: 0, ...done }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );

describe('trackops-bulk demo', () => {
  // One demo run for both tests (each took 6-15 s): the first reads what it left, the second then goes
  // on from it as a clerk would, editing the round-trip file it printed. Tests run in file order.
  let cwd: string;
  let first: { code: number; stdout: string; stderr: string };
  beforeAll(async () => {
    cwd = await mkdtemp(join(tmpdir(), 'demo-'));
    first = await demoIn(cwd);
  }, 90_000);

  it('dry-runs, imports and exports the samples on the built-in sandbox', async () => {
    const { stdout } = first;
    expect(first.code, first.stderr).toBe(0);
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

  it(
    'rule: the round-trip file it leaves can be edited and imported with the command it prints (report 5 item 8)',
    { timeout: 180_000 },
    async () => {
      const demo = () => demoIn(cwd);
      expect(first.code).toBe(0);
      const printed = /To try an update: edit (\S+), then run trackops-bulk (.+)$/m.exec(first.stdout);
      expect(printed).not.toBeNull();
      const [, file, command] = printed!;
      expect(command).toBe(
        'import demo-output/round-trip.xlsx --mode update --sandbox --sandbox-data demo-output/demo-account.json',
      );
      // Edited by another program, as a clerk's Excel would: the notes of the first request.
      runPython(
        'import openpyxl,sys\nwb=openpyxl.load_workbook(sys.argv[1]);ws=wb["Case Requests"]\n' +
          'col=[c.value for c in ws[1]].index("notes")+1\nws.cell(2,col).value="Edited as the demo suggests"\nwb.save(sys.argv[1])',
        [join(cwd, file!)],
      );

      const refused = await demo();
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain('demo: demo-output/round-trip.xlsx holds edits (1 row differs');
      expect(refused.stderr).toContain(`Import them first (trackops-bulk ${command})`);
      expect(refused.stdout).toBe('');

      const imported = await run(process.execPath, [bin, ...command!.split(' '), '--json'], { cwd, env });
      expect(JSON.parse(imported.stdout)).toMatchObject({ updated: 1, failed: 0 });
      const account = JSON.parse(await readFile(join(cwd, 'demo-output', 'demo-account.json'), 'utf8'));
      expect(
        account.case_requests.filter(
          (request: { notes: string }) => request.notes === 'Edited as the demo suggests',
        ),
      ).toHaveLength(1);

      await rm(join(cwd, file!));
      expect((await demo()).code).toBe(0);
      const afresh = JSON.parse(await readFile(join(cwd, 'demo-output', 'demo-account.json'), 'utf8'));
      expect(JSON.stringify(afresh)).not.toContain('Edited as the demo suggests');
    },
  );
});
