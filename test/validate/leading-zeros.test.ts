/**
 * A claim typed 0046001 comes back as the number 46001 once Excel or LibreOffice has opened and saved the
 * sheet ("General" cells drop leading zeros). Rule: never a row twice, and where the tool guesses it says
 * so: the account's 0046001 is named as a possible duplicate of the row's 46001 (create and upsert), as
 * a key differing only in letter case is, with the same override; no request is added for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import type { Cell, Mapping, TrackopsApi } from '../../core/index.ts';
import { parseMapping, validateRows } from '../../core/index.ts';
import type { CaseRequestCreateBody } from '../../core/api/types.ts';
import { planImport, type PlanStats } from '../../core/validate/plan-import.ts';
import { startSandbox, type RunningSandbox } from '../../sandbox/index.ts';
import { startLooseFilterProxy } from '../batch/proxies.ts';
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
  // The claim as the carrier's CSV gave it, imported first.
  const [first] = await collect(
    validateRows(sheetOf(CREATE_HEADERS, [cellsOf({ ...GOOD_ROW, 'Claim #': '0046001' })]), CREATE_MAPPING, {
      reference,
    }),
  );
  await api.createCaseRequest(first!.body as CaseRequestCreateBody);
});
afterAll(async () => {
  await sandbox.close();
});

const OTHERS = ['NEW-1', 'NEW-2', 'NEW-3', 'NEW-4'];

const withMode = (extra: Record<string, unknown>): Mapping =>
  parseMapping({ ...JSON.parse(JSON.stringify(CREATE_MAPPING)), ...extra }, 'map.json');

async function plan(mapping: Mapping, claims: Cell[], through: TrackopsApi = api) {
  const stats: PlanStats = { strategy: 'none', requests: 0, distinctKeys: 0 };
  const rows = claims.map((claim) => cellsOf({ ...GOOD_ROW, 'Claim #': claim }));
  const outcomes = await collect(
    planImport(
      validateRows(sheetOf(CREATE_HEADERS, rows), mapping, { reference }),
      through,
      mapping,
      { waysOut: CLI_WAYS_OUT, reference },
      stats,
    ),
  );
  return { outcomes, stats };
}

describe('a number key that lost its leading zeros', () => {
  it("create: 46001 from a number cell is refused as a possible duplicate of the account's 0046001, naming it and saying what to do", async () => {
    // Five keys, one page: the whole-account listing (a server whose filter is exact lists only what
    // equals a key, so one look-up per key sees 0046001 only where the filter is loose: below).
    const { outcomes, stats } = await plan(CREATE_MAPPING, [46001, ...OTHERS]);
    expect(stats.strategy).toBe('listing');
    expect(outcomes[0]).toMatchObject({ status: 'invalid', action: 'possible_duplicate' });
    const message = outcomes[0]!.problems[0]!.message;
    expect(message).toContain("Claim Number '0046001' (REQ-");
    expect(message).toContain("from '46001' only in leading zeros");
    expect(message).toContain('format the column as Text');
    expect(message).toContain('"duplicates": "create"');
    // The count and the one page (a list one page holds needs no pin: list-all.ts): nothing more
    // (issue 13: a small account's listing is at most 3 requests).
    expect(stats.requests).toBe(2);
  });

  it('upsert: not planned as a create beside 0046001 (the whole-account listing finds it too)', async () => {
    const { outcomes, stats } = await plan(withMode({ mode: 'upsert' }), [
      46001,
      'NEW-1',
      'NEW-2',
      'NEW-3',
      'NEW-4',
    ]);
    expect(stats.strategy).toBe('listing');
    expect(outcomes[0]).toMatchObject({ status: 'invalid', action: 'possible_duplicate' });
    expect(outcomes[0]!.problems[0]!.message).toContain(
      'To update it, type Claim Number as Trackops holds it',
    );
  });

  it('update: "no match" names the request with the zeros', async () => {
    const { outcomes } = await plan(
      withMode({
        mode: 'update',
        constants: {},
        subjects: [],
        columns: [
          { column: 'Claim #', target: 'reference_value_1' },
          { column: 'Client', target: 'client.name' },
        ],
      }),
      [46001, ...OTHERS],
    );
    expect(outcomes[0]).toMatchObject({ status: 'invalid', action: 'not_found' });
    expect(outcomes[0]!.problems[0]!.message).toContain("'0046001'");
    expect(outcomes[0]!.problems[0]!.message).toContain('only in leading zeros');
  });

  it('"duplicates": "create" is the override; other digits are no near match', async () => {
    const { outcomes } = await plan(withMode({ duplicates: 'create' }), [46001, ...OTHERS]);
    expect(outcomes[0]).toMatchObject({ status: 'valid', action: 'create' });
    const other = await plan(CREATE_MAPPING, [460010, ...OTHERS]);
    expect(other.outcomes[0]).toMatchObject({ status: 'valid', action: 'create' });
  });

  it('one look-up per key on an exact filter cannot see it: the created row says so, a text cell says nothing', async () => {
    // One key: one look-up is cheaper than the count and a page.
    const { outcomes, stats } = await plan(CREATE_MAPPING, [46001]);
    expect(stats.strategy).toBe('per-key');
    expect(outcomes[0]).toMatchObject({ status: 'valid', action: 'create' });
    const note = outcomes[0]!.notes?.find((said) => said.code === 'key_from_number_cell');
    expect(note?.message).toBe(
      "Claim # '46001' is a number cell, and a spreadsheet drops leading zeros from a number cell; the look-up by Claim Number " +
        "finds '46001' only as written, so a request that holds it with leading zeros ('046001') would not be found and this row would be a second one (a guess either way). " +
        'If your keys have leading zeros, format the column as Text and type them; otherwise nothing to do',
    );
    const text = await plan(CREATE_MAPPING, ['46001']);
    expect(text.stats.strategy).toBe('per-key');
    expect(text.outcomes[0]!.notes?.some((said) => said.code === 'key_from_number_cell') ?? false).toBe(
      false,
    );
  });

  it('one look-up per key finds it where the server lists more than the key (a filter ignored or loose)', async () => {
    const proxy = await startLooseFilterProxy(sandbox.baseUrl, 'reference_value_1');
    try {
      const through = createTrackopsApi(
        { words: CLI_CONNECTION_WORDS, baseUrl: proxy.baseUrl, user: sandbox.username, token: sandbox.token },
        { pacer: createPacer({ ratePerSecond: 500, concurrency: 1 }) },
      );
      const { outcomes, stats } = await plan(CREATE_MAPPING, [46001], through);
      expect(stats.strategy).toBe('per-key');
      expect(outcomes[0]).toMatchObject({ status: 'invalid', action: 'possible_duplicate' });
    } finally {
      await proxy.close();
    }
  });
});
