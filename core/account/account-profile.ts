/**
 * The findings of `trackops-bulk check` saved with a connection (CLI: `--profile FILE`; the app: its
 * connection profile), so later runs use what the account answered instead of the guesses (API-NOTES
 * Tolerance, "Discovery"): the reference paths it serves (a missing one is not asked again, and its
 * checks are said to be off) and the largest page it gives. An on-disk format, so versioned (STYLE:
 * migrations live in core); the findings themselves are kept as the check wrote them, for reading.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';
import { schemaIssueWords } from '../schema-issue-words.ts';
import type { ConnectionSettings } from '../api/types.ts';
import { createRedactor, scrubEveryText, type Secrets } from '../api/redact.ts';
import type { AccountCheck } from './check-account.ts';
import type { ConnectionWords } from '../api/connection-words.ts';
import { READ_ORDER } from '../api/client.ts';

export const ACCOUNT_PROFILE_VERSION = 1;
const KIND = 'trackops-bulk account profile';

const finding = z.object({
  topic: z.string(),
  assumed: z.string(),
  found: z.string(),
  verdict: z.enum(['as-assumed', 'handled', 'unsafe', 'unknown']),
});

const checkSchema = z.object({
  checkedAt: z.string(),
  baseUrl: z.string(),
  user: z.string(),
  findings: z.array(finding),
  unsafe: z.array(z.string()),
  use: z.object({
    referencePaths: z.partialRecord(
      z.enum(READ_ORDER as [string, ...string[]]),
      z.string().min(1).nullable(),
    ),
    pageSize: z.number().int().positive().nullable(),
  }),
  rateLimitHeaders: z.record(z.string(), z.string()),
  caseRequestCount: z.number().int().nonnegative().nullable(),
  requests: z.number().int().nonnegative(),
});

const profileSchema = z.object({
  version: z.literal(ACCOUNT_PROFILE_VERSION),
  kind: z.literal(KIND),
  check: checkSchema,
});

export interface AccountProfile {
  version: typeof ACCOUNT_PROFILE_VERSION;
  kind: typeof KIND;
  check: AccountCheck;
}

export function accountProfileOf(check: AccountCheck): AccountProfile {
  return { version: ACCOUNT_PROFILE_VERSION, kind: KIND, check };
}

/** A profile read from a file (or the app's store); InputError naming what is wrong and what to do. */
export function parseAccountProfile(
  raw: unknown,
  source: string,
  words: Pick<ConnectionWords, 'runCheck' | 'checkName' | 'saveCheckAgain'>,
): AccountProfile {
  const version = (raw as { version?: unknown })?.version;
  if (typeof version === 'number' && version > ACCOUNT_PROFILE_VERSION)
    throw new InputError(
      'profile_too_new',
      `${source} was written by a newer trackops-bulk (account profile version ${version}); update this tool or ${words.runCheck()} again`,
    );
  const parsed = profileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join('.') || 'the whole file';
    throw new InputError(
      'profile_invalid',
      `${source} is not an account profile written by ${words.checkName()} (${where} ${schemaIssueWords(issue, raw)}); ${words.saveCheckAgain(source)}`,
    );
  }
  return parsed.data as AccountProfile;
}

/**
 * A saved check (as read from its file, before parsing) with every form of the credentials replaced, or
 * null when it holds none. Explore 51: a check saved before its rate-limit headers were scrubbed keeps
 * the token where a gateway named the key it counted (`x-ratelimit-key: apikey:TOKEN`), in a file outside
 * the token's own store (the CLI's --profile file, meant to be shared; the app's profiles.json). The
 * hosts rewrite such a file with this, everything else in it as it was; only the token they hold now
 * can be found (one replaced since is not known to them).
 */
export function savedCheckWithoutSecrets(raw: unknown, secrets: Secrets): unknown {
  const scrubbed = scrubEveryText(raw, createRedactor(secrets));
  return JSON.stringify(scrubbed) === JSON.stringify(raw) ? null : scrubbed;
}

/** What a profile changes in a connection: the reference paths found and the page size the server gives. */
export function profileConnectionSettings(
  profile: AccountProfile,
): Pick<ConnectionSettings, 'referencePaths' | 'pageSize'> {
  const { referencePaths, pageSize } = profile.check.use;
  return { referencePaths: { ...referencePaths }, ...(pageSize ? { pageSize } : {}) };
}

/**
 * Whether a profile was made for this account: same host and path (a local sandbox's port changes from
 * run to run, so on loopback the port is not compared).
 */
export function profileFits(profile: AccountProfile, baseUrl: string): boolean {
  const key = (raw: string) => {
    try {
      const url = new URL(raw);
      const loopback =
        url.hostname === 'localhost' || url.hostname.startsWith('127.') || url.hostname === '[::1]';
      return `${url.protocol}//${url.hostname}${loopback ? '' : `:${url.port}`}${url.pathname.replace(/\/+$/, '')}`;
    } catch {
      return raw;
    }
  };
  return key(profile.check.baseUrl) === key(baseUrl);
}
