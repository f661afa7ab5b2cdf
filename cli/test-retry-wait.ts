/**
 * TRACKOPS_TEST_RETRY_WAIT_MS: the wait before a failed read or update is tried again, in place of
 * core's back-off of 1, 2, 4 and 8 s. For tests only: a test of an address where nothing listens need
 * not sit through 15 s of back-off. How often a request is tried stays core's. Whenever it is set, every
 * command that connects says so on stderr, so it cannot shorten a user's waits unknowingly.
 */
import { sleep } from '../core/pace/sleep.ts';
import type { ApiEvent } from '../core/api/events.ts';
import type { ConnectOptions } from '../core/account/open-account.ts';
import { UsageError } from './usage-error.ts';

export const TEST_RETRY_WAIT_ENV = 'TRACKOPS_TEST_RETRY_WAIT_MS';

/** core's longest wait between tries: a "shorter wait" for tests is never longer. */
const LONGEST_MS = 8_000;

export interface TestRetryWait {
  /** The pause in place of core's, for connectAccount's retrySleep (and check's client). */
  sleep: NonNullable<ConnectOptions['retrySleep']>;
  /**
   * Events as they happened: core's retry event names the back-off it would have waited, so each
   * retry is told with this wait instead, and the progress line and the piped notice say the wait taken.
   */
  told(onEvent: (event: ApiEvent) => void): (event: ApiEvent) => void;
}

/** The wait the environment asks for, said on `stderr`; undefined (core's back-off) when it asks none. */
export function testRetryWait(
  env: NodeJS.ProcessEnv,
  stderr: (line: string) => void,
): TestRetryWait | undefined {
  const text = env[TEST_RETRY_WAIT_ENV];
  if (text === undefined || text === '') return undefined;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms > LONGEST_MS)
    throw new UsageError(
      `${TEST_RETRY_WAIT_ENV}='${text}' is not a whole number of milliseconds from 0 to ${LONGEST_MS}; it is for tests only: unset it`,
    );
  stderr(
    `note: ${TEST_RETRY_WAIT_ENV} is set: a failed request is tried again after ${ms} ms, not 1, 2, 4 and 8 s (for tests only: unset it)`,
  );
  return {
    sleep: (_coreMs, signal) => sleep(ms, signal),
    told: (onEvent) => (event) =>
      onEvent(event.type === 'retry' ? { ...event, waitSeconds: ms / 1000 } : event),
  };
}
