/**
 * The CLI's bundle runs with V8's code cache (bin/run-compiled.mjs): made at the end of a command's
 * first run, used by the next, made again when V8 refuses it (here a damaged file), one per command;
 * the program's output is the same whichever way it started, and the lines of its stack frames are the
 * bundle's own (the crash log maps them to the sources).
 * A tiny project in a temp folder is compiled by bin/compiled-cli.mjs, as the real CLI is; the real CLI
 * runs this way in every test under test/cli.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module without types (it runs before any TypeScript can).
import { compiledCli } from '../../bin/compiled-cli.mjs';

const RUNNER = pathToFileURL(fileURLToPath(new URL('../../bin/run-compiled.mjs', import.meta.url))).href;
const compile = compiledCli as (options: { root: string; entry: string }) => Promise<{ path: string } | null>;

let root: string;
let bundle: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'run-compiled-'));
  await writeFile(
    join(root, 'main.ts'),
    [
      "import { twice } from './dep.ts';",
      'process.stdout.write(`${twice(21)} ${process.argv.slice(2).join(",")}`);',
      "if (process.argv.includes('throw')) setTimeout(() => { throw new Error('thrown on purpose'); });",
    ].join('\n'),
  );
  await writeFile(join(root, 'dep.ts'), 'export function twice(n: number): number {\n  return n * 2;\n}\n');
  bundle = (await compile({ root, entry: 'main.ts' }))!.path;
});
afterEach(() => rm(root, { recursive: true, force: true }));

/** Runs the bundle as bin/trackops-bulk.mjs does, for `command`; the runner's verdict on the cache is the last stderr line. */
async function start(command: string, ...rest: string[]) {
  const bin = join(root, 'bin.mjs');
  await writeFile(
    bin,
    [
      `import { runCompiled } from ${JSON.stringify(RUNNER)};`,
      `const cache = runCompiled(${JSON.stringify(bundle)}, process.argv[2]);`,
      "process.on('exit', () => process.stderr.write('\\ncache: ' + cache + '\\n'));",
    ].join('\n'),
  );
  const result = await promisify(execFile)(process.execPath, [bin, command, ...rest], {
    encoding: 'utf8',
  }).catch((error: { stdout: string; stderr: string }) => error);
  return { stdout: result.stdout, stderr: result.stderr, cache: /\ncache: (\w+)\n/.exec(result.stderr)?.[1] };
}

const cacheFiles = async () =>
  (await readdir(dirname(bundle))).filter((name) => name.endsWith('.v8cache')).sort();

it('makes a cache at the first run of a command, uses it at the next, and makes it again when V8 refuses it', async () => {
  expect(await start('import', 'a')).toMatchObject({ stdout: '42 import,a', cache: 'made' });
  expect(await cacheFiles()).toEqual(['main.cjs-import.v8cache']);
  expect(await start('import', 'b')).toMatchObject({ stdout: '42 import,b', cache: 'used' });

  const cache = join(dirname(bundle), 'main.cjs-import.v8cache');
  const made = await readFile(cache);
  await writeFile(cache, made.subarray(0, made.length >> 1));
  expect(await start('import', 'c')).toMatchObject({ stdout: '42 import,c', cache: 'refused' });
  expect(await start('import', 'd')).toMatchObject({ stdout: '42 import,d', cache: 'used' });
  // No half-written file left behind by the renames.
  expect(await cacheFiles()).toEqual(['main.cjs-import.v8cache']);
});

it('keeps one cache per command: --help and an unknown word get their own, not the import one', async () => {
  await start('import');
  expect(await start('--help')).toMatchObject({ cache: 'made' });
  expect(await start('Not A Command!')).toMatchObject({ cache: 'made' });
  expect(await start('import')).toMatchObject({ cache: 'used' });
  expect(await cacheFiles()).toEqual([
    'main.cjs-help.v8cache',
    'main.cjs-import.v8cache',
    'main.cjs-other.v8cache',
  ]);
});

it('names the lines of the bundle itself in a stack, from a cache or not (the crash log maps them)', async () => {
  const lines = (await readFile(bundle, 'utf8')).split('\n');
  const throwing = lines.findIndex((line) => line.includes('thrown on purpose')) + 1;
  for (const expected of ['made', 'used']) {
    const { stderr, cache } = await start('throw');
    expect(cache).toBe(expected);
    expect(stderr).toContain('Error: thrown on purpose');
    expect(stderr).toContain(`${bundle}:${throwing}:`);
  }
});
