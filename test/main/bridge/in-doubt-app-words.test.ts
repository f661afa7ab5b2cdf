/**
 * Explore 40 item 4: a send stopped with a row in doubt told the clerk "Run again with --resume after
 * 08:08", and the app has no --resume. Core words its advice for a row left in doubt (in-doubt-advice.ts,
 * resumeAfterWords, updateRetryAfterWords) with the host's ways out (problems/ways-out.ts): in the app,
 * the button that resumes the same journal, "Send the remaining" on the results; in the CLI, --resume.
 */
import { expect, it } from 'vitest';
import { CLI_WAYS_OUT } from '../../../cli/ways-out.ts';
import { inDoubtAdvice, resumeAfterWords, updateRetryAfterWords } from '../../../core/index.ts';
import { APP_WAYS_OUT } from '../../../main/bridge/ways-out.ts';

/** What a clerk cannot act on in the app: a CLI flag. */
const CLI_WORDS = /--/;

it("rule: every variant of a stop's advice for a row in doubt names the app's “Send the remaining”, no flag", () => {
  const at = new Date(2026, 2, 2, 8, 6, 40).toISOString();
  const variants = [
    ...Object.values(inDoubtAdvice(APP_WAYS_OUT)),
    resumeAfterWords({ at }, 30_000 + 120_000, APP_WAYS_OUT),
  ];
  for (const advice of variants) {
    expect(advice).not.toMatch(CLI_WORDS);
    expect(advice).toMatch(/\b[Uu]se “Send the remaining” on these results\b/);
  }
  // The CLI's same advice names its --resume.
  for (const advice of Object.values(inDoubtAdvice(CLI_WAYS_OUT))) expect(advice).toMatch(/--resume\b/);
  expect(inDoubtAdvice(APP_WAYS_OUT).pageUpdate).toBe(
    'Once Trackops answers again, use “Send the remaining” on these results: it reads the request back and compares it with the row before sending it again',
  );
  expect(inDoubtAdvice(CLI_WAYS_OUT).createSearchFailed).toBe(
    'Run again with --resume once Trackops answers: it looks for the row before sending anything',
  );
});

it('rule: the time a send may look for the row again is kept, and what a send started sooner does is said', () => {
  const at = new Date(2026, 2, 2, 8, 6, 40).toISOString();
  expect(resumeAfterWords({ at }, 30_000 + 120_000, APP_WAYS_OUT)).toBe(
    'Use “Send the remaining” on these results after 08:10: it looks for the row in Trackops before sending anything, ' +
      'and a send started sooner sends the other rows and waits until then before it sends this one',
  );
  expect(resumeAfterWords({ at }, 30_000 + 120_000, CLI_WAYS_OUT)).toBe(
    'Run again with --resume after 08:10: it looks for the row before sending anything, ' +
      'and a resume started sooner waits until then before it sends this row',
  );
});

it('rule: an update that got no answer names “Retry failed rows” and keeps the time a retry decides it at once', () => {
  const at = new Date(2026, 2, 2, 8, 6, 40).toISOString();
  const app = updateRetryAfterWords({ at }, 30_000 + 120_000, APP_WAYS_OUT);
  expect(app).not.toMatch(CLI_WORDS);
  expect(app).toBe(
    'use “Retry failed rows” on these results after 08:10: it reads the request back ' +
      'before sending it again, and a retry started sooner waits until then before it sends this row',
  );
});
