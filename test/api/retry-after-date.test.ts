/**
 * A Retry-After given as a date is read by the clock that wrote it: the server's, as the same answer's
 * Date header states it (core/api/retry-after.ts; explore 36 item 2). Taken less this computer's clock,
 * a server an hour ahead turned "3 s" into "Trackops asked to wait 3603 s" and stopped the run, and a
 * server an hour behind made every wait 1 s. When the two clocks differ, the wait says so.
 *
 * Over real HTTP on 127.0.0.1: the server states its time as this computer's (injected) clock plus a
 * skew; the pacer's waits run on that clock, which jumps instead of waiting. No wall-clock time is read.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WaitTooLongError } from '../../core/api/errors.ts';
import { createHttp, type ApiEvent } from '../../core/api/http.ts';
import { createServerClock } from '../../core/api/server-clock.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

const HOUR = 3_600_000;

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** This computer's clock, starting on a whole second; sleeping moves it on at once. */
function jumpingClock() {
  let time = Date.UTC(2026, 10, 20, 9, 0, 0);
  return {
    now: () => time,
    sleep: async (ms: number) => {
      time += ms;
    },
  };
}

interface Reply {
  status: number;
  /** Seconds after the server's time for an HTTP-date Retry-After. */
  retryAfterIn?: number;
  /** Whether the answer states the server's time (default: yes). */
  dated?: boolean;
}

/** A server whose clock is `skewMs` ahead of `clock` (behind when negative), answering `replies` in turn. */
async function server(clock: { now: () => number }, skewMs: number, replies: Reply[]) {
  const seen = { requests: 0 };
  const listening = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const reply = replies[Math.min(seen.requests, replies.length - 1)]!;
      seen.requests += 1;
      const serverNow = clock.now() + skewMs;
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      // Node adds a Date of its own (the wall clock's) unless told not to.
      response.sendDate = false;
      if (reply.dated !== false) headers.date = new Date(serverNow).toUTCString();
      if (reply.retryAfterIn !== undefined)
        headers['retry-after'] = new Date(serverNow + reply.retryAfterIn * 1000).toUTCString();
      response.writeHead(reply.status, headers);
      response.end(reply.status < 300 ? '[]' : '{"message":"Too Many Requests"}');
    });
  });
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  servers.push(listening);
  return { seen, baseUrl: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/api/v1` };
}

function client(baseUrl: string, clock: ReturnType<typeof jumpingClock>) {
  const events: ApiEvent[] = [];
  const pacer = createPacer({ ratePerSecond: 1000, now: clock.now, sleep: clock.sleep });
  const http = createHttp({
    words: CLI_CONNECTION_WORDS,
    baseUrl,
    user: 'ann',
    token: 'secret-token',
    pacer,
    sleep: clock.sleep,
    serverClock: createServerClock(clock.now),
    onEvent: (event) => events.push(event),
  });
  const throttled = () => events.filter((event) => event.type === 'throttled');
  return { http, throttled };
}

describe('a Retry-After that is a date, read by the clock of the answer that gave it', () => {
  it("Trackops' clock an hour ahead: a 3 s wait by its own clock is waited as 3 s, not 3603 s, and said", async () => {
    const clock = jumpingClock();
    const { seen, baseUrl } = await server(clock, HOUR, [{ status: 429, retryAfterIn: 3 }, { status: 200 }]);
    const { http, throttled } = client(baseUrl, clock);
    expect(await http.call('GET', 'case/requests?page=1')).toEqual([]);
    expect(seen.requests).toBe(2);
    const [event] = throttled();
    expect(event).toMatchObject({ waitSeconds: 3 });
    expect(event).toHaveProperty(
      'clockNote',
      expect.stringMatching(
        /^a time \(.+ GMT\), 3 s after the time that answer states, by Trackops' clock; this computer's clock is 60 minutes behind Trackops', by which it would have been 3603 s$/,
      ),
    );
  });

  it("Trackops' clock an hour behind: the wait is 3 s, not cut to 1 s", async () => {
    const clock = jumpingClock();
    const { baseUrl } = await server(clock, -HOUR, [{ status: 429, retryAfterIn: 3 }, { status: 200 }]);
    const { http, throttled } = client(baseUrl, clock);
    const started = clock.now();
    await http.call('GET', 'fields');
    expect(throttled()[0]).toMatchObject({ waitSeconds: 3 });
    expect((throttled()[0] as { clockNote: string }).clockNote).toMatch(
      /this computer's clock is 60 minutes ahead of Trackops', by which it would have been 1 s$/,
    );
    // The second request went only once the 3 s were over, by this computer's (injected) clock.
    expect(clock.now() - started).toBeGreaterThanOrEqual(3000);
  });

  it('clocks that agree: the same wait, and nothing said about clocks', async () => {
    const clock = jumpingClock();
    const { baseUrl } = await server(clock, 0, [{ status: 429, retryAfterIn: 3 }, { status: 200 }]);
    const { http, throttled } = client(baseUrl, clock);
    await http.call('GET', 'fields');
    expect(throttled()).toEqual([{ type: 'throttled', method: 'GET', path: 'fields', waitSeconds: 3 }]);
  });

  it("an answer without a Date: read by Trackops' clock as its earlier answers stated it", async () => {
    const clock = jumpingClock();
    const { baseUrl } = await server(clock, HOUR, [
      { status: 200 },
      { status: 429, retryAfterIn: 4, dated: false },
      { status: 200 },
    ]);
    const { http, throttled } = client(baseUrl, clock);
    await http.call('GET', 'fields');
    await http.call('GET', 'case/types');
    expect(throttled()[0]).toMatchObject({ waitSeconds: 4 });
    expect((throttled()[0] as { clockNote: string }).clockNote).toMatch(
      /4 s after the time Trackops' earlier answers stated, by Trackops' clock; this computer's clock is 60 minutes behind/,
    );
  });

  it("no answer states Trackops' time: the date is read by this computer's clock, the only one there is", async () => {
    const clock = jumpingClock();
    // The server's own clock is not stated, so its skew cannot be known: the date is taken as ours.
    const { baseUrl } = await server(clock, 0, [
      { status: 429, retryAfterIn: 4, dated: false },
      { status: 200, dated: false },
    ]);
    const { http, throttled } = client(baseUrl, clock);
    await http.call('GET', 'fields');
    expect(throttled()).toEqual([{ type: 'throttled', method: 'GET', path: 'fields', waitSeconds: 4 }]);
  });

  it("an hour asked for by Trackops' clock, a second by ours: given up on, with both readings said", async () => {
    const clock = jumpingClock();
    const { seen, baseUrl } = await server(clock, -HOUR, [{ status: 429, retryAfterIn: 3600 }]);
    const { http } = client(baseUrl, clock);
    const error = await http.write('POST', 'case/requests', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaitTooLongError);
    expect((error as Error).message).toMatch(
      /^Trackops asked to wait 3600 s \(Retry-After, with a 429 to POST case\/requests: a time \(.+ GMT\), 3600 s after the time that answer states, by Trackops' clock; this computer's clock is 60 minutes ahead of Trackops', by which it would have been 1 s\), longer than this tool waits at once \(300 s\): nothing more was sent$/,
    );
    expect(seen.requests).toBe(1);
  });
});
