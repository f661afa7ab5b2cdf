/**
 * A write that reaches the file whole, or fails (explore 52 item 1). A file system that runs out of room
 * in the middle of a write (a full disk, a quota, a file size limit) takes the bytes that fit and returns
 * a short count, with no error; Node's `FileHandle.write` passes that count on and does not try again.
 * A journal line taken as written when only its first half was on disk let its request leave: the run
 * sent a row whose intent a later import could not read. Here the rest is written again until all of it
 * is on the file, and the system's refusal of the rest (ENOSPC, EDQUOT, EFBIG) is thrown as the error it
 * is; a write that takes nothing and says nothing is a full disk too.
 */
import type { FileHandle } from 'node:fs/promises';

export async function writeWhole(handle: FileHandle, data: string | Uint8Array): Promise<void> {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    if (bytesWritten <= 0)
      throw Object.assign(new Error('no space left on device: the write took none of its bytes'), {
        code: 'ENOSPC',
      });
    offset += bytesWritten;
  }
}
