/**
 * What a send says while Trackops does not answer (explore 38 item 1): the events a hung create makes,
 * in the order the client makes them (its timeout, the looks for the lost create, their retries), on a
 * clock the test moves, and the words said at each step. Quieter than NOTICE_AFTER_MS, nothing.
 */
import { describe, expect, it } from 'vitest';
import { TrackopsWaits } from '../../core/batch/trackops-waits.ts';

const SEARCH = 'case/requests?created_from_system=2026-01-01+10%3A00%3A00&reference_value_1=HANG-00004';

describe('TrackopsWaits: a row whose create Trackops does not answer', () => {
  it('says the create, the look for it, each search attempt and each retry, with the attempts left', () => {
    let time = 100_000;
    const waits = new TrackopsWaits(() => time, 30_000);
    waits.heard(5, { type: 'request', method: 'POST', path: 'case/requests', attempt: 1, of: 1 });
    time += 4_000;
    // A slow answer is not a silence worth a word.
    expect(waits.said()).toBeNull();
    time += 21_000;
    expect(waits.said()).toEqual({
      row: 5,
      silentSeconds: 25,
      since: 100_000,
      stage: 'row 5: create 1',
      words:
        "Trackops has not answered row 5's create for 25 s; waiting up to 30 s, then it is looked for in Trackops before anything is sent again",
    });
    time += 5_000;
    const reason = "POST case/requests timed out: no answer within 30 s (the connection's timeout)";
    waits.heard(5, { type: 'unanswered', method: 'POST', path: 'case/requests', attempt: 1, reason });
    waits.looksAgain(5, 500, { words: 'got no answer', send: 0 });
    expect(waits.said()?.words).toBe(
      "Trackops did not answer row 5's create; it is looked for in Trackops in 1 s, before anything is sent again",
    );
    time += 500;
    waits.heard(5, { type: 'request', method: 'GET', path: SEARCH, attempt: 1, of: 5 });
    time += 12_000;
    expect(waits.said()?.words).toBe(
      "Trackops has not answered for 42 s: the search for row 5's create (its answer was lost) is sent (attempt 1 of 5), waiting up to 30 s for an answer (12 s so far)",
    );
    time += 18_000;
    waits.heard(5, { type: 'unanswered', method: 'GET', path: SEARCH, attempt: 1, reason: 'timed out' });
    waits.heard(5, {
      type: 'retry',
      method: 'GET',
      path: SEARCH,
      attempt: 2,
      of: 5,
      reason: 'timed out',
      waitSeconds: 1,
    });
    expect(waits.said()?.words).toBe(
      "Trackops did not answer the search for row 5's create (its answer was lost); trying again in 1 s (attempt 2 of 5); no answer for 1 min in all",
    );
    // The last attempt says so (no "attempt 6 of 5").
    time += 1_000;
    waits.heard(5, { type: 'request', method: 'GET', path: SEARCH, attempt: 5, of: 5 });
    time += 6_000;
    expect(waits.said()?.words).toBe(
      "Trackops has not answered for 1 min 7 s: the search for row 5's create (its answer was lost) is tried again (attempt 5 of 5), waiting up to 30 s for an answer (6 s so far); it is the last attempt",
    );
    // An answer ends the silence: nothing is said.
    waits.heard(5, { type: 'response', method: 'GET', path: SEARCH, status: 200, ms: 6_000 });
    expect(waits.said()).toBeNull();
    // Found nothing after a timeout: the second look waits as long as the create was given, said at once.
    waits.looksAgain(5, 30_000, { words: 'got no answer', send: 0 });
    time += 1_000;
    expect(waits.said()).toMatchObject({
      silentSeconds: 0,
      words:
        "Row 5's create got no answer and Trackops does not list it yet; it is looked for again in 29 s, before anything is sent again",
    });
    waits.ended(5);
    expect(waits.said()).toBeNull();
  });

  it('names the row silent longest, and how many more wait', () => {
    let time = 0;
    const waits = new TrackopsWaits(() => time, 30_000);
    waits.heard(7, { type: 'request', method: 'PUT', path: 'case/requests/71', attempt: 1, of: 5 });
    time += 2_000;
    waits.heard(8, { type: 'request', method: 'PUT', path: 'case/requests/72', attempt: 1, of: 5 });
    waits.heard(9, { type: 'request', method: 'GET', path: 'case/requests/73', attempt: 1, of: 5 });
    waits.heard(9, { type: 'response', method: 'GET', path: 'case/requests/73', status: 200, ms: 3 });
    time += 8_000;
    expect(waits.said()).toMatchObject({
      row: 7,
      words:
        "Trackops has not answered row 7's update for 10 s; waiting up to 30 s, then it is tried again (attempt 2 of 5) (1 more row waits on Trackops too)",
    });
  });
});
