/**
 * How long each CLI command takes to start (issue 13: first output ≤ 1 s): the bin as a user runs it,
 * in a child process, timed from spawn to the first byte it writes to stdout or stderr (for the
 * sandbox, which then serves until stopped, its "listening" line). Median of `runs` per command, after
 * one untimed run that makes sure the compiled bundle is built (bin/compiled-cli.mjs).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { round, summarise, type Measurement } from './measure.ts';

const root = new URL('../', import.meta.url).pathname;
const bin = join(root, 'bin/trackops-bulk.mjs');
const LIMIT_S = 1;

/** The command lines timed: help, a usage error, offline work on the samples, and the sandbox. */
export const STARTUP_COMMANDS: string[][] = [
  ['--help'],
  ['--version'],
  ['validate', '--help'],
  ['import', '--help'],
  ['export', '--help'],
  ['check', '--help'],
  ['validate'],
  ['map', 'samples/referrals-messy.xlsx'],
  ['validate', 'samples/referrals-clean.csv', '--mapping', 'samples/referrals-template.json'],
  ['sandbox', '--port', '0'],
];

/** Seconds from spawn to the first output byte; the process is stopped there if it is still running. */
function firstOutput(args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let seconds: number | null = null;
    const seen = () => {
      if (seconds !== null) return;
      seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (args[0] === 'sandbox') child.kill('SIGTERM');
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.on('error', reject);
    child.on('close', () =>
      seconds === null
        ? reject(new Error(`trackops-bulk ${args.join(' ')} printed nothing`))
        : resolve(seconds),
    );
  });
}

export async function cliStartup(runs: number): Promise<Measurement[]> {
  const home = await mkdtemp(join(tmpdir(), 'bench-cli-'));
  // No connection from the developer's environment; the sandbox's data file in a folder of its own.
  const env = {
    ...process.env,
    TRACKOPS_URL: '',
    TRACKOPS_USER: '',
    TRACKOPS_TOKEN: '',
    XDG_DATA_HOME: home,
  };
  try {
    await firstOutput(['--version'], env);
    const measurements: Measurement[] = [];
    for (const args of STARTUP_COMMANDS) {
      const seconds: number[] = [];
      for (let run = 0; run < runs; run++) seconds.push(await firstOutput(args, env));
      const timing = summarise(seconds);
      const value = round(timing.median, 3);
      measurements.push({
        name: `CLI start to first output: trackops-bulk ${args.join(' ')}`,
        value,
        unit: 's',
        target: `≤ ${LIMIT_S}`,
        met: value <= LIMIT_S,
        median: value,
        min: round(timing.min, 3),
        max: round(timing.max, 3),
        baseline: null,
        detail: `median of ${runs} runs of the bin (compiled bundle), spawn to first byte on stdout/stderr`,
      });
    }
    return measurements;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}
