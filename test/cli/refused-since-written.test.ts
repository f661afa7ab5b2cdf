/**
 * A row an import created, whose cells the check refuses now (the account renamed the region it
 * names): it is in Trackops, so neither `validate` nor the import's resume calls it "invalid (not
 * sent)", which told the clerk to fix and send it again. Both say it was sent, as its journal records,
 * and what the check says of its cells now; a row the run never sent is still invalid. The same
 * account data served by a second sandbox after the rename, over HTTP; rows written by Python.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeRows } from '../batch/helpers.ts';
import { runCli } from './run-cli.ts';
import { TEMPLATE, connectionEnv, importCli, secretSandbox } from './import-helpers.ts';
import { commandInProcess } from './command-in-process.ts';

it('validate and the resume report a created row whose region was renamed since as sent, not invalid', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-refused-since-'));
  makeRows(join(dir, 'rows.csv'), 3, 'RSW');
  const base = ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--journal', 'j.jsonl'];
  const before = await secretSandbox({ rate: 1000 });
  let account;
  try {
    // The earlier run is set-up, run by the import command's own code in this process (the same requests,
    // journal and --json summary; a --limit 2 --json run as spawned is test/cli/resume-json-counts.test.ts's
    // first). The validates and the resume this test reads are spawned.
    const first = await commandInProcess(
      'import',
      [...base, '--limit', '2', '--json'],
      dir,
      connectionEnv(before.sandbox),
    );
    expect(JSON.parse(first.stdout)).toMatchObject({ created: 2, skipped: 1 });
    account = before.sandbox.account();
  } finally {
    await before.sandbox.close();
  }
  // Every row of make-rows.py names Mountain West; the account calls it Rockies now.
  const region = account.case_regions.find((item) => item.name === 'Mountain West')!;
  region.name = 'Rockies';
  const { sandbox, log } = await secretSandbox({ account, rate: 1000 });
  const env = connectionEnv(sandbox);
  try {
    const created = sandbox
      .account()
      .case_requests.filter((request) => request.reference_value_1?.startsWith('RSW-'));
    expect(created).toHaveLength(2);

    const validate = ['validate', join(dir, 'rows.csv'), '--mapping', TEMPLATE, '--rate', '100/s'];
    const check = await runCli([...validate, '--journal', join(dir, 'j.jsonl'), '--json'], env);
    expect(JSON.parse(check.stdout)).toMatchObject({ valid: 2, invalid: 1, actions: { already_sent: 2 } });
    const validated = await runCli([...validate, '--journal', join(dir, 'j.jsonl')], env);
    expect(validated.stdout).toMatch(
      /row 2, Region = 'Mountain West': already sent: .*created it as REQ-\d+/,
    );
    expect(validated.stdout).toMatch(
      /row 2, Region = 'Mountain West': the file still holds values the check refuses \(Region: Region 'Mountain West' is not one of: .*Rockies.*\): that send went with other values/,
    );
    expect(validated.stdout).toMatch(/Problems:\n\s+row 4: Region 'Mountain West' is not one of/);

    const resumed = await importCli([...base, '--resume', '--results', 'r.json', '--json'], dir, env);
    expect(JSON.parse(resumed.stdout)).toMatchObject({ valid: 2, invalid: 1, created: 2 });
    expect(log.filter((entry) => entry.method !== 'GET')).toEqual([]);
    const rows = JSON.parse(await readFile(join(dir, 'r.json'), 'utf8')).rows as {
      row: number;
      status: string;
      case_request_number?: string;
      errors: { code: string }[];
    }[];
    for (const row of rows.filter((row) => row.row !== 4)) {
      expect(row.status, `row ${row.row}`).toBe('created');
      expect(row.case_request_number).toBe(created[row.row - 2]!.case_request_number);
      expect(row.errors.map((error) => error.code)).toContain('already_sent_file_differs');
    }
    expect(rows.find((row) => row.row === 4)).toMatchObject({ status: 'invalid' });
  } finally {
    await sandbox.close();
  }
}, 60_000);
