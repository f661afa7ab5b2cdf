import { describe, expect, it } from 'vitest';
import {
  parseFaultSpec,
  parseRate,
  startSandbox,
  type RequestLogEntry,
  type RunningSandbox,
} from '../../sandbox/index.ts';
import { call, seedExampleBody } from './helpers.ts';

async function withSandbox<T>(
  options: Parameters<typeof startSandbox>[0],
  run: (sandbox: RunningSandbox) => Promise<T>,
): Promise<T> {
  const sandbox = await startSandbox(options);
  try {
    return await run(sandbox);
  } finally {
    await sandbox.close();
  }
}

describe('rate limit: token bucket with one second of burst, 429 + Retry-After', () => {
  it('parses 10, "10/s" and "600/min" and refuses nonsense', () => {
    expect(parseRate(10)).toBe(10);
    expect(parseRate('10/s')).toBe(10);
    expect(parseRate('600/min')).toBe(10);
    expect(parseRate('2.5')).toBe(2.5);
    expect(() => parseRate('fast')).toThrow(/--rate 'fast' is not a rate; write e.g. 10\/s/);
    expect(() => parseRate(0)).toThrow(/positive/);
  });

  it('answers 429 with an integer Retry-After >= 1 once the burst is spent, then recovers', async () => {
    await withSandbox({ rate: '5/s' }, async (sandbox) => {
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let index = 0; index < 12; index++) {
        const answer = await call(sandbox, 'GET', '/case/regions');
        statuses.push(answer.status);
        if (answer.status === 429) {
          retryAfter = answer.headers.get('retry-after');
          expect(answer.body.message).toMatch(/rate limit/);
        }
      }
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses).toContain(429);
      expect(retryAfter).toMatch(/^[1-9]\d*$/);
      expect(sandbox.stats().throttled).toBe(statuses.filter((status) => status === 429).length);
      await new Promise((resolve) => setTimeout(resolve, Number(retryAfter) * 1000));
      expect((await call(sandbox, 'GET', '/case/regions')).status).toBe(200);
    });
  });

  it('a rate below one per second asks for a longer wait', async () => {
    await withSandbox({ rate: '30/min' }, async (sandbox) => {
      expect((await call(sandbox, 'GET', '/case/regions')).status).toBe(200);
      const throttled = await call(sandbox, 'GET', '/case/regions');
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers.get('retry-after'))).toBe(2);
    });
  });
});

describe('faults: seeded, repeatable', () => {
  it('parses the CONTRACTS spec and names a bad part', () => {
    expect(
      parseFaultSpec('latency=20-150ms,error5xx=0.05,throttle=0.05,drop-after-commit=0.05,seed=7'),
    ).toEqual({
      latencyMs: [20, 150],
      error5xx: 0.05,
      throttle: 0.05,
      dropAfterCommit: 0.05,
      seed: 7,
    });
    expect(parseFaultSpec('latency=1s').latencyMs).toEqual([1000, 1000]);
    expect(() => parseFaultSpec('error5xx=2')).toThrow(/'error5xx=2' needs a probability/);
    expect(() => parseFaultSpec('boom=1')).toThrow(/'boom=1' is not a known fault/);
  });

  async function runSequence(faults: string) {
    return withSandbox({ faults, rate: 10_000 }, async (sandbox) => {
      const outcomes: string[] = [];
      for (let index = 0; index < 40; index++) {
        try {
          const answer =
            index % 3 === 0
              ? await call(sandbox, 'POST', '/case/requests', { body: seedExampleBody() })
              : await call(sandbox, 'GET', `/case/requests?page=${index}`);
          outcomes.push(String(answer.status));
        } catch {
          outcomes.push('dropped');
        }
      }
      return { outcomes, log: sandbox.faultLog(), stats: sandbox.stats() };
    });
  }

  it('the same seed gives the same faults for the same request sequence; another seed differs', async () => {
    const spec = 'latency=1-5ms,error5xx=0.15,throttle=0.15,drop-after-commit=0.3';
    const first = await runSequence(`${spec},seed=7`);
    const again = await runSequence(`${spec},seed=7`);
    const other = await runSequence(`${spec},seed=8`);
    expect(again.outcomes).toEqual(first.outcomes);
    expect(again.log).toEqual(first.log);
    expect(other.log).not.toEqual(first.log);
    const kinds = new Set(first.log.map((event) => event.kind));
    expect(kinds).toEqual(new Set(['throttle', 'error5xx', 'drop-after-commit']));
    expect(first.stats.faults.latency).toBe(40);
    expect(first.stats.faults.throttle + first.stats.faults.error5xx).toBe(
      first.log.filter((event) => event.kind !== 'drop-after-commit').length,
    );
    for (const event of first.log.filter((entry) => entry.kind === 'error5xx'))
      expect([500, 502, 503]).toContain(event.status);
  });

  it('drop-after-commit stores the write, then destroys the connection without an answer', async () => {
    await withSandbox({ faults: 'drop-after-commit=1,seed=3', rate: 10_000 }, async (sandbox) => {
      const before = sandbox.account().case_requests.length;
      const body = seedExampleBody();
      body.casefile_request.reference_value_1 = 'DROPPED-1';
      await expect(call(sandbox, 'POST', '/case/requests', { body })).rejects.toThrow();
      const stored = sandbox.account().case_requests;
      expect(stored).toHaveLength(before + 1);
      expect(stored.at(-1)?.reference_value_1).toBe('DROPPED-1');
      // A read is not a commit, so it is answered even at probability 1.
      const found = await call(sandbox, 'GET', '/case/requests?reference_value_1=DROPPED-1');
      expect(found.body).toHaveLength(1);
      expect(sandbox.stats()).toMatchObject({ writesCommitted: 1, faults: { dropAfterCommit: 1 } });
      // A refused write commits nothing, so nothing is dropped.
      const refused = await call(sandbox, 'POST', '/case/requests', { body: { casefile_request: {} } });
      expect(refused.status).toBe(422);
    });
  });

  it('5xx faults answer 500/502/503 (503 with Retry-After) and change nothing', async () => {
    await withSandbox({ faults: 'error5xx=1,seed=11', rate: 10_000 }, async (sandbox) => {
      const before = sandbox.account().case_requests.length;
      const statuses = new Set<number>();
      for (let index = 0; index < 30; index++) {
        const answer = await call(sandbox, 'POST', '/case/requests', { body: seedExampleBody() });
        statuses.add(answer.status);
        if (answer.status === 503) expect(answer.headers.get('retry-after')).toBe('1');
        expect(answer.body.message).toMatch(/injected/);
      }
      expect(statuses).toEqual(new Set([500, 502, 503]));
      expect(sandbox.account().case_requests).toHaveLength(before);
    });
  });

  it('reports each request to onRequest, dropped connections included, without credentials', async () => {
    const entries: RequestLogEntry[] = [];
    await withSandbox(
      { faults: 'drop-after-commit=1', rate: 10_000, onRequest: (entry) => entries.push(entry) },
      async (sandbox) => {
        await call(sandbox, 'GET', '/case/regions?per_page=2');
        await expect(call(sandbox, 'POST', '/case/requests', { body: seedExampleBody() })).rejects.toThrow();
        await call(sandbox, 'GET', '/case/regions', { auth: null });
        await new Promise((resolve) => setTimeout(resolve, 50));
      },
    );
    expect(entries.map(({ method, url, status }) => `${method} ${url} ${status}`)).toEqual([
      'GET /api/v1/case/regions?per_page=2 200',
      'POST /api/v1/case/requests dropped',
      'GET /api/v1/case/regions 401',
    ]);
    expect(JSON.stringify(entries)).not.toContain('demo-token');
  });

  it('latency delays answers by an amount within the range', async () => {
    await withSandbox({ faults: 'latency=120-160ms,seed=1', rate: 10_000 }, async (sandbox) => {
      const started = performance.now();
      await call(sandbox, 'GET', '/case/regions');
      const elapsed = performance.now() - started;
      // At least the range's low end (a timer never fires early); how much longer a busy machine takes is
      // not this test's business.
      expect(elapsed).toBeGreaterThanOrEqual(115);
    });
  });
});
