// The checks `npm test` runs before the test suite (the three type-checks, lint, formatting), side by
// side rather than one after another. Each is a single-threaded process: run in turn they took ≈ 140 s
// of a fresh clone's `npm test` while one of the two cores sat idle; side by side, as many at once as
// the machine has cores, they take about half that. Each check's output is held and printed whole
// when it fails (never interleaved with another's), and the exit code is 1 if any failed, so
// `npm test` still stops before the suite on a type error or a lint finding.
//
// Plain JavaScript run by Node: no compile step before the checks.
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const NODE_MODULES = new URL('../node_modules/', import.meta.url);
const TSC = 'typescript/bin/tsc';

/**
 * Longest first (CPU seconds measured on a fresh clone), so the short ones fill in beside them. The
 * commands are package.json's `typecheck` and `lint` scripts, split into their parts.
 */
const CHECKS = [
  { name: 'prettier --check .', command: ['prettier/bin/prettier.cjs', '--check', '.'] },
  { name: 'eslint .', command: ['eslint/bin/eslint.js', '.'] },
  { name: 'tsc -p tsconfig.json', command: [TSC, '-p', 'tsconfig.json', '--noEmit'] },
  { name: 'tsc -p core/tsconfig.json', command: [TSC, '-p', 'core/tsconfig.json', '--noEmit'] },
  { name: 'tsc -p renderer/tsconfig.json', command: [TSC, '-p', 'renderer/tsconfig.json', '--noEmit'] },
];

function run(check) {
  const started = performance.now();
  return new Promise((resolve) => {
    // Each tool's own script run by this Node, as node_modules/.bin's launchers would (they are shell
    // scripts on Linux and .cmd files on Windows; this works on both).
    const [script, ...args] = check.command;
    const child = spawn(process.execPath, [fileURLToPath(new URL(script, NODE_MODULES)), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    const done = (code, error) =>
      resolve({
        check,
        ok: code === 0,
        code,
        output: Buffer.concat(output).toString('utf8') + (error ? `${error.message}\n` : ''),
        seconds: (performance.now() - started) / 1000,
      });
    child.on('error', (error) => done(null, error));
    child.on('close', (code) => done(code));
  });
}

async function runAll(checks, atOnce) {
  const results = [];
  const queue = [...checks];
  async function worker() {
    for (let check = queue.shift(); check; check = queue.shift()) {
      const result = await run(check);
      results.push(result);
      const verdict = result.ok ? 'ok' : `FAILED (exit ${result.code ?? 'not started'})`;
      console.log(`${result.check.name}: ${verdict} in ${result.seconds.toFixed(1)} s`);
      if (!result.ok)
        process.stdout.write(result.output.endsWith('\n') ? result.output : `${result.output}\n`);
    }
  }
  await Promise.all(Array.from({ length: Math.min(atOnce, checks.length) }, worker));
  return results;
}

const results = await runAll(CHECKS, Math.max(1, availableParallelism()));
const failed = results.filter((result) => !result.ok);
if (failed.length > 0) {
  console.log(
    `${failed.length} of ${results.length} checks failed: ${failed.map((r) => r.check.name).join(', ')}`,
  );
  process.exitCode = 1;
}
