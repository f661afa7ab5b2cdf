/**
 * Waits have limits, and a wait given up on says what it was (core/api/http.ts). A Retry-After of an
 * hour was obeyed, up to 30 times in a row, and a read that timed out five times said only "timed out
 * waiting for an answer". Now a Retry-After over 5 minutes, or over 15 minutes in all for one request,
 * is a WaitTooLongError naming what Trackops asked for, sent at once without waiting; a timeout says
 * how long each attempt waited and how many there were. Over real HTTP on 127.0.0.1; the pacer's waits
 * and the retry pauses run on a clock that jumps instead of waiting.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createTrackopsApi } from '../../core/api/client.ts';
import { NetworkError, WaitTooLongError, writeMayHaveHappened } from '../../core/api/errors.ts';
import { createHttp } from '../../core/api/http.ts';
import { createPacer } from '../../core/pace/pacer.ts';
import { CLI_CONNECTION_WORDS } from '../../cli/connection-words.ts';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A server answering every request with `answer` (or never, when it returns false); counts requests. */
async function server(answer: (n: number) => { status: number; headers?: Record<string, string> } | false) {
  const seen = { requests: 0 };
  const listening = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      seen.requests += 1;
      const reply = answer(seen.requests);
      if (!reply) return;
      response.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      response.end(reply.status < 300 ? '[]' : '{"message":"slow down"}');
    });
  });
  await new Promise<void>((resolve) => listening.listen(0, '127.0.0.1', resolve));
  servers.push(listening);
  return { seen, baseUrl: `http://127.0.0.1:${(listening.address() as AddressInfo).port}/api/v1` };
}

/** A clock whose sleep moves time on instead of waiting: `waited` is the virtual time slept. */
function jumpingClock() {
  let time = 1_000_000;
  const clock = {
    waited: 0,
    now: () => time,
    sleep: async (ms: number) => {
      time += ms;
      clock.waited += ms;
    },
  };
  return clock;
}

function http(
  baseUrl: string,
  clock = jumpingClock(),
  extra: Parameters<typeof createHttp>[0] | object = {},
) {
  const pacer = createPacer({ ratePerSecond: 1000, now: clock.now, sleep: clock.sleep });
  return createHttp({
    words: CLI_CONNECTION_WORDS,
    baseUrl,
    user: 'ann',
    token: 'secret-token',
    pacer,
    sleep: clock.sleep,
    ...extra,
  });
}

describe('a Retry-After longer than the tool waits', () => {
  for (const [status, seconds, method] of [
    [429, 7200, 'POST'],
    [503, 3600, 'GET'],
  ] as const) {
    it(`${status} with Retry-After: ${seconds} to a ${method}: given up at once, in Trackops' own terms`, async () => {
      const { seen, baseUrl } = await server(() => ({ status, headers: { 'retry-after': String(seconds) } }));
      const clock = jumpingClock();
      const client = http(baseUrl, clock);
      const error = await (
        method === 'GET'
          ? client.call('GET', 'case/requests?page=1')
          : client.write('POST', 'case/requests', {})
      ).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WaitTooLongError);
      const path = method === 'GET' ? 'case/requests?page=1' : 'case/requests';
      expect((error as Error).message).toBe(
        `Trackops asked to wait ${seconds} s (Retry-After, with a ${status} to ${method} ${path}), longer than this tool waits at once (300 s): nothing more was sent`,
      );
      expect((error as WaitTooLongError).retryAfterSeconds).toBe(seconds);
      // Not waited for, not sent again, and the pace is not held for the hour either.
      expect(seen.requests).toBe(1);
      expect(clock.waited).toBe(0);
      expect(client.pacer.stats().throttledForSeconds).toBe(0);
      // A 429 was refused before anything was done; a 503 to a write leaves doubt.
      expect(writeMayHaveHappened(error)).toBe(status === 503);
    });
  }

  it('waits of 300 s are kept, up to 15 minutes in all for one request', async () => {
    const { seen, baseUrl } = await server(() => ({ status: 429, headers: { 'retry-after': '300' } }));
    const clock = jumpingClock();
    const error = await http(baseUrl, clock)
      .call('GET', 'fields')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WaitTooLongError);
    expect((error as Error).message).toBe(
      'Trackops asked to wait 300 s (Retry-After, with a 429 to GET fields), 1200 s in all for this one request, longer than this tool waits (900 s): nothing more was sent',
    );
    expect(seen.requests).toBe(4);
    expect(clock.waited).toBe(900_000);
  });

  it('a Retry-After within the limit is still obeyed, and the request then goes through', async () => {
    const { seen, baseUrl } = await server((n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '300' } } : { status: 200 },
    );
    const clock = jumpingClock();
    expect(await http(baseUrl, clock).call('GET', 'fields')).toEqual([]);
    expect(seen.requests).toBe(2);
    expect(clock.waited).toBeGreaterThanOrEqual(300_000);
  });
});

describe('a request that times out', () => {
  it('says how long each attempt waited and how many attempts there were', async () => {
    const { seen, baseUrl } = await server(() => false);
    const error = await http(baseUrl, jumpingClock(), { timeoutMs: 50, maxAttempts: 3 })
      .call('GET', 'case/requests?page=1')
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe(
      "GET case/requests?page=1 timed out: no answer within 0.05 s (the connection's timeout; --timeout SECONDS sets it); gave up after 3 attempts",
    );
    expect(seen.requests).toBe(3);
  });

  it("the connection's timeoutSeconds is the client's timeout", async () => {
    const { baseUrl } = await server(() => false);
    const error = await createTrackopsApi(
      { words: CLI_CONNECTION_WORDS, baseUrl, user: 'ann', token: 'secret-token', timeoutSeconds: 0.05 },
      { pacer: createPacer({ ratePerSecond: 1000 }) },
    )
      .createCaseRequest({} as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/no answer within 0\.05 s/);
  });
});
