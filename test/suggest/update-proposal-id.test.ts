/**
 * An update proposal for a sheet that carries the request's id matches each row by that id: the id
 * names exactly one request and nothing edited in Trackops changes it, where the claim number is a value
 * the sheet itself may be changing. Before, the id column was left unmapped and the proposal matched by
 * reference_value_1, so a row correcting a claim number found no request. The sheet is written by
 * Python's csv module; the proposal is written by the spawned CLI's `map --mode update` and imported by
 * the spawned CLI against a sandbox over real HTTP, and the account is read afterwards.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileSource, openSheet, suggestMapping, type ImportMode, type Mapping } from '../../core/index.ts';
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
  // Requests 1 and 2 of the demo account (claims CLM-2026-010400 and CLM-2026-010437): the first row
  // corrects its claim number, which a match by claim number could not find.
  sheetPath = writeCsvByPython(join(dir, 'changes.csv'), [
    ['id', 'Claim #', 'Instructions'],
    ['1', 'CLM-2026-010400-A', 'Claim number corrected.'],
    ['2', 'CLM-2026-010437', 'Call before visiting.'],
  ]);
});
afterAll(() => sandbox.close());

async function propose(mode: ImportMode) {
  const sheet = await openSheet(fileSource(sheetPath));
  const sampleRows = [];
  for await (const row of sheet.rows()) sampleRows.push(row);
  return suggestMapping({ headers: sheet.headers, sampleRows, reference, fileName: sheetPath, mode });
}

describe('an update proposal for a sheet with an id column', () => {
  it.each(['update', 'upsert'] as const)(
    'rule: %s matches by the id column, mapped as the key',
    async (mode) => {
      const { mapping } = await propose(mode);
      expect(mapping.match).toBe('id');
      expect(mapping.columns).toContainEqual({ column: 'id', target: 'id' });
    },
  );

  it('rule: a create has no use for an id column and keeps its own key', async () => {
    const { mapping } = await propose('create');
    expect(mapping.columns.map((column) => column.target)).not.toContain('id');
  });

  it('map --mode update writes that proposal, and it updates the requests the ids name, the corrected claim number with them', async () => {
    const mappingPath = join(dir, 'update.json');
    const map = await runCliOn(sandbox, 'map', [sheetPath, '--mode', 'update', '--out', mappingPath]);
    expect(map.code).toBe(0);
    const written = JSON.parse(await readFile(mappingPath, 'utf8')) as Mapping;
    expect(written).toEqual((await propose('update')).mapping);
    expect(written).toMatchObject({ mode: 'update', match: 'id' });
    const run = await runCliOn(sandbox, 'import', [sheetPath, '--mapping', mappingPath]);
    expect(run.stdout).toContain('Created 0, updated 2, failed 0');
    expect(run.code).toBe(0);
    const byId = new Map(sandbox.account().case_requests.map((request) => [request.id, request]));
    expect(byId.get(1)).toMatchObject({
      reference_value_1: 'CLM-2026-010400-A',
      notes: 'Claim number corrected.',
    });
    expect(byId.get(2)).toMatchObject({
      reference_value_1: 'CLM-2026-010437',
      notes: 'Call before visiting.',
    });
  });
});
