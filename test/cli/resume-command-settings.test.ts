/**
 * The command a stopped import prints to finish the run is the run as it was started (explore 26 item
 * 3): every setting that changes what is read, checked or sent, or how safely, is carried (the
 * account's --reference-path, --timeout, --recheck-after, --encoding, --delimiter), never the token. Run
 * as printed against an account that serves its regions elsewhere, it finishes the run, each row
 * once. A resume given without the reference path cannot read the regions: the rows it already sent
 * are said to be unchecked now, not blamed on "a fix typed in the app". Spawned CLI, real HTTP through
 * a proxy that moves the sandbox's regions; rows written by Python.
 */
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { makeRows, storedByReference } from '../batch/helpers.ts';
import { startMovedListProxy } from '../batch/proxies.ts';
import {
  SECRET_TOKEN,
  TEMPLATE,
  connectionEnv,
  exited,
  importCli,
  secretSandbox,
  spawnImport,
  waitForOutcomes,
} from './import-helpers.ts';

interface ResultRow {
  row: number;
  status: string;
  errors: { code: string; message: string }[];
}

it('the printed resume command carries the run settings and finishes the run; a resume without the reference path blames no fix', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cli-resume-settings-'));
  makeRows(join(dir, 'rows.csv'), 12, 'RCS');
  const { sandbox } = await secretSandbox({ rate: 1000 });
  const proxy = await startMovedListProxy(sandbox.baseUrl, 'case/regions', 'regions');
  const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl };
  const settings = [
    '--encoding',
    'utf-8',
    '--delimiter',
    ',',
    '--recheck-after',
    '30',
    '--reference-path',
    'case_regions=regions',
    '--timeout',
    '90',
  ];
  try {
    const args = ['rows.csv', '--mapping', TEMPLATE, '--rate', '10/s', '--results', 'out.json', ...settings];
    const child = spawnImport(args, dir, env);
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await waitForOutcomes(join(dir, 'out.journal.jsonl'), 3);
    child.kill('SIGTERM');
    expect((await exited(child)).code).toBe(130);
    const printed = /Stopped\. To finish the run: (.*)\n/.exec(stderr)?.[1];
    expect(printed).toBe(
      `trackops-bulk import rows.csv --mapping ${TEMPLATE} --encoding utf-8 --delimiter , --results out.json --rate 10/s ` +
        '--recheck-after 30 --resume --reference-path case_regions=regions --timeout 90',
    );
    expect(stderr).not.toContain(SECRET_TOKEN);
    const command = printed!.split(' ').slice(2);

    // Without the reference path the regions cannot be read: the rows left are refused (not sent), and
    // the rows already sent are in Trackops as the journal records, unchecked now, no fix blamed.
    const at = command.indexOf('--reference-path');
    const without = [...command.slice(0, at), ...command.slice(at + 2)];
    const partial = await importCli(without, dir, env);
    expect(partial.code).toBe(1);
    const rows = (JSON.parse(await readFile(join(dir, 'out.json'), 'utf8')) as { rows: ResultRow[] }).rows;
    const sent = rows.filter((row) => row.status === 'created');
    expect(sent.length).toBeGreaterThanOrEqual(3);
    for (const row of sent) {
      const note = row.errors.find((error) => error.code === 'already_sent_file_differs');
      expect(note?.message, `row ${row.row}`).toMatch(
        /^its values could not be checked now \(Region: Region 'Mountain West' cannot be looked up: .*\): the account's list could not be read, which says nothing against what was sent; it is in Trackops as the journal records/,
      );
      expect(note?.message).not.toContain('a fix typed in the app');
    }

    // As printed, the run finishes: every row once.
    const finished = await importCli([...command, '--json'], dir, env);
    expect(finished.code, finished.stderr).toBe(0);
    expect(JSON.parse(finished.stdout)).toMatchObject({ rows: 12, valid: 12, invalid: 0, failed: 0 });
    const stored = storedByReference(sandbox.account(), 'RCS-');
    expect(stored.size).toBe(12);
    for (const [reference, requests] of stored) expect(requests, reference).toHaveLength(1);
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}, 60_000);
