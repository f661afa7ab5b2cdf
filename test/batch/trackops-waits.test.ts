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

describe('TrackopsWaits: this computer paused or asleep while a row waited (explore 63 item 8)', () => {
  it('a tick far later than asked says the pause, not Trackops silent; the create is still looked for; an answer ends it', () => {
    let time = 0;
    const waits = new TrackopsWaits(() => time, 5_000);
    waits.tick();
    waits.heard(4, { type: 'request', method: 'POST', path: 'case/requests', attempt: 1, of: 1 });
    // The lid closed: nothing ran for 40 s, then the runner's 1 s tick fires late.
    time += 41_000;
    waits.tick();
    expect(waits.said()?.words).toBe(
      "This computer was paused or asleep for about 40 s; row 4's create is looked for in Trackops before anything is sent again",
    );
    // Its timeout fires next: the create is lost to this run and looked for, said the same way.
    waits.heard(4, {
      type: 'unanswered',
      method: 'POST',
      path: 'case/requests',
      attempt: 1,
      reason: 'timed out',
    });
    waits.looksAgain(4, 0, { words: 'got no answer', send: 0 });
    waits.heard(4, { type: 'request', method: 'GET', path: SEARCH, attempt: 1, of: 5 });
    time += 1_000;
    waits.tick();
    expect(waits.said()?.words).toBe(
      "This computer was paused or asleep for about 40 s; row 4's create is looked for in Trackops before anything is sent again",
    );
    // Trackops answers the search: the silence is over, and a later one is Trackops' again.
    waits.heard(4, { type: 'response', method: 'GET', path: SEARCH, status: 200, ms: 300 });
    expect(waits.said()).toBeNull();
    waits.heard(4, { type: 'request', method: 'GET', path: SEARCH, attempt: 1, of: 5 });
    for (let second = 0; second < 4; second++) {
      time += 1_500;
      waits.tick();
    }
    expect(waits.said()?.words).toBe(
      // Past the 5 s it is given (a tick after the timeout is due): said as passed, not "waiting up to 5 s".
      "Trackops has not answered the search for row 4's create (its answer was lost) for 6 s; the 5 s it is given have passed, and it is tried again (attempt 2 of 5); no answer for 6 s in all",
    );
  });

  it('ticks late by a busy moment (under PAUSED_AFTER_MS) say Trackops as before; a row not waiting is not touched', () => {
    let time = 0;
    const waits = new TrackopsWaits(() => time, 30_000);
    waits.tick();
    waits.heard(2, { type: 'request', method: 'PUT', path: 'case/requests/21', attempt: 1, of: 5 });
    time += 8_000;
    waits.tick();
    expect(waits.said()?.words).toBe(
      "Trackops has not answered row 2's update for 8 s; waiting up to 30 s, then it is tried again (attempt 2 of 5)",
    );
    waits.heard(2, { type: 'response', method: 'PUT', path: 'case/requests/21', status: 200, ms: 8_000 });
    time += 30_000;
    waits.tick();
    waits.heard(2, { type: 'request', method: 'PUT', path: 'case/requests/22', attempt: 1, of: 5 });
    time += 6_000;
    expect(waits.said()?.words).toBe(
      "Trackops has not answered row 2's update for 6 s; waiting up to 30 s, then it is tried again (attempt 2 of 5)",
    );
  });

  it('an update through a pause says it waits for its answer, never that Trackops was silent', () => {
    let time = 0;
    const waits = new TrackopsWaits(() => time, 30_000);
    waits.tick();
    waits.heard(9, { type: 'request', method: 'PUT', path: 'case/requests/90', attempt: 1, of: 5 });
    time += 20_000;
    waits.tick();
    expect(waits.said()?.words).toBe(
      "This computer was paused or asleep for about 19 s; row 9's update waits for Trackops' answer (attempt 1 of 5)",
    );
  });
});
