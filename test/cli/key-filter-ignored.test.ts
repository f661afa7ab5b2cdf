/**
 * An update matched by a reference value, a few rows against a larger account, on a server that ignores
 * the key's list filter (dialect `ignored-filters`). The plan chose one look-up per key, and each
 * look-up gave the whole account: before (exploratory round), every key read all of it again (4 rows
 * against 2,000 requests took 110 requests; 200 rows against 50,000 would take 100,000), and the summary
 * said "with 4 look-ups" and nothing of the ignored filter. Now the first look-up that gives the whole
 * account settles every key from what it read, and the summary says so. The sandbox over HTTP, its own
 * request log counting; the file written by Python's csv module; the CLI spawned.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { loadDemoAccount } from '../../sandbox/index.ts';
import { writeCsvByPython } from '../helpers/python.ts';
import { connectionEnv, importCli, secretSandbox, type SandboxWithLog } from './import-helpers.ts';

let running: SandboxWithLog | undefined;
afterEach(async () => {
  await running?.sandbox.close();
  running = undefined;
});

/** The demo account's requests copied to `count` (3 pages of 100), each with its own claim number. */
async function largerAccount(count: number) {
  const account = await loadDemoAccount();
  const demo = account.case_requests;
  let subjectId = 5000;
  account.case_requests = Array.from({ length: count }, (_, index) => {
    const copy = structuredClone(demo[index % demo.length]!);
    copy.id = index + 1;
    copy.case_request_number = `REQ-${String(index + 1).padStart(5, '0')}`;
    copy.series_number = index + 1;
    copy.reference_value_1 = `CLM-${String(index + 1).padStart(6, '0')}`;
    for (const subject of copy.subjects) subject.id = ++subjectId;
    copy.primary_subject_id = copy.subjects.find((subject) => subject.is_primary)?.id ?? null;
    return copy;
  });
  return account;
}

it('the first look-up that gives the whole account settles every key: no look-up more, and it is said', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'key-filter-ignored-'));
  const account = await largerAccount(250);
  running = await secretSandbox({ rate: 1000, dialects: ['ignored-filters'], account });
  const { sandbox, log } = running;
  writeCsvByPython(join(dir, 'rows.csv'), [
    ['Claim #', 'Notes'],
    ['CLM-000010', 'Edited 10'],
    ['CLM-000200', 'Edited 200'],
    ['CLM-009999', 'No such claim'],
  ]);
  await writeFile(
    join(dir, 'update.json'),
    JSON.stringify({
      version: 1,
      mode: 'update',
      match: 'reference_value_1',
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Notes', target: 'notes' },
      ],
    }),
  );
  const imported = await importCli(
    ['rows.csv', '--mapping', 'update.json', '--rate', '500/s', '--results', 'r.json', '--json'],
    dir,
    connectionEnv(sandbox),
  );
  expect(imported.code, imported.stderr).toBe(1);
  expect(JSON.parse(imported.stdout)).toMatchObject({ updated: 2, invalid: 1 });
  expect(sandbox.account().case_requests.find((request) => request.id === 200)!.notes).toBe('Edited 200');
  // One look-up read the account (its first page of 2, the count, the pinned part's count and 3 pages,
  // the page of what came since the pin); no other key was looked up.
  const lookUps = log.filter((entry) => /[?&]reference_value_1=/.test(entry.url));
  expect(lookUps.every((entry) => entry.url.includes('reference_value_1=CLM-000010'))).toBe(true);
  expect(lookUps.length).toBeLessThanOrEqual(7);
  expect(imported.stderr).toContain(
    "3 rows were checked against 250 requests with 1 look-up: the look-up for 'CLM-000010' gave 250 requests, " +
      "every one the account holds, not only those whose key is 'CLM-000010': Trackops seems to ignore that filter",
  );
}, 90_000);
