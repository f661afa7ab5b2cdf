/**
 * Reference items named alike as real offices keep them ("Rush" and "rush"; a case type "Surveillance"
 * and "Surveillance " with a trailing space), through the CLI against a sandbox over real HTTP, with a
 * sheet written by Python's csv module (explore 54 item 7): a name that matches several is refused
 * naming each so the two can be told apart (quoted, the unseen space said, the id given), and the advice
 * is one a clerk can follow: the id in the column's "values" (or as the constant), which then imports.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCliOn } from './run-cli.ts';
import { writeCsvByPython } from '../helpers/python.ts';

let sandbox: RunningSandbox | null = null;
afterEach(async () => {
  await sandbox?.close();
  sandbox = null;
});

const cli = runCliOn;

const writeCsv = writeCsvByPython;

const mappingWith = (caseType: string | number, flags: Record<string, string> | null) => ({
  version: 1,
  mode: 'create',
  constants: { case_type_id: caseType, case_region_id: 1, 'client.country': 'US' },
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Date Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
    {
      column: 'Flags',
      target: 'case_flags_list',
      lookup: 'case_flags',
      split: ';',
      ...(flags ? { values: flags } : {}),
    },
    { column: 'Carrier', target: 'client.name' },
    { column: 'Adjuster Last', target: 'contact.last_name' },
    { column: 'Adjuster Email', target: 'contact.email' },
  ],
});

it('names look-alikes so they can be told apart, and the advised id imports', async () => {
  const account = await loadDemoAccount();
  account.case_requests = [];
  account.case_flags.push({ id: 35, name: 'rush' });
  account.case_types.push({
    ...account.case_types.find((type) => type.id === 1)!,
    id: 6,
    name: 'Surveillance ',
  });
  sandbox = await startSandbox({ port: 0, account, rate: 1000 });
  const dir = await tempDir();
  const sheet = writeCsv(join(dir, 'in.csv'), [
    ['Claim #', 'Date Received', 'Flags', 'Carrier', 'Adjuster Last', 'Adjuster Email'],
    ['F-1', '11/23/2026', 'Rush', 'Acme', 'Doe', 'd@x.example'],
    ['F-2', '11/23/2026', 'Litigation; RUSH', 'Acme', 'Doe', 'd@x.example'],
  ]);
  const mapping = join(dir, 'map.json');

  await writeFile(mapping, JSON.stringify(mappingWith('Surveillance', null)));
  const refused = await cli(sandbox, 'validate', [sheet, '--mapping', mapping]);
  expect(refused.stdout).toContain(
    "The constant Case type 'Surveillance' matches several (names are matched whatever their letter case and spaces): " +
      "'Surveillance' (id 1), 'Surveillance ' (id 6, a space at its end); give the id of the one it means instead " +
      '("constants": { "case_type_id": 1 }, or 6), or make the names unique in Trackops',
  );

  await writeFile(mapping, JSON.stringify(mappingWith(1, null)));
  const flags = await cli(sandbox, 'validate', [sheet, '--mapping', mapping]);
  expect(flags.stdout).toContain(
    "row 2: Flags 'Rush' matches several (names are matched whatever their letter case and spaces): " +
      "'Rush' (id 31), 'rush' (id 35); say which by its id in the column's \"values\" in the mapping " +
      '("values": { "Rush": "31" }, or 35) and every cell holding it is read as that one, or make the names unique in Trackops',
  );
  // One item of a list cell is keyed by the item.
  expect(flags.stdout).toContain('("values": { "RUSH": "31" }, or 35)');

  // The advice followed: the id, in "values", for the cell and for the item.
  await writeFile(mapping, JSON.stringify(mappingWith(1, { Rush: '31' })));
  const run = await cli(sandbox, 'import', [sheet, '--mapping', mapping, '--results', join(dir, 'res.csv')]);
  expect(run.stdout).toContain('Created 2');
  const flagsOf = (claim: string) =>
    sandbox!.account().case_requests.find((request) => request.reference_value_1 === claim)?.case_flags_list;
  expect(flagsOf('F-1')).toEqual([31]);
  expect(flagsOf('F-2')).toEqual([32, 31]);
}, 120_000);
