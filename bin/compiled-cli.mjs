// The CLI compiled to JavaScript, built on demand and cached in node_modules/.cache/trackops-bulk/, so
// that a command starts without compiling ≈ 200 TypeScript files through tsx first (issue 13: `--help`
// took ≈ 2.4 s, most of it compiling). `npm install` stays the only set-up step: the build needs only
// esbuild, which tsx and vite already install (its binary is in the platform package
// @esbuild/<os>-<arch>, an optional dependency, so it is there even when no install script runs); npm's
// `prepare` (which npm runs for the project itself on `npm install` and `npm ci`) builds it ahead, and
// the first command builds it if that did not happen.
//
// The cache key is a hash of every project file the build read, exactly as it read them, so an edit, a
// `git pull` or a checkout rebuilds the bundle at the next start. The dependencies every command loads
// (zod, papaparse, saxes, p-limit) are bundled too, their files hashed like ours, so an `npm install`
// that changes one rebuilds it: imported from node_modules, zod alone is ≈ 95 ES modules for Node's
// loader to find, read, compile and link at every start. exceljs and JSZip stay in node_modules,
// imported at run time, and only by the commands that write or copy a workbook (core/lazy-libraries.ts).
import {
  existsSync,
  mkdirSync,
  readdirSync,
  statSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Bump when the build's options change, so every cached bundle is rebuilt (2: source maps in .map files
 * beside the chunks instead of inline; 3: dependencies bundled, but for NOT_BUNDLED; 4: a `require` in
 * each chunk; 5: one CommonJS file, run with a V8 code cache by bin/run-compiled.mjs; 6: written in ASCII).
 */
const BUILD_FORMAT = 6;

/**
 * Loaded on first use only (core/lazy-libraries.ts) and large (≈ 800 CommonJS files between them):
 * left in node_modules, so the bundle stays small and the build never compiles them.
 */
const NOT_BUNDLED = ['exceljs', 'jszip'];

const LOADERS = {
  '.ts': 'ts',
  '.mts': 'ts',
  '.tsx': 'tsx',
  '.js': 'js',
  '.mjs': 'js',
  '.cjs': 'js',
  '.json': 'json',
};

/**
 * The path of a compiled bundle of `entry` that is fresh for today's sources, building it if needed;
 * null when no bundle can be had (esbuild missing, the cache folder not writable, a source that does
 * not compile): the caller then runs the TypeScript through tsx as before.
 *
 * @param {{ root: string, entry: string, cacheDir?: string }} options
 *   root: the project folder (the bundle must live inside it, so that its bare imports resolve from
 *   root/node_modules); entry: relative to root.
 * @returns {Promise<{ path: string, built: boolean } | null>}
 */
export async function compiledCli({
  root,
  entry,
  cacheDir = join(root, 'node_modules', '.cache', 'trackops-bulk'),
}) {
  const name = entry.replace(/[^A-Za-z0-9]+/g, '-');
  const manifestPath = join(cacheDir, `${name}.json`);
  const fresh = freshBundle(root, cacheDir, manifestPath);
  if (fresh) return { path: fresh, built: false };
  try {
    return { path: await build(root, entry, cacheDir, name, manifestPath), built: true };
  } catch {
    return null;
  }
}

function freshBundle(root, cacheDir, manifestPath) {
  try {
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    if (manifest.format !== BUILD_FORMAT || manifest.root !== root) return null;
    const path = join(cacheDir, manifest.bundle);
    // First the files' sizes and modification times as the build saw them (≈ 4 ms for 500 files);
    // only when one differs, their contents (≈ 20 ms): a file saved again unchanged keeps the bundle.
    // Each path joined by hand, not by path.join: its normalising, cold at every start, was half of
    // this check's CPU (≈ 5 ms of 9). The manifest's paths are relative and plain (`core/api/http.ts`).
    const prefix = root.endsWith(sep) ? root : `${root}${sep}`;
    const same = manifest.files.every((file, index) => {
      const stat = statSync(prefix + file);
      return stat.size === manifest.stats[index][0] && stat.mtimeMs === manifest.stats[index][1];
    });
    if (!same) {
      const hash = startHash(root);
      for (const file of manifest.files) addFile(hash, file, readFileSync(join(root, file)));
      if (hash.digest('hex') !== manifest.key) return null;
      // Same contents, new times (a checkout, a save): the times are noted for the next start.
      const stats = manifest.files.map((file) => {
        const { size, mtimeMs } = statSync(join(root, file));
        return [size, mtimeMs];
      });
      writeAtomically(manifestPath, JSON.stringify({ ...manifest, stats }));
    }
    return existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

function startHash(root) {
  // The absolute root is part of the key: file URLs of the sources are written into the bundle.
  // node:crypto loaded here, when a hash is needed (a file's time changed, a build), not by every
  // start: loading it was ≈ 4 ms of the CPU of `--help`, which needs no hash.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(`${BUILD_FORMAT}\0${esbuildVersion(root)}\0${root}\0`);
}

function addFile(hash, file, bytes) {
  hash.update(`${file}\0${bytes.length}\0`).update(bytes);
}

function esbuildVersion(root) {
  try {
    return JSON.parse(readFileSync(join(root, 'node_modules', 'esbuild', 'package.json'), 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

async function build(root, entry, cacheDir, name, manifestPath) {
  const esbuild = await import('esbuild');
  const read = new Map();
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    // One CommonJS file, because Node 20 keeps no compiled code between starts for an ES module, while
    // a script's can be kept (bin/run-compiled.mjs): compiling the ES chunks was ≈ 30 % of a start's CPU.
    // Each command's modules (and core, zod) are still initialised only when that command runs: esbuild
    // turns a dynamic import of a bundled module into a call of its lazy initialiser.
    format: 'cjs',
    target: 'node20',
    // Every dynamic import as a require(), exceljs and JSZip's too (they are CommonJS): a script run from
    // a code cache has no loader for import() on Node 20.
    supported: { 'dynamic-import': false },
    external: NOT_BUNDLED,
    write: false,
    outdir: join(cacheDir, 'out'),
    entryNames: '[name]',
    outExtension: { '.js': '.cjs' },
    // The map in a .map file beside the bundle, read only when a crash log is written
    // (cli/stack-sources.ts): inline, its 1.2 MB of base64 was read, compiled past and decoded (source
    // maps enabled at load) by every start, ≈ 10 % of its CPU.
    sourcemap: 'linked',
    // Our sources are ES modules, strict by definition; a CommonJS file is strict only when it says so
    // (else a write to a frozen object would be dropped silently instead of throwing).
    banner: { js: "'use strict';" },
    sourcesContent: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'project-sources',
        setup(builder) {
          // Every file compiled, ours and the bundled dependencies', is read here, so the key hashes
          // exactly the bytes that were compiled.
          builder.onLoad({ filter: /.*/ }, (args) => {
            const loader = LOADERS[extname(args.path)];
            if (!loader) return undefined;
            // Stat before reading: a file saved during the build then looks changed at the next start.
            const { size, mtimeMs } = statSync(args.path);
            const bytes = readFileSync(args.path);
            read.set(relative(root, args.path).split(sep).join('/'), { bytes, stat: [size, mtimeMs] });
            // A dependency is compiled as published.
            if (args.path.split(sep).includes('node_modules')) return { contents: bytes, loader };
            let contents = bytes.toString('utf8');
            // A module that finds files beside itself (samples/, the demo account) must still find
            // them from the bundle, which lives elsewhere: its own URL is written in.
            if (loader !== 'json' && contents.includes('import.meta.')) {
              const url = pathToFileURL(args.path).href;
              contents = contents
                .replaceAll('import.meta.url', JSON.stringify(url))
                .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
                .replaceAll('import.meta.filename', JSON.stringify(args.path));
            }
            return { contents, loader };
          });
        },
      },
    ],
  });
  const files = [...read.keys()].sort();
  const hash = startHash(root);
  for (const file of files) addFile(hash, file, read.get(file).bytes);
  const key = hash.digest('hex');
  const folder = `${name}-${key.slice(0, 16)}`;
  const entryFile = join(folder, `${basename(entry, extname(entry))}.cjs`);
  const outdir = join(cacheDir, 'out');
  mkdirSync(cacheDir, { recursive: true });
  // Written into a folder of its own and renamed into place, so that two commands starting at once
  // (tests run many) never import a half-written bundle; whichever renames second finds the folder
  // there already, with the same bytes, and uses it.
  const temp = join(cacheDir, `.${folder}.${process.pid}.tmp`);
  rmSync(temp, { recursive: true, force: true });
  for (const file of result.outputFiles) {
    const target = join(temp, relative(outdir, file.path));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, file.path.endsWith('.cjs') ? inAscii(file.text) : file.contents);
  }
  try {
    renameSync(temp, join(cacheDir, folder));
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    if (!existsSync(join(cacheDir, entryFile))) throw error;
  }
  writeAtomically(
    manifestPath,
    JSON.stringify({
      format: BUILD_FORMAT,
      root,
      key,
      bundle: entryFile,
      files,
      stats: files.map((file) => read.get(file).stat),
    }),
  );
  // Older bundles of this entry go once they are an hour old: a command that started just before
  // this build may still be loading the one its manifest named.
  for (const old of readdirSync(cacheDir)) {
    if (!old.startsWith(`${name}-`) || old === folder) continue;
    const path = join(cacheDir, old);
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
  return join(cacheDir, entryFile);
}

/**
 * The bundle with every character past ASCII written as a \u escape, so that bin/run-compiled.mjs reads
 * it as a one-byte string: decoding 2.7 MB of UTF-8 that holds a few such characters makes a two-byte
 * string, ≈ 10 ms more of every start (and twice the memory). esbuild escapes them in strings and
 * names, not in comments and regular expressions, where an escape means the same character (one
 * outside the BMP as its two UTF-16 halves, which a /u expression reads as the one code point); one
 * escaped by a backslash already (`\’`, which means the character itself) loses that backslash. U+2028
 * and U+2029 stay: they end a // comment, which an escape would not (the bundle is then read as UTF-8,
 * as before). Only columns after such a character on its line move; lines, which the crash log maps, stay.
 */
function inAscii(text) {
  return text.replace(/(\\*)([\u0080-\u2027\u202a-\uffff])/g, (_, backslashes, char) => {
    const kept = backslashes.length % 2 === 1 ? backslashes.slice(1) : backslashes;
    return `${kept}\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function writeAtomically(path, text) {
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

// `node bin/compiled-cli.mjs`: builds the bundle now (npm's `prepare`). Never fails an install: without
// a bundle the CLI runs through tsx.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const compiled = await compiledCli({ root: ROOT, entry: 'cli/main.ts' }).catch(() => null);
  if (!compiled) process.stderr.write('trackops-bulk: the CLI was not compiled; it will run through tsx.\n');
}
