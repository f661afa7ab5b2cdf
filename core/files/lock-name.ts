/**
 * Names of the files a lock is made of, beside a user's file: the lock itself (`.res.csv.lock`), the
 * file it is written to before it is linked in place, and the name a stale lock is moved to when taken
 * over (batch/journal-lock.ts). Each was the user's file name with more after it, and a file name has at
 * most 255 bytes (Linux's NAME_MAX, macOS's; Windows counts 255 UTF-16 units, which UTF-8 bytes never
 * undercount): a legal name near that limit (an export to a long --out, a long --results) could not have
 * its lock made, and the run was refused with "its lock … cannot be created (ENAMETOOLONG): check that
 * the folder exists". A name that would not fit is a hash of the user's name instead.
 */
import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';

const NAME_MAX_BYTES = 255;

/**
 * Over this, a lock beside the file is named by a hash: `.NAME.lock` would fit up to 249 bytes, but the
 * results' lock took this bound first (report/results-lock.ts), and one bound keeps every lock's name
 * the same however the name's length is counted.
 */
const LONGEST_NAMED_BYTES = 200;

/** `.res.csv.lock` beside `res.csv`; for a name over 200 bytes, `.KIND-HASH.lock` (`.results-3fa1….lock`). */
export function lockBeside(path: string, kind: string): string {
  const name = basename(path);
  if (Buffer.byteLength(name) <= LONGEST_NAMED_BYTES) return join(dirname(path), `.${name}.lock`);
  return join(dirname(path), `.${kind}-${shortHash(name)}.lock`);
}

/**
 * `path` with `suffix` after it (`J.lock.123.ab12cd34.new`) when that name fits, else a name of the
 * same folder made of a hash of `path`'s name and the suffix: the same `path` always gives the same name.
 */
export function besideName(path: string, suffix: string): string {
  const name = basename(path);
  if (Buffer.byteLength(name + suffix) <= NAME_MAX_BYTES) return `${path}${suffix}`;
  return join(dirname(path), `.lock-${shortHash(name)}${suffix}`);
}

function shortHash(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 16);
}
