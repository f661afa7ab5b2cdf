/**
 * The formula guard `'` every CSV of the tool puts before text starting with = + - @ (tab, CR) is taken
 * off again when the tool reads its own file back: an unedited round-trip CSV changes nothing (before,
 * `+1 555 0100` went back to Trackops as `'+1 555 0100`), and a fixed .csv report re-run sends `=CLM-77`,
 * not a second claim `'=CLM-77`. A value that itself starts with `'` before such a character survives
 * (written `''+1`, read `'+1`). Real files: the CLI's own export and report; the CLI against the sandbox.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';

let sandbox: RunningSandbox;
let dir: string;

const GUARDED = {
  notes: '=SUM(1,2)',
  scheduling_notes: "'+1 555 0100", // an apostrophe the clerk typed in Trackops: it is part of the value
  admin_notes: '-2 days',
  reference_value_3: '@home',
};

beforeAll(async () => {
  const account = await loadDemoAccount();
  const first = account.case_requests[0]!;
  Object.assign(first, GUARDED);
  first.contact = { ...first.contact!, phone_office: '+1 (555) 010-0020' };
  account.case_requests = [first];
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  dir = await tempDir();
});
afterAll(() => sandbox.close());

const connection = () => ['--url', sandbox.baseUrl, '--user', sandbox.username, '--rate', '100/s'];
const env = () => ({ TRACKOPS_TOKEN: sandbox.token });
const stored = () => sandbox.account().case_requests[0]!;

describe('a CSV the tool wrote, read back', () => {
  it('round-trip CSV: unedited, nothing changes; an edited cell is sent without the guards of the others', async () => {
    const file = join(dir, 'rt.csv');
    // The export and the mapping map makes of it are set-up, run by the commands' own code in this
    // process (spawned, a round-trip CSV export is test/cli/export.test.ts's and map is test/cli/map.test.ts's);
    // the imports that read the file back, what this test is about, are spawned.
    const exported = await cliInProcess(
      ['export', '--out', file, '--columns', 'round-trip', ...connection()],
      env(),
    );
    expect(exported.code, exported.stderr).toBe(0);
    const text = await readFile(file, 'utf8');
    expect(text).toContain(',"\'=SUM(1,2)",');
    expect(text).toContain(",''+1 555 0100,");
    const mapping = join(dir, 'rt.json');
    const map = await cliInProcess(['map', file, '--out', mapping, ...connection()], env());
    expect(map.code, map.stderr).toBe(0);

    const unedited = await runCli(['import', file, '--mapping', mapping, '--json', ...connection()], env());
    expect(unedited.code, unedited.stderr).toBe(0);
    const summary = JSON.parse(unedited.stdout) as { updated: number; unchanged: number; reading: string[] };
    expect(summary).toMatchObject({ updated: 0, unchanged: 1 });
    expect(summary.reading.join(' ')).toContain('is a CSV trackops-bulk wrote');
    expect(stored()).toMatchObject(GUARDED);
    expect(stored().contact?.phone_office).toBe('+1 (555) 010-0020');

    await writeFile(file, text.replace(",'-2 days,", ',-3 days,'));
    const edited = await runCli(['import', file, '--mapping', mapping, '--json', ...connection()], env());
    expect(edited.code, edited.stderr).toBe(0);
    expect(JSON.parse(edited.stdout)).toMatchObject({ updated: 1 });
    expect(stored()).toMatchObject({ ...GUARDED, admin_notes: '-3 days' });
    expect(stored().contact?.phone_office).toBe('+1 (555) 010-0020');
  });

  it('a fixed .csv report re-run sends the values as the source held them, and finds the row already imported', async () => {
    const source = join(dir, 'referrals.csv');
    await writeFile(
      source,
      'Claim,Region,Adjuster,Email,Phone,Notes\n' +
        '=CLM-77,Midwest,Smith,a@b.com,+1 303 555 1212,-see attached\n' +
        'CLM-78,Nowhere,Jones,c@d.com,303-555-1213,ok\n',
    );
    const mapping = join(dir, 'm.json');
    await writeFile(
      mapping,
      JSON.stringify({
        version: 1,
        mode: 'create',
        constants: {
          case_type_id: 1,
          'client.name': 'Acme',
          'client.country': 'US',
          created_on: '2026-03-04',
        },
        columns: [
          { column: 'Claim', target: 'reference_value_1' },
          { column: 'Region', target: 'case_region_id', lookup: 'case_regions' },
          { column: 'Adjuster', target: 'contact.last_name' },
          { column: 'Email', target: 'contact.email' },
          { column: 'Phone', target: 'contact.phone_office' },
          { column: 'Notes', target: 'notes' },
        ],
      }),
    );
    const report = join(dir, 'report.csv');
    // The report and the first import are set-up, run by the commands' own code in this process (spawned,
    // a validate --report is test/cli/template-columns.test.ts's and an import test/cli/import.test.ts's);
    // the import of the fixed report, what this test is about, is spawned.
    const checked = await cliInProcess(
      ['validate', source, '--mapping', mapping, '--report', report, ...connection()],
      env(),
    );
    expect(checked.code, checked.stderr).toBe(1);
    const first = await cliInProcess(['import', source, '--mapping', mapping, ...connection()], env());
    expect(first.stdout + first.stderr).toContain('Created 1');

    const written = await readFile(report, 'utf8');
    expect(written).toContain("'=CLM-77,Midwest,Smith,a@b.com,'+1 303 555 1212,'-see attached,valid");
    await writeFile(report, written.replace('CLM-78,Nowhere', 'CLM-78,Midwest'));
    const again = await runCli(['import', report, '--mapping', mapping, '--json', ...connection()], env());
    expect(again.code, again.stderr).toBe(0);
    // The row the first import created holds the same content read back: that import's, already sent.
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 1, duplicate: 0, already_sent: 1 });
    const claims = sandbox
      .account()
      .case_requests.filter((request) => /CLM-7/.test(request.reference_value_1 ?? ''))
      .map((request) => [request.reference_value_1, request.contact?.phone_office, request.notes]);
    expect(claims).toEqual([
      ['=CLM-77', '+1 303 555 1212', '-see attached'],
      ['CLM-78', '303-555-1213', 'ok'],
    ]);
  });
});
