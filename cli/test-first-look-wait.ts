/**
 * TRACKOPS_TEST_FIRST_LOOK_MS: the wait before the first look for a create whose answer was lost or
 * said it failed, in place of core's 0.5 s (reconcile.ts LOST_CREATE_WAITS.firstMs; --recheck-after
 * sets the second look's). For tests only: tests that lose answers on purpose on every few creates sat
 * through half a second each, and the sandbox lists a request the moment it stores it. Whenever it is
 * set, the import says so on stderr, so it cannot shorten a user's wait unknowingly.
 */
import { testWaitMs } from './test-wait-env.ts';

export const TEST_FIRST_LOOK_ENV = 'TRACKOPS_TEST_FIRST_LOOK_MS';

/** The wait the environment asks for, said on `stderr`; undefined (core's) when it asks none. */
export function testFirstLookMs(env: NodeJS.ProcessEnv, stderr: (line: string) => void): number | undefined {
  return testWaitMs(
    {
      name: TEST_FIRST_LOOK_ENV,
      // core's own wait: a "shorter wait" for tests is never longer.
      longestMs: 500,
      said: (ms) => `a create whose answer was lost is first looked for ${ms} ms after it, not 0.5 s`,
    },
    env,
    stderr,
  );
}
