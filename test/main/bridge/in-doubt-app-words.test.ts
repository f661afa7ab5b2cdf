/**
 * Explore 40 item 4: a send stopped with a row in doubt told the clerk "Run again with --resume after
 * 08:08", and the app has no --resume (main's word swaps matched only the lower-case form). Every
 * variant of core's advice for a row left in doubt (in-doubt-advice.ts, resumeAfterWords) says, in the
 * app, the button that resumes the same journal: "Send the remaining" on the results.
 */
import { expect, it } from 'vitest';
import { IN_DOUBT_ADVICE, resumeAfterWords, updateRetryAfterWords } from '../../../core/index.ts';
import { inAppWords } from '../../../main/bridge/failure.ts';

/** What a clerk cannot act on in the app: a CLI flag. */
const CLI_WORDS = /--[a-z][a-z-]+/;

it("rule: every variant of a stop's advice for a row in doubt names the app's “Send the remaining”, no flag", () => {
  const variants = [
    ...Object.values(IN_DOUBT_ADVICE),
    resumeAfterWords({ at: new Date(2026, 2, 2, 8, 6, 40).toISOString() }, 30_000 + 120_000),
  ];
  for (const advice of variants) {
    // As core ends a stop's message with it, after what happened.
    const app = inAppWords(`row 7: it stays in doubt; nothing more was sent. ${advice}`);
    expect(app, advice).not.toMatch(CLI_WORDS);
    expect(app, advice).toMatch(/\b[Uu]se “Send the remaining” on these results\b/);
  }
});

it('rule: the time a send may look for the row again is kept, and what a send started sooner does is said', () => {
  const at = new Date(2026, 2, 2, 8, 6, 40).toISOString();
  const app = inAppWords(resumeAfterWords({ at }, 30_000 + 120_000));
  expect(app).toBe(
    'Use “Send the remaining” on these results after 08:10: it looks for the row in Trackops before sending anything, ' +
      'and a send started sooner sends the other rows and waits until then before it sends this one',
  );
});

it('rule: an update that got no answer names “Retry failed rows” and keeps the time a retry decides it at once', () => {
  const at = new Date(2026, 2, 2, 8, 6, 40).toISOString();
  const app = inAppWords(
    `row 7: Trackops did not answer in time (${updateRetryAfterWords({ at }, 30_000 + 120_000)})`,
  );
  expect(app).not.toMatch(CLI_WORDS);
  expect(app).toBe(
    'row 7: Trackops did not answer in time (use “Retry failed rows” on these results after 08:10: it reads the request back ' +
      'before sending it again, and a retry started sooner waits until then before it sends this row)',
  );
});
