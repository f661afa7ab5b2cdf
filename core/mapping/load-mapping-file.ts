import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { InputError } from '../errors.ts';
import { mappingFileText, mappingJson } from './mapping-text.ts';
import { parseMapping } from './parse-mapping.ts';
import type { Mapping } from './schema.ts';

/** Reads a mapping file: unreadable file, JSON syntax (with line and column) and content are all InputErrors. */
export async function loadMappingFile(path: string): Promise<Mapping> {
  const name = basename(path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
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
  return parseMapping(mappingJson(mappingFileText(bytes, name), name), name);
}
