/**
 * Undoing an import that filled custom fields which were empty (explore 25 item 5): `revert --dry-run`
 * promised "Rush: '1' → ''", then `revert` sent "" for a YESNO, SELECT and NUMBER field, Trackops
 * refused the whole PUT (422), and the row's notes were not put back either. Now:
 * - the dry run names each such field, its value now, that the update cannot clear it, and to clear
 *   it by hand in Trackops; the row's other fields would still be put back (a due date empty before
 *   the import is one such field beside the others, no longer holding the whole row back);
 * - the revert sends no "" for them: it puts the other fields back, fails nothing, and exits 1
 *   (something is left for a person); a request with nothing else to put back is not revertible.
 * Real files: the rows written by Python's csv module; the CLI against the sandbox over real HTTP.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mapping } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { commandInProcessOn } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const connected = (command: string, args: string[]) =>
  runCli([command, ...args, '--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

/** A Surveillance request (case type 1) entered without its custom fields, over the API. */
async function requestWithoutCustomFields(reference: string, notes: string): Promise<number> {
  const answer = await fetch(`${sandbox.baseUrl}/case/requests`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      casefile_request: {
        case_type_id: 1,
        case_region_id: 1,
        created_on: '2026-12-01',
        reference_value_1: reference,
        notes,
        client: { name: 'Acme', country: 'US' },
        contact: { last_name: 'Adj', email: 'a@example.com' },
      },
    }),
  });
  expect(answer.status).toBe(201);
  return ((await answer.json()) as { id: number }).id;
}

const requestOf = (id: number) => sandbox.account().case_requests.find((request) => request.id === id)!;
const fieldOf = (id: number, field: number) =>
  requestOf(id).custom_fields?.find((entry) => entry.id === field)?.value;

const MAPPING: Mapping = {
  version: 1,
  mode: 'update',
  match: 'reference_value_1',
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Instructions', target: 'notes' },
    { column: 'Rush', target: 'custom_fields.11' },
    { column: 'Priority', target: 'custom_fields.12' },
    { column: 'Hours', target: 'custom_fields.13' },
    { column: 'Due Date', target: 'due_on', dateFormat: 'M/D/YYYY' },
  ],
};

describe('revert of custom fields the import filled', () => {
  it('names the fields it cannot empty, puts the rest back, and sends nothing bound to be refused', async () => {
    const withNotes = await requestWithoutCustomFields('EMPTY-CF-1', 'before the import');
    const onlyFields = await requestWithoutCustomFields('EMPTY-CF-2', 'stays');
    const rows = join(dir, 'fill.csv');
    runPython(
      'import csv,sys; w=csv.writer(open(sys.argv[1],"w",newline="",encoding="utf-8")); ' +
        'w.writerows([["Claim #","Instructions","Rush","Priority","Hours","Due Date"],' +
        '["EMPTY-CF-1","after the import","Yes","High","6","1/15/2027"],["EMPTY-CF-2","stays","Yes","Normal","4",""]])',
      [rows],
    );
    const mapping = join(dir, 'fill.json');
    await writeFile(mapping, JSON.stringify(MAPPING));
    // Set-up, run by the import command's own code in this process (the same requests and journal as
    // spawned; an update import as spawned is test/cli/results-generations.test.ts's "update: a colleague's correction…"). Every revert is spawned.
    const imported = await commandInProcessOn(sandbox, 'import', [
      rows,
      '--mapping',
      mapping,
      '--results',
      join(dir, 'res.csv'),
    ]);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    expect(fieldOf(withNotes, 12)).toBe('High');
    expect(requestOf(withNotes).notes).toBe('after the import');
    const journal = join(dir, 'res.journal.jsonl');

    const dry = await connected('revert', ['--journal', journal, '--dry-run']);
    expect(dry.code, 'the dry run exits as the run would: a person has fields to clear').toBe(1);
    expect(dry.stdout).toContain(`Notes: 'after the import' → 'before the import'`);
    expect(dry.stdout).not.toMatch(/Rush: '1' → ''|Priority: 'High' → ''/);
    expect(dry.stdout).toContain(
      "Due date (now '2027-01-15', empty before the import), Rush (now '1', empty before the import), " +
        "Priority (now 'High', empty before the import), Surveillance Hours Authorized (now '6', empty before the import) " +
        'cannot be put back: the Trackops update has no documented way to clear a date, a yes/no field, a choice field ' +
        'or a number field, so they are not sent (the other fields are). ' +
        'Clear them by hand in Trackops',
    );
    expect(dry.stdout).toMatch(
      /row 3: REQ-\d+ not revertible: REQ-\d+: Rush \(now '1', empty before the import\), Priority \(now 'Normal', .* so nothing was sent\. Clear them by hand in Trackops/,
    );
    expect(dry.stdout).toMatch(/1 would be put back, .* 0 failed, 0 gone, 1 not revertible/);
    expect(dry.stdout).toContain(
      '1 request to put back leaves fields the Trackops update cannot clear (empty before the import): clear them by hand in Trackops',
    );

    const undo = join(dir, 'undo.json');
    const run = await connected('revert', ['--journal', journal, '--results', undo]);
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/1 put back, .* 0 failed, 0 gone, 1 not revertible/);
    expect(run.stdout).not.toContain('422');
    expect(requestOf(withNotes).notes).toBe('before the import');
    // Left as the import set them, for a person: nothing "" was sent for them.
    expect(fieldOf(withNotes, 11)).toBe(1);
    expect(fieldOf(withNotes, 12)).toBe('High');
    expect(fieldOf(withNotes, 13)).toBe(6);
    expect(requestOf(withNotes).due_on).toBe('2027-01-15');
    expect(fieldOf(onlyFields, 12)).toBe('Normal');
    const results = JSON.parse(await readFile(undo, 'utf8')) as {
      summary: { leftToClear: number };
      rows: { row: number; status: string; leftToClear?: { label: string; now: string }[] }[];
    };
    expect(results.summary.leftToClear).toBe(1);
    expect(results.rows.find((row) => row.row === 2)).toMatchObject({
      status: 'reverted',
      leftToClear: [
        { label: 'Due date', now: '2027-01-15' },
        { label: 'Rush', now: '1' },
        { label: 'Priority', now: 'High' },
        { label: 'Surveillance Hours Authorized', now: '6' },
      ],
    });
  }, 60_000);
});
