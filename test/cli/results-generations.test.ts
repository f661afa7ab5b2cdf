/**
 * A results file fed back in, generation after generation: a row an earlier run created stays done.
 * Before, the second run wrote that row into its results as `skipped` with the request's `_id`, the third
 * run no longer recognised it and created it again; and `validate` of the results file said "2 create"
 * where the import created 1 and skipped 1. Real files: the CLI's own results .csv, edited as a clerk
 * would; the CLI against the sandbox over HTTP.
 *
 * A test's first import (the results file the next generations start from) and the revert between
 * runs are set-up, run by the commands' own code in this process (setUp below: the same requests,
 * journal and results as spawned). Create, upsert and update (by id) imports as spawned are the runs
 * after it; a revert leaving a request changed since (exit 1) as spawned is
 * test/cli/revert-honest.test.ts's.
 * Every import and validate whose words or counts a test reads about a later generation stays spawned.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const connection = () => ['--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'];
const env = () => ({ TRACKOPS_TOKEN: sandbox.token });
const withPolicy = (policy: string) =>
  sandbox.account().case_requests.filter((request) => request.reference_value_2 === policy).length;
/** A set-up command (the command first) against the sandbox, in this process. */
const setUp = (args: string[]) => cliInProcess([...args, ...connection()], env());

describe('a results file imported again, and its results again', () => {
  it('never sends a row an earlier generation wrote, and validate predicts each run', async () => {
    const mapping = join(dir, 'm.json');
    await writeFile(
      mapping,
      JSON.stringify({
        version: 1,
        mode: 'create',
        constants: {
          case_type_id: 1,
          case_region_id: 1,
          'client.name': 'Acme',
          'client.country': 'US',
          created_on: '2026-03-04',
        },
        columns: [
          { column: 'Policy', target: 'reference_value_2' },
          { column: 'Adjuster', target: 'contact.last_name' },
          { column: 'Email', target: 'contact.email' },
        ],
      }),
    );
    const source = join(dir, 'referrals.csv');
    await writeFile(source, 'Policy,Adjuster,Email\nGEN-P1,Smith,a@b.com\nGEN-P2,Jones,bob@\n');
    const run = (file: string, results: string) =>
      runCli(['import', file, '--mapping', mapping, '--results', results, '--json', ...connection()], env());

    const run1 = join(dir, 'run1.csv');
    const generation1 = await setUp(['import', source, '--mapping', mapping, '--results', run1, '--json']);
    expect(JSON.parse(generation1.stdout)).toMatchObject({ created: 1, invalid: 1 });
    await writeFile(run1, (await readFile(run1, 'utf8')).replace('bob@,', 'bob@x.com,'));

    const preview2 = await runCli(['validate', run1, '--mapping', mapping, ...connection()], env());
    expect(preview2.stdout).toContain('An import would: 1 already done, 1 create.');
    const run2 = join(dir, 'run2.csv');
    expect(JSON.parse((await run(run1, run2)).stdout)).toMatchObject({ created: 1, skipped: 1 });
    const second = await readFile(run2, 'utf8');
    expect(second).toMatch(
      /GEN-P1,Smith,a@b\.com,skipped,\d+,REQ-\d+,not sent: its _status column says it was created/,
    );

    const preview3 = await runCli(['validate', run2, '--mapping', mapping, '--json', ...connection()], env());
    expect(preview3.code, preview3.stderr).toBe(0);
    expect(preview3.stdout).toContain('"already_done":2');
    const run3 = join(dir, 'run3.csv');
    expect(JSON.parse((await run(run2, run3)).stdout)).toMatchObject({
      created: 0,
      skipped: 2,
      already_done: 2,
    });
    expect(await readFile(run3, 'utf8')).toContain(
      'not sent: its _status and _id columns say an earlier run wrote it',
    );
    const run4 = join(dir, 'run4.csv');
    expect(JSON.parse((await run(run3, run4)).stdout)).toMatchObject({ created: 0, skipped: 2 });
    expect([withPolicy('GEN-P1'), withPolicy('GEN-P2')]).toEqual([1, 1]);
    // The terminal says why they were skipped, not only the new results file.
    const told = await runCli(['import', run4, '--mapping', mapping, ...connection()], env());
    expect(told.stdout).toContain(
      'skipped 2 (2 written by the earlier run this results file records, not sent again)',
    );
  });

  it('a row skipped for another reason (no _id) is sent when its results are imported again', async () => {
    const mapping = join(dir, 'm.json');
    const file = join(dir, 'limited.csv');
    await writeFile(
      file,
      'Policy,Adjuster,Email,_status,_id,_case_request_number,_error\n' +
        'GEN-P3,Lee,c@d.com,skipped,,,not sent: --limit 1 reached; run again with --resume to send it\n',
    );
    const preview = await runCli(['validate', file, '--mapping', mapping, ...connection()], env());
    expect(preview.stdout).toContain('An import would: 1 create.');
    const sent = await runCli(['import', file, '--mapping', mapping, '--json', ...connection()], env());
    expect(JSON.parse(sent.stdout)).toMatchObject({ created: 1 });
    expect(withPolicy('GEN-P3')).toBe(1);
  });

  it('upsert: a corrected row of a results file is not sent until its _status cell is emptied', async () => {
    const mapping = join(dir, 'upsert.json');
    await writeFile(
      mapping,
      JSON.stringify({
        version: 1,
        mode: 'upsert',
        match: 'reference_value_1',
        constants: {
          case_type_id: 1,
          case_region_id: 1,
          'client.name': 'Acme',
          'client.country': 'US',
          created_on: '2026-03-04',
        },
        columns: [
          { column: 'Claim', target: 'reference_value_1' },
          { column: 'Policy', target: 'reference_value_2' },
          { column: 'Adjuster', target: 'contact.last_name' },
          { column: 'Email', target: 'contact.email' },
        ],
      }),
    );
    const source = join(dir, 'upsert.csv');
    await writeFile(source, 'Claim,Policy,Adjuster,Email\nUPS-1,GEN-U1,Smith,a@b.com\n');
    const first = join(dir, 'upsert-run1.csv');
    const created = await setUp(['import', source, '--mapping', mapping, '--results', first, '--json']);
    expect(JSON.parse(created.stdout)).toMatchObject({ created: 1 });
    const adjuster = () =>
      sandbox
        .account()
        .case_requests.filter((request) => request.reference_value_1 === 'UPS-1')
        .map((request) => request.contact?.last_name);
    // The clerk corrects the adjuster of the keyed row in the results file and imports it again: the
    // row the earlier run wrote is not sent (Trackops may hold a change since), and the note says how.
    const corrected = (await readFile(first, 'utf8')).replace('UPS-1,GEN-U1,Smith,', 'UPS-1,GEN-U1,Smyth,');
    await writeFile(first, corrected);
    const preview = await runCli(['validate', first, '--mapping', mapping, ...connection()], env());
    expect(preview.stdout).toContain('An import would: 1 already done.');
    const second = join(dir, 'upsert-run2.csv');
    const skipped = await runCli(
      ['import', first, '--mapping', mapping, '--results', second, ...connection()],
      env(),
    );
    expect(skipped.stdout).toContain('skipped 1 (1 written by the earlier run this results file records');
    expect(await readFile(second, 'utf8')).toMatch(
      /UPS-1,GEN-U1,Smyth,a@b\.com,skipped,\d+,REQ-\d+,"not sent: its _status column says it was created \(REQ-\d+\) by the earlier run whose results this file holds; .*to send a change to this row on purpose, empty its _status cell and import the file again"/,
    );
    expect(adjuster()).toEqual(['Smith']);
    // Emptying the row's _status cell sends the correction, as an update of the same request.
    await writeFile(first, corrected.replace(/(UPS-1,GEN-U1,Smyth,a@b\.com,)created,/, '$1,'));
    const again = await runCli(['import', first, '--mapping', mapping, ...connection()], env());
    expect(again.stdout).toContain('Created 0, updated 1');
    expect(adjuster()).toEqual(['Smyth']);
    expect(withPolicy('GEN-U1')).toBe(1);
  });

  it("update: a colleague's correction made between the runs is not overwritten, nor an undone import re-applied", async () => {
    const mapping = join(dir, 'update.json');
    await writeFile(
      mapping,
      JSON.stringify({
        version: 1,
        mode: 'update',
        match: 'id',
        columns: [
          { column: 'id', target: 'id' },
          { column: 'Notes', target: 'notes' },
          { column: 'Due', target: 'due_on', dateFormat: 'YYYY-MM-DD' },
        ],
      }),
    );
    const notesOf = (id: number) =>
      sandbox.account().case_requests.find((request) => request.id === id)?.notes;
    const before = [1, 2, 3, 4].map(notesOf);
    const source = join(dir, 'update.csv');
    await writeFile(
      source,
      'id,Notes,Due\n1,WRONG A,2027-01-10\n2,WRONG B,2027-01-11\n3,WRONG C,2027-01-12\n4,fix D,2027-13-45\n',
    );
    const first = join(dir, 'update-run1.csv');
    const updated = await setUp(['import', source, '--mapping', mapping, '--results', first, '--json']);
    expect(JSON.parse(updated.stdout)).toMatchObject({ updated: 3, invalid: 1 });
    // A colleague corrects request 1 in Trackops over the API, then the office undoes the import: the
    // revert puts 2 and 3 back and leaves 1 (changed since). Both are changes the next run must keep.
    const colleague = await fetch(`${sandbox.baseUrl}/case/requests/1`, {
      method: 'PUT',
      headers: {
        authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ casefile_request: { notes: 'COLLEAGUE: right note' } }),
    });
    expect(colleague.ok).toBe(true);
    const journal = first.replace(/\.csv$/, '.journal.jsonl');
    const reverted = await setUp(['revert', '--journal', journal]);
    // Exit 1: request 1 is left for a person (a conflict).
    expect(reverted.code, reverted.stderr).toBe(1);
    expect(reverted.stdout).toContain('2 put back');
    expect([2, 3].map(notesOf)).toEqual([before[1], before[2]]);
    // The clerk fixes row 4's date in the results file and imports it, as the docs say.
    await writeFile(first, (await readFile(first, 'utf8')).replace('2027-13-45', '2027-01-15'));
    const second = join(dir, 'update-run2.csv');
    const again = await runCli(
      ['import', first, '--mapping', mapping, '--results', second, '--json', ...connection()],
      env(),
    );
    expect(JSON.parse(again.stdout)).toMatchObject({ updated: 1, skipped: 3, already_done: 3 });
    expect([1, 2, 3, 4].map(notesOf)).toEqual(['COLLEAGUE: right note', before[1], before[2], 'fix D']);
    const results = await readFile(second, 'utf8');
    expect(results).toMatch(
      /^1,WRONG A,2027-01-10,skipped,1,REQ-\d+,"not sent: its _status column says it was updated/m,
    );
    expect(results).toMatch(/^4,fix D,2027-01-15,updated,4,REQ-\d+,$/m);
  });

  it('upsert: a row whose key the clerk changed is refused, not created a second time or sent to another request', async () => {
    const mapping = join(dir, 'upsert.json');
    const source = join(dir, 'rekeyed.csv');
    await writeFile(
      source,
      'Claim,Policy,Adjuster,Email\nUPS-2,GEN-U2,Smith,a@b.com\nUPS-3,GEN-U3,Jones,c@d.com\n',
    );
    const first = join(dir, 'rekeyed-run1.csv');
    const created = await setUp(['import', source, '--mapping', mapping, '--results', first, '--json']);
    expect(JSON.parse(created.stdout)).toMatchObject({ created: 2 });
    const idOf = (claim: string) =>
      sandbox.account().case_requests.find((request) => request.reference_value_1 === claim)!;
    const [two, one] = [idOf('UPS-2'), idOf('UPS-1')];
    // A typo corrected in the claim number (now found nowhere), and a row given another request's key.
    const edited = (await readFile(first, 'utf8'))
      .replace('UPS-2,GEN-U2,', 'UPS-2A,GEN-U2,')
      .replace('UPS-3,GEN-U3,', 'UPS-1,GEN-U3,');
    await writeFile(first, edited);
    const before = sandbox.account().case_requests.length;

    const preview = await runCli(['validate', first, '--mapping', mapping, ...connection()], env());
    expect(preview.stdout).toContain('2 invalid');
    expect(preview.stdout).toContain(
      `an earlier run wrote this row to ${two.case_request_number} (_id ${two.id}), but Claim Number 'UPS-2A' finds no request now: the upsert would create a second request for this row`,
    );
    expect(preview.stdout).toContain(
      `now finds ${one.case_request_number} (id ${one.id}): the upsert would change that request instead`,
    );
    const again = await runCli(['import', first, '--mapping', mapping, '--json', ...connection()], env());
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0, invalid: 2 });
    expect(sandbox.account().case_requests.length).toBe(before);
    expect(idOf('UPS-1').reference_value_2).toBe('GEN-U1');

    // Emptying the _id says the row is meant for a new request: the dry run then says create.
    await writeFile(
      first,
      edited.replace(
        new RegExp(`UPS-2A,GEN-U2,Smith,a@b\\.com,created,${two.id},`),
        'UPS-2A,GEN-U2,Smith,a@b.com,created,,',
      ),
    );
    const meant = await runCli(['validate', first, '--mapping', mapping, ...connection()], env());
    expect(meant.stdout).toContain('1 create');
    expect(meant.stdout).toContain('1 invalid');
  });

  it('upsert: an _id another program rewrote (37.0) still names the request; one that reads as no id refuses the row', async () => {
    const mapping = join(dir, 'upsert.json');
    const source = join(dir, 'pandas.csv');
    await writeFile(
      source,
      'Claim,Policy,Adjuster,Email\nUPS-7,GEN-U7,Smith,a@b.com\nUPS-8,GEN-U8,Jones,c@d.com\n',
    );
    const first = join(dir, 'pandas-run1.csv');
    const created = await setUp(['import', source, '--mapping', mapping, '--results', first, '--json']);
    expect(JSON.parse(created.stdout)).toMatchObject({ created: 2 });
    const idOf = (claim: string) =>
      sandbox.account().case_requests.find((request) => request.reference_value_1 === claim)!.id;
    // As pandas writes an integer column holding a blank: 37.0; and a cell mangled past reading.
    const resaved = (await readFile(first, 'utf8'))
      .replace(
        `UPS-7,GEN-U7,Smith,a@b.com,created,${idOf('UPS-7')},`,
        `UPS-7A,GEN-U7,Smith,a@b.com,created,${idOf('UPS-7')}.0,`,
      )
      .replace(
        `UPS-8,GEN-U8,Jones,c@d.com,created,${idOf('UPS-8')},`,
        'UPS-8A,GEN-U8,Jones,c@d.com,created,#VALUE!,',
      );
    await writeFile(first, resaved);
    const before = sandbox.account().case_requests.length;
    const again = await runCli(['import', first, '--mapping', mapping, ...connection()], env());
    expect(again.stdout).toContain('2 rows: 0 valid, 2 invalid');
    expect(again.stdout).toContain(`an earlier run wrote this row to REQ-`);
    expect(again.stdout).toContain(`(_id ${idOf('UPS-7')}), but Claim Number 'UPS-7A' finds no request now`);
    expect(again.stdout).toContain(
      "its _id '#VALUE!' does not read as a request id: in a results file it names the request an earlier run wrote this row to",
    );
    expect(sandbox.account().case_requests.length).toBe(before);
  });
});
