/**
 * TRACKOPS_TEST_FIRST_LOOK_MS (cli/test-first-look-wait.ts), the tests' shorter wait before the first
 * look for a create whose answer was lost: a value that is not one is refused, a value taken is said on
 * stderr (it can never shorten a user's wait unknowingly), and unset it asks nothing of core.
 */
import { describe, expect, it } from 'vitest';
import { testFirstLookMs } from '../../cli/test-first-look-wait.ts';
import { UsageError } from '../../cli/usage-error.ts';

describe('TRACKOPS_TEST_FIRST_LOOK_MS', () => {
  it("rule: a value that is not a whole number of milliseconds up to core's 0.5 s is a usage error (exit 2), naming it", () => {
    for (const value of ['soon', '1.5', '-1', '501']) {
      const said: string[] = [];
      const refuse = () => testFirstLookMs({ TRACKOPS_TEST_FIRST_LOOK_MS: value }, (line) => said.push(line));
      // A UsageError: the CLI says its message in one line and exits 2, as for the settle window's.
      expect(refuse).toThrow(UsageError);
      expect(refuse).toThrow(
        `TRACKOPS_TEST_FIRST_LOOK_MS='${value}' is not a whole number of milliseconds from 0 to 500; it is for tests only: unset it`,
      );
      expect(said).toEqual([]);
    }
  });

  it('rule: a value taken is said on stderr; none set (or empty) leaves core its own wait', () => {
    const said: string[] = [];
    expect(testFirstLookMs({ TRACKOPS_TEST_FIRST_LOOK_MS: '10' }, (line) => said.push(line))).toBe(10);
    expect(said).toEqual([
      'note: TRACKOPS_TEST_FIRST_LOOK_MS is set: a create whose answer was lost is first looked for 10 ms after it, not 0.5 s (for tests only: unset it)',
    ]);
    expect(testFirstLookMs({}, (line) => said.push(line))).toBeUndefined();
    expect(testFirstLookMs({ TRACKOPS_TEST_FIRST_LOOK_MS: '' }, (line) => said.push(line))).toBeUndefined();
    expect(said).toHaveLength(1);
  });
});
