/**
 * The CLI's compiled bundle (bin/compiled-cli.mjs, issue 13): built once, reused while the sources are
 * the same, rebuilt when one changes (a bundled dependency too), and files found beside a module are
 * still found from the bundle.
 * A tiny project in a temp folder stands in for the real one (the real CLI through bin/ is what every
 * test under test/cli runs).
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, expect, it } from 'vitest';
// @ts-expect-error: a plain JavaScript module without types (it runs before any TypeScript can).
import { compiledCli } from '../../bin/compiled-cli.mjs';

interface Compiled {
  path: string;
  built: boolean;
}
const compile = compiledCli as (options: {
  root: string;
  entry: string;
  cacheDir?: string;
}) => Promise<Compiled | null>;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'compiled-cli-'));
  await writeFile(
    join(root, 'main.ts'),
    [
      "import { value } from './dep.ts';",
      "void import('./where.ts').then(({ here }) => {",
      '  const answer: string = `${value} ${here}`;',
      '  process.stdout.write(answer);',
      '});',
    ].join('\n'),
  );
  await writeFile(join(root, 'dep.ts'), "export const value: string = 'one';\n");
  await writeFile(join(root, 'where.ts'), 'export const here: string = import.meta.url;\n');
});
afterEach(() => rm(root, { recursive: true, force: true }));

const run = async (path: string) =>
  (await promisify(execFile)(process.execPath, [path], { encoding: 'utf8' })).stdout;

it('builds once, reuses the bundle while the sources are the same, rebuilds when one changes', async () => {
  const first = await compile({ root, entry: 'main.ts' });
  expect(first).toMatchObject({ built: true });
  // import.meta.url is the source's own URL, not the bundle's (demo.ts finds samples/ that way).
  expect(await run(first!.path)).toBe(`one ${pathToFileURL(join(root, 'where.ts')).href}`);

  expect(await compile({ root, entry: 'main.ts' })).toEqual({ path: first!.path, built: false });
  // Saved again unchanged (new modification time): still the same bundle.
  const later = new Date(Date.now() + 5_000);
  await utimes(join(root, 'dep.ts'), later, later);
  expect(await compile({ root, entry: 'main.ts' })).toEqual({ path: first!.path, built: false });

  // A file reached only through a dynamic import counts as much as the entry's own imports.
  await writeFile(join(root, 'where.ts'), "export const here: string = 'moved';\n");
  const second = await compile({ root, entry: 'main.ts' });
  expect(second).toMatchObject({ built: true });
  expect(second!.path).not.toBe(first!.path);
  expect(await run(second!.path)).toBe('one moved');

  await writeFile(join(root, 'dep.ts'), "export const value: string = 'two';\n");
  const third = await compile({ root, entry: 'main.ts' });
  expect(third).toMatchObject({ built: true });
  expect(await run(third!.path)).toBe('two moved');
});

it('bundles a dependency and rebuilds when an install changes it', async () => {
  const dependency = join(root, 'node_modules', 'some-dependency');
  await mkdir(dependency, { recursive: true });
  await writeFile(join(dependency, 'package.json'), '{ "name": "some-dependency", "main": "index.js" }');
  await writeFile(join(dependency, 'index.js'), "exports.value = 'installed';\n");
  await writeFile(join(root, 'dep.ts'), "export { value } from 'some-dependency';\n");
  const first = await compile({ root, entry: 'main.ts' });
  expect(await run(first!.path)).toMatch(/^installed /);
  // Inside the bundle, not required from node_modules at run time.
  const code = await readFile(first!.path, 'utf8');
  expect(code).toContain('"installed"');
  expect(code).not.toContain('some-dependency"');

  await writeFile(join(dependency, 'index.js'), "exports.value = 'upgraded';\n");
  const second = await compile({ root, entry: 'main.ts' });
  expect(second).toMatchObject({ built: true });
  expect(await run(second!.path)).toMatch(/^upgraded /);
});

it("keeps a bundled CommonJS dependency's require() of a Node module working at run time", async () => {
  // papaparse does so for stream input.
  const dependency = join(root, 'node_modules', 'late-require');
  await mkdir(dependency, { recursive: true });
  await writeFile(join(dependency, 'package.json'), '{ "name": "late-require", "main": "index.js" }');
  await writeFile(
    join(dependency, 'index.js'),
    "exports.value = function () { return typeof require('node:os').tmpdir(); };\n",
  );
  await writeFile(
    join(root, 'dep.ts'),
    "import { value as late } from 'late-require';\nexport const value: string = late();\n",
  );
  const compiled = await compile({ root, entry: 'main.ts' });
  expect(await run(compiled!.path)).toMatch(/^string /);
});

it('keeps the source map in a file beside the bundle, not inline: a start reads none (crash logs do)', async () => {
  const compiled = await compile({ root, entry: 'main.ts' });
  const bundle = await readFile(compiled!.path, 'utf8');
  expect(bundle).not.toContain('data:application/json');
  expect(bundle.trimEnd()).toMatch(/\/\/# sourceMappingURL=main\.cjs\.map$/);
  const map = JSON.parse(await readFile(`${compiled!.path}.map`, 'utf8')) as { sources: string[] };
  expect(map.sources.map((source) => source.split('/').pop())).toEqual(['where.ts', 'dep.ts', 'main.ts']);
});

it('writes the bundle in ASCII, its other characters escaped, and runs it the same', async () => {
  // bin/run-compiled.mjs reads an ASCII bundle as a one-byte string (≈ 10 ms less of every start than
  // decoding 2.7 MB of UTF-8 into a two-byte one); esbuild escapes strings but keeps comments and
  // regular expressions as written.
  // String.raw: the backslashes are the source's own (an identity escape `\’`, an escaped backslash).
  const source = String.raw`// “quoted” → a comment’s characters
const quotes = /^[‘’“”]|[‘’“”]$/;
const escaped = /\’\\é/;
const astral = /\u{1F600}|😀/u;
const said = ${'`'}dates … ${'$'}{'→'} ≈ 😀${'`'};
process.stdout.write([quotes.test('’x'), escaped.test('’\\é'), astral.test('a😀'), said, 'é'].join(';'));
`;
  await writeFile(join(root, 'main.ts'), source);
  const compiled = await compile({ root, entry: 'main.ts' });
  const bytes = await readFile(compiled!.path);
  expect(bytes.every((byte) => byte < 0x80)).toBe(true);
  expect(await run(compiled!.path)).toBe('true;true;true;dates … → ≈ 😀;é');
});

it('runs a module reached by a dynamic import only when it is imported, and in strict mode as an ES module is', async () => {
  // The bundle is one CommonJS file (bin/run-compiled.mjs keeps its compiled code between starts): a
  // command's modules must still start only when that command runs, as --help relies on.
  await writeFile(
    join(root, 'main.ts'),
    [
      "process.stdout.write('main;');",
      "if (process.argv[2] === 'load') void import('./where.ts');",
      'try {',
      '  Object.freeze({ a: 1 }).a = 2;',
      "  process.stdout.write('sloppy;');",
      '} catch {',
      "  process.stdout.write('strict;');",
      '}',
    ].join('\n'),
  );
  await writeFile(join(root, 'where.ts'), "process.stdout.write('where;');\nexport const here = 1;\n");
  const compiled = await compile({ root, entry: 'main.ts' });
  const runWith = async (arg: string) =>
    (await promisify(execFile)(process.execPath, [compiled!.path, arg], { encoding: 'utf8' })).stdout;
  expect(await runWith('skip')).toBe('main;strict;');
  expect(await runWith('load')).toBe('main;strict;where;');
});

it('builds the real CLI (a construct the bundle cannot hold, such as a top-level await, would leave it to tsx)', async () => {
  const cacheDir = join(root, 'cache');
  const compiled = await compile({ root: ROOT, entry: 'cli/main.ts', cacheDir });
  expect(compiled).toMatchObject({ built: true });
  expect(compiled!.path).toMatch(/main\.cjs$/);
}, 60_000);

it('gives no bundle when a source does not compile (the bin then runs the TypeScript through tsx)', async () => {
  await writeFile(join(root, 'dep.ts'), 'export const value: string = ;\n');
  expect(await compile({ root, entry: 'main.ts' })).toBeNull();
});
