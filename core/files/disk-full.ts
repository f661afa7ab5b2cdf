/**
 * A write the disk refused (explore 10 item 2): a full disk, a used-up quota, a file larger than the
 * file system or the process allows, or a disk that failed. Until now these surfaced as Node's own
 * `ENOSPC: no space left on device, write`, which named no file and which the CLI called a bug. They are
 * the user's to fix (free some space, write elsewhere), so they become one error that names the file
 * being written and what the system said, with what to do.
 */
import { TrackopsBulkError } from '../errors.ts';

/** The system's codes for a write the disk refused, with what each means in words. */
const REFUSED_WRITES: Record<string, { reason: string; system: string; advice: string }> = {
  ENOSPC: {
    reason: 'the disk is full',
    system: 'no space left on device',
    advice: 'free some space or write to another folder',
  },
  EDQUOT: {
    reason: 'your disk quota is used up',
    system: 'disk quota exceeded',
    advice: 'free some space or write to another folder',
  },
  EFBIG: {
    reason: 'the file grew larger than this system allows',
    system: 'file too large',
    advice: 'write to another disk, or raise the file size limit (ulimit -f)',
  },
  EIO: {
    reason: 'the disk failed',
    system: 'input/output error',
    advice: 'check the disk, or write to another folder',
  },
};

export class DiskFullError extends TrackopsBulkError {
  /** The file that could not be written. */
  readonly path: string;
  /** The system's code: ENOSPC, EDQUOT, EFBIG or EIO. */
  readonly systemCode: string;
  /** "the disk is full writing FILE (ENOSPC: no space left on device)", without the advice. */
  readonly reason: string;
  /** "free some space or write to another folder". */
  readonly advice: string;

  constructor(path: string, systemCode: string, cause: unknown) {
    const words = REFUSED_WRITES[systemCode]!;
    const reason = `${words.reason} writing ${path} (${systemCode}: ${words.system})`;
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

function systemCodeOf(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && Object.hasOwn(REFUSED_WRITES, code) ? code : null;
}
