/**
 * An upsert matched by `id` whose row names an id no request has. Trackops gives each request its id, so
 * such a row cannot be the request it names: before (exploratory round), it was created under a new id,
 * and every later run of the same file created it again (two requests with Claim # NEWID-1 after two
 * runs). Now it is refused as an id that finds no request, said in words, in the dry run and the import
 * alike; the row with a known id is updated as before. The sandbox over HTTP, the file written by
 * Python's csv module, the CLI spawned.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { writeCsvByPython } from '../helpers/python.ts';
import { connectionEnv, importCli, runCli, secretSandbox, type SandboxWithLog } from './import-helpers.ts';

let running: SandboxWithLog | undefined;
afterEach(async () => {
  await running?.sandbox.close();
  running = undefined;
});

const MAPPING = {
  version: 1,
  mode: 'upsert',
  match: 'id',
  constants: {
    case_type_id: 1,
    case_region_id: 1,
    created_on: '2026-12-01',
    'client.name': 'Acme Mutual',
    'client.country': 'US',
    'contact.last_name': 'Adjuster',
    'contact.email': 'adjuster@acme.example.com',
  },
  columns: [
    { column: 'Trackops ID', target: 'id' },
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Notes', target: 'notes' },
  ],
};

it('an id that finds no request is refused, not created (again on every run), in the dry run and the import', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'upsert-unknown-id-'));
  running = await secretSandbox({ rate: 1000 });
  const { sandbox, log } = running;
  const env = connectionEnv(sandbox);
  const known = sandbox.account().case_requests[4]!;
  writeCsvByPython(join(dir, 'rows.csv'), [
    ['Trackops ID', 'Claim #', 'Notes'],
    [String(known.id), known.reference_value_1 ?? '', 'Upsert by id: edited'],
    ['99999', 'NEWID-1', 'A new referral given a made-up id'],
  ]);
  await writeFile(join(dir, 'upsert.json'), JSON.stringify(MAPPING));
  const requestsBefore = sandbox.account().case_requests.length;
  const said =
    "No case request has trackops id '99999': Trackops gives each case request its trackops id, so an upsert " +
    'cannot create one with the trackops id this row names';

  const dryRun = await runCli(
    'validate',
    ['rows.csv', '--mapping', 'upsert.json', '--rate', '500/s'],
    dir,
    env,
  );
  expect(dryRun.stdout + dryRun.stderr).toContain(said);

  for (const run of [1, 2]) {
    const imported = await importCli(
      ['rows.csv', '--mapping', 'upsert.json', '--rate', '500/s', '--results', `r${run}.json`, '--json'],
      dir,
      env,
    );
    expect(imported.code, imported.stderr).toBe(1);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 0, invalid: 1 });
    const rows = (
      JSON.parse(await readFile(join(dir, `r${run}.json`), 'utf8')) as {
        rows: { row: number; status: string; errors: { code: string; message: string }[] }[];
      }
    ).rows;
    expect(rows.find((row) => row.row === 3)).toMatchObject({ status: 'invalid' });
    expect(rows.find((row) => row.row === 3)!.errors[0]!.message).toContain(said);
  }
  expect(sandbox.account().case_requests).toHaveLength(requestsBefore);
  expect(log.filter((entry) => entry.method === 'POST')).toEqual([]);
  expect(sandbox.account().case_requests.find((request) => request.id === known.id)!.notes).toBe(
    'Upsert by id: edited',
  );
}, 90_000);

it('so is a case request number no request has, in an upsert matched by it (Trackops numbers its requests)', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'upsert-unknown-number-'));
  running = await secretSandbox({ rate: 1000 });
  const { sandbox, log } = running;
  const env = connectionEnv(sandbox);
  writeCsvByPython(join(dir, 'rows.csv'), [
    ['Request', 'Claim #', 'Notes'],
    ['REQ-99999', 'NEWNUM-1', 'A new referral given a made-up number'],
  ]);
  const byNumber = {
    ...MAPPING,
    match: 'case_request_number',
    columns: [
      { column: 'Request', target: 'case_request_number' },
      { column: 'Claim #', target: 'reference_value_1' },
      { column: 'Notes', target: 'notes' },
    ],
  };
  await writeFile(join(dir, 'upsert.json'), JSON.stringify(byNumber));
  // Two runs, each with its own journal (the same file imported again another day).
  for (const run of [1, 2]) {
    const imported = await importCli(
      ['rows.csv', '--mapping', 'upsert.json', '--rate', '500/s', '--journal', `j${run}.jsonl`, '--json'],
      dir,
      env,
    );
    expect(imported.code, imported.stderr).toBe(1);
    expect(JSON.parse(imported.stdout)).toMatchObject({ created: 0, invalid: 1 });
    expect(imported.stderr).toContain(
      "No case request has case request number 'REQ-99999': Trackops gives each case request its case request number",
    );
  }
  expect(log.filter((entry) => entry.method === 'POST')).toEqual([]);
}, 90_000);
