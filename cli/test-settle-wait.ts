/**
 * TRACKOPS_TEST_SETTLE_MS: the settle window after a send that got no answer, in place of core's (the
 * client's timeout plus 2 minutes, earlier-sends.ts): a --resume sends such a row again only once this
 * long has passed since the send. For tests only: a test that resumes at once after a lost answer need
 * not sit through minutes. Whenever it is set, the import says so on stderr, so it cannot shorten a
 * user's wait unknowingly.
 */
import { testWaitMs } from './test-wait-env.ts';

export const TEST_SETTLE_ENV = 'TRACKOPS_TEST_SETTLE_MS';

/** The window the environment asks for, said on `stderr`; undefined (core's) when it asks none. */
export function testSettleMs(env: NodeJS.ProcessEnv, stderr: (line: string) => void): number | undefined {
  return testWaitMs(
    {
      name: TEST_SETTLE_ENV,
      // Longer than any window a test needs.
      longestMs: 600_000,
      said: (ms) =>
        `a row sent without an answer is sent again by --resume ${ms} ms after that send, not after the timeout and 2 min`,
    },
    env,
    stderr,
  );
}
