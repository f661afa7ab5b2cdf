/**
 * A revert stopped part way, then finished with --resume (explore B): a request the first run put
 * back, whose due date was empty before the import, keeps the import's due date (the update cannot
 * clear a date: revert-decide.ts). The first run said so on that row, but a stop (kill -9, a closed
 * terminal) loses what it printed, and the resumed run's results said of that request only "put back
 * by an earlier run of this revert; not sent again": its count of requests leaving fields to clear by
 * hand left it out, so the clerk never learnt that the due date stayed. Now the revert journal keeps
 * what each put-back left to clear, and the resumed run names it and counts it as the first run did.
 * Rows written by Python's csv module; core's import and revert against the sandbox over real HTTP.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Mapping } from '../../core/index.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { runPython } from '../helpers/run-python.ts';
import { call } from '../sandbox/helpers.ts';
import { importInProcess } from './helpers.ts';
import { revertInProcess } from './revert-helpers.ts';

let sandbox: RunningSandbox;
let dir: string;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, rate: 1000 });
  dir = await mkdtemp(join(tmpdir(), 'revert-resume-clear-'));
});
afterAll(() => sandbox.close());

const MAPPING: Mapping = {
  version: 1,
  mode: 'update',
  match: 'reference_value_1',
  columns: [
    { column: 'Claim #', target: 'reference_value_1' },
    { column: 'Instructions', target: 'notes' },
    { column: 'Due Date', target: 'due_on', dateFormat: 'M/D/YYYY' },
  ],
};

/** A request entered over the API without a due date. */
async function requestWithoutDueDate(reference: string): Promise<number> {
  const answer = await call(sandbox, 'POST', '/case/requests', {
    body: {
      casefile_request: {
        case_type_id: 1,
        case_region_id: 1,
        created_on: '2026-12-01',
        reference_value_1: reference,
        notes: 'before the import',
        client: { name: 'Acme', country: 'US' },
        contact: { last_name: 'Adj', email: 'a@example.com' },
      },
    },
  });
  expect(answer.status).toBe(201);
  return (answer.body as { id: number }).id;
}

/**
 * Two requests without a due date (`PREFIX-1`, `PREFIX-2`), then an update import that gives them one (a
 * file written by Python's csv module): the import a revert then undoes, leaving the due date to clear.
 */
async function importedDueDates(prefix: string, name: string): Promise<{ ids: number[]; journal: string }> {
  const ids = [await requestWithoutDueDate(`${prefix}-1`), await requestWithoutDueDate(`${prefix}-2`)];
  const rows = join(dir, `${name}.csv`);
  runPython(
    'import csv,sys; w=csv.writer(open(sys.argv[1],"w",newline="",encoding="utf-8")); ' +
      'w.writerows([["Claim #","Instructions","Due Date"],' +
      `["${prefix}-1","after the import","1/15/2027"],["${prefix}-2","after the import","1/16/2027"]])`,
    [rows],
  );
  const journal = join(dir, `${name}.journal.jsonl`);
  const imported = await importInProcess({ file: rows, mapping: MAPPING, mode: 'update', sandbox, journal });
  expect(imported).toMatchObject({ updated: 2, failed: 0 });
  return { ids, journal };
}

describe('a revert finished by --resume', () => {
  it('names, on a request put back by the stopped run, the field it left for a person to clear', async () => {
    const { ids, journal } = await importedDueDates('CLEAR', 'due');
    const afterImport = sandbox.account();

    const revertJournal = join(dir, 'due.journal.revert.jsonl');
    const first = await revertInProcess({ sandbox, journal, revertJournal });
    expect(first.summary).toMatchObject({ reverted: 2, leftToClear: 2 });
    // The run as a kill after its first put-back leaves it: its journal holds that row's outcome alone,
    // and Trackops that request put back, the other one as the import left it (a second sandbox,
    // started from that account: no write of the test's own moves an updated_at).
    const lines = (await readFile(revertJournal, 'utf8')).trim().split('\n');
    const firstOutcome = lines.findIndex((line) => JSON.parse(line).type === 'outcome');
    const kept = lines.slice(0, firstOutcome + 1);
    const settledId = JSON.parse(kept.at(-1)!).id as number;
    await writeFile(revertJournal, kept.join('\n') + '\n');
    const putBack = sandbox.account().case_requests.find((request) => request.id === settledId)!;
    const stopped = await startSandbox({
      port: 0,
      rate: 1000,
      account: {
        ...afterImport,
        case_requests: afterImport.case_requests.map((request) =>
          request.id === settledId ? putBack : request,
        ),
      },
    });
    try {
      const resumed = await revertInProcess({ sandbox: stopped, journal, revertJournal, resume: true });
      // Both requests keep the import's due date: the summary counts both, as the first run did.
      expect(resumed.summary).toMatchObject({ reverted: 2, fromJournal: 1, conflict: 0, leftToClear: 2 });
      const settled = resumed.rows.find((row) => row.id === settledId)!;
      const due = settledId === ids[0] ? '2027-01-15' : '2027-01-16';
      expect(settled).toMatchObject({
        status: 'reverted',
        leftToClear: [{ target: 'due_on', label: 'Due date', now: due }],
      });
      expect(settled.message).toBe(
        `put back by an earlier run of this revert; not sent again. Due date (now '${due}', empty before the import) ` +
          'cannot be put back: the Trackops update has no documented way to clear a date, so it was not sent ' +
          '(the other fields were). Clear it by hand in Trackops',
      );
      const stored = stopped.account().case_requests.filter((request) => ids.includes(request.id));
      expect(stored.map((request) => request.notes)).toEqual(['before the import', 'before the import']);
      expect(stored.map((request) => request.due_on)).toEqual(['2027-01-15', '2027-01-16']);
    } finally {
      await stopped.close();
    }
  }, 60_000);

  it('names them on a request whose put-back landed though its answer was lost, never a conflict', async () => {
    const { ids, journal } = await importedDueDates('LOST', 'lost');

    const revertJournal = join(dir, 'lost.journal.revert.jsonl');
    const first = await revertInProcess({ sandbox, journal, revertJournal });
    expect(first.summary).toMatchObject({ reverted: 2, leftToClear: 2 });
    // A kill after the last put-back was stored, before its outcome reached the disk: in doubt.
    const text = await readFile(revertJournal, 'utf8');
    const cut = text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1);
    const lost = JSON.parse(text.slice(cut.length)) as { type: string; row: number; id: number };
    expect(lost).toMatchObject({ type: 'outcome', status: 'updated' });
    await writeFile(revertJournal, cut);

    const resumed = await revertInProcess({ sandbox, journal, revertJournal, resume: true });
    expect(resumed.summary).toMatchObject({ reverted: 2, fromJournal: 1, conflict: 0, leftToClear: 2 });
    const row = resumed.rows.find((result) => result.id === lost.id)!;
    const due = lost.id === ids[0] ? '2027-01-15' : '2027-01-16';
    expect(row).toMatchObject({
      status: 'reverted',
      leftToClear: [{ target: 'due_on', label: 'Due date', now: due }],
    });
    expect(row.message).toMatch(/^put back by an earlier run of this revert, whose answer was lost or cut/);
    expect(row.message).toContain(
      `Due date (now '${due}', empty before the import) cannot be put back: the Trackops update has no documented way to clear a date`,
    );
    expect(
      (await readFile(revertJournal, 'utf8')).slice(cut.length),
      'the in-doubt put-back is recorded as done, with what it left',
    ).toMatch(/"type":"outcome".*"status":"updated".*"left_to_clear":\[\{"target":"due_on"/);
  }, 60_000);
});
