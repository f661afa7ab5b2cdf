/**
 * The file `trackops-bulk check --profile FILE` wrote, as later commands read it (--profile FILE): what
 * the account answered, used instead of the guesses. A file meant to be given to every later command and
 * to colleagues, so one that holds the token is rewritten without it (explore 51: an earlier version
 * saved the account's rate-limit headers as they came, and a gateway naming the key it counted,
 * `x-ratelimit-key: apikey:TOKEN`, put the token there twice).
 */
import { readFile } from 'node:fs/promises';
import {
  parseAccountProfile,
  savedCheckWithoutSecrets,
  type AccountProfile,
} from '../core/account/account-profile.ts';
import { writeFileAtomic } from '../core/files/atomic-write.ts';
import type { Secrets } from '../core/api/redact.ts';
import { UsageError } from './usage-error.ts';
import { CLI_CONNECTION_WORDS } from './connection-words.ts';

export interface CheckProfileFile {
  path: string;
  profile: AccountProfile;
  /** The file's JSON as it came: what a rewrite keeps but for the token. */
  raw: unknown;
}

export async function readCheckProfile(path: string): Promise<CheckProfileFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UsageError(
      `--profile ${path} cannot be read; write it first with trackops-bulk check --profile ${path}`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new UsageError(
      `--profile ${path} is not JSON; write it again with trackops-bulk check --profile ${path}`,
    );
  }
  return { path, profile: parseAccountProfile(raw, path, CLI_CONNECTION_WORDS), raw };
}

/**
 * Rewrites the file without the credentials when it holds them (atomically, everything else as it was),
 * and says so: the file may have been given to others already, so the token is worth replacing. A file
 * that cannot be rewritten is said too, with what to do; the command goes on (the file is no worse).
 */
export async function scrubCheckProfile(
  file: CheckProfileFile,
  secrets: Secrets,
  warn: (line: string) => void,
): Promise<void> {
  const clean = savedCheckWithoutSecrets(file.raw, secrets);
  if (clean === null) return;
  const why = 'an earlier version saved the account’s rate-limit headers as they came, one naming the key';
  try {
    await writeFileAtomic(file.path, JSON.stringify(clean, null, 2) + '\n');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    warn(
      `--profile ${file.path} holds the API token (${why}) and could not be rewritten without it (${code}): ` +
        `write it again with trackops-bulk check --profile ${file.path}, and if the file was given to anyone, ask a Trackops admin for a new token`,
    );
    return;
  }
  warn(
    `--profile ${file.path} held the API token (${why}); it was rewritten without it, the rest kept. ` +
      'If the file was given to anyone, ask a Trackops admin for a new token',
  );
}
