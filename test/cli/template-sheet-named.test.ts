/**
 * A template made from last month's workbook names its sheet ("Referrals"); this month's workbook calls it
 * "Claims". The refusal said the workbook has no such sheet and to "give one of these names", without
 * saying that the name came from the template nor where to give another. Now it says so, with the ways
 * out (--sheet for this file, or the mapping's "source"). Offline, the CLI as spawned; the workbook
 * written by openpyxl.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../helpers/run-python.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';

let dir = '';
let workbook = '';
let template = '';

beforeAll(async () => {
  dir = await tempDir();
  workbook = join(dir, 'december.xlsx');
  runPython(
    'import sys, openpyxl\nbook = openpyxl.Workbook()\nsheet = book.active\nsheet.title = "Claims"\n' +
      'sheet.append(["Claim #", "Carrier"])\nsheet.append(["CLM-1", "Acme Mutual"])\nbook.save(sys.argv[1])',
    [workbook],
  );
  template = join(dir, 'november.json');
  await writeFile(
    template,
    JSON.stringify({
      version: 1,
      source: { sheet: 'Referrals' },
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Carrier', target: 'client.name' },
      ],
    }),
  );
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("a template's sheet the workbook does not have", () => {
  it('says the name is the mapping’s, and how to read another sheet', async () => {
    const run = await runCli(['validate', workbook, '--mapping', template]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `trackops-bulk: ${workbook} has no sheet named "Referrals". Its sheets are: "Claims". Give one of these names, or a position from 1 to 1. ` +
        `"Referrals" is the sheet the mapping's source.sheet names: give --sheet for this file, or change "sheet" in the mapping's "source" ` +
        '(or remove it to have the sheet that holds the mapped columns read).\n',
    );
  });

  it('--sheet reads the sheet given', async () => {
    const run = await runCli(['validate', workbook, '--mapping', template, '--sheet', 'Claims']);
    expect(run.stdout).toContain('1 row checked');
  });
});
