/** Exit codes of CONTRACTS section 1. */
export const EXIT = {
  ok: 0,
  /** Some rows invalid or failed; reports were written. */
  rowsFailed: 1,
  /** Usage error, unreadable file or bad mapping. */
  usage: 2,
  /** Connection or authentication failure. */
  connection: 3,
  /** Interrupted; journal flushed, resumable. */
  interrupted: 130,
} as const;
