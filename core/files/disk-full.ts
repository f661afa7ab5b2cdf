/**
 * A write the disk refused (explore 10 item 2): a full disk, a used-up quota, a file larger than the
 * file system or the process allows, or a disk that failed. Until now these surfaced as Node's own
 * `ENOSPC: no space left on device, write`, which named no file and which the CLI called a bug. They are
 * the user's to fix (free some space, write elsewhere), so they become one error that names the file
 * being written and what the system said, with what to do.
 */
import { TrackopsBulkError } from '../errors.ts';

/** How one refusal is said: `reason` names the file, `system` is the code's own words. */
interface RefusalWords {
  reason: (path: string) => string;
  system: string;
  advice: string;
}

/** The system's codes for a write the disk refused, with what each means in words. */
const REFUSED_WRITES: Record<string, RefusalWords> = {
  ENOSPC: {
    reason: (path) => `the disk is full writing ${path}`,
    system: 'no space left on device',
    advice: 'free some space or write to another folder',
  },
  EDQUOT: {
    reason: (path) => `your disk quota is used up writing ${path}`,
    system: 'disk quota exceeded',
    advice: 'free some space or write to another folder',
  },
  EFBIG: {
    reason: (path) => `the file grew larger than this system allows writing ${path}`,
    system: 'file too large',
    advice: 'write to another disk, or raise the file size limit (ulimit -f)',
  },
  EIO: {
    reason: (path) => `the disk failed writing ${path}`,
    system: 'input/output error',
    advice: 'check the disk, or write to another folder',
  },
};

/**
 * A file or folder that stopped taking writes while a run wrote to it (explore 52 item 6): a folder a
 * sync program, a backup or an antivirus holds (Windows answers EPERM or EBUSY), permissions changed on
 * a share, a disk remounted read-only, the folder deleted or its network drive gone. Said as a full disk
 * is, where the error is known to come from writing that file (asWriteRefused): the same codes on a read,
 * or on a file not yet opened, mean other things (a path typed wrong), so isDiskFull does not take them.
 */
const FOLDER_REFUSALS: Record<string, RefusalWords> = {
  EPERM: {
    reason: (path) => `the system would not let ${path} be written`,
    system: 'operation not permitted',
    advice:
      'check that the folder is not held by a sync or backup program or an antivirus and that you may write to it, or write to another folder',
  },
  EACCES: {
    reason: (path) => `you may no longer write to ${path}`,
    system: 'permission denied',
    advice: 'check that you may write to that folder, or write to another folder',
  },
  EROFS: {
    reason: (path) => `the disk holding ${path} became read-only`,
    system: 'read-only file system',
    advice: 'check the disk, or write to another folder',
  },
  ENOENT: {
    reason: (path) => `the folder of ${path}, or the file being written there, is gone`,
    system: 'no such file or directory',
    advice:
      'check that the folder still exists (a network drive may have dropped), or write to another folder',
  },
  EBUSY: {
    reason: (path) => `${path} is held by another program`,
    system: 'resource busy or locked',
    advice: 'close the program that holds it (Excel, a sync program), or write to another folder',
  },
};

export class DiskFullError extends TrackopsBulkError {
  /** The file that could not be written. */
  readonly path: string;
  /** The system's code: ENOSPC, EDQUOT, EFBIG or EIO; or one of FOLDER_REFUSALS (asWriteRefused). */
  readonly systemCode: string;
  /** "the disk is full writing FILE (ENOSPC: no space left on device)", without the advice. */
  readonly reason: string;
  /** "free some space or write to another folder". */
  readonly advice: string;

  constructor(path: string, systemCode: string, cause: unknown) {
    const words = REFUSED_WRITES[systemCode] ?? FOLDER_REFUSALS[systemCode]!;
    const reason = `${words.reason(path)} (${systemCode}: ${words.system})`;
    super('disk_full', `${reason}: ${words.advice}, then run the command again`, { cause });
    this.path = path;
    this.systemCode = systemCode;
    this.reason = reason;
    this.advice = words.advice;
  }
}

/** True for a write the disk refused (whether already a DiskFullError or the system's own error). */
export function isDiskFull(error: unknown): boolean {
  return error instanceof DiskFullError || systemCodeOf(error) !== null;
}

/**
 * `error` as a DiskFullError naming `path` when the disk refused the write; any other error (and one
 * already named, by a step closer to the file) is returned as it is.
 */
export function asDiskFull(error: unknown, path: string): unknown {
  if (error instanceof DiskFullError) return error;
  const code = systemCodeOf(error);
  return code === null ? error : new DiskFullError(path, code, error);
}

/**
 * asDiskFull, and a folder that refused a write to `path` (FOLDER_REFUSALS) too: only where the error
 * comes from writing a file already open or being put in place (an import's journal and results).
 */
export function asWriteRefused(error: unknown, path: string): unknown {
  if (error instanceof DiskFullError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && Object.hasOwn(FOLDER_REFUSALS, code)
    ? new DiskFullError(path, code, error)
    : asDiskFull(error, path);
}

function systemCodeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && Object.hasOwn(REFUSED_WRITES, code) ? code : null;
}
