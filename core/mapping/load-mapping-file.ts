import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../errors.ts';
import { MappingError } from './mapping-error.ts';
import { parseMapping } from './parse-mapping.ts';
import type { Mapping } from './schema.ts';

/** Reads a mapping file: unreadable file, JSON syntax (with line and column) and content are all InputErrors. */
export async function loadMappingFile(path: string): Promise<Mapping> {
  const name = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'does not exist'
        : code === 'EISDIR'
          ? 'is a folder'
          : `cannot be read (${code ?? 'error'})`;
    throw new InputError('mapping_unreadable', `Mapping file ${path} ${why}`, { cause: error });
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new MappingError(name, [{ path: '', message: `is not valid JSON: ${syntaxWhere(text, error)}` }], {
      cause: error,
    });
  }
  return parseMapping(json, name);
}

/** "line 4, column 17: Unexpected token" from V8's "... at position 93" wording. */
function syntaxWhere(text: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(message);
  const reason = message.replace(/ in JSON at position \d+.*$/s, '').replace(/^JSON\.parse: /, '');
  if (!match) return reason;
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `line ${line}, column ${column}: ${reason}`;
}
