/** What every CLI command module exports. Commands parse their flags, call core, print, and return an exit code. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Aborted on Ctrl-C (first press: stop sending and flush; see import). */
  signal: AbortSignal;
  /** Aborted on a second Ctrl-C: cancel requests in flight too. */
  hardSignal: AbortSignal;
  cwd: string;
}

export interface CliCommand {
  /** One line for `trackops-bulk --help`. */
  summary: string;
  /** Full usage text for `trackops-bulk <command> --help`. */
  usage: string;
  run(argv: string[], io: CliIo): Promise<number>;
}
