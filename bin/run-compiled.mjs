// Runs the CLI's compiled bundle (one CommonJS file, bin/compiled-cli.mjs) with V8's code cache: the
// machine code and bytecode V8 made for it at an earlier start, kept in a file beside the bundle, so a
// start deserialises instead of parsing and compiling ≈ 2.7 MB of JavaScript (≈ 30 % of a start's CPU,
// measured on `validate`). Node 20 offers this for scripts only (module.enableCompileCache, for ES
// modules too, is Node 22's), hence the CommonJS bundle.
//
// One cache per command: V8 keeps in it the functions compiled by the run that made it, so `--help`'s
// cache would spare `import` little. A cache V8 refuses (another Node, another V8 flag, a damaged file)
// is made again when this run ends; a folder that cannot be written keeps the start as fast as before.
import { isAscii } from 'node:buffer';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Script } from 'node:vm';

/**
 * Node's own wrapper for a CommonJS file, on the bundle's first line so that every other line keeps
 * its number (the crash log maps them to the TypeScript sources).
 */
const WRAPPER_START = '(function (exports, require, module, __filename, __dirname) { ';
const WRAPPER_END = '\n})';

/**
 * Runs the bundle at `path` as Node runs a CommonJS file, with the code cache of `command`.
 *
 * @param {string} path the bundle (a .cjs file)
 * @param {string} command the command being run (`import`, `--help`): names the cache
 * @returns {'used' | 'made' | 'refused'} what became of the cache: used; none yet (made when the run
 *   ends); refused by V8 (made again when the run ends)
 */
export function runCompiled(path, command) {
  const cachePath = `${path}-${cacheName(command)}.v8cache`;
  let cachedData;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(`${WRAPPER_START}${bundleText(readFileSync(path))}${WRAPPER_END}`, {
    filename: path,
    cachedData,
  });
  const cache = cachedData === undefined ? 'made' : script.cachedDataRejected ? 'refused' : 'used';
  // At the end of the run, not now: the cache then holds every function this command compiled.
  if (cache !== 'used') process.once('exit', () => writeCache(script, cachePath));
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(path), module, path, dirname(path));
  return cache;
}

/**
 * The bundle's text: an ASCII one (bin/compiled-cli.mjs writes it so) read as a one-byte string, ≈ 10 ms
 * less of a start than decoding it as UTF-8, which gives a two-byte string as soon as one character is
 * past ASCII. Any other is decoded as UTF-8, as before.
 */
function bundleText(bytes) {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** A file-name part for the command: the commands are lower-case words; anything else shares one cache. */
function cacheName(command) {
  if (command === undefined || command === '--help' || command === '-h') return 'help';
  return /^[a-z]{1,20}$/.test(command) ? command : 'other';
}

function writeCache(script, cachePath) {
  // Written whole under another name and renamed into place: commands starting at once (tests run
  // many) never read half a cache. V8 checks a cache against the source before using it anyway.
  const temp = `${cachePath}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, script.createCachedData());
    renameSync(temp, cachePath);
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // Nothing to tidy that matters: the next start makes the cache again.
    }
  }
}
