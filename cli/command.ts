import type { FailureSaid } from './json-exit.ts';

/** What every CLI command module exports. Commands parse their flags, call core, print, and return an exit code. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /**
   * Aborted on Ctrl-C (first press: stop sending and flush; see import), and on SIGTERM or SIGHUP for a
   * command that says it `stopsOnSignal`.
   */
  signal: AbortSignal;
  /** Aborted on a second Ctrl-C (or stop signal): cancel requests in flight too. */
  hardSignal: AbortSignal;
  cwd: string;
  /**
   * Under --json, told what a command failed on when it returns the exit code for it itself (an
   * account that cannot be read): the error object printed at exit names it (cli/json-exit.ts).
   */
  failed?: (said: FailureSaid) => void;
  /**
   * Under --json, told what a stop that prints no counts met (its `import: note:` lines): the error
   * object printed at exit carries them as `notes`, as a stop's counts do (cli/json-exit.ts).
   */
  noted?: (notes: readonly string[]) => void;
  /**
   * Under --json, told keys a stop that prints no counts adds to the error object printed at exit
   * (import's `rows_in_doubt` after a second Ctrl-C), as its counts would have carried them.
   */
  keyed?: (keys: Readonly<Record<string, unknown>>) => void;
}

export interface CliCommand {
  /** Full usage text for `trackops-bulk <command> --help`. */
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
  /**
   * The command stops cleanly on `io.signal` (journal flushed, locks released, exit 130), so SIGTERM
   * (\`timeout\`, systemd, \`docker stop\`, CI time-outs) and SIGHUP (the terminal closed) stop it as
   * Ctrl-C does. Others keep the default: those signals end them at once.
   */
  stopsOnSignal?: boolean;
}
