/**
 * A proposal for an update proposes no constant an update cannot send (seed: the update table has no
 * case type or region), and says why; a create's proposal still sets them. The update's proposal, as
 * written, then checks clean through the spawned CLI's `validate` against a sandbox over real HTTP: before,
 * its case type and default-region constants made the whole mapping refused. The sheet is written by
 * Python's csv module; its claim numbers are requests of the demo account.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fileSource,
  openSheet,
  parseMapping,
  suggestMapping,
  type ImportMode,
  type SuggestedMapping,
  type ValidationReport,
} from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runCliOn } from '../cli/run-cli.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { tempDir } from '../report/helpers.ts';
import { demoReference } from '../samples/helpers.ts';

const { reference } = await demoReference();
let sandbox: RunningSandbox;
let dir: string;
let sheetPath: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
  sheetPath = writeCsvByPython(join(dir, 'changes.csv'), [
    ['Claim #', 'Adjuster Email', 'Instructions'],
    ['CLM-2026-010400', 'dana.whitfield@acmemutual.example', 'Check gym visits on Tuesdays.'],
    ['CLM-2026-010437', 'dana.whitfield@acmemutual.example', 'Call before visiting.'],
  ]);
});
afterAll(() => sandbox.close());

async function propose(mode: ImportMode): Promise<SuggestedMapping> {
  const sheet = await openSheet(fileSource(sheetPath));
  const sampleRows = [];
  for await (const row of sheet.rows()) sampleRows.push(row);
  return suggestMapping({ headers: sheet.headers, sampleRows, reference, fileName: sheetPath, mode });
}

describe('an update proposal and constants', () => {
  it('rule: no case type or region constant is proposed for an update, and why is said; a create still gets them', async () => {
    const update = await propose('update');
    expect(update.mapping).toMatchObject({ mode: 'update', match: 'reference_value_1' });
    expect(update.mapping.constants).toBeUndefined();
    const said = update.decisions.map((note) => note.message);
    expect(said).toContain(
      'no case type constant proposed: an update cannot change a request\'s case type (the API\'s update takes no case_type_id), so each request keeps its own; the headers were matched with the fields of case type "Surveillance" (id 1), which fit them best',
    );
    expect(said).toContain(
      "no region constant proposed (not even the default region Mountain West): an update cannot change a request's region (the API's update takes no case_region_id), so each request keeps its own",
    );
    expect(parseMapping(JSON.parse(JSON.stringify(update.mapping)), 'proposal')).toEqual(update.mapping);

    const create = await propose('create');
    expect(create.mapping.constants).toEqual({ case_type_id: 1, case_region_id: 1 });
  });

  it('rule: the update proposal as written validates against the account, each row an update', async () => {
    const mapping = join(dir, 'update.json');
    await writeFile(mapping, JSON.stringify((await propose('update')).mapping, null, 2));
    const report = join(dir, 'report.json');
    const run = await runCliOn(sandbox, 'validate', [sheetPath, '--mapping', mapping, '--report', report]);
    // Nothing on stderr but what the check will cost.
    expect(run.stderr).toMatch(/^validate: checking 2 rows against \d+ requests: [^\n]*\n$/);
    expect(run.stdout).toContain('2 rows checked: 2 valid, 0 invalid');
    const written = JSON.parse(await readFile(report, 'utf8')) as ValidationReport;
    expect(written.rows.map((row) => row.action)).toEqual(['update', 'update']);
  });
});
