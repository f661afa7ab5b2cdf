/**
 * A round-trip CSV (export --columns round-trip to .csv, made here by the export against the sandbox)
 * mapped again (repro-06): `map` proposed a create mapping that its own check refused ("client_id is
 * only for mode update"), though docs/export.md says the file imports with a mapping. The proposal is
 * now the one mapping that fits: updates by id, each column onto its own header, read-only columns out.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import {
  columnsLeftForPerson,
  columnsReadOnly,
  exportCaseRequests,
  fileSource,
  openSheet,
  sampleSheet,
  suggestMapping,
} from '../../core/index.ts';
import { runCli } from '../cli/run-cli.ts';
import { parseMapping } from '../../core/mapping/parse-mapping.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { sandboxApi } from '../export/sandbox-api.ts';

let sandbox: RunningSandbox;
beforeEach(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
});
afterEach(() => sandbox.close());

it('rule: a round-trip CSV gets an update mapping by id that loads, with a warning that nothing detects changes since the export', async () => {
  const api = sandboxApi(sandbox);
  const reference = await api.getReference();
  const out = join(await mkdtemp(join(tmpdir(), 'rt-csv-')), 'rt.csv');
  await exportCaseRequests({
    api,
    filters: {},
    format: 'csv',
    preset: 'round-trip',
    out,
    reference,
    accountLabel: 'sandbox',
  });
  const sheet = await openSheet(fileSource(out));
  const proposal = suggestMapping({
    headers: sheet.headers,
    ...(await sampleSheet(sheet)),
    reference,
    fileName: 'rt.csv',
    sheet: sheet.sheet,
    headerRow: sheet.headerRow,
  });
  const mapping = parseMapping(JSON.parse(JSON.stringify(proposal.mapping)), 'the proposal');
  expect(mapping).toMatchObject({ mode: 'update', match: 'id' });
  const targets = mapping.columns.map((column) => column.target);
  expect(targets).toEqual(mapping.columns.map((column) => column.column));
  expect(targets).toEqual(
    expect.arrayContaining(['id', 'client_id', 'notes', 'client.name', 'custom_fields.11']),
  );
  for (const readOnly of ['case_type_id', 'budget_money', 'updated_at', 'created_at'])
    expect(targets).not.toContain(readOnly);
  expect(targets.some((target) => target.startsWith('subjects.'))).toBe(false);
  expect(mapping.columns.find((column) => column.target === 'case_services_list')).toMatchObject({
    split: ';',
  });
  expect(proposal.decisions.map((note) => note.message)).toContainEqual(
    expect.stringMatching(/a request changed in Trackops since the export is a conflict, not sent/),
  );

  // The export's read-only columns are listed apart, not as work left for a person (fb17b3b left them
  // under "Left for a person (50)").
  expect(columnsLeftForPerson(proposal)).toEqual([]);
  const readOnly = columnsReadOnly(proposal);
  expect(readOnly).toEqual(
    expect.arrayContaining([
      'case_request_number',
      'updated_at',
      'created_at',
      'case_type_id',
      'budget_money',
    ]),
  );
  expect(readOnly.some((column) => column.startsWith('subjects.'))).toBe(true);
  expect(readOnly).not.toContain('id');
  const map = await runCli(['map', out]);
  expect(map.code).toBe(0);
  expect(map.stdout).not.toContain('Left for a person');
  expect(map.stdout).toMatch(
    new RegExp(
      `Read-only, not imported \\(${readOnly.length}\\): case_request_number, updated_at, .*created_at, \\d+ subject columns\\. The export writes them for reference; an update cannot change them\\.`,
    ),
  );
  expect(map.stdout).toMatch(/ {2}updated_at +— +\(read-only, not imported\)/);
  expect(map.stdout).toContain('Every other column is mapped.');
});
