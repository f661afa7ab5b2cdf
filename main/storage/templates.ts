/** Saved mapping templates: one JSON mapping file (CONTRACTS section 2) per name under `templates/`. */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { mappingFileText, mappingJson, parseMappingShape, type Mapping } from '../../core/index.ts';
import { BridgeFailure } from '../bridge/failure.ts';
import { writeFileAtomic } from './atomic-file.ts';

export class TemplateStore {
  readonly #dir: string | null;
  readonly #memory = new Map<string, Mapping>();

  constructor(dataDir: string | null) {
    this.#dir = dataDir === null ? null : join(dataDir, 'templates');
  }

  async names(): Promise<string[]> {
    if (this.#dir === null) return [...this.#memory.keys()].sort();
    try {
      const files = await readdir(this.#dir);
      return files
        .filter((file) => file.endsWith('.json'))
        .map((file) => decodeURIComponent(file.slice(0, -'.json'.length)))
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }

  async save(name: string, mapping: Mapping): Promise<string[]> {
    if (this.#dir === null) this.#memory.set(name, mapping);
    else await writeFileAtomic(this.#fileOf(name), JSON.stringify(mapping, null, 2) + '\n', 0o644);
    return this.names();
  }

  async load(name: string): Promise<Mapping> {
    // A file edited by hand may not be a mapping at all (a trailing comma, a key misspelt): said here,
    // naming the template, in the words the CLI has for the same file, not by the wizard that opens it.
    const shown = `the template '${name}'`;
    const mapping = this.#dir === null ? (this.#memory.get(name) ?? null) : await this.#json(name, shown);
    if (mapping === null || typeof mapping !== 'object' || Array.isArray(mapping)) {
      throw new BridgeFailure('not_found', `There is no saved template named '${name}'.`);
    }
    return parseMappingShape(mapping, shown);
  }

  /** The template file's JSON, or null when there is none by that name. */
  async #json(name: string, shown: string): Promise<unknown> {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(this.#fileOf(name));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return mappingJson(mappingFileText(bytes, shown), shown);
  }

  /** Names are user text: encoded so "a/b" or ".." can never leave the folder. */
  #fileOf(name: string): string {
    return join(this.#dir ?? '', `${encodeURIComponent(name).replace(/\./g, '%2E')}.json`);
  }
}
