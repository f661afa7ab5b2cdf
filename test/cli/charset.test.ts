/**
 * An answer is read in the charset its Content-Type names. An older PHP/MySQL stack answers
 * `application/json; charset=ISO-8859-1`; read as UTF-8, "Société" became "Soci\uFFFDt\uFFFD" in exports,
 * and an update of client.city, which sends the stored client object back whole (API-NOTES: the
 * object replaces the stored one), stored the misread name. A charset no decoder knows is said in
 * plain words, never guessed at. Over real HTTP, through a re-encoding proxy in front of the sandbox.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startCharsetProxy } from '../batch/proxies.ts';
import { TEMPLATE, connectionEnv, importCli } from './import-helpers.ts';
import { runCli } from './run-cli.ts';
import { commandInProcess } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

const CLEAN = new URL('../../samples/referrals-clean.csv', import.meta.url).pathname;
const CARRIER = 'Société Générale Assurances';

// One referral with accented names, written by Python's csv module from the clean sample.
const MAKE_ACCENTED = `
import csv, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    reader = csv.DictReader(f); row = next(reader); headers = reader.fieldnames
row.update({'Claim #': 'ACC-0001', 'Carrier': '${CARRIER}', 'Carrier City': 'Montréal',
            'Adjuster First': 'José', 'Adjuster Last': 'Muñoz', 'Claimant': 'Gómez, Zoë'})
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    w = csv.DictWriter(f, fieldnames=headers); w.writeheader(); w.writerow(row)
`;

let dir: string;
let sandbox: RunningSandbox;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cli-charset-'));
  runPython(MAKE_ACCENTED, [CLEAN, join(dir, 'accented.csv')]);
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  // The referral the tests read back is set-up, stored by the import command's own code in this process
  // straight to the sandbox (the same requests as spawned; spawned, a create import is
  // test/cli/import.test.ts's). Every run through the re-encoding proxy is spawned.
  const seed = await commandInProcess(
    'import',
    ['accented.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'seed.csv'],
    dir,
    connectionEnv(sandbox),
  );
  expect(seed.code, seed.stdout + seed.stderr).toBe(0);
}, 60_000);

afterAll(async () => {
  await sandbox.close();
});

function stored() {
  return sandbox.account().case_requests.find((request) => request.reference_value_1 === 'ACC-0001')!;
}

describe('answers are decoded by the charset their Content-Type names', () => {
  it('export through an ISO-8859-1 server shows the accented names', async () => {
    const proxy = await startCharsetProxy(sandbox.baseUrl);
    try {
      const out = join(dir, 'export.csv');
      const run = await runCli(
        ['export', '--out', out, '--reference-value-1', 'ACC-0001', '--rate', '100/s'],
        {
          ...connectionEnv(sandbox),
          TRACKOPS_URL: proxy.baseUrl,
        },
      );
      expect(run.code, run.stderr).toBe(0);
      const text = await readFile(out, 'utf8');
      for (const name of [CARRIER, 'Montréal', 'José', 'Muñoz', 'Zoë Gómez']) expect(text).toContain(name);
      expect(text).not.toContain('\uFFFD');
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('an update of client.city through it leaves the stored client name intact', async () => {
    const proxy = await startCharsetProxy(sandbox.baseUrl, 'windows-1252');
    try {
      await writeFile(join(dir, 'update.csv'), 'Claim #,Carrier City\nACC-0001,Québec\n');
      await writeFile(
        join(dir, 'update.json'),
        JSON.stringify({
          version: 1,
          mode: 'update',
          match: 'reference_value_1',
          columns: [
            { column: 'Claim #', target: 'reference_value_1' },
            { column: 'Carrier City', target: 'client.city' },
          ],
        }),
      );
      const run = await importCli(
        ['update.csv', '--mapping', 'update.json', '--rate', '100/s', '--results', 'update-results.csv'],
        dir,
        { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      // No note: the answer, read in its charset, holds what the row sent.
      expect(run.stdout).not.toContain('does not hold what this row sent');
      expect(stored().client).toMatchObject({ name: CARRIER, city: 'Québec' });
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('a charset no decoder knows is said in plain words, and nothing is written', async () => {
    const proxy = await startCharsetProxy(sandbox.baseUrl, 'x-mac-klingon');
    try {
      const out = join(dir, 'unknown.csv');
      const run = await runCli(['export', '--out', out, '--rate', '100/s'], {
        ...connectionEnv(sandbox),
        TRACKOPS_URL: proxy.baseUrl,
      });
      expect(run.code).not.toBe(0);
      expect(run.stderr).toContain(
        'its Content-Type names the character set "x-mac-klingon", which this tool cannot decode',
      );
      await expect(readFile(out, 'utf8')).rejects.toThrow();
    } finally {
      await proxy.close();
    }
  }, 60_000);
});
