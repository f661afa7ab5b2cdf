/**
 * A real HTTP hop in front of a sandbox whose server stores a write only at the client's own last
 * retry of it, late, and never answers: the attempts before it get no answer at all (a PUT, held past
 * the client's timeout and never passed on) or a 429 with Retry-After (a POST, refused before anything
 * was done, which the client sends again after the wait). The last attempt is held `heldMs`, then passed
 * to the sandbox (stored after the client gave up on it), and its answer dropped.
 *
 * What it proves: the settle window of a write in doubt starts when the client's last attempt of it
 * left, not its first (earlier-sends.ts); the attempt held here is the last, not the first.
 */
import { pass, running, startProxy } from './proxies.ts';

export interface LastRetryProxy {
  /** The API base through the proxy ('http://127.0.0.1:PORT/api/v1'). */
  baseUrl: string;
  /** Writes of `method` that reached the sandbox: whether the armed run's held attempt, or another. */
  stored: { held: boolean; at: number }[];
  /** Attempts of `method` seen while armed, with when each came (the test's clock). */
  attempts: number[];
  /** While true, writes of `method` are held as above; once false, every request passes. */
  armed: boolean;
  close(): Promise<void>;
}

export interface LastRetryOptions {
  method: 'POST' | 'PUT';
  /** The attempt that is stored (late): 5 for a PUT (the client's last), 2 for a POST after one 429. */
  storedAttempt: number;
  heldMs: number;
  /** POST: the Retry-After of the 429 each attempt before the stored one gets. */
  throttleSeconds?: number;
}

export async function startLastRetryProxy(
  target: string,
  options: LastRetryOptions,
): Promise<LastRetryProxy> {
  const state: LastRetryProxy = {
    baseUrl: '',
    stored: [],
    attempts: [],
    armed: true,
    close: async () => {},
  };
  const proxy = await startProxy(target, async (request, response, body, forward) => {
    const write = request.method === options.method;
    if (write && state.armed) {
      state.attempts.push(Date.now());
      const attempt = state.attempts.length;
      if (attempt < options.storedAttempt) {
        if (options.throttleSeconds === undefined) return; // never answered: the client times out
        const refusal = JSON.stringify({ message: 'Too Many Requests' });
        response.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': String(options.throttleSeconds),
          'content-length': String(Buffer.byteLength(refusal)),
        });
        return void response.end(refusal);
      }
      if (attempt > options.storedAttempt) return void response.socket?.destroy();
      // The last attempt: stored after the client gave up on it, its answer never sent.
      await new Promise((resolve) => setTimeout(resolve, options.heldMs));
      await forward();
      state.stored.push({ held: true, at: Date.now() });
      return void response.socket?.destroy();
    }
    const answer = await forward();
    if (write) state.stored.push({ held: false, at: Date.now() });
    pass(response, answer);
  });
  Object.assign(state, running(proxy));
  return state;
}
