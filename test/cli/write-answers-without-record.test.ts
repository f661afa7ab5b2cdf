/**
 * Writes answered 2xx without their record (explore 29 items 2, 3 and 7): an answer is believed only
 * for what it says.
 * - The everyday answer (201 with the record) costs one POST per row and nothing more, and says nothing.
 * - A 201 with no body and the request's address in Location: read there (one GET), never searched
 *   for, and the run says once what that cost.
 * - A gateway in maintenance answering creates `200 {"status":"maintenance",…}` and storing nothing:
 *   looked for and not found, so in doubt (never "created"), with the server's words; nothing more is
 *   sent (exit 1), and --resume sends the rows not reached, never that one.
 * - Updates answered so: read back once, updated (with a note) when Trackops holds the values, in doubt
 *   when not; a revert's PUT answered so is not "put back".
 * Real HTTP: the CLI through a counting proxy in front of the sandbox; rows written by Python's csv.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../../sandbox/index.ts';
import { createdId, MAINTENANCE, startAnsweringProxy } from '../batch/answering-proxy.ts';
import { TEMPLATE, connectionEnv, importCli } from './import-helpers.ts';
import { runCli } from './run-cli.ts';
import { runPython } from '../helpers/run-python.ts';

const CLEAN = new URL('../../samples/referrals-clean.csv', import.meta.url).pathname;

/**
 * Searches by creation time made once the creates began: a look for a create's request. The listing
 * before the send asks for what was created since its pin too (core/api/listing-pin.ts), one page before
 * any POST, which is no such search.
 */
function searchesAfterSending(log: readonly string[]): number {
  const firstPost = log.findIndex((line) => line.startsWith('POST '));
  if (firstPost < 0) return 0;
  return log.slice(firstPost).filter((line) => /^GET .*created_from_system/.test(line)).length;
}

const FIRST_ROWS = `
import csv, sys
with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:
    rows = list(csv.reader(f))
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    csv.writer(f).writerows(rows[:1 + int(sys.argv[3])])
`;

interface ResultRow {
  row: number;
  status: string;
  id?: number;
  errors: { code: string; message: string }[];
}

async function rowsOf(path: string): Promise<ResultRow[]> {
  return (JSON.parse(await readFile(path, 'utf8')) as { rows: ResultRow[] }).rows;
}

const maintenance = { status: 200, headers: { 'content-type': 'application/json' }, body: MAINTENANCE };

describe('a create answered without its record', () => {
  it('answered 201 with the record: one POST per row, no other request for it, nothing said', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-create-everyday-'));
    runPython(FIRST_ROWS, [CLEAN, join(dir, 'rows.csv'), '3']);
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const proxy = await startAnsweringProxy(sandbox.baseUrl, () => 'forward');
    try {
      const run = await importCli(['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--json'], dir, {
        ...connectionEnv(sandbox),
        TRACKOPS_URL: proxy.baseUrl,
      });
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const summary = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(summary).toMatchObject({ created: 3, noted: 0 });
      expect(summary).not.toHaveProperty('createsWithoutRecord');
      expect(proxy.count('POST')).toBe(3);
      expect(proxy.count('GET', /\/case\/requests\/\d+$/)).toBe(0);
      expect(searchesAfterSending(proxy.log)).toBe(0);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);

  it('answered 201 with only a Location: one GET there per row, no search, and the cost said once', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-create-location-'));
    runPython(FIRST_ROWS, [CLEAN, join(dir, 'rows.csv'), '3']);
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method }) =>
      method === 'POST'
        ? (answer) => ({
            status: 201,
            headers: { location: `/api/v1/case/requests/${createdId(answer)}` },
            body: '',
          })
        : 'forward',
    );
    try {
      const before = sandbox.account().case_requests.length;
      const run = await importCli(
        ['rows.csv', '--mapping', TEMPLATE, '--rate', '100/s', '--results', 'res.json'],
        dir,
        { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      const created = sandbox.account().case_requests.slice(before);
      expect((await rowsOf(join(dir, 'res.json'))).map((row) => [row.status, row.id])).toEqual(
        created.map((request) => ['created', request.id]),
      );
      expect(proxy.count('POST')).toBe(3);
      expect(proxy.count('GET', /\/case\/requests\/\d+$/)).toBe(3);
      expect(searchesAfterSending(proxy.log)).toBe(0);
      expect(run.stdout).toContain(
        "Trackops answered 3 creates without the request they made: 3 were read where the answer's Location said (1 request more each).",
      );
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);

  it('answered 200 with a maintenance notice and not stored: in doubt, the run stops; --resume sends the rest, not it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-create-maintenance-'));
    runPython(FIRST_ROWS, [CLEAN, join(dir, 'rows.csv'), '4']);
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    // The gateway goes into maintenance after two creates: it answers the rest itself, storing nothing.
    const proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method, nth }) =>
      method === 'POST' && nth > 2 ? maintenance : 'forward',
    );
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl };
    const args = [
      'rows.csv',
      '--mapping',
      TEMPLATE,
      '--rate',
      '100/s',
      '--results',
      'res.json',
      '--recheck-after',
      '1',
    ];
    try {
      const before = sandbox.account().case_requests.length;
      const run = await importCli(args, dir, env);
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(proxy.count('POST')).toBe(3);
      expect(sandbox.account().case_requests).toHaveLength(before + 2);
      const doubt =
        `Trackops answered 200 with '${MAINTENANCE}', not the request it created, and Trackops did not list a request with this row's values, ` +
        'at once or 1 s later: it was most likely not stored. It is in doubt, and was not sent again, because a 200 answer can mean it was done: ' +
        'check Trackops for it, and if it is not there, import this row again on its own (a file holding only it).';
      expect(run.stderr).toContain(`trackops-bulk: import: row 4: ${doubt} Nothing more was sent`);
      expect(run.stderr).toContain('--resume (row 4 is not sent again: check it as said above)');
      const rows = await rowsOf(join(dir, 'res.json'));
      expect(rows.map((row) => [row.row, row.status, row.errors[0]?.code])).toEqual([
        [2, 'created', undefined],
        [3, 'created', undefined],
        [4, 'failed', 'write_unconfirmed'],
        [5, 'skipped', 'not_sent'],
      ]);
      expect(rows[2]!.errors[0]!.message).toBe(doubt);
      // A stopped run's results do not claim to be the run's whole story.
      expect(JSON.parse(await readFile(join(dir, 'res.json'), 'utf8'))).toMatchObject({ complete: false });

      // Maintenance over: the resume sends row 5, and never row 4 (a 200 may have meant it was stored).
      proxy.answerWith(() => 'forward');
      const resumed = await importCli([...args, '--resume'], dir, env);
      expect(resumed.code, resumed.stdout + resumed.stderr).toBe(1);
      expect(proxy.count('POST')).toBe(4);
      expect(sandbox.account().case_requests).toHaveLength(before + 3);
      expect(resumed.stdout).toContain('Created 3, updated 0, failed 1');
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});

describe('a create answered as taken, without its record', () => {
  it('200 {"success": true} and not listed (a queue not done yet): created without its number, said; the run goes on', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-create-acknowledged-'));
    runPython(FIRST_ROWS, [CLEAN, join(dir, 'rows.csv'), '4']);
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    // After two creates the server only queues them: it acknowledges, and lists nothing yet.
    const proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method, nth }) =>
      method === 'POST' && nth > 2
        ? { status: 200, headers: { 'content-type': 'application/json' }, body: '{"success": true}' }
        : 'forward',
    );
    try {
      const run = await importCli(
        [
          'rows.csv',
          '--mapping',
          TEMPLATE,
          '--rate',
          '100/s',
          '--results',
          'res.json',
          '--recheck-after',
          '0.2',
        ],
        dir,
        { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl },
      );
      expect(run.code, run.stdout + run.stderr).toBe(0);
      // Each row sent once: the acknowledgement says it was taken, so it is never sent again.
      expect(proxy.count('POST')).toBe(4);
      const rows = await rowsOf(join(dir, 'res.json'));
      expect(rows.map((row) => [row.row, row.status, row.errors[0]?.code])).toEqual([
        [2, 'created', undefined],
        [3, 'created', undefined],
        [4, 'created', 'created_id_unread'],
        [5, 'created', 'created_id_unread'],
      ]);
      expect(rows[2]!.errors[0]!.message).toBe(
        `Trackops answered 200 with '{"success": true}', not the request it made, and did not list it yet. ` +
          'The request was created once and will not be sent again; look it up in Trackops to see its number.',
      );
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});

describe('an update answered without its record', () => {
  it('is read back: updated with a note when Trackops holds it, in doubt when not; a revert likewise', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cli-update-maintenance-'));
    const sandbox = await startSandbox({ port: 0, rate: 1000 });
    const [first, second, third] = sandbox.account().case_requests;
    await writeFile(
      join(dir, 'update.json'),
      JSON.stringify({
        version: 1,
        mode: 'update',
        match: 'id',
        columns: [
          { column: 'Request ID', target: 'id' },
          { column: 'Notes', target: 'notes' },
        ],
      }),
    );
    runPython(
      'import csv, sys\nw = csv.writer(open(sys.argv[1], "w", newline=""))\nw.writerow(["Request ID", "Notes"])\n' +
        'for i, n in enumerate(sys.argv[2:]): w.writerow([n, f"update note {i + 1}"])',
      [join(dir, 'up.csv'), String(first!.id), String(second!.id), String(third!.id)],
    );
    // The first PUT is stored, then answered with the notice; the next ones are only answered so.
    const proxy = await startAnsweringProxy(sandbox.baseUrl, ({ method, nth }) =>
      method !== 'PUT' ? 'forward' : nth === 1 ? () => maintenance : maintenance,
    );
    const env = { ...connectionEnv(sandbox), TRACKOPS_URL: proxy.baseUrl };
    try {
      const run = await importCli(
        ['up.csv', '--mapping', 'update.json', '--rate', '100/s', '--results', 'res.json'],
        dir,
        env,
      );
      expect(run.code, run.stdout + run.stderr).toBe(1);
      expect(proxy.count('PUT')).toBe(2);
      // One read back per such answer, and no other read of those requests.
      expect(proxy.count('GET', new RegExp(`/case/requests/(${first!.id}|${second!.id})$`))).toBe(2);
      const held = sandbox.account().case_requests;
      expect(held.find((request) => request.id === first!.id)!.notes).toBe('update note 1');
      expect(held.find((request) => request.id === second!.id)!.notes).toBe(second!.notes);
      const rows = await rowsOf(join(dir, 'res.json'));
      expect(rows.map((row) => [row.row, row.status, row.errors[0]?.code])).toEqual([
        [2, 'updated', 'answer_not_record'],
        [3, 'failed', 'write_unconfirmed'],
        [4, 'skipped', 'not_sent'],
      ]);
      expect(rows[0]!.errors[0]!.message).toBe(
        `Trackops answered 200 with '${MAINTENANCE}', not the request; read back, ${first!.case_request_number} holds every value this row sets, so it counts as updated.`,
      );
      expect(rows[1]!.errors[0]!.message).toContain(
        `Trackops answered 200 with '${MAINTENANCE}', not the request it changed, and read back, ${second!.case_request_number} does not hold it (Notes is `,
      );
      expect(rows[1]!.errors[0]!.message).toContain(
        `it was most likely not changed. It is in doubt, and was not sent again, because a 200 answer can mean it was done: check ${second!.case_request_number} in Trackops`,
      );

      // The revert's PUT answered the same way, storing nothing: not "put back".
      const revert = await runCli(
        [
          'revert',
          '--journal',
          join(dir, 'res.journal.jsonl'),
          '--rate',
          '100/s',
          '--results',
          join(dir, 'undo.json'),
        ],
        { TRACKOPS_URL: proxy.baseUrl, TRACKOPS_USER: sandbox.username, TRACKOPS_TOKEN: sandbox.token },
      );
      expect(revert.code, revert.stdout + revert.stderr).toBe(1);
      expect(sandbox.account().case_requests.find((request) => request.id === first!.id)!.notes).toBe(
        'update note 1',
      );
      const undo = JSON.parse(await readFile(join(dir, 'undo.json'), 'utf8')) as {
        rows: { row: number; status: string; message?: string }[];
      };
      const undone = undo.rows.find((row) => row.row === 2)!;
      expect(undone.status).toBe('failed');
      expect(undone.message).toContain(`Trackops answered 200 with '${MAINTENANCE}'`);
      expect(undone.message).toContain('if the values are not there, put its values back by hand.');
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  }, 60_000);
});
