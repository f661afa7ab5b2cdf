/**
 * Stack frames of a compiled file shown at their source: `at run (…/main.cjs:5012:7)` becomes
 * `at run (…/core/read/text-encoding.ts:119:28)`, for a crash log that support reads against the
 * repository.
 *
 * Why here and not Node's own source-map support (`--enable-source-maps`,
 * `process.setSourceMapsEnabled`): that must be on before a module loads to map its frames, and it
 * then reads and decodes every module's map at every start, crash or not (≈ 10 % of a start's CPU with
 * the maps inline). The CLI's bundle (bin/compiled-cli.mjs) keeps its map in a `.map` file
 * beside it, read here only once a crash log is being written.
 */
import { readFileSync } from 'node:fs';
import { SourceMap, type SourceMapPayload, type SourceMapping } from 'node:module';
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `    at name (location:line:column)` or `    at location:line:column`, as V8 writes a frame. */
const FRAME = /^(\s*at (?:.+ \()?)(.+):(\d+):(\d+)(\)?)$/;

/** `text` (a stack, or a whole inspected error with its causes) with each frame that has a map beside its file shown at its source. */
export function framesAtSources(text: string): string {
  const maps = new Map<string, SourceMapBeside | null>();
  return text
    .split('\n')
    .map((line) => {
      const frame = FRAME.exec(line);
      if (!frame) return line;
      const [, before, location, lineText, columnText, after] = frame;
      const file = compiledFile(location!);
      if (!file) return line;
      if (!maps.has(file)) maps.set(file, mapBeside(file));
      const source = maps.get(file)?.sourceOf(Number(lineText), Number(columnText));
      return source ? `${before}${source}${after}` : line;
    })
    .join('\n');
}

/** The path of a frame's file when it is compiled JavaScript on disk (not `node:…`, not TypeScript run through tsx). */
function compiledFile(location: string): string | null {
  if (!/\.[cm]?js$/.test(location)) return null;
  try {
    const path = location.startsWith('file:') ? fileURLToPath(location) : location;
    return isAbsolute(path) ? path : null;
  } catch {
    return null;
  }
}

interface SourceMapBeside {
  /** `path:line:column` of the source at a 1-based line and column of the compiled file; null when the map has none. */
  sourceOf(line: number, column: number): string | null;
}

/** The map in `<file>.map`, or null when there is none or it cannot be read: the frame is then left as it is. */
function mapBeside(file: string): SourceMapBeside | null {
  const mapPath = `${file}.map`;
  let map: SourceMap;
  try {
    map = new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8')) as SourceMapPayload);
  } catch {
    return null;
  }
  return {
    sourceOf(line, column) {
      // findEntry counts from 0; an entry without a source is a line the map does not cover.
      const entry = map.findEntry(line - 1, column - 1) as Partial<SourceMapping>;
      if (!entry.originalSource || entry.originalLine === undefined) return null;
      const source = entry.originalSource.startsWith('file:')
        ? fileURLToPath(entry.originalSource)
        : resolve(dirname(mapPath), entry.originalSource);
      return `${source}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`;
    },
  };
}
