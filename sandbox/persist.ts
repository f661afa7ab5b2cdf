/**
 * `--data FILE`: the account is written back after every change, atomically (temporary file in the same
 * directory, fsync, rename, fsync of the directory), so a crash leaves either the old or the new file,
 * never half of one. Saves are serialized; saves asked for while one is running share the next write,
 * which snapshots the state when it starts and so covers every change made before it.
 */
import { readdir, readFile, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { writeFileAtomic } from '../core/files/atomic-write.ts';
import { parseAccountFile, AccountFileError, type AccountFile } from './account-schema.ts';

type Waiter = { promise: Promise<void>; resolve: () => void; reject: (error: unknown) => void };

function waiter(): Waiter {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

export class AccountFileWriter {
  private running: Promise<void> | null = null;
  private queued: Waiter | null = null;

  constructor(
    readonly path: string,
    private readonly snapshot: () => AccountFile,
  ) {}

  save(): Promise<void> {
    const batch = (this.queued ??= waiter());
    this.startNext();
    return batch.promise;
  }

  /** Resolves when nothing is being written or waiting to be. */
  async idle(): Promise<void> {
    while (this.running || this.queued) await (this.running ?? this.queued?.promise)?.catch(() => {});
  }

  private startNext(): void {
    if (this.running || !this.queued) return;
    const batch = this.queued;
    this.queued = null;
    const text = JSON.stringify(this.snapshot(), null, 2) + '\n';
    this.running = writeFileAtomic(this.path, text, { mode: 0o600, syncDirectory: true })
      .then(batch.resolve, batch.reject)
      .finally(() => {
        this.running = null;
        this.startNext();
      });
  }
}

/** The start of the temp files' names (files/atomic-write.ts: `.NAME.RANDOM.tmp`), to sweep a crash's. */
function tempPrefix(path: string): string {
  return `.${basename(path)}.`;
}

/** Reads `--data FILE`; null when it does not exist yet (the caller seeds it). Removes temp files a crash left. */
export async function loadAccountFile(
  path: string,
  remedy = 'fix it or point --data at a new file',
): Promise<AccountFile | null> {
  const prefix = tempPrefix(path);
  for (const name of await readdir(dirname(path)).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && name.endsWith('.tmp'))
      await unlink(join(dirname(path), name)).catch(() => {});
  }
  return readAccountFile(path, remedy);
}

/**
 * Reads an account file without touching anything else (`sandbox --reset` asks this before it deletes):
 * null when there is none; AccountFileError, ending in `remedy`, when the file is not an account.
 */
export async function readAccountFile(path: string, remedy: string): Promise<AccountFile | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new AccountFileError(`cannot read ${path}: ${(error as Error).message}; ${remedy}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new AccountFileError(`${path} is not JSON (${visible((error as Error).message)}); ${remedy}`);
  }
  return parseAccountFile(raw, path, remedy);
}

/** JSON.parse quotes the text it choked on; a byte-order mark or control character there would print as nothing. */
function visible(message: string): string {
  return message.replace(
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
    /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]/g,
    (char) => `<U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`,
  );
}
