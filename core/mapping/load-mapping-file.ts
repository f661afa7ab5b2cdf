import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../errors.ts';
import { jsonSyntaxError } from './json-syntax.ts';
import { MappingError } from './mapping-error.ts';
import { parseMapping } from './parse-mapping.ts';
import type { Mapping } from './schema.ts';

/** Reads a mapping file: unreadable file, JSON syntax (with line and column) and content are all InputErrors. */
export async function loadMappingFile(path: string): Promise<Mapping> {
  const name = basename(path);
  let text: string;
  try {
    // Notepad and Excel's 'Save as' put a BOM in front; it is not part of the JSON.
    text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
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
    json = JSON.parse(text);
  } catch (error) {
    throw new MappingError(
      name,
      [{ path: '', message: `is not valid JSON: ${jsonSyntaxError(text) ?? (error as Error).message}` }],
      {
        cause: error,
      },
    );
  }
  return parseMapping(json, name);
}
