/**
 * One rate per Trackops account for every job the app runs on it at once: a dry run's or an export's
 * reads (the profile's client, accounts.ts), a send (import-runs.ts), an undo (revert-runs.ts) and
 * "Test connection". Each job keeps a pacer of its own (its slots, its Pause, its cancelling) over the
 * account's bucket (core's RateBucket), so that together they keep the profile's rate, and a 429 that
 * one of them meets holds them all for its Retry-After (explored: a send and an export each paced at a
 * profile's 2/s went at 4/s together; an account allowing 1/s would have been sent 2/s).
 *
 * An account is told apart as a journal's resume tells it (core's journalAccountIdentity: by host name,
 * this machine's loopback names as one), so a profile through a proxy on another port shares the rate
 * of its account. A profile whose rate was changed gets a bucket at the new rate; a job already running
 * finishes on the one it began with.
 */
import { createRateBucket, journalAccountIdentity, type RateBucket } from '../../core/index.ts';

export class AccountRates {
  readonly #buckets = new Map<string, RateBucket>();

  /** The bucket of the account at `baseUrl`, at `ratePerSecond` requests per second. */
  for(baseUrl: string, ratePerSecond: number): RateBucket {
    const account = journalAccountIdentity(baseUrl);
    const held = this.#buckets.get(account);
    if (held && held.targetRatePerSecond === ratePerSecond) return held;
    const bucket = createRateBucket(ratePerSecond);
    this.#buckets.set(account, bucket);
    return bucket;
  }
}
