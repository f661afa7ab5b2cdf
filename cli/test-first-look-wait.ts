/**
 * TRACKOPS_TEST_FIRST_LOOK_MS: the wait before the first look for a create whose answer was lost or
 * said it failed, in place of core's 0.5 s (reconcile.ts LOST_CREATE_WAITS.firstMs; --recheck-after
 * sets the second look's). For tests only: tests that lose answers on purpose on every few creates sat
 * through half a second each, and the sandbox lists a request the moment it stores it. Whenever it is
 * set, the import says so on stderr, so it cannot shorten a user's wait unknowingly.
 */
import { UsageError } from './usage-error.ts';

export const TEST_FIRST_LOOK_ENV = 'TRACKOPS_TEST_FIRST_LOOK_MS';

/** core's own wait: a "shorter wait" for tests is never longer. */
const LONGEST_MS = 500;

/** The wait the environment asks for, said on `stderr`; undefined (core's) when it asks none. */
export function testFirstLookMs(env: NodeJS.ProcessEnv, stderr: (line: string) => void): number | undefined {
  const text = env[TEST_FIRST_LOOK_ENV];
  if (text === undefined || text === '') return undefined;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms > LONGEST_MS)
    throw new UsageError(
      `${TEST_FIRST_LOOK_ENV}='${text}' is not a whole number of milliseconds from 0 to ${LONGEST_MS}; it is for tests only: unset it`,
    );
  stderr(
    `note: ${TEST_FIRST_LOOK_ENV} is set: a create whose answer was lost is first looked for ${ms} ms after it, not 0.5 s (for tests only: unset it)`,
  );
  return ms;
}
