/**
 * A wait shortened for tests through an environment variable (TRACKOPS_TEST_SETTLE_MS,
 * TRACKOPS_TEST_FIRST_LOOK_MS): read the same way for each, refused when it is not a whole number of
 * milliseconds up to `longestMs`, and said on stderr whenever it is set, so that it cannot shorten a
 * user's wait unknowingly.
 */
import { UsageError } from './usage-error.ts';

export interface TestWait {
  /** The variable's name. */
  name: string;
  /** The longest value taken: a mistyped one is refused, not taken for minutes. */
  longestMs: number;
  /** What the wait does at `ms`, for the note: "a create whose answer was lost is first looked for 10 ms after it, not 0.5 s". */
  said(ms: number): string;
}

/** The wait the environment asks for, said on `stderr`; undefined (core's own) when it asks none. */
export function testWaitMs(
  wait: TestWait,
  env: NodeJS.ProcessEnv,
  stderr: (line: string) => void,
): number | undefined {
  const text = env[wait.name];
  if (text === undefined || text === '') return undefined;
  const ms = Number(text);
  if (!/^\d+$/.test(text) || ms > wait.longestMs)
    throw new UsageError(
      `${wait.name}='${text}' is not a whole number of milliseconds from 0 to ${wait.longestMs}; it is for tests only: unset it`,
    );
  stderr(`note: ${wait.name} is set: ${wait.said(ms)} (for tests only: unset it)`);
  return ms;
}
