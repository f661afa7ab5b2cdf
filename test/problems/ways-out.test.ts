/**
 * Core's messages take their ways out (what a person does next) from the host (problems/ways-out.ts):
 * the CLI's --resume, the app's buttons. The app once rewrote the CLI's sentences with regular
 * expressions, and each new or reworded sentence reached the app with a flag in it. These rules hold
 * every code that names a way out to the host's words: none of the app's names a flag (`--`), and the
 * CLI's keep the flags its users type.
 */
import { describe, expect, it } from 'vitest';
import { CLI_WAYS_OUT } from '../../cli/ways-out.ts';
import {
  formatProblem,
  PROBLEM_WORDING,
  WAY_OUT_CODES,
  type PlainProblemCode,
  type ProblemCode,
  type WayOutCode,
  type WaysOut,
} from '../../core/index.ts';
import { APP_MAPPING_WORDS } from '../../main/bridge/mapping-words.ts';
import { APP_WAYS_OUT } from '../../main/bridge/ways-out.ts';
import { inDoubtCreateWords, type InDoubtSearch } from '../../core/batch/revert-in-doubt.ts';

const EARLIER = { file: 'referrals.csv', earlierRow: 7, at: '2026-03-02 10:15:00', journal: '/j.jsonl' };
/** Each wording's branches: no switch, and each switch the way-out codes turn on. */
const SWITCHES: Record<string, unknown>[] = [
  {},
  { again: true },
  { alone: true },
  { alone: true, again: true, request: 'REQ-00012' },
  { alone: true, request: 'REQ-00012' },
  { op: 'update' },
  { why: 'the import was stopped' },
];

/** The app's sentence for a code, as its results show it. */
const appWords = (code: ProblemCode, params: Record<string, unknown>): string =>
  formatProblem(
    code,
    { ...EARLIER, limit: 5, said: 'No.', where: 'POST case/requests', ...params },
    APP_WAYS_OUT,
    APP_MAPPING_WORDS,
  );
const cliWords = (code: ProblemCode, params: Record<string, unknown>): string =>
  formatProblem(
    code,
    { ...EARLIER, limit: 5, said: 'No.', where: 'POST case/requests', ...params },
    CLI_WAYS_OUT,
  );

describe('which codes name a way out', () => {
  it('rule: every other code is worded without a host, and a way-out code without one is a bug that throws', () => {
    const plain = (Object.keys(PROBLEM_WORDING) as ProblemCode[]).filter(
      (code) => !(WAY_OUT_CODES as readonly string[]).includes(code),
    ) as PlainProblemCode[];
    for (const code of plain)
      for (const params of SWITCHES)
        expect(() => formatProblem(code, { ...EARLIER, ...params }), code).not.toThrow();
    // A way-out code names its way out in one branch at least (match_not_found's only with the `key` of a
    // row's send, not in a dry run's note).
    const throwsWithout = (code: WayOutCode, params: Record<string, unknown>): boolean => {
      try {
        formatProblem(code as PlainProblemCode, { ...EARLIER, ...params });
        return false;
      } catch (error) {
        return /no host's words/.test((error as Error).message);
      }
    };
    for (const code of WAY_OUT_CODES)
      expect(
        [
          ...SWITCHES,
          { answered: true },
          { key: 'Claim Number' },
          // short_date_read's only with a read-only date read in one order of two.
          { readOnly: true, order: 'month-first', otherDay: 'November 4, 1925' },
          // spreadsheet_reformatted's only with a date's other reading.
          { otherDay: 'January 7, 2026' },
        ].some((params) => throwsWithout(code, params)),
        code,
      ).toBe(true);
  });
});

describe("send the rest again (the CLI's --resume)", () => {
  const family: WayOutCode[] = [
    'write_refused',
    'sent_after_refusal',
    'in_doubt',
    'answer_not_recorded',
    'not_sent',
    'search_refused',
    'limit',
  ];

  it('rule: no app sentence of the family names a flag; each CLI sentence names --resume', () => {
    for (const code of family)
      for (const params of SWITCHES) {
        expect(appWords(code, params), code).not.toContain('--');
        expect(cliWords(code, params), code).toContain('--resume');
      }
  });

  it('rule: a row refused on its own says “Retry failed rows” in the app, --resume in the CLI', () => {
    const params = { alone: true, again: true, request: 'REQ-00012' };
    expect(appWords('write_refused', params)).toContain(
      'An earlier send of this file was refused the same way, and this send sent the row again. ' +
        'Other rows were written with the same credentials, so this is taken to be a refusal of REQ-00012 alone: ' +
        'ask a Trackops admin for permission on REQ-00012, then use “Retry failed rows” on the results, which sends this row again. ' +
        'If the row itself must change instead, fix it in the file and import that file again: rows already written are not sent again.',
    );
    expect(cliWords('write_refused', params)).toContain(
      'An earlier run of this import was refused the same way, and --resume sent the row again. ' +
        'Other rows were written with the same credentials, so this is taken to be a refusal of REQ-00012 alone: ' +
        'ask a Trackops admin for permission on REQ-00012, then run the import again with --resume, which sends this row again. ' +
        'If the row itself must change instead, fix it in the file and run the same import without --resume (a changed file cannot be resumed): rows already written are not sent again.',
    );
    expect(appWords('sent_after_refusal', {})).toBe(
      'Trackops refused this row with 403 in an earlier send of this file; this send sent it again, and Trackops accepted it.',
    );
  });

  it('rule: a 403 whose verdict is pending says what decides it, and the way out of a stop in each host', () => {
    const params = {
      pending: true,
      inARow: 3,
      request: 'REQ-00012',
      said: 'No.',
      where: 'PUT case/requests/12',
    };
    const decided =
      'Trackops refused this update of REQ-00012 (403 on PUT case/requests/12): No. Nothing was changed. ' +
      'Whether REQ-00012 or these credentials are the cause is not known yet: other rows were written with the same credentials, ' +
      "so this tool waits for Trackops' answer to the next write. If it accepts the next write, or the import ends first, " +
      'the refusal is taken to be a refusal of REQ-00012 alone. If it refuses 3 writes in a row, this one among them, ' +
      'they are taken for the credentials: the import stops there and this row counts as not sent; ';
    expect(appWords('write_refused', params)).toBe(`${decided}send again to send it.`);
    expect(cliWords('write_refused', params)).toBe(`${decided}run again with --resume to send it.`);
  });

  it('rule: a row left for later says “send again” in the app', () => {
    expect(appWords('not_sent', { why: 'the import was stopped' })).toBe(
      'not sent: the import was stopped; send again to send it',
    );
    expect(appWords('limit', {})).toBe('not sent: the trial run of 5 rows ended; send again to send it');
    expect(cliWords('limit', {})).toBe('not sent: --limit 5 reached; run again with --resume to send it');
    expect(appWords('search_refused', { why: 'the search was refused' })).toBe(
      'not sent: the search was refused. This is a refusal, not an outage: sending again is refused the same way. ' +
        'The message above the results says what to do',
    );
  });
});

describe('a second request made anyway (the CLI\'s "duplicates": "create" and another --results)', () => {
  const family: WayOutCode[] = [
    'created_by_earlier_import',
    'earlier_create_several',
    'in_doubt_duplicate',
    'in_doubt_duplicate_unsure',
    'in_doubt_several',
    'edited_since_earlier_import',
    'possible_duplicate_in_account',
  ];
  const switches = [
    ...SWITCHES,
    { answered: true, dryRun: true, request: 'REQ-00012' },
    { answered: true, doubt: true },
    { found: 'REQ-00012', own: "REQ-00012 was created 0 s after this row's unanswered send" },
    { found: ['REQ-00012', 'REQ-00013'], why: 'have its case type and client' },
    { how: 'unread', request: 'REQ-00012', differs: 'Claimant Phone' },
    { mode: 'upsert', near: "'CLM-1' (REQ-00012)", nearCount: 1 },
  ];

  it('rule: no app sentence of the family names a flag or the mapping; each CLI sentence names "duplicates": "create"', () => {
    for (const code of family)
      for (const params of switches) {
        const app = appWords(code, params);
        if (code === 'created_by_earlier_import' && !('answered' in params) && !('found' in params)) continue;
        expect(app, code).not.toMatch(/--|"duplicates"/);
        expect(cliWords(code, params), code).toContain('"duplicates": "create"');
      }
  });

  it('rule: a row held back in doubt says, in the app, that sending again holds it back and a second request is typed in', () => {
    const params = { found: ['REQ-00012', 'REQ-00013'], why: 'have its case type and client' };
    expect(appWords('in_doubt_several', params)).toContain(
      'nothing is left to send (sending again holds the row back again); if none is, create it in Trackops by hand (this app holds the row back on every send)',
    );
    expect(cliWords('in_doubt_several', params)).toContain(
      'nothing is left to send (a --resume holds the row back again); if none is, send this row from a file of its own with the mapping\'s "duplicates": "create" and another --results',
    );
    expect(
      appWords('edited_since_earlier_import', {
        how: 'unread',
        request: 'REQ-00012',
        differs: 'Claimant Phone',
      }),
    ).toContain(
      'If you corrected the file, make the same correction to REQ-00012 in Trackops, then select this row and click “Leave this row out”; ' +
        "if this is another referral, create it in Trackops by hand (this app never sends a row it takes for an earlier import's request)",
    );
  });
});

/**
 * Families whose app words once came from inAppWords' regular expressions, now from the host's WaysOut:
 * read here without inAppWords, so that a swap put back there cannot hide a flag core words again.
 */
describe('families moved off the swaps: the app sentence as core words it', () => {
  const appOwn = (code: ProblemCode, params: Record<string, unknown>): string =>
    formatProblem(
      code,
      { ...EARLIER, limit: 5, said: 'No.', where: 'POST case/requests', ...params },
      APP_WAYS_OUT,
      APP_MAPPING_WORDS,
    );
  const noCliWords = (text: string, what: string): void => {
    expect(text, what).not.toContain('--');
    expect(text, what).not.toContain('"duplicates"');
  };

  it('rule: a trial run that ended says so in the app, --limit in the CLI', () => {
    for (const limit of [1, 5]) noCliWords(appOwn('limit', { limit }), `limit ${limit}`);
    expect(appOwn('limit', { limit: 1 })).toBe(
      'not sent: the trial run of 1 row ended; send again to send it',
    );
    expect(appOwn('limit', {})).toBe('not sent: the trial run of 5 rows ended; send again to send it');
    expect(cliWords('limit', { limit: 1 })).toBe(
      'not sent: --limit 1 reached; run again with --resume to send it',
    );
  });

  it("rule: a create answered with a request held before names the app's “Undo this import”, the CLI's revert", () => {
    const params = {
      request: 'REQ-00012',
      why: 'was created 2026-03-01 (UTC), before this row was sent',
      looks: 'twice',
    };
    noCliWords(appOwn('answered_existing', params), 'answered_existing');
    expect(appOwn('answered_existing', params)).toContain(
      '"Undo this import" leaves REQ-00012 alone; check REQ-00012',
    );
    expect(cliWords('answered_existing', params)).toContain('revert leaves REQ-00012 alone; check REQ-00012');
  });

  it("rule: an update whose key finds nothing names the app's choice of send, the CLI's --mode upsert", () => {
    const params = { key: 'Claim Number', value: 'CLM-9' };
    noCliWords(appOwn('match_not_found', params), 'match_not_found');
    expect(appOwn('match_not_found', params)).toBe(
      'no case request has Claim Number \'CLM-9\'; check the value, or choose "Update if found, otherwise create" under What the import does to create it',
    );
    expect(cliWords('match_not_found', params)).toBe(
      "no case request has Claim Number 'CLM-9'; check the value, or import with --mode upsert to create it",
    );
  });

  it('rule: an update whose id finds nothing does not send the clerk to an upsert, which refuses such a row too', () => {
    // Exploratory round: an upsert matched by id refuses a row whose id no request has (upsert_id_not_found).
    for (const words of [cliWords, appOwn]) {
      expect(words('match_not_found', { key: 'id', value: '99999' })).toBe(
        "no case request has id '99999'; check the value (Trackops gives each case request its id: a new one is imported in create mode)",
      );
      expect(words('match_not_found', { key: 'case_request_number', value: 'REQ-99999' })).toBe(
        "no case request has case request number 'REQ-99999'; check the value (Trackops gives each case request its number: a new one is imported in create mode)",
      );
    }
  });

  it("rule: a round trip's value over Excel's cell limit names the app's Export screen, the CLI's export --out", () => {
    for (const code of ['cut_by_excel', 'edited_over_cell_limit'] as const) {
      noCliWords(appOwn(code, { length: 40_000 }), code);
      expect(appOwn(code, { length: 40_000 }), code).toContain(
        'in a CSV export (the Export screen, as CSV), which keeps',
      );
      expect(cliWords(code, { length: 40_000 }), code).toContain(
        'in a CSV export (trackops-bulk export --out FILE.csv), which keeps',
      );
    }
  });

  it("rule: an earlier import's create is said as the app's record of it, the CLI's journal by its path", () => {
    const family: ProblemCode[] = [
      'created_by_earlier_import',
      'earlier_create_not_found',
      'earlier_create_several',
      'in_doubt_created_twice',
      'earlier_create_replaced',
      'edited_since_earlier_import',
    ];
    const switches = [
      ...SWITCHES,
      { answered: true, dryRun: true, request: 'REQ-00012' },
      { answered: true, doubt: true },
      { found: 'REQ-00012' },
      { found: 'REQ-00012', own: "REQ-00012 was created 0 s after this row's unanswered send" },
      { found: ['REQ-00012', 'REQ-00013'], why: 'have its case type and client' },
      { how: 'held', request: 'REQ-00012', differs: 'Claimant Phone' },
      { dryRun: true, why: 'its client is another' },
    ];
    for (const code of family)
      for (const params of switches) {
        const app = appOwn(code, params);
        noCliWords(app, code);
        expect(app, code).not.toContain('/j.jsonl');
        expect(cliWords(code, params), code).toMatch(
          code === 'earlier_create_replaced' ? /sandbox --reset/ : /as its journal \/j\.jsonl records/,
        );
      }
    expect(appOwn('earlier_create_not_found', {})).toContain(
      'sent 2026-03-02 10:15:00) and got no answer, as the record kept of that import shows; Trackops was searched',
    );
    expect(appOwn('earlier_create_replaced', { why: 'its client is another' })).toContain(
      '(a practice account started afresh gives its ids again)',
    );
    expect(cliWords('earlier_create_replaced', { why: 'its client is another' })).toContain(
      '(a practice account started afresh with sandbox --reset gives its ids again)',
    );
  });
});

/**
 * A round-trip CSV whose dates Excel rewrote (explore 61): the CLI names the mapping's date format and
 * "the round-trip .xlsx export", the app the Columns step's box and its Export screen's choices.
 */
describe('dates a spreadsheet rewrote in a round-trip CSV', () => {
  const family: WayOutCode[] = ['read_only_date_differs', 'spreadsheet_date_unread'];
  const switches = [
    { label: 'Date of Birth', value: '02/01/1970', stored: '1970-01-02', request: 'REQ-00002' },
    {
      label: 'Date of Birth',
      value: '02/01/1970',
      stored: '1970-01-02',
      request: 'REQ-00002',
      shown: '02/01/1970',
    },
    {
      label: 'Due',
      value: '4/5/2026',
      stored: '',
      request: 'REQ-00002',
      readings: ['April 5, 2026', 'May 4, 2026'],
    },
    { label: 'Due', value: '2/30/2026', stored: '2026-03-01', request: 'REQ-00002', readings: [] },
  ];

  it('rule: no app sentence of the family names a mapping file or a flag; the CLI sentence is as it was', () => {
    for (const code of family)
      for (const params of switches) {
        const app = formatProblem(code, params, APP_WAYS_OUT, APP_MAPPING_WORDS);
        expect(app, code).not.toMatch(/--|date format'|"dateFormat"|round-trip \.xlsx export/);
        expect(app, code).toContain('“Round trip” columns on the Export screen');
        expect(cliWords(code, params), code).toContain('edit the round-trip .xlsx export instead');
      }
    const unread = switches[2]!;
    expect(formatProblem('spreadsheet_date_unread', unread, APP_WAYS_OUT, APP_MAPPING_WORDS)).toContain(
      'Set the column’s “Date format of text dates” on the Columns step (M/D/YYYY or D/M/YYYY, as the computer that saved the file writes dates) or type the date as YYYY-MM-DD; ' +
        "to keep the file's dates as exported, export the requests again as Excel (.xlsx) with the “Round trip” columns on the Export screen and edit that instead, " +
        'or open the CSV in Excel through Data > From Text/CSV with its date columns set to Text',
    );
    expect(cliWords('spreadsheet_date_unread', unread)).toContain(
      "Set the column's date format (M/D/YYYY or D/M/YYYY, as the computer that saved the file writes dates) or type the date as YYYY-MM-DD; " +
        "to keep the file's dates as exported, edit the round-trip .xlsx export instead, " +
        'or open the CSV in Excel through Data > From Text/CSV with its date columns set to Text',
    );
  });
});

describe('a round-trip CSV date read in one order of two (short_date_read)', () => {
  const params = {
    row: 2,
    label: 'created_on',
    target: 'created_on',
    value: '4/11/25',
    stored: '1925-04-11',
    request: 'REQ-00011',
    readOnly: true,
    order: 'month-first',
    otherDay: 'November 4, 1925',
  };
  it("rule: the app names its Columns step's date format box, the CLI the column's date format", () => {
    expect(appWords('short_date_read', params)).toContain(
      "If the file's dates are written the other way, set the column’s “Date format of text dates” on the Columns step to that order (M/D/YYYY or D/M/YYYY)",
    );
    expect(cliWords('short_date_read', params)).toContain(
      "If the file's dates are written the other way, set the column's date format to that order (M/D/YYYY or D/M/YYYY): its edited dates are read in it too.",
    );
  });
});

describe("an undo's create in doubt (revert-in-doubt.ts)", () => {
  const intent = {
    type: 'intent' as const,
    row: 4,
    op: 'create' as const,
    at: '2026-12-06T19:37:24.120Z',
    lookup: { filter: 'reference_value_1', value: 'CLM-7' },
  };
  const words = (waysOut: WaysOut, search: InDoubtSearch) =>
    inDoubtCreateWords(intent, { search, results: null, dryRun: true, waysOut });

  it("rule: the app names its buttons, never the import's resume or the revert; the CLI's words are as they were", () => {
    for (const search of [
      { kind: 'none' },
      { kind: 'not_searched', reason: 'Trackops did not answer' },
    ] as InDoubtSearch[]) {
      const app = words(APP_WAYS_OUT, search);
      expect(app).not.toMatch(/--|resume|revert|send again/);
      expect(app).toContain(
        'Before undoing, “Send the remaining” on the import’s results would settle it by the same search',
      );
      expect(words(CLI_WAYS_OUT, search)).toContain(
        "Before undoing, the import's own resume (run again with --resume) would settle it by the same search",
      );
    }
    expect(words(APP_WAYS_OUT, { kind: 'none' })).toContain(
      '“Undo this import” looked for it as “Send the remaining” would (the requests created since then with ',
    );
    expect(words(CLI_WAYS_OUT, { kind: 'none' })).toContain(
      "The revert looked for it as the import's resume would (the requests created since then with ",
    );
  });
});
