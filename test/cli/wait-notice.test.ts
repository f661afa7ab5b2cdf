/**
 * Piped stderr (cron, CI) hears of a long wait in one line, once per wait (cli/wait-notice.ts): before,
 * an hour's Retry-After or five timed-out attempts passed in silence, and looked like a hang. The
 * client's events are replayed on an injected clock; nothing waits.
 */
import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '../../core/index.ts';
import { waitNotice } from '../../cli/wait-notice.ts';

function stderr(isTTY: boolean) {
  const lines: string[] = [];
  return { lines, stream: { isTTY, write: (text: string) => lines.push(text) > 0 } as never };
}

const LIST = 'case/requests?page=2';

describe('waitNotice', () => {
  it('a throttled wait of more than a few seconds: one line, not one per request waiting on it', () => {
    let time = 0;
    const err = stderr(false);
    const notice = waitNotice(err.stream, 'import', () => time);
    const throttled = (path: string, waitSeconds: number): ApiEvent => ({
      type: 'throttled',
      method: 'POST',
      path,
      waitSeconds,
    });
    notice(throttled('case/requests', 1));
    expect(err.lines).toEqual([]);
    notice(throttled('case/requests', 60));
    // Two more workers throttled by the same episode, 10 s into it.
    time += 10_000;
    notice(throttled('case/requests', 60));
    notice(throttled(LIST, 50));
    expect(err.lines).toEqual([
      'import: waiting 60 s: Trackops asked for it (Retry-After) answering POST case/requests\n',
    ]);
    // After that wait, a new one is said again.
    time += 60_000;
    notice(throttled('case/requests', 30));
    expect(err.lines).toHaveLength(2);
  });

  it("retries after attempts that timed out count the attempt's own silence", () => {
    let time = 0;
    const err = stderr(false);
    const notice = waitNotice(err.stream, 'export', () => time);
    const reason = `GET ${LIST} timed out: no answer within 30 s (the connection's timeout; --timeout SECONDS sets it)`;
    notice({ type: 'request', method: 'GET', path: LIST, attempt: 1, of: 5 });
    time += 30_000;
    notice({ type: 'retry', method: 'GET', path: LIST, attempt: 2, of: 5, reason, waitSeconds: 1 });
    expect(err.lines).toEqual([`export: waiting 1 s, then trying again (attempt 2 of 5): ${reason}\n`]);
    // A quick failure (a reset) followed by a short pause is not worth a line.
    time += 1_000;
    notice({ type: 'request', method: 'GET', path: LIST, attempt: 2, of: 5 });
    time += 50;
    notice({ type: 'retry', method: 'GET', path: LIST, attempt: 3, of: 5, reason: 'reset', waitSeconds: 2 });
    expect(err.lines).toHaveLength(1);
  });

  it('says nothing on a terminal, where the progress line shows the wait', () => {
    const err = stderr(true);
    const notice = waitNotice(err.stream, 'import', () => 0);
    notice({ type: 'throttled', method: 'GET', path: LIST, waitSeconds: 300 });
    expect(err.lines).toEqual([]);
  });

  it("a wait read by Trackops' clock while ours differs: said once a run, on a terminal too", () => {
    const note =
      "a time (Fri, 20 Nov 2026 10:00:03 GMT), 3 s after the time that answer states, by Trackops' clock; " +
      "this computer's clock is 60 minutes behind Trackops', by which it would have been 3603 s";
    for (const isTTY of [true, false]) {
      const err = stderr(isTTY);
      const notice = waitNotice(err.stream, 'import', () => 0);
      notice({ type: 'throttled', method: 'POST', path: 'case/requests', waitSeconds: 3, clockNote: note });
      notice({ type: 'throttled', method: 'POST', path: 'case/requests', waitSeconds: 3, clockNote: note });
      expect(err.lines).toEqual([
        `${isTTY ? '\r\x1b[K' : ''}import: waiting 3 s, as Trackops asked answering POST case/requests: its Retry-After named ${note}\n`,
      ]);
    }
  });
});
