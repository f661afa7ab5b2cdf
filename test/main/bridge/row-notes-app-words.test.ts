/**
 * A row's note is core's sentence, with the host's ways out (core/problems/ways-out.ts) and its words for
 * the template (core/problems/mapping-words.ts): where the CLI names a flag or a mapping key (--resume, --results, "duplicates":
 * "create", sandbox --reset, the terminal), the app says what to click or do instead. The held-back and
 * duplicate notes still said the CLI's words on the app's results; these rules hold them, and every
 * other note of core's catalogue, to the app's words.
 */
import { describe, expect, it } from 'vitest';
import { formatProblem, PROBLEM_WORDING, type ProblemCode } from '../../../core/index.ts';
import { APP_MAPPING_WORDS } from '../../../main/bridge/mapping-words.ts';
import { APP_WAYS_OUT } from '../../../main/bridge/ways-out.ts';
import { CLI_WAYS_OUT } from '../../../cli/ways-out.ts';

const EARLIER = { file: 'referrals.csv', earlierRow: 7, at: '2026-03-02 10:15:00', journal: '/j.jsonl' };

/** What a clerk cannot act on in the app: a CLI flag, the mapping's JSON, the command, the terminal. */
const CLI_WORDS = /--[a-z][a-z-]+|"duplicates"|"values"|"target"|trackops-bulk check|\bterminal\b/;

describe("a held-back or duplicate row's note", () => {
  it('rule: a row held back in doubt says what sending again does, and that a second request is made by hand', () => {
    const params = {
      found: ['REQ-00012', 'REQ-00013'],
      why: 'have its case type and client and were created right after the send',
    };
    const cli = formatProblem('in_doubt_several', params, CLI_WAYS_OUT);
    expect(cli).toContain('(a --resume holds the row back again)');
    expect(cli).toContain('"duplicates": "create" and another --results');
    const app = formatProblem('in_doubt_several', params, APP_WAYS_OUT, APP_MAPPING_WORDS);
    expect(app).toContain(
      "Check in Trackops: if one is this row's referral, nothing is left to send (sending again holds the row back again); " +
        'if none is, create it in Trackops by hand (this app holds the row back on every send)',
    );
    expect(app).not.toMatch(CLI_WORDS);
  });

  it("rule: a row held back as an earlier import's create says the same", () => {
    const app = formatProblem(
      'earlier_create_several',
      {
        ...EARLIER,
        found: ['REQ-00012'],
        why: 'has its case type and client and was created right after the send',
      },
      APP_WAYS_OUT,
      APP_MAPPING_WORDS,
    );
    expect(app).toContain(
      '(leave the row out of the file: sending again holds it back again); if none is, create it in Trackops by hand',
    );
    expect(app).not.toMatch(CLI_WORDS);
  });

  it('rule: a row an earlier import created, and a possible duplicate, say a second request is made by hand', () => {
    for (const params of [
      { answered: true, dryRun: true, request: 'REQ-00012' },
      { answered: true, doubt: true, request: 'REQ-00012' },
      { answered: true, request: 'REQ-00012' },
      { found: 'REQ-00012' },
    ]) {
      const app = formatProblem(
        'created_by_earlier_import',
        { ...EARLIER, ...params },
        APP_WAYS_OUT,
        APP_MAPPING_WORDS,
      );
      expect(app).toContain(
        'If a second request is really wanted, create it in Trackops by hand (this app never sends a row an earlier import created)',
      );
      expect(app).not.toMatch(CLI_WORDS);
    }
    const near = formatProblem(
      'possible_duplicate_in_account',
      {
        target: 'reference_value_1',
        what: 'Claim Number',
        value: 'clm-1',
        near: "'CLM-1' (REQ-00012)",
        nearCount: 1,
        differs: 'letter case',
        mode: 'create',
      },
      APP_WAYS_OUT,
      APP_MAPPING_WORDS,
    );
    expect(near).toContain('if it is another claim, create it in Trackops by hand');
    expect(near).not.toMatch(CLI_WORDS);
  });

  it('rule: no note of the catalogue names a CLI flag, the mapping\'s "duplicates" or the terminal in the app', () => {
    // Each wording with no parameters, and with each of the switches its branches turn on.
    const switches: Record<string, unknown>[] = [
      {},
      ...['answered', 'dryRun', 'doubt', 'found', 'listed', 'again', 'alone', 'searched', 'which'].map(
        (name) => ({ [name]: 'REQ-00012' }),
      ),
      { request: 'REQ-00012', alone: true },
      { request: 'REQ-00012', again: true, alone: true },
      { answered: true, dryRun: true },
      { answered: true, doubt: true },
      { found: 'REQ-00012', own: "REQ-00012 was created 0 s after this row's unanswered send" },
      { op: 'update', request: 'REQ-00012' },
      { how: 'unread' },
      { mode: 'upsert' },
      // A row an earlier send created whose lists cannot be read now (already_sent_file_differs).
      { unchecked: true },
    ];
    const left: string[] = [];
    for (const code of Object.keys(PROBLEM_WORDING) as ProblemCode[])
      for (const params of switches) {
        const app = formatProblem(code, { ...EARLIER, limit: 5, ...params }, APP_WAYS_OUT, APP_MAPPING_WORDS);
        const found = app.match(CLI_WORDS);
        if (found) left.push(`${code}: ${found[0]}`);
      }
    expect([...new Set(left)]).toEqual([]);
  });
});
