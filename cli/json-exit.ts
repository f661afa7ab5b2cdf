/**
 * Under `--json` every exit prints one JSON object on stdout (explore 59 item 7): a script reads stdout
 * and the exit code, and `jq` given an empty document prints nothing and exits 0, so a run refused or
 * unable to connect (exit 2, 3) looked to a script like a run that said nothing. A command that printed
 * its own object (a summary, a stop's counts) is left alone; one that printed none gets
 * `{"error": {"exit", "kind", "message"}}`, the message the one stderr says, scrubbed of the token as
 * stderr's is, with `notes` when the command said what its stop met (a filter Trackops ignored…), and
 * the keys a stop adds of its own (import's `rows_in_doubt`).
 */
import { EXIT } from './exit-codes.ts';

/** What a command said of its failure, for the object printed when it printed none. */
export interface FailureSaid {
  /** A stable word a script can test (the error's code, e.g. `api_unauthorized`, `journal_holds_run`). */
  kind: string;
  /** The one-line message said on stderr, without the `trackops-bulk: ` that starts it. */
  message: string;
  /** A mapping that cannot be used: its name, and each problem with its JSON path (core's MappingError). */
  mapping?: string;
  problems?: { path: string; message: string }[];
}

export interface JsonExitWatch {
  /** Told by a command (cli/account-session.ts) what it failed on, when it returns an exit code for it. */
  failed(said: FailureSaid): void;
  /** Told what the stop met (its notes, said on stderr): the error object carries them as `notes`. */
  noted(notes: readonly string[]): void;
  /** Told keys of the stop's own (import's `rows_in_doubt`): the error object carries them after its `error`. */
  keyed(keys: Readonly<Record<string, unknown>>): void;
  /** The object to print at exit with `code`, or null when stdout got one already (or the exit is 0). */
  errorLine(code: number, thrown?: FailureSaid): string | null;
}

/**
 * Watches what `stdout` and `stderr` are given (their `write` is wrapped in place: every writer of them,
 * core's notices included, goes through it), so that at exit the error object is printed only when
 * stdout got nothing, with the last failure line stderr was given when the command told none.
 */
export function watchJsonExit(stdout: NodeJS.WritableStream, stderr: NodeJS.WritableStream): JsonExitWatch {
  let printed = false;
  let lastFailureLine: string | null = null;
  let told: FailureSaid | null = null;
  let notes: readonly string[] = [];
  let keys: Readonly<Record<string, unknown>> = {};
  const writeOut = stdout.write.bind(stdout);
  stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (String(chunk).trim() !== '') printed = true;
    return (writeOut as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stdout.write;
  const writeErr = stderr.write.bind(stderr);
  stderr.write = ((chunk: unknown, ...rest: unknown[]) => {
    // The refusal or failure itself starts `trackops-bulk: `; notes and advice after it do not.
    for (const line of String(chunk).split('\n'))
      if (line.startsWith('trackops-bulk: ')) lastFailureLine = line.slice('trackops-bulk: '.length);
    return (writeErr as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof stderr.write;
  return {
    failed(said) {
      told = said;
    },
    noted(met) {
      notes = met;
    },
    keyed(more) {
      keys = { ...keys, ...more };
    },
    errorLine(code, thrown) {
      if (printed || code === EXIT.ok) return null;
      const said = thrown ?? told;
      const error = {
        exit: code,
        kind: said?.kind ?? kindOfExit(code),
        message: said?.message ?? lastFailureLine ?? `exit ${code}`,
        ...(said?.problems ? { mapping: said.mapping, problems: said.problems } : {}),
      };
      return JSON.stringify({ error, ...(notes.length ? { notes } : {}), ...keys }) + '\n';
    },
  };
}

/** A kind from the exit code alone, when nothing more precise was told (CONTRACTS section 1's codes). */
function kindOfExit(code: number): string {
  switch (code) {
    case EXIT.rowsFailed:
      return 'rows_failed';
    case EXIT.usage:
      return 'usage';
    case EXIT.connection:
      return 'connection';
    case EXIT.interrupted:
      return 'interrupted';
    default:
      return 'unexpected';
  }
}

/** `--json` among a command's words (before a `--` that ends its options). */
export function asksForJson(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}
