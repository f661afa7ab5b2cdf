/**
 * A script author's run with --json and a mapping edited by hand: the error object carried only the
 * one-line message, so a script had to split it at "; " to find each problem (a message may hold "; "
 * itself). Now it also carries the mapping's name and each problem as data, its JSON path and message,
 * as core's MappingError holds them. Offline, the CLI as spawned; the sheet written by Python.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsvByPython } from '../helpers/python.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';

let dir = '';
beforeAll(async () => {
  dir = await tempDir();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--json and a mapping that cannot be used', () => {
  it('the error object lists each problem with its path', async () => {
    const sheet = writeCsvByPython(join(dir, 'referrals.csv'), [
      ['Claim #', 'Due'],
      ['CLM-1', '12/7/2026'],
    ]);
    const mapping = join(dir, 'weekly.json');
    await writeFile(
      mapping,
      JSON.stringify({
        version: 1,
        columns: [
          { column: 'Claim #', target: 'refrence_value_1' },
          { column: 'Due', target: 'due_on', dateformat: 'M/D/YYYY' },
        ],
      }),
    );
    const run = await runCli(['validate', sheet, '--mapping', mapping, '--json']);
    expect(run.code).toBe(2);
    const { error } = JSON.parse(run.stdout) as { error: Record<string, unknown> };
    expect(error).toMatchObject({ exit: 2, kind: 'bad_mapping', mapping: 'weekly.json' });
    expect(error.problems).toEqual([
      { path: 'columns[0].target', message: "unknown target 'refrence_value_1': write 'reference_value_1'" },
      { path: 'columns[1].dateformat', message: 'unknown key "dateformat": write "dateFormat"' },
    ]);
  });
});
