/**
 * Entry point of `trackops-bulk`: picks the command, wires Ctrl-C to abort signals, and turns
 * expected failures into one-line messages with the exit codes of CONTRACTS section 1.
 */
import { COMMANDS } from './commands/index.ts';
import type { CliIo } from './command.ts';
import { EXIT } from './exit-codes.ts';
import { keepGoingWhenOutputFails } from './output-streams.ts';
import { asksForJson, watchJsonExit, type FailureSaid, type JsonExitWatch } from './json-exit.ts';
import { UsageError } from './usage-error.ts';

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    // Explore 10 item 8: with no command, the list is the usage error's message: stderr, exit 2.
    printHelp(name ? process.stdout : process.stderr);
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === '--version') {
    process.stdout.write('trackops-bulk 0.1.0\n');
    return EXIT.ok;
  }
  const registered = COMMANDS[name];
  if (!registered) {
    process.stderr.write(
      `trackops-bulk: unknown command '${name}'. Run 'trackops-bulk --help' for the list.\n`,
    );
    return EXIT.usage;
  }
  const { command } = await registered.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(command.usage.trimEnd() + '\n');
    return EXIT.ok;
  }
  keepGoingWhenOutputFails(name, process.stdout, process.stderr);
  const io = makeIo(command.stopsOnSignal === true);
  // Explore 59 item 7: under --json a refusal or a failure prints its object too (cli/json-exit.ts).
  const json = asksForJson(rest) ? watchJsonExit(process.stdout, process.stderr) : null;
  if (json) {
    io.failed = json.failed;
    io.noted = json.noted;
    io.keyed = json.keyed;
  }
  running = { name, io, json };
  return command.run(rest, io);
}

/** The command running, so that a stop it did not catch is still said as a stop. */
let running: { name: string; io: CliIo; json: JsonExitWatch | null } | null = null;

/** Under --json, the error object of an exit whose command printed none (cli/json-exit.ts). */
function sayJsonExit(code: number, thrown?: FailureSaid): void {
  const line = running?.json?.errorLine(code, thrown);
  if (line) process.stdout.write(line);
}

/**
 * The stop itself, thrown out of a command by a read or a wait it cut short before the command's own
 * handling of it (explore 31 item 1: Ctrl-C while an import opened its file said "unexpected error (a
 * bug)", exit 70). Only before a command has begun its work does a stop get here: each command catches
 * it where it sends or writes, and says what it did.
 */
function isStop(error: unknown): boolean {
  const io = running?.io;
  if (!io?.signal.aborted) return false;
  return (
    error === io.signal.reason ||
    error === io.hardSignal.reason ||
    (error instanceof Error && error.name === 'AbortError')
  );
}

/**
 * Ctrl-C stops a command through `signal` (a second one through `hardSignal`). Explore 7 item 3: SIGTERM
 * (what `timeout`, systemd, `docker stop` and CI send) killed an import outright: exit 143, no resume
 * command, its locks left and a results file that looked complete. A command that stops cleanly on
 * `signal` now stops so on SIGTERM and SIGHUP too. (After SIGHUP the terminal is gone and a write to it
 * fails: `keepGoingWhenOutputFails` keeps that from ending the run before the journal is flushed.)
 */
function makeIo(stopsOnSignal: boolean): CliIo {
  const soft = new AbortController();
  const hard = new AbortController();
  const stop = (name: NodeJS.Signals) => {
    if (!soft.signal.aborted) {
      soft.abort(new Error('interrupted'));
      if (process.stderr.isTTY && name === 'SIGINT')
        process.stderr.write('\nStopping: finishing requests in flight. Ctrl-C again to abort them.\n');
    } else {
      hard.abort(new Error('interrupted twice'));
    }
  };
  process.on('SIGINT', stop);
  if (stopsOnSignal) {
    process.on('SIGTERM', stop);
    process.on('SIGHUP', stop);
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: soft.signal,
    hardSignal: hard.signal,
    cwd: process.cwd(),
  };
}

/** The list of commands, from the registry alone: no command is loaded for it. */
function printHelp(to: NodeJS.WritableStream): void {
  const lines = ['Usage: trackops-bulk <command> [options]', '', 'Commands:'];
  for (const [name, { summary }] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(10)} ${summary}`);
  lines.push('', "Run 'trackops-bulk <command> --help' for a command's options.");
  to.write(lines.join('\n') + '\n');
}

main(process.argv.slice(2)).then(
  (code) => {
    sayJsonExit(code);
    process.exitCode = code;
  },
  async (error: unknown) => {
    // Loaded here, not at the top, and from their own modules, not core's index (which starts all of
    // core): --version and unknown-command need neither, and a command that failed has loaded them.
    const { TrackopsBulkError } = await import('../core/errors.ts');
    const { MappingError } = await import('../core/mapping/mapping-error.ts');
    const { isDiskFull } = await import('../core/files/disk-full.ts');
    const { scrubSecrets } = await import('./secrets.ts');
    if (isStop(error)) {
      // CONTRACTS section 1: 130 interrupted, at any moment of a run.
      process.stderr.write(
        `trackops-bulk: ${running!.name} interrupted before it had sent or written anything; run the command again to do it.\n`,
      );
      process.exitCode = EXIT.interrupted;
      sayJsonExit(EXIT.interrupted, {
        kind: 'interrupted',
        message: `${running!.name} interrupted before it had sent or written anything`,
      });
    } else if (isDiskFull(error) && !(error instanceof TrackopsBulkError)) {
      // A full disk the command did not name a file for: still the user's to fix, not a bug (explore 10
      // item 2), and the same exit as an output that cannot be written.
      const { code, message } = error as NodeJS.ErrnoException;
      const line = `a file could not be written: the disk refused it (${code}): ${scrubSecrets(message, process.env)}. Free some space or write to another folder, then run the command again.`;
      process.stderr.write(`trackops-bulk: ${line}\n`);
      process.exitCode = EXIT.usage;
      sayJsonExit(EXIT.usage, { kind: 'disk_full', message: line });
    } else if (error instanceof UsageError || error instanceof TrackopsBulkError) {
      const message = scrubSecrets(error.message, process.env);
      process.stderr.write(`trackops-bulk: ${message}\n`);
      process.exitCode = EXIT.usage;
      // A usage error has no code of its own; core's errors do (journal_holds_run, mapping_invalid, …).
      // A mapping's problems as data too (core's MappingError): a script need not split the message.
      const problems =
        error instanceof MappingError
          ? {
              mapping: error.fileName,
              problems: error.problems.map((problem) => ({
                path: problem.path,
                message: scrubSecrets(problem.message, process.env),
              })),
            }
          : {};
      sayJsonExit(EXIT.usage, {
        kind: error instanceof UsageError ? 'usage' : error.code,
        message,
        ...problems,
      });
    } else {
      // A bug, not a user mistake: one line here, the whole report in a log file (issue 17: no stack
      // trace ever reaches a user; the log is scrubbed of every credential).
      const { writeCrashLog } = await import('./crash-log.ts');
      const log = await writeCrashLog(error, process.argv.slice(2), process.env);
      const firstLine = scrubSecrets(
        (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '',
        process.env,
      );
      process.stderr.write(
        `trackops-bulk: unexpected error (a bug, not something you did): ${firstLine}. ` +
          (log
            ? `The full report is in ${log}; please send it to support.\n`
            : 'No report could be written.\n'),
      );
      process.exitCode = 70;
      sayJsonExit(70, {
        kind: 'unexpected',
        message: `unexpected error (a bug, not something you did): ${firstLine}`,
      });
    }
  },
);
