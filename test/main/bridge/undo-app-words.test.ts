/**
 * An undo's rows left in doubt, failed or not sent carried the CLI's advice onto the app's undo screen
 * ("Run the revert again with --resume after 10:43 …"): the app has no --resume; its way to resume the
 * same undo journal is the screen's “Finish the undo”. Every such advice core writes for a revert row
 * (revert-run.ts's sentences and revertResumeAfterWords) reads, in the app, as that button.
 */
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { revertResumeAfterWords } from '../../../core/batch/earlier-sends.ts';
import { inAppWords } from '../../../main/bridge/failure.ts';

/** What a clerk cannot act on in the app: a CLI flag. */
const CLI_WORDS = /--[a-z][a-z-]+/;

it("rule: every advice of an undo row names the app's “Finish the undo”, no flag", () => {
  const source = readFileSync(new URL('../../../core/batch/revert-run.ts', import.meta.url), 'utf8');
  // The sentences core writes into a revert row's message that name --resume.
  const sentences = [...source.matchAll(/'([^'\n]*--resume[^'\n]*)'/g)].map((match) => match[1]!);
  expect(sentences.length).toBeGreaterThanOrEqual(3);
  const at = new Date(2026, 2, 2, 10, 40, 50).toISOString();
  for (const advice of [...sentences, revertResumeAfterWords({ at }, 30_000 + 120_000)]) {
    const app = inAppWords(`row 2: ${advice}`);
    expect(app, advice).not.toMatch(CLI_WORDS);
    expect(app, advice).toContain('“Finish the undo”');
  }
  // The time a resume may decide the request is kept.
  expect(inAppWords(revertResumeAfterWords({ at }, 30_000 + 120_000))).toBe(
    'Use “Finish the undo” after 10:44: it reads the request back before sending anything, and one started sooner waits until then before it decides this request',
  );
});
