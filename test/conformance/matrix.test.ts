/**
 * Issue 12, done-when: against every sandbox dialect (sandbox/README.md), and a few combinations, a dry
 * run, an import in each mode (create, update, upsert), exports to XLSX and CSV and a round trip give
 * the same stored records and the same export rows as against the plain sandbox, or stop with a clear
 * message naming what the server did. Never a duplicate, never a short export, never "failed" for a
 * write that was applied. Real HTTP, core's own client, runner and export; rows written by Python's
 * csv module (test/batch/make-rows.py).
 *
 * The differences that are the point (documented in sandbox/README.md, asserted here one by one):
 * - flatten-composites: a round-trip export stops, saying the server sent a NAME/ADDRESS value as one
 *   line of text; a report export shows such values whole in the first part's column.
 * - missing-reference: referral sources and company locations appear as ids ("#41"), not names.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Mapping } from '../../core/index.ts';
import { DIALECTS, loadDemoAccount, startSandbox, type AccountFile } from '../../sandbox/index.ts';
import { makeRows, templateMapping } from '../batch/helpers.ts';
import {
  dryRun,
  exportRows,
  importFile,
  openStation,
  roundTrip,
  type Outcome,
  type PlannedRow,
  type Imported,
} from './cells.ts';

/** One clock for every sandbox of the file, so timestamps agree between them (and reconcile's window holds). */
const T0 = new Date(Math.floor(Date.now() / 1000) * 1000);

const COMBINATIONS = [
  ['cakephp', 'list-data-meta', 'cap-25', 'strings', 'keyed-collections', 'iso-dates', 'put-204'],
  [
    'wrapped-records',
    'list-data',
    'dates-midnight',
    'count-partial',
    'errors-list',
    'fields-variant',
    'post-no-record',
  ],
  [
    'fuzzy-filters',
    'cap-25',
    'count-wrapped',
    'put-success',
    'errors-nested',
    'fields-no-choices',
    'html-5xx',
  ],
  ['ignored-filters', 'post-wrapped-unknown', 'errors-400', 'missing-reference', 'strings'],
];
/**
 * Dialects that change what a write does or says, by design (a refusal answered 200, a stored write
 * answered as failed): the rows they make fail cannot match the plain sandbox's, so
 * test/batch/said-failed.test.ts checks them row by row instead.
 */
const WRITE_OUTCOMES = new Set(['write-said-failed', 'write-stored-said-failed']);
const RUNS: string[][] = [
  ...DIALECTS.filter((dialect) => !WRITE_OUTCOMES.has(dialect.name)).map((dialect) => [dialect.name]),
  ...COMBINATIONS,
];

interface Results {
  dryCreate: Outcome<PlannedRow[]>;
  create: Outcome<Imported>;
  dryUpsert: Outcome<PlannedRow[]>;
  update: Outcome<Imported>;
  upsert: Outcome<Imported>;
  stored: AccountFile['case_requests'];
  xlsx: Outcome<{ headers: string[]; rows: unknown[][]; notes: string[] }>;
  csv: Outcome<{ headers: string[]; rows: unknown[][]; notes: string[] }>;
  roundTrip: Outcome<unknown>;
  storedAfter: AccountFile['case_requests'];
}

let dir: string;
let account: AccountFile;
let mapping: Mapping;
let files: { create: string; update: string; upsert: string };
let plain: Results;

async function runAll(dialects: string[]): Promise<Results> {
  const sandbox = await startSandbox({ port: 0, rate: 5000, account, dialects, now: () => T0 });
  try {
    const stationDir = await mkdtemp(join(dir, `${dialects.join('+') || 'plain'}-`));
    const station = await openStation(sandbox, stationDir);
    const dryCreate = await dryRun(station, files.create, mapping);
    const create = await importFile(station, files.create, mapping, 'create');
    // perPage 1 makes the planner probe key by key (its account listing is tried by dryCreate).
    const dryUpsert = await dryRun(station, files.upsert, { ...mapping, mode: 'upsert' }, 1);
    const update = await importFile(station, files.update, mapping, 'update');
    const upsert = await importFile(station, files.upsert, mapping, 'upsert');
    const stored = sandbox.account().case_requests;
    const xlsx = await exportRows(station, 'xlsx');
    const csv = await exportRows(station, 'csv');
    const trip = await roundTrip(station, 'MX-0000', 'Round trip edit');
    return {
      dryCreate,
      create,
      dryUpsert,
      update,
      upsert,
      stored,
      xlsx: strip(xlsx),
      csv: strip(csv),
      roundTrip: trip,
      storedAfter: sandbox.account().case_requests,
    };
  } finally {
    await sandbox.close();
  }
}

function strip<T extends { path: string }>(outcome: Outcome<T>): Outcome<Omit<T, 'path'>> {
  if ('stopped' in outcome) return outcome;
  const { path: _path, ...rest } = outcome.ok;
  return { ok: rest };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'conformance-'));
  files = {
    create: join(dir, 'create.csv'),
    update: join(dir, 'update.csv'),
    upsert: join(dir, 'upsert.csv'),
  };
  makeRows(files.create, 5, 'MX', [2]);
  makeRows(files.update, 5, 'MX', [2], 'Boulder', 'Updated');
  makeRows(files.upsert, 7, 'MX', [2], 'Aurora', 'Upserted');
  mapping = { ...(await templateMapping()), match: 'reference_value_1' };
  account = await loadDemoAccount();
  // A request whose reference merely contains a row's key: a loose filter finds it, exactness must not.
  const [template] = account.case_requests;
  account.case_requests.push({
    ...structuredClone(template!),
    id: 900,
    series_number: 900,
    case_request_number: 'REQ-00900',
    reference_value_1: 'mx-0001-old',
    subjects: [],
    primary_subject_id: null,
  });
  plain = await runAll([]);
}, 60_000);

describe('the plain sandbox (the reference every dialect is compared with)', () => {
  it('dry run, imports, exports and round trip all complete, exactly once', () => {
    expect(plain.create).toEqual({
      ok: { rows: 5, valid: 4, invalid: 1, created: 4, updated: 0, failed: 0, skipped: 0, notes: {} },
    });
    expect(plain.update).toEqual({
      ok: { rows: 5, valid: 4, invalid: 1, created: 0, updated: 4, failed: 0, skipped: 0, notes: {} },
    });
    expect(plain.upsert).toEqual({
      ok: { rows: 7, valid: 6, invalid: 1, created: 2, updated: 4, failed: 0, skipped: 0, notes: {} },
    });
    const mx = plain.stored.filter((record) => record.reference_value_1?.startsWith('MX-'));
    expect(mx.map((record) => record.reference_value_1).sort()).toEqual([
      'MX-0000',
      'MX-0001',
      'MX-0003',
      'MX-0004',
      'MX-0005',
      'MX-0006',
    ]);
    expect(ok(plain.dryCreate).map((row) => row.action ?? row.status)).toEqual([
      'create',
      'create',
      'invalid',
      'create',
      'create',
    ]);
    expect(ok(plain.xlsx).rows).toHaveLength(plain.stored.length);
    expect(ok(plain.xlsx).notes).toEqual([]);
    expect(ok(plain.csv).rows).toHaveLength(plain.stored.length);
    expect(ok(plain.roundTrip)).toMatchObject({ updated: 1, failed: 0, changed: 1, notes: {} });
    expect(plain.storedAfter.find((record) => record.reference_value_1 === 'MX-0000')?.notes).toBe(
      'Round trip edit',
    );
  });
});

describe.each(RUNS.map((dialects) => [dialects.join(', '), dialects] as const))(
  'dialect %s',
  (_name, dialects) => {
    it("gives the plain sandbox's records and rows, or stops saying what the server did", async () => {
      const run = await runAll(dialects);
      const has = (name: string) => dialects.includes(name);
      expect(run.dryCreate, 'dry run (create)').toEqual(plain.dryCreate);
      expect(run.create, 'create').toEqual(plain.create);
      expect(run.dryUpsert, 'dry run (upsert, key by key)').toEqual(plain.dryUpsert);
      expect(run.update, 'update').toEqual(plain.update);
      expect(run.upsert, 'upsert').toEqual(plain.upsert);
      expect(run.stored, 'stored records').toEqual(plain.stored);
      for (const format of ['xlsx', 'csv'] as const) {
        const mine = ok(run[format]);
        const theirs = ok(plain[format]);
        expect(mine.headers, `${format} headers`).toEqual(theirs.headers);
        expect(mine.notes, `${format}: nothing the plain sandbox's export does not say`).toEqual(
          theirs.notes,
        );
        expect(mine.rows.length, `${format}: no short export`).toBe(theirs.rows.length);
        expect(comparable(mine, has), `${format} rows`).toEqual(comparable(theirs, has));
        if (has('missing-reference')) expect(column(mine, 'Referral Source')).toContain('#41');
        if (has('flatten-composites')) expect(flattenedInFirstPart(mine)).toBe(true);
      }
      if (has('flatten-composites')) {
        // Stops rather than write guessed parts, naming what the server did; nothing is sent.
        expect(run.roundTrip).toEqual({
          stopped: expect.stringMatching(/as one line of text .*expand_field_values=1/),
        });
        expect(run.storedAfter).toEqual(plain.stored);
      } else {
        expect(run.roundTrip, 'round trip').toEqual(plain.roundTrip);
        expect(run.storedAfter, 'records after the round trip').toEqual(plain.storedAfter);
      }
    }, 60_000);
  },
);

function ok<T>(outcome: Outcome<T>): T {
  if ('stopped' in outcome) throw new Error(`stopped: ${outcome.stopped}`);
  return outcome.ok;
}

type Rows = { headers: string[]; rows: unknown[][] };

/** The rows without the columns a dialect changes by design (asserted separately). */
function comparable(export_: Rows, has: (name: string) => boolean): unknown[][] {
  const dropped = new Set<number>();
  export_.headers.forEach((header, index) => {
    if (has('missing-reference') && (header === 'Referral Source' || header === 'Company Location'))
      dropped.add(index);
    if (has('flatten-composites') && /\((Street|Street 2|City|State|Zip|Country)\)$/.test(header))
      dropped.add(index);
  });
  return export_.rows.map((row) => row.filter((_cell, index) => !dropped.has(index)));
}

function column(export_: Rows, header: string): unknown[] {
  const index = export_.headers.indexOf(header);
  return export_.rows.map((row) => row[index]);
}

/** A flattened ADDRESS shows whole under its first part ("…(Street)"), the other parts empty. */
function flattenedInFirstPart(export_: Rows): boolean {
  const street = export_.headers.findIndex((header) => / \(Street\)$/.test(header));
  if (street < 0) return false;
  return export_.rows.some(
    (row) => typeof row[street] === 'string' && (row[street] as string).includes(', '),
  );
}
