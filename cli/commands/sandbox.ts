/**
 * `trackops-bulk sandbox [--port N] [--data FILE] [--rate R] [--faults SPEC] [--dialect NAMES]` (CONTRACTS section 1):
 * serves the local Trackops-compatible API until SIGINT/SIGTERM. Its first line is the one documented
 * place a token is printed: the sandbox's own demo token, never a customer's.
 */
import { once } from 'node:events';
import { resolve } from 'node:path';
import type { CliCommand } from '../command.ts';
import { parseFlags } from '../command-line.ts';
import type { RequestLogEntry } from '../../sandbox/index.ts';
import { EXIT } from '../exit-codes.ts';
import { resetSandboxData, sandboxDataPath } from '../sandbox-data.ts';
import { UsageError } from '../usage-error.ts';
import { DIALECTS } from '../../sandbox/dialects/index.ts';

/** The dialect names, wrapped under the option's description. */
const DIALECT_NAMES = DIALECTS.map((dialect) => dialect.name)
  .reduce<string[]>((lines, name) => {
    const last = lines.at(-1);
    if (last !== undefined && last.length + name.length < 76) lines[lines.length - 1] = `${last}, ${name}`;
    else lines.push(name);
    return lines;
  }, [])
  .join(',\n                 ');

const usage = `Usage: trackops-bulk sandbox [--port N] [--data FILE] [--rate R] [--faults SPEC] [--dialect NAMES]

Runs a local Trackops-compatible API (case requests, reference data, fields) on 127.0.0.1 until stopped
with Ctrl-C. The first line printed is
  sandbox listening on http://127.0.0.1:PORT/api/v1 user=demo token=demo-token

  --port N       port to listen on (default: any free port)
  --data FILE    load the account from FILE and write every change back to it atomically;
                 a missing FILE is created from the demo account (samples/demo-account.json)
  --rate R       rate limit, e.g. 10/s or 600/min (default 50/s); over it the answer is 429 + Retry-After
  --faults SPEC  inject faults, e.g. latency=20-150ms,error5xx=0.05,throttle=0.05,drop-after-commit=0.05,seed=7
                 (each part optional; rates are probabilities per request; same seed, same faults)
  --dialect NAMES answer in variations of the unpublished half of the API, comma-separated, e.g.
                 cap-25,wrapped-records,put-204 (combine with --faults; sandbox/README.md lists them all):
                 ${DIALECT_NAMES}

trackops-bulk sandbox --reset [--sandbox-data FILE]
  deletes the account that --sandbox keeps between commands (in your data folder, or FILE, or
  TRACKOPS_SANDBOX_DATA), so the next --sandbox command starts from the demo account again`;

interface SandboxFlags {
  port?: string;
  data?: string;
  rate?: string;
  faults?: string;
  reset?: boolean;
  'sandbox-data'?: string;
  dialect?: string[];
}

export const command: CliCommand = {
  usage,
  async run(argv, io) {
    const values = parseFlags(
      'sandbox',
      argv,
      {
        port: { type: 'string' },
        data: { type: 'string' },
        rate: { type: 'string' },
        faults: { type: 'string' },
        reset: { type: 'boolean' },
        'sandbox-data': { type: 'string' },
        dialect: { type: 'string', multiple: true },
      },
      false,
    ).values as SandboxFlags;
    if (values.reset) {
      const file = sandboxDataPath(values['sandbox-data'], io.env);
      io.stdout.write(
        (await resetSandboxData(file))
          ? `Deleted the --sandbox account ${file}; the next --sandbox command starts from the demo account.\n`
          : `No --sandbox account at ${file}: nothing to reset.\n`,
      );
      return EXIT.ok;
    }
    if (values['sandbox-data'] !== undefined)
      throw new UsageError('sandbox: --sandbox-data goes with --reset; to serve a file, use --data FILE');
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new UsageError(`sandbox: --port '${values.port}' must be a whole number from 0 to 65535`);
    }
    // Listen for the stop signals before the first line goes out: a script may send SIGTERM the moment
    // it reads that line, and an unhandled SIGTERM would kill the process before it closes cleanly.
    const stopped = new AbortController();
    const stop = (): void => stopped.abort();
    process.once('SIGTERM', stop);
    if (io.signal.aborted) stop();
    io.signal.addEventListener('abort', stop, { once: true });
    let sandbox;
    try {
      const { startSandbox } = await import('../../sandbox/index.ts');
      sandbox = await startSandbox({
        port,
        ...(values.data ? { dataFile: resolve(io.cwd, values.data) } : {}),
        ...(values.rate ? { rate: values.rate } : {}),
        ...(values.faults ? { faults: values.faults } : {}),
        ...(values.dialect ? { dialects: values.dialect.flatMap((names) => names.split(',')) } : {}),
        // Said even off a terminal: a script reading FILE while the sandbox runs would find it behind.
        onDataFileProblem: (line: string) => io.stderr.write(`sandbox: ${line}\n`),
        // A request log helps someone watching a terminal; piped output stays just the first line.
        ...(io.stderr.isTTY
          ? {
              onRequest: (entry: RequestLogEntry) =>
                io.stderr.write(`${entry.method} ${entry.url} -> ${entry.status} (${entry.ms} ms)\n`),
            }
          : {}),
      }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new UsageError(
            `sandbox: port ${port} on 127.0.0.1 is already in use; choose another --port, or --port 0 for any free one`,
          );
        }
        throw error;
      });
      io.stdout.write(
        `sandbox listening on ${sandbox.baseUrl} user=${sandbox.username} token=${sandbox.token}\n`,
      );
      if (!stopped.signal.aborted) await once(stopped.signal, 'abort');
      await sandbox.close();
    } finally {
      process.off('SIGTERM', stop);
    }
    const stats = sandbox.stats();
    io.stderr.write(
      `sandbox stopped after ${stats.requests} requests (${stats.writesCommitted} writes committed)\n`,
    );
    return EXIT.ok;
  },
};
