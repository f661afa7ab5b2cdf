/**
 * A round-trip CSV (export --columns round-trip to .csv) with a column the clerk added beside the
 * export's ("My notes") is still a round trip: map proposes the update by id, says the added column is
 * not imported and that its values go nowhere, and validate and import read the file as the tool's own
 * (its formula guards taken off). Before, one added header made the file a stranger's: map proposed a
 * create, and a phone the export had guarded (`'+1 303 …`) would have gone back with its apostrophe.
 * The map, validate and import are the spawned CLI against a sandbox over real HTTP (the export, set-up,
 * the export command's own code in this process); the column is added by Python's csv module, as a
 * clerk's other programs write a file.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCliOn } from './run-cli.ts';
import { commandInProcessOn } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

const PHONE = '+1 303 555 0100';

/** The export's rows with "My notes" added after its last column, and request 1's notes edited. */
const ADD_COLUMN = `
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
header = rows[0]
header.append("My notes")
for row in rows[1:]:
    row.append("call back Tuesday" if row[0] == "1" else "")
    if row[0] == "1": row[header.index("notes")] = "Edited in the sheet."
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
`;

let sandbox: RunningSandbox;
let dir: string;
let edited: string;
let mappingPath: string;

beforeAll(async () => {
  const account = await loadDemoAccount();
  // A value the CSV writer guards against formulas: the file holds it as '+1 303 555 0100.
  account.case_requests[0]!.contact = { ...account.case_requests[0]!.contact, phone_office: PHONE };
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  dir = await tempDir();
  const exported = join(dir, 'requests.csv');
  // Set-up, run by the export command's own code in this process (the same requests and file as spawned;
  // spawned, a round-trip CSV export is test/cli/export.test.ts's "resolves --case-region by name and
  // writes a round-trip CSV…"). The map, validate and import of the edited file are spawned.
  const run = await commandInProcessOn(sandbox, 'export', [
    '--columns',
    'round-trip',
    '--out',
    exported,
    '--id',
    '1',
  ]);
  expect(run.code).toBe(0);
  expect(await readFile(exported, 'utf8')).toContain(`'${PHONE}`);
  edited = join(dir, 'requests-with-my-notes.csv');
  runPython(ADD_COLUMN, [exported, edited]);
  mappingPath = join(dir, 'mapping.json');
});
afterAll(() => sandbox.close());

describe('a round-trip CSV with a column the clerk added', () => {
  it('map: still the round trip (updates by id), the added column said to be not imported, going nowhere', async () => {
    const run = await runCliOn(sandbox, 'map', [edited, '--out', mappingPath]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('A round-trip CSV (trackops-bulk export --columns round-trip)');
    expect(run.stdout).toContain(
      'My notes: warning: not a column of the export (added to the file since): not imported, its values go nowhere (nothing is sent for them to Trackops; they stay in the file only)',
    );
    const mapping = JSON.parse(await readFile(mappingPath, 'utf8')) as {
      mode: string;
      match: string;
      columns: { column: string }[];
    };
    expect(mapping).toMatchObject({ mode: 'update', match: 'id' });
    expect(mapping.columns.map((column) => column.column)).not.toContain('My notes');
  });

  it('validate and import: the edit is sent, the guarded phone as exported, "My notes" nowhere', async () => {
    const check = await runCliOn(sandbox, 'validate', [edited, '--mapping', mappingPath]);
    expect(check.code).toBe(0);
    expect(check.stdout + check.stderr).toContain("'My notes': not imported");
    const run = await runCliOn(sandbox, 'import', [edited, '--mapping', mappingPath]);
    expect(run.stdout).toContain('updated 1, failed 0');
    expect(run.code).toBe(0);
    const request = sandbox.account().case_requests.find((candidate) => candidate.id === 1)!;
    expect(request.notes).toBe('Edited in the sheet.');
    expect(request.contact.phone_office).toBe(PHONE);
    expect(JSON.stringify(sandbox.account())).not.toContain('call back Tuesday');
  });
});
