/**
 * This process as the owner of a journal's lock (core/batch/journal-lock.ts): core reads no process
 * state, so the host says who it is and how to tell whether another process still runs.
 */
import { hostname } from 'node:os';
import type { LockOwner } from '../core/batch/journal-lock.ts';

export function thisProcess(): LockOwner {
  return { pid: process.pid, host: hostname(), isRunning };
}

/** Signal 0 checks that the process exists without touching it; EPERM means it exists (another user's). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
