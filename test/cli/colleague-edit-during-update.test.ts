/**
 * A colleague edits requests in Trackops while an update import is sending (explore 33 item 1), through
 * the CLI over real HTTP, with a proxy that makes the edits once the first PUT has been answered (so after
 * the plan read the account) and counts every request:
 * - the freshness check runs within REFRESH_ROWS rows sent (not only after 5 minutes of sending), so a
 *   field the row sets that the colleague changed is a `conflict` naming it, never overwritten;
 * - a part of client the row does not set (the colleague's new client name) is kept: the whole-object
 *   merge is based on the check's read, not the plan's;
 * - the check costs 2 requests per 40 rows sent when nothing else changed (issue 13: at most 1.05
 *   requests per updated row, plus the plan's listing);
 * - `revert` puts back what the import really overwrote (the colleague's client name stays);
 * - a `--resume` after a trial is checked the same way.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseRequestRecord } from '../../core/index.ts';
import { REFRESH_ROWS } from '../../core/index.ts';
import { loadDemoAccount, startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startAnsweringProxy, type AnsweringProxy, type ProxyAnswer } from '../batch/answering-proxy.ts';
import { tempDir } from '../report/helpers.ts';
import { runCli } from './run-cli.ts';
import { cliInProcess } from './command-in-process.ts';
import { runPython } from '../helpers/run-python.ts';

const ROWS = 50;
const claim = (n: number) => `CLM-C-${String(n).padStart(4, '0')}`;
const FIRST_ID = 101;
/** The request of sheet data row `n` (1-based). */
const idOf = (n: number) => FIRST_ID + n - 1;

let sandbox: RunningSandbox;
let dir: string;

beforeEach(async () => {
  const account = await loadDemoAccount();
  const model = account.case_requests[0]!;
  for (let n = 1; n <= ROWS; n++) {
    account.case_requests.push({
      ...structuredClone(model),
      id: idOf(n),
      case_request_number: `REQ-${String(idOf(n)).padStart(5, '0')}`,
      reference_value_1: claim(n),
      notes: `Note ${n}`,
      client: { ...model.client!, name: `Carrier ${n}`, city: 'Denver' },
      subjects: [],
      primary_subject_id: null,
      updated_at: '2026-01-01 00:00:00',
    } as (typeof account.case_requests)[number]);
  }
  sandbox = await startSandbox({ port: 0, rate: 1000, account });
  dir = await tempDir();
});
afterEach(() => sandbox.close());

async function sheet(): Promise<string> {
  const path = join(dir, 'status.csv');
  const rows = [['Claim #', 'Carrier City', 'Instructions']];
  for (let n = 1; n <= ROWS; n++) rows.push([claim(n), 'Lakewood', `Status Dec ${n}`]);
  // Written by Python's csv module, as a carrier's sheet saved as CSV would be.
  const script =
    'import csv,json,sys\ncsv.writer(open(sys.argv[1],"w",newline="")).writerows(json.loads(sys.argv[2]))';
  runPython(script, [path, JSON.stringify(rows)]);
  return path;
}

async function mapping(): Promise<string> {
  const path = join(dir, 'status.json');
  await writeFile(
    path,
    JSON.stringify({
      version: 1,
      mode: 'update',
      match: 'reference_value_1',
      columns: [
        { column: 'Claim #', target: 'reference_value_1' },
        { column: 'Carrier City', target: 'client.city' },
        { column: 'Instructions', target: 'notes' },
      ],
    }),
  );
  return path;
}

async function direct(method: 'GET' | 'PUT', id: number, body?: unknown): Promise<CaseRequestRecord> {
  const response = await fetch(`${sandbox.baseUrl}/case/requests/${id}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(`${sandbox.username}/token:${sandbox.token}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    ...(body ? { body: JSON.stringify({ casefile_request: body }) } : {}),
  });
  expect(response.ok).toBe(true);
  return (await response.json()) as CaseRequestRecord;
}

/**
 * The colleague's edits, made once the `nth` PUT through the proxy has been answered by the sandbox:
 * on `noted`, a new note and client name; on `renamed`, only the client's name and address.
 */
function colleagueAfterPut(nth: number, noted: number, renamed: number) {
  return ({ method, nth: count }: { method: string; nth: number }) =>
    method === 'PUT' && count === nth
      ? async (answer: ProxyAnswer) => {
          const colleagueClient = (id: number) =>
            direct('GET', id).then((record) => ({
              ...record.client,
              name: 'Colleague Corp',
              address_1: '9 Colleague Way',
            }));
          await direct('PUT', noted, {
            notes: 'colleague: claim withdrawn',
            client: await colleagueClient(noted),
          });
          await direct('PUT', renamed, { client: await colleagueClient(renamed) });
          return answer;
        }
      : 'forward';
}

const through = (proxy: AnsweringProxy, command: string, args: string[]) =>
  runCli([command, ...args, '--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '200/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

/**
 * The same, run by the command's own code in this process: for the trial a resume continues, set-up
 * (an update import through the proxy as spawned is this file's first test).
 */
const inProcessThrough = (proxy: AnsweringProxy, command: string, args: string[]) =>
  cliInProcess([command, ...args, '--url', proxy.baseUrl, '--user', sandbox.username, '--rate', '200/s'], {
    TRACKOPS_TOKEN: sandbox.token,
  });

interface ResultRow {
  row: number;
  status: string;
  id?: number;
  errors: { code: string; target?: string; column?: string; message: string }[];
}

/** Requests to the case-request endpoints (the reference reads are the same for any run). */
const caseRequests = (proxy: AnsweringProxy) =>
  proxy.log.filter((line) => / \/api\/v1\/case\/requests/.test(line));
const checks = (proxy: AnsweringProxy) => caseRequests(proxy).filter((line) => line.includes('updated_from'));

describe('a colleague edits requests while an update import sends', () => {
  it('a field the row sets is a conflict naming it; a client part it does not set is kept; revert puts back what was overwritten', async () => {
    // Row 45's request gets a colleague's note and client name; row 46's only a new client name. Both
    // after the first PUT, i.e. after the plan read them: only a check while sending can see it.
    const proxy = await startAnsweringProxy(sandbox.baseUrl, colleagueAfterPut(1, idOf(45), idOf(46)));
    try {
      const results = join(dir, 'results.json');
      const run = await through(proxy, 'import', [
        await sheet(),
        '--mapping',
        await mapping(),
        '--results',
        results,
      ]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(1);
      const rows = (JSON.parse(await readFile(results, 'utf8')) as { rows: ResultRow[] }).rows;
      const conflict = rows.find((row) => row.status === 'failed')!;
      expect(conflict).toMatchObject({ row: 46, id: idOf(45) });
      expect(conflict.errors[0]).toMatchObject({ code: 'conflict', target: 'notes', column: 'Instructions' });
      expect(conflict.errors[0]!.message).toContain("Notes is now 'colleague: claim withdrawn'");
      expect(rows.filter((row) => row.status === 'updated')).toHaveLength(ROWS - 1);

      // Nothing overwritten on the conflict's request; the renamed one keeps the colleague's name and
      // address and gets the row's city and note.
      const noted = await direct('GET', idOf(45));
      expect([noted.notes, noted.client?.name, noted.client?.city]).toEqual([
        'colleague: claim withdrawn',
        'Colleague Corp',
        'Denver',
      ]);
      const renamed = await direct('GET', idOf(46));
      expect([renamed.notes, renamed.client?.name, renamed.client?.address_1, renamed.client?.city]).toEqual([
        'Status Dec 46',
        'Colleague Corp',
        '9 Colleague Way',
        'Lakewood',
      ]);

      // Cost: the plan (count + page: one page needs no pin, list-all.ts), one check after REFRESH_ROWS
      // rows sent (count + page), a PUT per row sent: within 1.05 requests per updated row plus the
      // plan's listing.
      expect(REFRESH_ROWS).toBe(40);
      expect(checks(proxy)).toHaveLength(2);
      expect(proxy.count('PUT')).toBe(ROWS - 1);
      expect(caseRequests(proxy)).toHaveLength(ROWS - 1 + 2 + 2);
      expect(caseRequests(proxy).length).toBeLessThanOrEqual(1.05 * (ROWS - 1) + 4);

      // Revert puts back what the import overwrote: the renamed request's city and note, with the
      // colleague's client name kept (the import's merge read it).
      const revert = await through(proxy, 'revert', ['--journal', join(dir, 'results.journal.jsonl')]);
      expect(revert.code).toBe(0);
      const back = await direct('GET', idOf(46));
      expect([back.notes, back.client?.name, back.client?.city]).toEqual([
        'Note 46',
        'Colleague Corp',
        'Denver',
      ]);
    } finally {
      await proxy.close();
    }
  });

  it('--resume after a trial: the resumed rows are checked the same way', async () => {
    const proxy = await startAnsweringProxy(sandbox.baseUrl, () => 'forward');
    try {
      const results = join(dir, 'results.json');
      const file = await sheet();
      const map = await mapping();
      const trial = await inProcessThrough(proxy, 'import', [
        file,
        '--mapping',
        map,
        '--results',
        results,
        '--limit',
        '5',
      ]);
      expect(trial.code).toBe(0);
      // The resume sends rows 7..51 (data rows 6..50); the edits come after its first PUT.
      proxy.answerWith(colleagueAfterPut(6, idOf(49), idOf(50)));
      const resumed = await through(proxy, 'import', [
        file,
        '--mapping',
        map,
        '--results',
        results,
        '--resume',
      ]);
      expect(resumed.code).toBe(1);
      expect(resumed.stdout).toMatch(
        /row 50 \(REQ-00149\): Instructions = 'Status Dec 49': REQ-00149 was changed in Trackops/,
      );
      const noted = await direct('GET', idOf(49));
      expect(noted.notes).toBe('colleague: claim withdrawn');
      const renamed = await direct('GET', idOf(50));
      expect([renamed.notes, renamed.client?.name]).toEqual(['Status Dec 50', 'Colleague Corp']);
    } finally {
      await proxy.close();
    }
  });
});
