/**
 * The thread that holds the pipe to the test process's one Python (python-server.py), for
 * run-python.ts. A thread of its own so that a test's synchronous call can block on Atomics.wait while
 * this thread's event loop talks to Python (the synckit pattern). Plain JavaScript: a worker thread
 * does not get vitest's TypeScript loader.
 *
 * A message is { request, port, signal? }: the answer goes back on `port`; with `signal` (a shared
 * Int32Array) it is also raised there, for a caller blocked on it. Requests run one at a time, in the
 * order they came. Python ending mid-script (a crash, a kill, a timeout) answers that request with an
 * error instead of leaving its caller blocked; the next request starts a new Python.
 */
import { spawn } from 'node:child_process';
import { parentPort, workerData } from 'node:worker_threads';

const { python, server, ready } = workerData;

/** @type {import('node:child_process').ChildProcess | null} */
let child = null;
let received = Buffer.alloc(0);
/** @type {{ message: any, timer: NodeJS.Timeout | null, timedOut?: boolean } | null} */
let current = null;
/** @type {any[]} */
const queue = [];
let serverStderr = '';

function answer(message, reply) {
  message.port.postMessage(reply);
  message.port.close();
  if (message.signal) {
    Atomics.store(message.signal, 0, 1);
    Atomics.notify(message.signal, 0);
  }
}

function finish(reply) {
  const done = current;
  current = null;
  if (done?.timer) clearTimeout(done.timer);
  if (done) answer(done.message, reply);
  next();
}

function start() {
  serverStderr = '';
  received = Buffer.alloc(0);
  const started = spawn(python, [server], { stdio: ['pipe', 'pipe', 'pipe'] });
  child = started;
  started.stdout.on('data', (chunk) => {
    received = Buffer.concat([received, chunk]);
    if (received.length < 4) return;
    const length = received.readUInt32BE(0);
    if (received.length < 4 + length) return;
    const body = received.subarray(4, 4 + length).toString('ascii');
    received = received.subarray(4 + length);
    finish({ ok: true, ...JSON.parse(body) });
  });
  // What Python itself says (a crash's last words, or a script writing to fd 1 or 2 directly): kept
  // to tell a caller why Python ended, never mixed with a script's own output.
  started.stderr.on('data', (chunk) => {
    serverStderr = (serverStderr + chunk.toString('utf8')).slice(-8000);
  });
  started.stdin.on('error', () => {
    // Python ended: its 'close' below answers the request.
  });
  const ended = (why) => {
    if (child !== started) return;
    child = null;
    if (!current) return;
    const said = current.timedOut
      ? `The script ran over its ${current.message.request.timeout} ms: Python was ended`
      : why;
    finish({
      ok: false,
      timedOut: Boolean(current.timedOut),
      error: `${said}${serverStderr ? `\n${serverStderr}` : ''}`,
    });
  };
  started.on('error', (error) => ended(`Python (${python}) could not start: ${error.message}`));
  started.on('close', (code, signal) =>
    ended(`Python (${python}) ended while running the script (${signal ?? `exit status ${code}`})`),
  );
}

function next() {
  if (current || queue.length === 0) return;
  const message = queue.shift();
  current = { message, timer: null };
  try {
    if (!child) start();
    const running = child;
    const frame = Buffer.from(JSON.stringify(message.request), 'utf8');
    const head = Buffer.alloc(4);
    head.writeUInt32BE(frame.length);
    running.stdin.write(Buffer.concat([head, frame]));
    if (message.request.timeout > 0) {
      const timed = current;
      timed.timer = setTimeout(() => {
        if (child !== running || current !== timed) return;
        timed.timedOut = true;
        running.kill('SIGKILL');
      }, message.request.timeout);
    }
  } catch (error) {
    finish({ ok: false, error: `Python (${python}) could not be asked: ${error?.message ?? error}` });
  }
}

parentPort.on('message', (message) => {
  queue.push(message);
  next();
});

// The test process waits on this before its first request: a thread that failed to load never sets it.
Atomics.store(ready, 0, 1);
Atomics.notify(ready, 0);
