/**
 * Python scripts for tests (fixtures written the way a clerk's other programs write them: Python's csv
 * module, openpyxl), run in one Python per test process instead of one process per script. Each start
 * paid the interpreter and openpyxl's import, ≈ 0.1 s of CPU: ~700 starts, ~72 CPU-s a suite.
 *
 * `runPython(script, args, options)` is `execFileSync(python, ['-c', script, ...args], options)`:
 * the same sys.argv, working folder, environment and stdin, what the script printed as the result, a
 * failure thrown with its stderr (the traceback) in the message. The script runs as a fresh __main__
 * in python-server.py, held by a worker thread (python-worker.mjs) while this thread blocks on
 * Atomics.wait: call sites stay synchronous. `runPythonAsync` is the promisified execFile's twin.
 *
 * The interpreter is the one with openpyxl when there is one (pythonWithOpenpyxl), else python3: the
 * same csv module either way. It ends with the test process: Python reads its requests from a pipe
 * whose other end closes when this process ends, and then exits.
 */
import { readFileSync } from 'node:fs';
import { receiveMessageOnPort, MessageChannel, Worker } from 'node:worker_threads';
import { python3, pythonWithOpenpyxl } from './python.ts';

export interface RunPythonOptions {
  /** The script's working folder (default: this process's). */
  cwd?: string;
  /** The script's whole environment, as execFileSync's `env` (default: this process's). */
  env?: NodeJS.ProcessEnv;
  /** What the script reads on stdin. */
  input?: string | Buffer;
  /** Ends Python (and so the script) after this many milliseconds, as execFileSync's `timeout`. */
  timeout?: number;
  /** As execFileSync's `maxBuffer`: stdout (or stderr) longer than this fails the call. */
  maxBuffer?: number;
  /** Accepted for execFileSync's sake; the output is whole either way. */
  stdio?: 'pipe';
}

interface Request {
  source: string;
  filename: string;
  argv: string[];
  cwd: string | null;
  env: Record<string, string>;
  stdin: string;
  timeout: number;
}

type Reply =
  | { ok: true; status: number; stdout: string; stderr: string }
  | { ok: false; error: string; timedOut?: boolean };

/** The error a failed script throws: execFileSync's shape (message with stderr, status, stdout, stderr). */
export class PythonScriptError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly stdout: Buffer,
    readonly stderr: Buffer,
  ) {
    super(message);
    this.name = 'PythonScriptError';
  }
}

let worker: Worker | null = null;

/** The interpreter scripts run in: the one with openpyxl, else python3 (for scripts that need only csv). */
export function pythonForScripts(): string {
  try {
    return pythonWithOpenpyxl();
  } catch {
    return python3();
  }
}

function theWorker(): Worker {
  if (worker) return worker;
  const ready = new Int32Array(new SharedArrayBuffer(4));
  const started = new Worker(new URL('./python-worker.mjs', import.meta.url), {
    // Plain JavaScript: none of this process's flags (a TypeScript loader, `-e`'s code) are its business.
    execArgv: [],
    workerData: {
      ready,
      python: pythonForScripts(),
      server: new URL('./python-server.py', import.meta.url).pathname,
    },
  });
  // Never keeps the test process alive: when it ends, Python's pipe closes and Python ends too.
  started.unref();
  started.on('exit', () => {
    if (worker === started) worker = null;
  });
  // A thread that never came up would leave the first call blocked for good: wait for it here, once,
  // with a bound far above any start (a failsafe, not a measure).
  if (Atomics.wait(ready, 0, 0, 60_000) === 'timed-out') {
    void started.terminate();
    throw new Error('The thread that runs Python scripts for tests did not start within 60 s');
  }
  worker = started;
  return started;
}

function request(
  source: string,
  filename: string,
  args: readonly string[],
  options: RunPythonOptions,
): Request {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(options.env ?? process.env))
    if (value !== undefined) env[name] = value;
  return {
    source,
    filename,
    argv: [filename === '<string>' ? '-c' : filename, ...args],
    cwd: options.cwd ?? process.cwd(),
    env,
    stdin: options.input === undefined ? '' : Buffer.from(options.input).toString('base64'),
    timeout: options.timeout ?? 0,
  };
}

/** What execFileSync would have returned or thrown for this reply. */
function outcome(
  sent: Request,
  reply: Reply,
  options: RunPythonOptions,
  echoStderr: boolean,
): { stdout: Buffer; stderr: Buffer } {
  const command = `python ${sent.filename === '<string>' ? '-c …' : sent.filename} ${sent.argv.slice(1).join(' ')}`;
  if (!reply.ok) {
    throw new PythonScriptError(
      `Command failed: ${command}\n${reply.error}`,
      null,
      Buffer.alloc(0),
      Buffer.alloc(0),
    );
  }
  const stdout = Buffer.from(reply.stdout, 'base64');
  const stderr = Buffer.from(reply.stderr, 'base64');
  const maxBuffer = options.maxBuffer ?? 1024 * 1024;
  if (stdout.length > maxBuffer || stderr.length > maxBuffer) {
    throw new PythonScriptError(
      `Command failed: ${command}\nmaxBuffer (${maxBuffer}) exceeded`,
      reply.status,
      stdout,
      stderr,
    );
  }
  if (reply.status !== 0) {
    // A Python without openpyxl says what to install, as pythonWithOpenpyxl does, not a traceback.
    if (stderr.includes("No module named 'openpyxl'")) pythonWithOpenpyxl();
    throw new PythonScriptError(
      `Command failed: ${command}\n${stderr.toString('utf8')}`,
      reply.status,
      stdout,
      stderr,
    );
  }
  // As execFileSync does with stdio 'pipe': what the script said on stderr still reaches the test's log.
  if (echoStderr && stderr.length > 0) process.stderr.write(stderr);
  return { stdout, stderr };
}

function askAndWait(sent: Request): Reply {
  const { port1, port2 } = new MessageChannel();
  const signal = new Int32Array(new SharedArrayBuffer(4));
  theWorker().postMessage({ request: sent, port: port2, signal }, [port2]);
  Atomics.wait(signal, 0, 0);
  const received = receiveMessageOnPort(port1);
  port1.close();
  if (!received) throw new Error('The Python worker raised its signal without an answer');
  return received.message as Reply;
}

function ask(sent: Request): Promise<Reply> {
  const { port1, port2 } = new MessageChannel();
  return new Promise((resolve) => {
    port1.once('message', (reply: Reply) => {
      port1.close();
      resolve(reply);
    });
    theWorker().postMessage({ request: sent, port: port2 }, [port2]);
  });
}

function runSync(
  source: string,
  filename: string,
  args: readonly string[],
  options: RunPythonOptions & { encoding?: BufferEncoding },
): string | Buffer {
  const sent = request(source, filename, args, options);
  const { stdout } = outcome(sent, askAndWait(sent), options, true);
  return options.encoding && options.encoding !== ('buffer' as BufferEncoding)
    ? stdout.toString(options.encoding)
    : stdout;
}

/** `execFileSync(python, ['-c', script, ...args], options)`, in this process's one Python. */
export function runPython(
  script: string,
  args: readonly string[],
  options: RunPythonOptions & { encoding: BufferEncoding },
): string;
export function runPython(script: string, args?: readonly string[], options?: RunPythonOptions): Buffer;
export function runPython(
  script: string,
  args: readonly string[] = [],
  options: RunPythonOptions & { encoding?: BufferEncoding } = {},
): string | Buffer {
  return runSync(script, '<string>', args, options);
}

/** `execFileSync(python, [file, ...args], options)`: the script in a file (its __file__ and sys.path[0] set). */
export function runPythonFile(
  file: string,
  args: readonly string[],
  options: RunPythonOptions & { encoding: BufferEncoding },
): string;
export function runPythonFile(file: string, args?: readonly string[], options?: RunPythonOptions): Buffer;
export function runPythonFile(
  file: string,
  args: readonly string[] = [],
  options: RunPythonOptions & { encoding?: BufferEncoding } = {},
): string | Buffer {
  return runSync(readFileSync(file, 'utf8'), file, args, options);
}

/** `promisify(execFile)(python, ['-c', script, ...args], options)`: stdout and stderr as text. */
export async function runPythonAsync(
  script: string,
  args: readonly string[] = [],
  options: RunPythonOptions = {},
): Promise<{ stdout: string; stderr: string }> {
  const sent = request(script, '<string>', args, { maxBuffer: 1024 * 1024, ...options });
  const { stdout, stderr } = outcome(sent, await ask(sent), options, false);
  return { stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8') };
}
