/**
 * A command of the CLI run in the test's own process, for a test's SET-UP only: an import whose journal
 * a revert test undoes, an export a round-trip test edits. It is the command's own code (cli/commands,
 * as cli/main.ts runs it) given the folder and environment a spawned CLI would have, so it sends the
 * same requests and writes the same files; what it spares is a process start and the loading of the CLI
 * (about 0.6 CPU-s each, half the suite's CPU when every set-up was spawned).
 *
 * Not for what a test proves about the CLI: there the CLI stays spawned as a user runs it
 * (run-cli.ts, import-helpers.ts), with its exit code, its words and its process of its own. A test
 * using this names the test that covers the set-up command's own behaviour as spawned.
 * Unlike bin/, nothing here prints a --json error object at exit or turns a crash into a crash log.
 */
import { Writable } from 'node:stream';
import { COMMANDS } from '../../cli/commands/index.ts';
import type { CliIo } from '../../cli/command.ts';
import type { CliTarget } from './run-cli.ts';

export interface CommandRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** A stream that keeps what is written to it, as a pipe to a parent process would hand it over. */
function collected(): { stream: Writable & { isTTY: false }; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream: Object.assign(stream, { isTTY: false as const }), text: () => text };
}

/** `trackops-bulk <command> …args` in `cwd` with exactly `env` (as import-helpers.ts runCli gives it). */
export async function commandInProcess(
  command: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<CommandRun> {
  const registered = COMMANDS[command];
  if (!registered) throw new Error(`no CLI command '${command}'`);
  const { command: loaded } = await registered.load();
  const stdout = collected();
  const stderr = collected();
  // Never aborted: a set-up runs to its end, as a spawned CLI nobody stops.
  const io: CliIo = {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env,
    signal: new AbortController().signal,
    hardSignal: new AbortController().signal,
    cwd,
  };
  const code = await loaded.run(args, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * `args` (the command first) as run-cli.ts runCli runs them: in the test process's folder, with no
 * connection in the environment but what `env` gives (a developer's own TRACKOPS_* must not leak in).
 */
export function cliInProcess(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CommandRun> {
  const [command = '', ...rest] = args;
  const clean = { ...process.env, TRACKOPS_URL: '', TRACKOPS_USER: '', TRACKOPS_TOKEN: '', ...env };
  return commandInProcess(command, rest, process.cwd(), clean);
}

/**
 * The same against a sandbox (or a proxy) as run-cli.ts runCliOn reaches it: its address and user as
 * flags, the token as the environment's, paced at 100 requests a second.
 */
export function commandInProcessOn(target: CliTarget, command: string, args: string[]): Promise<CommandRun> {
  return cliInProcess(
    [command, ...args, '--url', target.baseUrl, '--user', target.username, '--rate', '100/s'],
    { TRACKOPS_TOKEN: target.token },
  );
}
