/**
 * An undo's rows left in doubt, failed or not sent carried the CLI's advice onto the app's undo screen
 * ("Run the revert again with --resume after 10:43 …"): the app has no --resume; its way to resume the
 * same undo journal is the screen's “Finish the undo”. Core words an undo row's advice with the host's
 * ways out (problems/ways-out.ts): in the app, that button; in the CLI, revert --resume.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { CLI_WAYS_OUT } from '../../../cli/ways-out.ts';
import { earlierPutBackWaitWords, revertResumeAfterWords } from '../../../core/batch/earlier-sends.ts';
import { APP_WAYS_OUT } from '../../../main/bridge/ways-out.ts';

const at = new Date(2026, 2, 2, 10, 40, 50).toISOString();
const until = new Date(2026, 2, 2, 10, 43, 20).getTime();
/** Every advice core writes for an undo row, in a host's words. */
const undoAdvice = (ways: typeof APP_WAYS_OUT): string[] => [
  revertResumeAfterWords({ at }, 30_000 + 120_000, ways),
  ways.finishUndo(),
  ways.retryUndoRow(),
  ways.finishStoppedUndo(),
  earlierPutBackWaitWords(2, 'REQ-00012', { at }, until, until - 60_000, ways),
];

it("rule: every advice of an undo row names the app's “Finish the undo”, no flag", () => {
  for (const advice of undoAdvice(APP_WAYS_OUT)) {
    expect(advice).not.toContain('--');
    expect(advice).toContain('“Finish the undo”');
  }
  for (const advice of undoAdvice(CLI_WAYS_OUT).slice(0, 4)) expect(advice).toContain('--resume');
  // Core writes no --resume of its own into an undo row's words any more.
  const code = readFileSync(new URL('../../../core/batch/revert-run.ts', import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => !/^\s*(\/\/|\/?\*)/.test(line));
  expect(code.filter((line) => line.includes('--resume'))).toEqual([]);
});

it('rule: the time a resume may decide the request is kept, in both hosts', () => {
  expect(revertResumeAfterWords({ at }, 30_000 + 120_000, APP_WAYS_OUT)).toBe(
    'Use “Finish the undo” after 10:44: it reads the request back before sending anything, and one started sooner waits until then before it decides this request',
  );
  expect(revertResumeAfterWords({ at }, 30_000 + 120_000, CLI_WAYS_OUT)).toBe(
    'Run the revert again with --resume after 10:44: it reads the request back before sending anything, and a resume started sooner waits until then before it decides this request',
  );
  expect(earlierPutBackWaitWords(2, 'REQ-00012', { at }, until, until - 60_000, APP_WAYS_OUT)).toMatch(
    /or miss that it landed\. If the app is closed meanwhile, it stays in doubt: “Finish the undo” reads it back before it is ever sent again$/,
  );
});
