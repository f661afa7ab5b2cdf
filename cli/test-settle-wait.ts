/**
 * TRACKOPS_TEST_SETTLE_MS: the settle window after a send that got no answer, in place of core's (the
 * client's timeout plus 2 minutes, earlier-sends.ts): a --resume sends such a row again only once this
 * long has passed since the send. For tests only: a test that resumes at once after a lost answer need
 * not sit through minutes. Whenever it is set, the import says so on stderr, so it cannot shorten a
 * user's wait unknowingly.
 */
import { UsageError } from './usage-error.ts';

export const TEST_SETTLE_ENV = 'TRACKOPS_TEST_SETTLE_MS';

/** Longer than any window a test needs; a mistyped value is refused, not taken for minutes. */
const LONGEST_MS = 600_000;

/** The window the environment asks for, said on `stderr`; undefined (core's) when it asks none. */
export function testSettleMs(env: NodeJS.ProcessEnv, stderr: (line: string) => void): number | undefined {
  const text = env[TEST_SETTLE_ENV];
  if (text === undefined || text === '') return undefined;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms > LONGEST_MS)
    throw new UsageError(
      `${TEST_SETTLE_ENV}='${text}' is not a whole number of milliseconds from 0 to ${LONGEST_MS}; it is for tests only: unset it`,
    );
  stderr(
    `note: ${TEST_SETTLE_ENV} is set: a row sent without an answer is sent again by --resume ${ms} ms after that send, not after the timeout and 2 min (for tests only: unset it)`,
  );
  return ms;
}
