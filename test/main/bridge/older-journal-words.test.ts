/**
 * A row settled from its journal shows what its send stored there. An older app stored core's words in
 * the CLI's terms (--resume, revert), which the app rewrote as it showed them; core now words them for the app
 * when they are made, and only those stored texts are rewritten (main/bridge/older-journal-words.ts).
 * What an older app stored is what core says with the CLI's ways out today (every CLI sentence is held
 * unchanged by the CLI's tests): rewritten, it reads as the app's own sentence for the same row.
 */
import { describe, expect, it } from 'vitest';
import { CLI_WAYS_OUT } from '../../../cli/ways-out.ts';
import { formatProblem, updateRetryAfterWords, type WaysOut } from '../../../core/index.ts';
import { olderJournalWords } from '../../../main/bridge/older-journal-words.ts';
import { APP_WAYS_OUT } from '../../../main/bridge/ways-out.ts';

const at = new Date(2026, 2, 2, 10, 40, 50).toISOString();
/** What a send stores on a row's outcome line that names a way out, in a host's words. */
const stored = (ways: WaysOut): string[] => [
  formatProblem('write_refused', { said: 'No.', where: 'POST case/requests' }, ways),
  formatProblem('write_refused', { alone: true, request: 'REQ-00012', said: 'No.' }, ways),
  formatProblem('write_refused', { alone: true, again: true, request: 'REQ-00012', said: 'No.' }, ways),
  formatProblem('sent_after_refusal', {}, ways),
  formatProblem('match_not_found', { key: 'Claim Number', value: 'CLM-9' }, ways),
  formatProblem(
    'answered_existing',
    { request: 'REQ-00012', why: 'was created before', looks: 'twice' },
    ways,
  ),
  // An update that failed with no answer (send-row.ts): its retry, with and without the window's time.
  `PUT case/requests/12 timed out (${ways.sendAgain()} to retry this row)`,
  `PUT case/requests/12 timed out (${updateRetryAfterWords({ at }, 150_000, ways)})`,
  // An undo's row refused in a way another try may pass (revert-run.ts).
  `Trackops answered 503${ways.retryUndoRow()}`,
];

describe("a row's words stored by an older app's journal", () => {
  it("rule: each reads as the app's own sentence for the same row, with no flag", () => {
    const older = stored(CLI_WAYS_OUT);
    const app = stored(APP_WAYS_OUT);
    older.forEach((text, index) => {
      expect(text).toMatch(/--resume|--mode|\brevert\b/);
      const shown = olderJournalWords(text);
      expect(shown).toBe(app[index]);
      expect(shown).not.toContain('--');
    });
  });

  it("rule: what core says now in the app's words is shown as it is", () => {
    for (const text of stored(APP_WAYS_OUT)) expect(olderJournalWords(text)).toBe(text);
  });
});
