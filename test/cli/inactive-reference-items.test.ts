/**
 * Explore 54 item 5: reference items the server marks as not in use (a region retired, an office closed
 * and re-created) were used without a word, and `check` called their lists [ok]. Whether Trackops sends
 * such a member is not known (API-NOTES), so the rules are about saying, not deciding: `check` names the
 * members and the items they mark, and what the tool does; a row whose name lands on such an item is
 * valid and sent, with a note naming the item and the mark (validate and import alike); a name shared by
 * an active and an inactive item is refused as ambiguous, saying which is which. A spawned CLI over real
 * HTTP: the account file holds an archived office beside its re-created namesake, and a proxy in front
 * of the sandbox adds `"is_active": false` to a region; the sheet written by Python's csv module.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatProblem } from '../../core/index.ts';
import { APP_MAPPING_WORDS } from '../../main/bridge/mapping-words.ts';
import { loadDemoAccount, startSandbox, type AccountFile, type RunningSandbox } from '../../sandbox/index.ts';
import { startItemMembersProxy, type RunningProxy } from '../batch/proxies.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

const WRITE_CSV = `
import csv, sys
rows = [
    ['Claim #', 'Date Received', 'Region', 'Office', 'Carrier', 'Adjuster Last', 'Adjuster Email'],
    ['I-1', '11/23/2026', 'Southwest', 'Denver HQ', 'Acme', 'Doe', 'd@x.example'],
    ['I-2', '11/23/2026', 'Midwest', 'Main', 'Acme', 'Doe', 'd@x.example'],
]
with open(sys.argv[1], 'w', newline='', encoding='utf-8') as out:
    csv.writer(out).writerows(rows)
`;

const TEMPLATE = {
  version: 1,
  mode: 'create',
  constants: { case_type_id: 1, 'client.country': 'US' },
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Date Received', target: 'created_on', dateFormat: 'M/D/YYYY' },
    { column: 'Region', target: 'case_region_id', lookup: 'case_regions' },
    { column: 'Office', target: 'company_location_id', lookup: 'company_locations' },
    { column: 'Carrier', target: 'client.name' },
    { column: 'Adjuster Last', target: 'contact.last_name' },
    { column: 'Adjuster Email', target: 'contact.email' },
  ],
};

/** The old "Main" office archived, and a new "Main" made after it. */
function withArchivedOffice(account: AccountFile): AccountFile {
  account.case_requests = [];
  account.company_locations.push({ id: 54, name: 'Main', status: 'archived' }, { id: 55, name: 'Main' });
  return account;
}

let dir = '';
let sandbox: RunningSandbox;
let proxy: RunningProxy;
let file = '';
let template = '';
let env: NodeJS.ProcessEnv = {};

describe('reference items marked as not in use', { timeout: 60_000 }, () => {
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'inactive-items-'));
    file = join(dir, 'referrals.csv');
    template = join(dir, 'template.json');
    runPython(WRITE_CSV, [file]);
    await writeFile(template, JSON.stringify(TEMPLATE));
    sandbox = await startSandbox({ port: 0, account: withArchivedOffice(await loadDemoAccount()) });
    proxy = await startItemMembersProxy(sandbox.baseUrl, 'case/regions', 'Southwest', { is_active: false });
    env = { TRACKOPS_URL: proxy.baseUrl, TRACKOPS_USER: sandbox.username, TRACKOPS_TOKEN: sandbox.token };
  });
  afterAll(async () => {
    await proxy?.close();
    await sandbox?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('rule: check names the members, the items they mark and what the tool does, never calling the list ok', async () => {
    const run = await runCli(['check', '--rate', '100/s'], env);
    expect(run.stdout).toContain('[differs, handled] Reference list case_regions (case/regions)');
    expect(run.stdout).toContain(
      '6 items, a bare array; items carry "is_active", which the tool does not assume; 1 marked not in use: ' +
        'Southwest (id 3, "is_active": false). A row naming one is still sent, with a note saying so (whether Trackops ' +
        'takes such an item is not known), and a name shared by an active and an inactive item is refused as ambiguous, saying which is which',
    );
    expect(run.stdout).toContain('[differs, handled] Reference list company_locations (company/locations)');
    expect(run.stdout).toContain('1 marked not in use: Main (id 54, "status": "archived")');
    // A list whose items carry nothing more is as assumed.
    expect(run.stdout).toContain('[ok] Reference list case_flags (case/flags)');
  });

  it('rule: a row naming an inactive item is valid with a note; a name shared with an inactive item says which is which', async () => {
    const run = await runCli(['validate', file, '--mapping', template, '--rate', '100/s'], env);
    expect(run.stdout).toContain('2 rows checked: 1 valid, 1 invalid');
    const note =
      'Region \'Southwest\' is the region of id 3, which Trackops marks as not in use ("is_active": false): the row is sent ' +
      'with it all the same (whether Trackops takes such an item is not known); if the office has retired it, put the one in ' +
      'use in the cell, or translate the name in the column\'s "values"';
    expect(run.stdout).toContain(`row 2: ${note}`);
    expect(run.stdout).toContain(
      "row 3: Office 'Main' matches several (names are matched whatever their letter case and spaces): 'Main' (id 54, marked inactive: \"status\": \"archived\"), 'Main' (id 55)",
    );
    // The app's words for the same note: a retired name is put right in the file (no "values" key).
    const app = formatProblem(
      'lookup_inactive',
      { label: 'Region', value: 'Southwest', target: 'case_region_id', id: 3, mark: '"is_active": false' },
      undefined,
      APP_MAPPING_WORDS,
    );
    expect(app).toMatch(/put the one in use in the cell$/);

    const sent = await runCli(['import', file, '--mapping', template, '--rate', '100/s'], env);
    expect(sent.stdout).toContain('Sent naming an item Trackops marks as not in use:');
    expect(sent.stdout).toMatch(/row 2 \(REQ-\d+\): Region 'Southwest' is the region of id 3/);
    const [stored] = sandbox.account().case_requests;
    expect(stored).toMatchObject({ reference_value_1: 'I-1', case_region_id: 3 });
  });
});
