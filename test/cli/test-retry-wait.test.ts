/**
 * TRACKOPS_TEST_RETRY_WAIT_MS (cli/test-retry-wait.ts), the tests' shorter wait between a failed
 * read's tries: a value that is not one is refused before anything is sent; `check`, which builds its
 * own client, waits it too; and what the CLI says of a retry names the wait taken, not core's 1-8 s.
 * Nothing listens on port 9 of this computer: every try is refused at once.
 */
import { describe, expect, it } from 'vitest';
import { testRetryWait } from '../../cli/test-retry-wait.ts';
import { waitNotice } from '../../cli/wait-notice.ts';
import { runCli } from './run-cli.ts';

const NOWHERE = ['--url', 'http://127.0.0.1:9/api/v1', '--user', 'demo', '--token', 't', '--rate', '100/s'];
const NOTE =
  'note: TRACKOPS_TEST_RETRY_WAIT_MS is set: a failed request is tried again after 10 ms, not 1, 2, 4 and 8 s (for tests only: unset it)\n';

describe('TRACKOPS_TEST_RETRY_WAIT_MS', () => {
  it("rule: a value that is not a whole number of milliseconds up to core's 8 s is a usage error (exit 2), before any request", async () => {
    const values = ['soon', '1.5', '-1', '9000'];
    const runs = await Promise.all(
      values.map((value) => runCli(['check', ...NOWHERE], { TRACKOPS_TEST_RETRY_WAIT_MS: value })),
    );
    for (const [index, value] of values.entries()) {
      const run = runs[index]!;
      expect(run.code, value).toBe(2);
      expect(run.stdout).toBe('');
      // Refused as said, and not after five tries at the address (those would end in "gave up").
      expect(run.stderr).toBe(
        `trackops-bulk: TRACKOPS_TEST_RETRY_WAIT_MS='${value}' is not a whole number of milliseconds from 0 to 8000; it is for tests only: unset it\n`,
      );
    }
  });

  it("rule: check, on its own client, tries 5 times the test's wait apart, and says no core wait of 8 s", async () => {
    const run = await runCli(['check', ...NOWHERE], { TRACKOPS_TEST_RETRY_WAIT_MS: '10' });
    expect(run.code).toBe(3);
    expect(run.stderr.startsWith(NOTE)).toBe(true);
    // With core's back-off the 8 s before the fifth try was said piped: "check: waiting 8 s, then ...".
    expect(run.stderr).not.toContain('waiting');
    expect(run.stderr).toMatch(
      /^trackops-bulk: check: http:\/\/127\.0\.0\.1:9\/api\/v1 as demo: GET \S+ got no answer \(ECONNREFUSED\); gave up after 5 attempts\n$/m,
    );
  });

  it("rule: a retry is told with the wait taken, so the piped notice says 10 ms, not core's 1 s", () => {
    const lines: string[] = [];
    const stderr = { isTTY: false, write: (text: string) => lines.push(text) > 0 } as never;
    let time = 0;
    const wait = testRetryWait({ TRACKOPS_TEST_RETRY_WAIT_MS: '10' }, () => {});
    const notice = wait!.told(waitNotice(stderr, 'export', () => time));
    const path = 'case/requests?page=2';
    const reason = `GET ${path} timed out: no answer within 30 s`;
    notice({ type: 'request', method: 'GET', path, attempt: 1, of: 5 });
    // The attempt's own 30 s of silence makes the wait worth a line.
    time += 30_000;
    notice({ type: 'retry', method: 'GET', path, attempt: 2, of: 5, reason, waitSeconds: 1 });
    expect(lines).toEqual([`export: waiting 10 ms, then trying again (attempt 2 of 5): ${reason}\n`]);
  });
});
