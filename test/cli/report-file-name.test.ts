/**
 * The JSON validation report and import results name the file as CONTRACTS section 3 shows it,
 * `"file": "referrals.xlsx"`: its base name, not the path it was given by (explore 31, minor: a path
 * such as `in/referrals.csv` or `/home/jo/…` was written as given). Spawned CLI against a sandbox over
 * HTTP; rows written by Python.
 */
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { TEMPLATE, connectionEnv, importCli, runCli, secretSandbox } from './import-helpers.ts';

it('validate --report .json and import --results .json say "file": the base name', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-report-file-'));
  await mkdir(join(dir, 'in'));
  makeRows(join(dir, 'in', 'referrals.csv'), 2, 'RFN');
  const { sandbox } = await secretSandbox({ rate: 1000 });
  try {
    const env = connectionEnv(sandbox);
    const given = join(dir, 'in', 'referrals.csv');
    const checked = await runCli(
      'validate',
      [given, '--mapping', TEMPLATE, '--rate', '50/s', '--report', 'report.json'],
      dir,
      env,
    );
    expect(checked.code, checked.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')).file).toBe('referrals.csv');
    const imported = await importCli(
      ['in/referrals.csv', '--mapping', TEMPLATE, '--rate', '50/s', '--results', 'results.json'],
      dir,
      env,
    );
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(await readFile(join(dir, 'results.json'), 'utf8')).file).toBe('referrals.csv');
  } finally {
    await sandbox.close();
  }
}, 60_000);
