import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import type { Cell, TrackopsApi } from '../../core/index.ts';
import { parseMapping, validateRows } from '../../core/index.ts';
import { planImport, type PlanStats } from '../../core/validate/plan-import.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import {
  cellsOf,
  collect,
  CREATE_HEADERS,
  CREATE_MAPPING,
  demoReference,
  GOOD_ROW,
  sheetOf,
} from './helpers.ts';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

let sandbox: RunningSandbox;
let api: TrackopsApi;
const reference = demoReference();

beforeAll(async () => {
  sandbox = await startSandbox({ rate: 1000 });
  api = createTrackopsApi(
    { words: CLI_CONNECTION_WORDS, baseUrl: sandbox.baseUrl, user: sandbox.username, token: sandbox.token },
    { pacer: createPacer({ ratePerSecond: 500, concurrency: 1 }) },
  );
});
afterAll(async () => {
  await sandbox.close();
});

async function plan(mapping = CREATE_MAPPING, rows: Record<string, Cell>[], headers = CREATE_HEADERS) {
  const stats: PlanStats = { strategy: 'none', requests: 0, distinctKeys: 0 };
  const before = sandbox.stats().requests;
  const outcomes = await collect(
    planImport(
      validateRows(
        sheetOf(
          headers,
          rows.map((row) => cellsOf(row, headers)),
        ),
        mapping,
        { reference },
      ),
      api,
      mapping,
      { waysOut: CLI_WAYS_OUT, reference },
      stats,
    ),
  );
  return { outcomes, stats, served: sandbox.stats().requests - before };
}

describe('planImport: the live dry run', () => {
  it('create mode: an existing reference_value_1 is a duplicate, a new one a create (one filtered listing for one key)', async () => {
    const { outcomes, stats, served } = await plan(CREATE_MAPPING, [
      { ...GOOD_ROW, 'Claim #': 'CLM-2026-010400' },
    ]);
    expect(outcomes[0]).toMatchObject({ status: 'invalid', action: 'duplicate' });
    // Named as the clerk knows it: the sheet's column, and the case type's label for reference value 1.
    expect(outcomes[0]!.problems[0]).toMatchObject({
      column: 'Claim #',
      target: 'reference_value_1',
      message:
        "A case request with Claim Number 'CLM-2026-010400' already exists (REQ-00001); it would be created twice",
    });
    expect(stats).toEqual({ strategy: 'per-key', requests: 2, distinctKeys: 1 });
    expect(served).toBe(2);
  });

  it('many keys: one paged listing of the account instead of one request per key', async () => {
    const rows = ['CLM-2026-010437', 'NEW-1', 'NEW-2', 'NEW-3', 'NEW-4'].map((claim) => ({
      ...GOOD_ROW,
      'Claim #': claim,
    }));
    const { outcomes, stats } = await plan(CREATE_MAPPING, rows);
    expect(outcomes.map((o) => o.action)).toEqual(['duplicate', 'create', 'create', 'create', 'create']);
    expect(stats.strategy).toBe('listing');
    expect(stats.requests).toBeLessThan(5);
  });

  it('update mode: found → update with its id; missing → not_found; several → ambiguous', async () => {
    // Two requests sharing a reference value make the key ambiguous.
    const body = (
      await collect(
        validateRows(
          sheetOf(CREATE_HEADERS, [cellsOf({ ...GOOD_ROW, 'Claim #': 'TWIN-1' })]),
          CREATE_MAPPING,
          { reference },
        ),
      )
    )[0]!.body;
    await api.createCaseRequest(body as never);
    await api.createCaseRequest(body as never);
    const mapping = parseMapping(
      {
        version: 1,
        mode: 'update',
        match: 'reference_value_1',
        columns: [
          { column: 'Claim', target: 'reference_value_1' },
          { column: 'Due', target: 'due_on' },
        ],
      },
      'update.json',
    );
    const { outcomes } = await plan(
      mapping,
      [
        { Claim: 'CLM-2026-010474', Due: '2026-12-01' },
        { Claim: 'NOPE-1', Due: '2026-12-01' },
        { Claim: 'TWIN-1', Due: '2026-12-01' },
      ],
      ['Claim', 'Due'],
    );
    expect(outcomes.map((o) => [o.action, o.status, o.targetId])).toEqual([
      ['update', 'valid', 3],
      ['not_found', 'invalid', undefined],
      ['ambiguous', 'invalid', undefined],
    ]);
    expect(outcomes[2]!.problems[0]!.message).toMatch(
      /^2 case requests have Reference 1 'TWIN-1' \(REQ-\d+, REQ-\d+\); cannot tell which to update$/,
    );
  });

  it('upsert: a match becomes an update body (update table only, client/contact to merge); no match stays a create', async () => {
    const upsert = parseMapping({ ...CREATE_MAPPING, mode: 'upsert' }, 'upsert.json');
    const { outcomes } = await plan(upsert, [
      { ...GOOD_ROW, 'Claim #': 'CLM-2026-010400' },
      { ...GOOD_ROW, 'Claim #': 'BRAND-NEW' },
    ]);
    expect(outcomes[0]).toMatchObject({
      action: 'update',
      targetId: 1,
      partialObjects: ['client', 'contact'],
    });
    expect(Object.keys(outcomes[0]!.body!)).not.toContain('case_type_id');
    expect(outcomes[1]).toMatchObject({ action: 'create', status: 'valid' });
    expect(Object.keys(outcomes[1]!.body!)).toContain('case_type_id');
  });
});
