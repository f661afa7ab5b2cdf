/**
 * The sandbox's rate limit: a token bucket holding one second of requests (API-NOTES: the real limit is
 * unknown, so the sandbox's is configurable). Over it, the answer is 429 with `Retry-After` in whole seconds.
 */
import { InputError } from '../core/errors.ts';

export const DEFAULT_RATE_PER_SECOND = 50;

/** `10`, `'10'`, `'10/s'`, `'600/min'` → requests per second. */
export function parseRate(rate: number | string): number {
  if (typeof rate === 'number') {
    if (Number.isFinite(rate) && rate > 0) return rate;
    throw new InputError('sandbox_bad_rate', `rate ${rate} must be a positive number of requests per second`);
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(?:\/\s*(s|sec|second|m|min|minute))?\s*$/i.exec(rate);
  const count = Number(match?.[1]);
  if (!match || !(count > 0)) {
    throw new InputError('sandbox_bad_rate', `--rate '${rate}' is not a rate; write e.g. 10/s or 600/min`);
  }
  return /^m/i.test(match[2] ?? 's') ? count / 60 : count;
}

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly capacity: number;

  constructor(
    private readonly perSecond: number,
    now: number,
  ) {
    this.capacity = Math.max(1, perSecond);
    this.tokens = this.capacity;
    this.last = now;
  }

  /** Takes one token, or says how many whole seconds (at least 1) until one is free. */
  take(now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true };
    }
    const waitSeconds = (1 - this.tokens) / this.perSecond;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(waitSeconds)) };
  }
}
