/**
 * An import of a file with nothing under its header (explore 31 item 2) said "0 rows … Created 0" and
 * exited 0, after asking the account for its reference data: a script checking the exit code took the
 * wrong sheet or a header-only export for a finished import. It now says "No data rows in …" as
 * validate does and exits 1 (README exit codes), before any request, journal, lock or results file;
 * a file whose every row the mapping's skip rules leave out says so too, and exits 1.
 * Files written by Python's csv module; a spawned CLI against a sandbox over HTTP.
 */
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { TEMPLATE, connectionEnv, importCli, secretSandbox } from './import-helpers.ts';
import { runPython } from '../helpers/run-python.ts';

/** The template's sample header, and `rows` of it, as Python's csv module writes them. */
async function pythonCsv(out: string, rows: number): Promise<void> {
  const source = new URL('../../samples/referrals-clean.csv', import.meta.url).pathname;
  runPython(
    `import csv,sys
rows = list(csv.reader(open(sys.argv[1], newline='', encoding='utf-8-sig')))
with open(sys.argv[2], 'w', newline='', encoding='utf-8') as f:
    csv.writer(f).writerows(rows[:1 + int(sys.argv[3])])`,
    [source, out, String(rows)],
  );
}

it('a header and nothing under it: "No data rows in …", exit 1, no request, no journal or results file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-no-rows-'));
  await pythonCsv(join(dir, 'referrals.csv'), 0);
  const { sandbox, log } = await secretSandbox({ rate: 1000 });
  try {
    const env = connectionEnv(sandbox);
    const run = await importCli(['referrals.csv', '--mapping', TEMPLATE, '--results', 'r.csv'], dir, env);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'No data rows in referrals.csv, header in row 1: nothing under the header to import.',
    );
    expect(run.stdout).toContain('Nothing was sent, and no results file was written.');
    expect(log).toEqual([]);
    expect(await readdir(dir)).toEqual(['referrals.csv']);

    // --json: the summary object alone on stdout, the words on stderr.
    const json = await importCli(['referrals.csv', '--mapping', TEMPLATE, '--json'], dir, env);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ rows: 0, created: 0, requests: 0, interrupted: false });
    expect(json.stderr).toContain('No data rows in referrals.csv');
  } finally {
    await sandbox.close();
  }
}, 60_000);

it("every row left out by the mapping's skip rules: said, exit 1 (nothing was imported)", async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-no-rows-skip-'));
  await pythonCsv(join(dir, 'referrals.csv'), 3);
  const template = JSON.parse(await readFile(TEMPLATE, 'utf8'));
  await writeFile(join(dir, 'skip-all.json'), JSON.stringify({ ...template, skip: { rows: [2, 3, 4] } }));
  const { sandbox } = await secretSandbox({ rate: 1000 });
  try {
    const run = await importCli(
      ['referrals.csv', '--mapping', 'skip-all.json', '--rate', '50/s'],
      dir,
      connectionEnv(sandbox),
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      "No data rows in referrals.csv, header in row 1: all 3 rows under the header are left out by the mapping's skip rules.",
    );
  } finally {
    await sandbox.close();
  }
}, 60_000);
