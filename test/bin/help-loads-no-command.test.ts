/**
 * `trackops-bulk --help` lists the commands without loading any of them: each command's code (and
 * the modules of core it imports) is loaded only when that command runs. Before, --help loaded all
 * eight to read one line from each, ≈ 0.1 s of CPU at every look at the list.
 *
 * The CLI runs from one compiled file (bin/compiled-cli.mjs) in which each module reached by a dynamic
 * import is started by a function of its own, named for its source file (`"cli/commands/validate.ts"()`).
 * What the spawned CLI started is read from V8's own count of the calls of each function
 * (NODE_V8_COVERAGE), on the real bundle.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { COMMANDS } from '../../cli/commands/index.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/trackops-bulk.mjs');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'help-loads-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

interface Coverage {
  result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
}

/** The source files whose modules the bundle started (and those it holds but did not start). */
function startedBy(args: string[]): Promise<{ stdout: string; started: string[]; notStarted: string[] }> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_V8_COVERAGE: dir } },
      async (error, stdout, stderr) => {
        if (error) return reject(new Error(`${error.message}\n${stderr}`));
        const started: string[] = [];
        const notStarted: string[] = [];
        for (const name of await readdir(dir)) {
          const coverage = JSON.parse(await readFile(join(dir, name), 'utf8')) as Coverage;
          for (const script of coverage.result.filter(({ url }) => url.endsWith('/main.cjs'))) {
            for (const { functionName, ranges } of script.functions) {
              if (!/^(cli|core|sandbox)\/[\w/.-]+\.ts$/.test(functionName)) continue;
              (ranges[0]!.count > 0 ? started : notStarted).push(functionName);
            }
          }
        }
        resolve({ stdout, started, notStarted });
      },
    );
  });
}

const commandFiles = Object.keys(COMMANDS).map((name) => `cli/commands/${name}.ts`);

it('--help lists every command with its summary and starts none of them, nor core', async () => {
  const { stdout, started, notStarted } = await startedBy(['--help']);
  for (const name of Object.keys(COMMANDS)) expect(stdout).toMatch(new RegExp(`^  ${name} +\\S`, 'm'));
  // The bundle does hold them (so the count below is not empty for want of a bundle).
  expect(notStarted).toEqual(expect.arrayContaining(commandFiles));
  expect(started.filter((file) => commandFiles.includes(file) || file.startsWith('core/'))).toEqual([]);
}, 30_000);

it('a command starts its own code, the core modules it imports, and no other command', async () => {
  const { started, notStarted } = await startedBy(['validate', '--help']);
  expect(started.filter((file) => commandFiles.includes(file))).toEqual(['cli/commands/validate.ts']);
  expect(started).toContain('core/mapping/load-mapping-file.ts');
  // Not core's index, which starts every module of core (the export engine and its tables, for a
  // validate): commands import the modules they use (≈ 28 ms of a start, measured in docs/benchmarks.md).
  expect(started).not.toContain('core/index.ts');
  expect(notStarted).toContain('core/export/export-case-requests.ts');
}, 30_000);

it('--help loads no node:crypto: the bundle is hashed only when a file it was built from looks changed', async () => {
  // Node's own list of the built-in modules it loaded, written as the CLI exits (≈ 4 ms of --help's
  // CPU went to loading node:crypto for a hash that a fresh bundle never needs).
  const list = join(dir, 'loaded.json');
  const preload = join(dir, 'write-load-list.cjs');
  await writeFile(
    preload,
    `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(list)}, JSON.stringify(process.moduleLoadList)));\n`,
  );
  const run = () =>
    new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--require', preload, BIN, '--help'], { cwd: ROOT }, (error, stdout) =>
        error ? reject(error) : resolve(stdout),
      );
    });
  // The first start may build the bundle (which hashes); the second finds it fresh.
  await run();
  expect(await run()).toMatch(/^Usage: trackops-bulk/);
  const loaded = JSON.parse(await readFile(list, 'utf8')) as string[];
  expect(loaded).toContain('NativeModule vm');
  expect(loaded.filter((entry) => /crypto/.test(entry))).toEqual([]);
}, 30_000);
