/**
 * Every file path a user gives is checked before any work starts (issue 17: `--results` in a missing
 * folder or `--journal /etc` ended in a stack trace after the file was read and the account asked):
 * the folder exists and is writable, and the path is not a folder where a file is wanted. One line,
 * exit 2 (UsageError), naming the command, the flag and the path.
 */
import { constants } from 'node:fs';
import { access, lstat, readlink, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { tempPathFor } from '../core/files/atomic-write.ts';
import { UsageError } from './usage-error.ts';

/** Another name a file is written under besides its own (`OUT.unfinished.csv` while a run lasts). */
export interface DerivedName {
  path: string;
  /** Finishes "… would be N bytes": "its unfinished copy". */
  what: string;
}

/**
 * The most bytes a file name may have (Linux's NAME_MAX, and macOS's; Windows counts 255 UTF-16
 * units, which UTF-8 bytes never undercount).
 */
const NAME_MAX_BYTES = 255;

/**
 * A file the command will write (it may exist already: it is replaced). `derived`: the other names it
 * is written under besides its own and its temp file's (`.NAME.RANDOM.tmp`, atomic-write.ts), which
 * every output has and which also covers a journal's `J.lock`.
 */
export async function checkOutputFile(
  command: string,
  flag: string,
  path: string,
  derived: readonly DerivedName[] = [],
): Promise<void> {
  refuseLongNames(command, flag, path, derived);
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) {
    throw new UsageError(`${command}: ${flag} '${path}' is a folder; give a file name inside it`);
  }
  await refuseSpecialFile(command, flag, path, info);
  const folder = dirname(path);
  const folderInfo = await stat(folder).catch(() => null);
  if (!folderInfo) throw new UsageError(`${command}: ${flag} '${path}': the folder ${folder} does not exist`);
  if (!folderInfo.isDirectory())
    throw new UsageError(`${command}: ${flag} '${path}': ${folder} is a file, not a folder`);
  if (!(await allowed(folder, constants.W_OK | constants.X_OK)))
    throw new UsageError(
      `${command}: ${flag} '${path}': the folder ${folder} is not writable; choose another place`,
    );
  if (info && !(await allowed(path, constants.W_OK)))
    throw new UsageError(`${command}: ${flag} '${path}' exists and cannot be overwritten (read-only)`);
}

/**
 * Explore 10 item 1: a legal 250-byte `--results` name passed every check, one row was sent, then the
 * run died as "a bug" (exit 70) creating `OUT.unfinished.csv`, 11 bytes longer than a name may be.
 * Every name the file will be written under is measured before anything is read or sent.
 */
function refuseLongNames(command: string, flag: string, path: string, derived: readonly DerivedName[]): void {
  const own = bytes(basename(path));
  const names: DerivedName[] = [
    { path, what: 'the name itself' },
    ...derived,
    { path: tempPathFor(path), what: 'the temporary file it is written through first' },
  ];
  // Every name must fit, so the room left is what the longest of them leaves.
  const room = NAME_MAX_BYTES - Math.max(...names.map((name) => bytes(basename(name.path)) - own));
  for (const name of names) {
    const length = bytes(basename(name.path));
    if (length <= NAME_MAX_BYTES) continue;
    const shown = name.path === path ? '' : ` ('${basename(name.path)}')`;
    throw new UsageError(
      `${command}: ${flag} '${path}': the file name is too long: ${name.what}${shown} would be ${length} bytes (as UTF-8), ` +
        `over the ${NAME_MAX_BYTES} a file name may have; give a name of at most ${room} bytes`,
    );
  }
}

/**
 * Explore 10 item 6: an --out linked to /dev/full hung an XLSX export at 100% CPU (the existing file is
 * read for round-trip edits not yet imported), and a CSV export replaced the link with a file, the
 * target never written. An existing output must be a regular file once links are followed (a link to
 * one is fine); a device, a FIFO, a socket or a link to nothing is refused before anything is read.
 */
async function refuseSpecialFile(
  command: string,
  flag: string,
  path: string,
  info: Stats | null,
): Promise<void> {
  if (info?.isFile()) return;
  const link = await lstat(path).catch(() => null);
  const target = link?.isSymbolicLink() ? await readlink(path).catch(() => null) : null;
  const through = target === null ? '' : ` (a link to ${target})`;
  if (info) {
    const kind = info.isFIFO()
      ? 'a pipe (FIFO)'
      : info.isCharacterDevice() || info.isBlockDevice()
        ? 'a device'
        : info.isSocket()
          ? 'a socket'
          : 'not a regular file';
    throw new UsageError(
      `${command}: ${flag} '${path}'${through} is ${kind}, not a file this command can write; give the name of a regular file`,
    );
  }
  if (link?.isSymbolicLink())
    throw new UsageError(
      `${command}: ${flag} '${path}' is a link to ${target ?? 'a file'}, which does not exist; give the name of a regular file, or create the file the link points to`,
    );
}

/**
 * The file an output is written to: a link to a regular file is followed, so that the file it points
 * to is replaced and the link kept (explore 13 item 4: a `latest.csv` linked to a shared file was
 * replaced by a file of its own, the shared one left stale, the export reporting success). Written
 * through a temporary file renamed over the target, as every output is. Anything else as it is.
 */
export async function throughLink(path: string): Promise<string> {
  const link = await lstat(path).catch(() => null);
  if (!link?.isSymbolicLink()) return path;
  const target = await stat(path).catch(() => null);
  return target?.isFile() ? await realpath(path) : path;
}

function bytes(name: string): number {
  return new TextEncoder().encode(name).length;
}

/** A file the command will read. */
export async function checkInputFile(command: string, flag: string, path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  const what = flag ? `${flag} '${path}'` : `'${path}'`;
  if (!info) {
    const folder = dirname(path);
    const folderThere = await stat(folder).then(
      (s) => s.isDirectory(),
      () => false,
    );
    throw new UsageError(
      `${command}: ${what} does not exist${folderThere ? '' : ` (nor does the folder ${folder})`}`,
    );
  }
  if (info.isDirectory()) throw new UsageError(`${command}: ${what} is a folder; give a file`);
  if (!(await allowed(path, constants.R_OK)))
    throw new UsageError(`${command}: ${what} cannot be read (permission denied)`);
}

async function allowed(path: string, mode: number): Promise<boolean> {
  return access(path, mode).then(
    () => true,
    () => false,
  );
}

/** A file the command reads, as `refuseOverwritingInputs` names it. */
export interface ReadFile {
  path: string;
  /** What it is, in words that finish "--results 'x' is …": "the file being imported", "the mapping". */
  role: string;
  /** As the user typed it (or the path, for a default). */
  shown: string;
}

/** A file the command writes, as `refuseOverwritingInputs` names it. */
export interface WrittenFile {
  path: string;
  flag: string;
  /** As the user typed it (or the path, for a default). */
  shown: string;
  /** What it holds, in words that finish "write … to another file": "the results", "the journal". */
  what: string;
  /** Another name the message proposes, e.g. "k-results.csv". */
  suggestion: string;
  /** The file is written under this name until the run ends (`k.unfinished.csv` for `--results k.csv`). */
  via?: string;
}

/**
 * explore8 #2: `import k.csv --results k.csv` removed the input when the run started (an earlier
 * results file is removed then) and replaced it with the results at the end, so `--resume` found no
 * file, or a different one. A file the command writes must be none of the files it reads, nor another
 * file it writes: refused (exit 2) before anything is read, written or sent. Paths are compared as the
 * file system sees them, so a symlink or a hard link to the input is the input: by device and inode
 * when both exist, else by real path (a path through a linked folder).
 */
export async function refuseOverwritingInputs(
  command: string,
  reads: readonly ReadFile[],
  writes: readonly WrittenFile[],
): Promise<void> {
  for (const [index, written] of writes.entries()) {
    for (const read of reads) {
      if (await sameFile(written.path, read.path))
        throw new UsageError(
          `${command}: ${written.flag} '${written.shown}'${written.via ? ` (written as '${written.via}' until the run ends)` : ''} is ${read.role}${alias(written, read.shown)}; writing it would destroy it. Write ${written.what} to another file, e.g. ${written.flag} ${written.suggestion}`,
        );
    }
    for (const other of writes.slice(index + 1)) {
      if (await sameFile(written.path, other.path))
        throw new UsageError(
          `${command}: ${written.flag} '${written.shown}' and ${other.flag} '${other.shown}' are the same file; each would overwrite the other. Give ${other.flag} another file, e.g. ${other.flag} ${other.suggestion}`,
        );
    }
  }
}

function alias(written: WrittenFile, readShown: string): string {
  const name = written.via ?? written.shown;
  return name === readShown || basename(name) === basename(readShown)
    ? ''
    : ` ('${readShown}', the same file under another name)`;
}

async function sameFile(a: string, b: string): Promise<boolean> {
  if (a === b) return true;
  const [infoA, infoB] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  // Some Windows file systems report inode 0 for every file: the real path decides there.
  if (infoA && infoB && infoA.ino !== 0) return infoA.dev === infoB.dev && infoA.ino === infoB.ino;
  return (await realTarget(a)) === (await realTarget(b));
}

/** The real path of a file, or of its folder joined with its name while the file does not exist yet. */
async function realTarget(path: string): Promise<string> {
  const real = await realpath(path).catch(() => null);
  if (real !== null) return real;
  const folder = await realpath(dirname(path)).catch(() => dirname(path));
  return join(folder, basename(path));
}
